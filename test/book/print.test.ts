/**
 * The printed reader: its pages, contents, outline, fonts, hyphenation, and every word of the
 * print HTML on a page of the PDF.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { coverage } from '../../build/ingest/coverage.js';
import { pdfFonts, pdfInfo } from '../helpers/tools.js';
import { book, outFile, pdfText, SLUG } from './helpers.js';

interface PageMap {
  pages: { folio: string; block?: string }[];
  anchors: Record<string, { folio: string; pdfPage: number }>;
}
const pageMap = () => JSON.parse(readFileSync(outFile(`${SLUG}.pagemap.json`), 'utf8')) as PageMap;

describe('the printed reader', () => {
  it('is built', () => {
    expect(book().errors).toEqual([]);
    console.log(`real book built in ${book().seconds.toFixed(1)} s`);
  });

  it('has a page count in the expected range', () => {
    const pages = Number(pdfInfo(outFile(`${SLUG}.pdf`)).Pages);
    console.log(`${pages} pages`);
    expect(pages).toBeGreaterThan(600);
    expect(pages).toBeLessThan(900);
    expect(pageMap().pages).toHaveLength(pages);
  });

  it('has an outline of parts, texts and chapters', async () => {
    const doc = await PDFDocument.load(readFileSync(outFile(`${SLUG}.pdf`)), { updateMetadata: false });
    const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    const count = (outlines.get(PDFName.of('Count')) as unknown as { asNumber(): number }).asNumber();
    // Contents, the introduction, four parts with their texts, 57 files of Rogovin's, the back matter.
    expect(count).toBeGreaterThan(70);
  });

  it('embeds every font', () => {
    const fonts = pdfFonts(outFile(`${SLUG}.pdf`));
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    expect(fonts.filter((f) => !f.name.includes('EBGaramond'))).toEqual([]);
  });

  it('gives in the contents the folio on which each chapter starts', () => {
    const pages = pdfText();
    const { anchors } = pageMap();
    const contentsStart = pages.findIndex((p) => /^\s*Contents\s*$/m.test(p));
    const contents = pages.slice(contentsStart, contentsStart + 4).join('\n');
    let checked = 0;
    for (const m of contents.matchAll(/^\s*(\d{1,2})\. (.+?)\s{2,}(\d+)\s*$/gm)) {
      const id = `rogovin-${m[1]}`;
      expect(anchors[id]?.folio, `${m[2]}`).toBe(m[3]);
      const page = pages[anchors[id]!.pdfPage - 1]!;
      expect(page.replace(/\s+/g, ' ')).toContain(`${m[1]}. ${m[2]!.split(' ').slice(0, 3).join(' ')}`);
      checked++;
    }
    expect(checked).toBe(55);
  });

  it('has running heads: the text’s title on versos, the chapter’s on rectos', () => {
    const pages = pdfText();
    const { anchors } = pageMap();
    const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    const head = (pdfPage: number) => squash(pages[pdfPage - 1]!.trim().split('\n')[0]!);
    let checked = 0;
    for (const n of [2, 15, 20, 36, 50]) {
      const start = anchors[`rogovin-${n}`]!.pdfPage; // a recto, without a running head
      const next = anchors[`rogovin-${n + 1}`]!.pdfPage;
      if (next - start < 3) continue;
      expect(head(start + 1), `verso after chapter ${n}`).toBe(squash('1937: Stalin’s Year of Terror'));
      const title = pages[start - 1]!.trim().split('\n')[0]!;
      expect(head(start + 2), `recto after chapter ${n}`).toBe(squash(title));
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('opens each part of the apparatus on a page without a running head, and heads the next with its title', () => {
    const pages = pdfText();
    const { anchors } = pageMap();
    const lines = (pdfPage: number) =>
      pages[pdfPage - 1]!
        .split('\n')
        .map((l) => l.trim().replace(/\s+/g, ' ').toLowerCase())
        .filter(Boolean);
    for (const [id, title] of [['note-on-the-texts', 'a note on the texts'], ['glossary', 'glossary'], ['concordance', 'concordance of trials'], ['index', 'index of names']] as const) {
      const start = anchors[id]!.pdfPage;
      // The title alone at the top: no running head repeating it above.
      expect(lines(start).slice(0, 2), id).toEqual([title, expect.not.stringMatching(new RegExp(`^${title}$`))]);
      // Small capitals come out of pdftotext with spaces inside words.
      expect(lines(start + 1)[0]!.replace(/ /g, ''), `page after ${id}`).toContain(title.replace(/ /g, ''));
    }
  });

  it('is hyphenated', () => {
    // Words broken at a line's end, as pdftotext's layout mode gives them, before any joining:
    // a letter and a hyphen at the end, a lower-case letter at the start of the next line.
    const raw = execFileSync('pdftotext', ['-layout', outFile(`${SLUG}.pdf`), '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const broken = raw.match(/\p{Ll}-[ \t]*\n[ \t]*\p{Ll}/gu) ?? [];
    console.log(`${broken.length} line ends hyphenated`);
    expect(broken.length).toBeGreaterThan(1000);
  });

  it('shows no Paged.js internals in a running head', () => {
    const leaks = pdfText().flatMap((text, i) => (/pagedjs|--[a-z]+-[a-z]+/.test(text.split('\n').slice(0, 2).join(' ')) ? [i + 1] : []));
    expect(leaks).toEqual([]);
  });

  it('prints every word of the print HTML', () => {
    const html = readFileSync(outFile(`${SLUG}.print.html`), 'utf8')
      .replace(/<head>[\s\S]*?<\/head>/, '')
      .replace(/<span class="running-text">[^<]*<\/span>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[a-z#0-9]+;/g, ' ')
      .replace(/\u00ad/g, '');
    const c = coverage(html, [], pdfText().join('\n'));
    const lost = c.gaps.filter((g) => g.length >= 5);
    console.log(`${c.inOrder + c.moved} of ${c.total} words of the print HTML in the PDF; runs of 5 or more missing: ${lost.length}`);
    expect(lost.map((g) => g.words)).toEqual([]);
  });
});
