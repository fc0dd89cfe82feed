/**
 * The print engine on small inputs: Chromium loads nothing from the network; a soft hyphen stays
 * only where a line breaks; the fixture's PDF is tagged end to end and passes the structural
 * checks of PDF/UA-1.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
    writeFileSync(join(dir, 'local.css'), 'p { color: black; }');
    writeFileSync(
      join(dir, 'page.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title><link rel="stylesheet" href="local.css"><link rel="stylesheet" href="https://example.com/remote.css"><style>@page { size: 4in 4in; }</style></head>' +
        '<body><p>A remote image: <img src="https://example.com/picture.png" alt=""> and one by address: <img src="http://93.184.216.34/x.png" alt="">.</p></body></html>',
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
    }
    expect([...new Set(blocked)].sort()).toEqual(['http://93.184.216.34/x.png', 'https://example.com/picture.png', 'https://example.com/remote.css']);
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

  it('prints running heads the same from a snapshot of the pages as from the pages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heads-'));
    scratch.push(dir);
    const para = '<p>A paragraph long enough to fill some lines of a small page, said twice over. A paragraph long enough to fill some lines of a small page.</p>';
    writeFileSync(
      join(dir, 'page.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title><style>@page { size: 3in 3in; margin: 0.5in; @top-center { content: string(head); } } h2 { string-set: head content(text); }</style></head>' +
        `<body><h2>The “Quoted” Head</h2>${para.repeat(12)}</body></html>`,
    );
    const worker = new PrintWorker({ executablePath: findChromium()! });
    const texts: string[][] = [];
    try {
      const layout = await worker.layOut(join(dir, 'page.html'));
      expect(layout.pageCount).toBeGreaterThan(2);
      const snapshot = await worker.snapshot();
      for (const pdf of [(await worker.print(1, {})).pdf, (await worker.restore(snapshot), await worker.print(1, {})).pdf]) {
        const file = join(dir, `${texts.length}.pdf`);
        writeFileSync(file, pdf);
        texts.push(pdfPages(file));
      }
    } finally {
      await worker.close();
    }
    expect(texts[1]).toEqual(texts[0]);
    expect(texts[1]![1]!.split('\n')[0]!.trim()).toBe('The “Quoted” Head');
    expect(texts[1]!.join('\n')).not.toContain('pagedjs');
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
