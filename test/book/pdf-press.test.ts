/**
 * The press PDF of the real book, preflighted: our preflight (build/render/press/preflight.ts),
 * poppler's reading of it, and Ghostscript's measure of the ink each page takes. It must be the
 * digital PDF's pages — the same count, trim and text — in grey alone, as PDF/X-1a:2003.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDFX_VERSION, preflight, type PreflightResult } from '../../build/render/press/preflight.js';
import { inkCoverage, pdfBoxes, pdfFonts, pdfInfo } from '../helpers/tools.js';
import { book, outFile, SLUG } from './helpers.js';
import { execFileSync } from 'node:child_process';

const press = () => outFile(`${SLUG}.press.pdf`);
const digital = () => outFile(`${SLUG}.pdf`);
const pagesOf = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).split('\f');

let pressCheck: PreflightResult;
let digitalCheck: PreflightResult;
beforeAll(async () => {
  expect(book().ok, book().errors.join('\n')).toBe(true);
  pressCheck = await preflight(readFileSync(press()), { identifier: pdfInfo(digital()).Keywords });
  digitalCheck = await preflight(readFileSync(digital()));
});

describe('the press PDF', () => {
  it('passes the preflight, which the digital PDF fails for its RGB, its links and its missing PDF/X keys', () => {
    expect(pressCheck.findings).toEqual([]);
    const rules = new Set(digitalCheck.findings.map((f) => f.rule));
    for (const rule of ['colour', 'annotation', 'pdfx-version', 'no-output-intent', 'trapped']) expect(rules, rule).toContain(rule);
  });

  it('has the digital PDF’s pages: the same count, each with the same trim', () => {
    const pressBoxes = pdfBoxes(press());
    const digitalBoxes = pdfBoxes(digital());
    expect(pressBoxes.length).toBe(digitalBoxes.length);
    expect(pressBoxes.length).toBeGreaterThan(700);
    pressBoxes.forEach((b, i) => expect(b.TrimBox, `page ${i + 1}`).toEqual(digitalBoxes[i]!.TrimBox ?? digitalBoxes[i]!.MediaBox));
  });

  it('reads, page by page, as the digital PDF reads (poppler)', () => {
    const a = pagesOf(press());
    const b = pagesOf(digital());
    expect(a.length).toBe(b.length);
    const differing = a.flatMap((p, i) => (p === b[i] ? [] : [i + 1]));
    expect(differing).toEqual([]);
  });

  it('says what it conforms to, and poppler reads it so', () => {
    const info = pdfInfo(press());
    expect(info['PDF version']).toBe('1.4');
    expect(info['PDF subtype']).toBe(PDFX_VERSION);
    expect(info.Title).toBe('The Great Purge: A Reader');
    expect(info.Keywords).toMatch(/^urn:uuid:/);
  });

  it('embeds every font', () => {
    const fonts = pdfFonts(press());
    expect(fonts.length).toBeGreaterThan(10);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
  });

  it('prints in black ink alone, where the digital PDF’s RGB black would take all four (Ghostscript inkcov)', () => {
    const pressInk = inkCoverage(press());
    const digitalInk = inkCoverage(digital());
    expect(pressInk.length).toBe(digitalInk.length);
    expect(pressInk.filter((p) => p.c + p.m + p.y > 0).length).toBe(0);
    expect(pressInk.filter((p) => p.k > 0).length).toBeGreaterThan(700);
    // The conversion is what makes the difference: as made for screens, text pages take CMY too.
    expect(digitalInk.filter((p) => p.c > 0 && p.m > 0 && p.y > 0).length).toBeGreaterThan(700);
  });
});
