/**
 * The print engine on small inputs: Chromium loads nothing from the network; a soft hyphen stays
 * only where a line breaks; the fixture's PDF is tagged end to end and passes the structural
 * checks of PDF/UA-1.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bookFonts } from '../../build/render/fonts.js';
import { findChromium } from '../../build/render/print/chromium.js';
import { PrintWorker } from '../../build/render/print/paginate.js';
import { buildInto, fixture } from '../helpers/build.js';
import { checkPdfUa } from '../helpers/pdfua.js';
import { pdfPages } from '../helpers/tools.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the print engine', () => {
  it('blocks every request that is not for a local file, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'remote-'));
    scratch.push(dir);
    // A server on this machine, to see whether anything reaches it.
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('p { color: red; }');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(join(dir, 'local.css'), 'p { color: black; }');
    writeFileSync(
      join(dir, 'page.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title><link rel="stylesheet" href="local.css"><link rel="stylesheet" href="https://example.com/remote.css"><link rel="stylesheet" href="${local}/here.css"><style>@page { size: 4in 4in; }</style></head>` +
        `<body><p>A remote image: <img src="https://example.com/picture.png" alt=""> and one by address: <img src="http://93.184.216.34/x.png" alt=""> and one from this machine: <img src="${local}/x.png" alt="">.</p></body></html>`,
    );
    const blocked: string[] = [];
    const worker = new PrintWorker({ executablePath: findChromium()!, onBlocked: (url) => blocked.push(url) });
    try {
      const layout = await worker.layOut(join(dir, 'page.html'));
      expect(layout.pageCount).toBe(1);
      const { pdf } = await worker.print(1, {});
      expect(pdf.length).toBeGreaterThan(1000);
    } finally {
      await worker.close();
      server.close();
    }
    expect(hits).toEqual([]);
    expect([...new Set(blocked)].sort()).toEqual(['http://93.184.216.34/x.png', `${local}/here.css`, `${local}/x.png`, 'https://example.com/picture.png', 'https://example.com/remote.css'].sort());
  });

  it('keeps a soft hyphen only where a line breaks at it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shy-'));
    scratch.push(dir);
    const words = 'Sta\u00adlin and Tro\u00adtsky de\u00adbated the col\u00adlec\u00adti\u00advi\u00adza\u00adtion of agri\u00adcul\u00adture through\u00adout the sum\u00admer, un\u00adtil Ka\u00adme\u00adnev de\u00adnounced the pro\u00adgramme. ';
    writeFileSync(join(dir, 'page.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title><style>@page { size: 3in 3in; margin: 0.3in; } p { text-align: justify; hyphens: manual; font-size: 11pt; }</style></head><body><p>${words.repeat(3)}</p></body></html>`);
    const worker = new PrintWorker({ executablePath: findChromium()! });
    try {
      const layout = await worker.layOut(join(dir, 'page.html'));
      expect(layout.softHyphens.kept).toBeGreaterThan(0);
      expect(layout.softHyphens.dropped).toBeGreaterThan(layout.softHyphens.kept);
      expect(layout.softHyphens.kept + layout.softHyphens.dropped + layout.softHyphens.restored).toBe(3 * (words.match(/\u00ad/g) ?? []).length);
    } finally {
      await worker.close();
    }
  });

  it('prints a snapshot of the pages as the pages printed, in the same worker or in a fresh one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heads-'));
    scratch.push(dir);
    const para = '<p>A paragraph long enough to fill some lines of a small page, said twice over. A paragraph long enough to fill some lines of a small page.</p>';
    // A running head (Paged.js's strings) and a sibling selector (which Paged.js turns into rules it inserts one by one).
    writeFileSync(
      join(dir, 'page.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title><style>@page { size: 3in 3in; margin: 0.5in; @top-center { content: string(head); } } h2 { string-set: head content(text); } p { text-indent: 3em; } h2 + p { text-indent: 0; }</style></head>' +
        `<body><h2>The “Quoted” Head</h2>${para.repeat(12)}</body></html>`,
    );
    const lines = (pdf: Uint8Array) => {
      const file = join(dir, `${Math.random()}.pdf`);
      writeFileSync(file, pdf);
      // Each line's text and where it starts: an indent the snapshot lost would show.
      const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8' });
      return [...xml.matchAll(/<line xMin="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)].map((m) => `${Math.round(Number(m[1]))} ${[...m[2]!.matchAll(/>([^<]+)<\/word>/g)].map((w) => w[1]).join(' ')}`);
    };
    const worker = new PrintWorker({ executablePath: findChromium()! });
    const fresh = new PrintWorker({ executablePath: findChromium()! });
    let live: string[], again: string[], elsewhere: string[];
    try {
      const layout = await worker.layOut(join(dir, 'page.html'));
      expect(layout.pageCount).toBeGreaterThan(2);
      const snapshot = await worker.snapshot();
      live = lines((await worker.print(1, {})).pdf);
      await worker.restore(snapshot, join(dir, 'page.html'));
      again = lines((await worker.print(1, {})).pdf);
      await fresh.restore(snapshot, join(dir, 'page.html'));
      elsewhere = lines((await fresh.print(1, {})).pdf);
    } finally {
      await worker.close();
      await fresh.close();
    }
    expect(again).toEqual(live);
    expect(elsewhere).toEqual(live);
    expect(live.find((l) => l.includes('Head'))).toMatch(/The “Quoted” Head$/);
    expect(live.join('\n')).not.toContain('pagedjs');
  });

  it('restores a snapshot with the fonts of the folder it is printed in, and refuses one whose fonts are not there', async () => {
    // A build lays out in a staging folder that is gone when a later build prints the snapshot.
    const folder = (withFonts: boolean) => {
      const dir = mkdtempSync(join(tmpdir(), 'fonts-'));
      scratch.push(dir);
      if (withFonts) {
        mkdirSync(join(dir, 'fonts'));
        for (const f of bookFonts().files) copyFileSync(f.path, join(dir, 'fonts', f.name));
      }
      return join(dir, 'page.html');
    };
    const laidOutIn = folder(true);
    writeFileSync(
      laidOutIn,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${bookFonts().css('fonts/')} @page { size: 3in 3in; margin: 0.5in; } body { font-family: 'EB Garamond'; }</style></head><body><p>A line in the book’s face.</p></body></html>`,
    );
    const worker = new PrintWorker({ executablePath: findChromium()! });
    try {
      await worker.layOut(laidOutIn);
      const snapshot = await worker.snapshot();
      expect(snapshot).not.toContain(laidOutIn.replace(/page\.html$/, ''));
      await expect(worker.restore(snapshot, folder(true))).resolves.toBeUndefined();
      await expect(worker.restore(snapshot, folder(false))).rejects.toThrow(/could not load their fonts \(EB Garamond/);
    } finally {
      await worker.close();
    }
  });

  it('makes the fixture a tagged PDF that passes the structural checks of PDF/UA-1', async () => {
    const built = await buildInto(fixture('small'), ['pdf']);
    expect(built.ok).toBe(true);
    const bytes = readFileSync(join(built.out, 'small-reader.pdf'));
    const report = await checkPdfUa(bytes);
    expect(report.findings).toEqual([]);
    expect(report.pagesWithStructure).toBe(report.pagesWithContent);
    for (const type of ['Part', 'Sect', 'H1', 'H2', 'H3', 'P', 'BlockQuote', 'Note', 'Link', 'Span']) expect(report.types[type] ?? 0, type).toBeGreaterThan(0);
    // The supplied heading, the pilcrow and [sic] are in the text, as the editors marked them.
    const text = pdfPages(join(built.out, 'small-reader.pdf')).join('\n');
    expect(text).toContain('[A Heading the Copy Lost]');
    expect(text).toMatch(/teh \[sic\]/);
    expect(text).toMatch(/¶ A paragraph the editors begin/);
    expect(text).not.toContain('\u00ad');
  });
});
