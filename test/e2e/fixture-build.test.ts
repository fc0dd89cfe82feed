/**
 * The small fixture manuscript, built for real: Paged.js in Chromium for the PDF, EPUBCheck 5 and
 * 4 on the EPUB, poppler for the PDF's text. What the fixture implies is spelled out below.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInto, fixture, messages } from '../helpers/build.js';
import { EPUBCHECK_4, epubcheck, hasEpubcheck4, pdfFonts, pdfInfo, pdfPages } from '../helpers/tools.js';

let out: string;
let pages: string[];

beforeAll(async () => {
  const result = await buildInto(fixture('small'));
  expect(messages(result).filter((m) => m.includes('error'))).toEqual([]);
  expect(result.ok).toBe(true);
  out = result.out;
  pages = pdfPages(join(out, 'small-reader.pdf'));
});

describe('the small fixture', () => {
  it('writes both editions and the print HTML beside its CSS and fonts', () => {
    for (const f of ['small-reader.epub', 'small-reader.pdf', 'small-reader.print.html', 'small-reader.print.css', 'fonts/OFL.txt']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
  });

  it('passes EPUBCheck 5 with no errors and no warnings', () => {
    const r = epubcheck(join(out, 'small-reader.epub'));
    expect(r, r.output).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
  });

  it.runIf(hasEpubcheck4())('passes EPUBCheck 4 with no errors and no warnings', () => {
    const r = epubcheck(join(out, 'small-reader.epub'), EPUBCHECK_4);
    expect(r, r.output).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
  });

  /*
   * Front matter: half title (i), blank (ii), title (iii), copyright (iv), contents (v), blank (vi),
   * introduction (vii), blank (viii) = 8 pages. Body: Part One (1), blank (2), the essay (3),
   * blank (4), Part Two (5), blank (6), the book's opening page (7), blank (8), chapter 1 (9),
   * blank (10), chapter 2 (11), blank (12) = 12 pages. Parts, texts and chapters open on rectos.
   */
  it('has the pages the fixture implies', () => {
    expect(pages).toHaveLength(20);
    expect(pdfInfo(join(out, 'small-reader.pdf')).Pages).toBe('20');
  });

  it('opens with a title page and prints the contents with the folio of each start', () => {
    expect(pages[2]).toContain('A Small Reader');
    expect(pages[2]).toContain('Edited by the editors');
    const contents = pages[4]!;
    const entries: [string, string][] = [
      ['Introduction', 'vii'],
      ['An Essay on Fixtures', '3'],
      ['A Book in Two Chapters', '7'],
      ['1. The First Chapter', '9'],
      ['2. The Second Chapter', '11'],
    ];
    for (const [title, folio] of entries) {
      expect(contents).toMatch(new RegExp(`${title}\\s+${folio}\\n`));
    }
    // Body folio N is PDF page 8 + N; each title stands on the page the contents gives.
    expect(pages[8 + 3 - 1]).toContain('An Essay on Fixtures');
    expect(pages[8 + 9 - 1]).toContain('1. The First Chapter');
    expect(pages[8 + 11 - 1]).toContain('2. The Second Chapter');
  });

  it('prints folios on text pages and none on blank pages', () => {
    expect(pages[8 + 3 - 1]!.trim().split('\n').at(-1)!.trim()).toBe('3');
    expect(pages[8 + 11 - 1]!.trim().split('\n').at(-1)!.trim()).toBe('11');
    expect(pages[6]!.trim().split('\n').at(-1)!.trim()).toBe('vii');
    expect(pages[8 + 2 - 1]!.trim()).toBe('');
  });

  it('renders notes, verse, the Russian phrase and cross-references with their page numbers', () => {
    const essay = pages[8 + 3 - 1]!;
    expect(essay).toContain('1. (p. 3) The first note. Ibid., p. 12.');
    expect(essay).toContain('Ten steps away no one hears our speeches,');
    expect(essay).toContain('Большой террор');
    expect(pages[6]).toMatch(/Its essay \(see p\. 3\)/);
    expect(pages[6]).toMatch(/two chapters \(see p\. 11\)/);
  });

  it('embeds every font and carries the book’s metadata and outline', () => {
    const fonts = pdfFonts(join(out, 'small-reader.pdf'));
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    expect(fonts.every((f) => f.name.includes('EBGaramond'))).toBe(true);
    const info = pdfInfo(join(out, 'small-reader.pdf'));
    expect(info.Title).toBe('A Small Reader: Fixture for the Toolchain');
    expect(info.Author).toBe('Edited by the editors');
    expect(info.Producer).not.toContain('pdf-lib (https');
  });
});

describe('pagination in segments', () => {
  it('gives the same pages whether the body is laid out whole or unit by unit on two Chromiums', async () => {
    const logs: string[] = [];
    const split = await buildInto(fixture('small'), ['pdf'], { print: { segmentChars: 1, workers: 2 }, log: (l) => logs.push(l) });
    expect(split.ok).toBe(true);
    expect(logs.filter((l) => /^laid out body-\d+:/.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(pdfPages(join(split.out, 'small-reader.pdf'))).toEqual(pages);
  });
});
