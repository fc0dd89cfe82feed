/**
 * The press PDF of the small fixture, with a bleed and crop marks asked for in book.yaml: the
 * sheet grows around the trim, the BleedBox stands the bleed outside it, the marks are drawn
 * beyond the bleed in black; the same manuscript gives the same bytes; the preflight passes.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { preflight } from '../../build/render/press/preflight.js';
import { MARK_LENGTH, MARK_OFFSET } from '../../build/render/press/index.js';
import { buildInto, fixture, messages } from '../helpers/build.js';
import { pdfBoxes } from '../helpers/tools.js';

const BLEED = 9; // 0.125in, in points
let outs: string[];

beforeAll(async () => {
  const manuscript = join(mkdtempSync(join(tmpdir(), 'reader-press-')), 'small');
  cpSync(fixture('small'), manuscript, { recursive: true });
  const yaml = readFileSync(join(manuscript, 'book.yaml'), 'utf8');
  writeFileSync(join(manuscript, 'book.yaml'), `${yaml.trimEnd()}\npress: { bleed: 0.125in, marks: true }\n`);
  outs = [];
  for (let i = 0; i < 2; i++) {
    const result = await buildInto(manuscript, ['press'], { env: { ...process.env, SOURCE_DATE_EPOCH: '1764633600' } });
    expect(messages(result).filter((m) => m.includes('error'))).toEqual([]);
    expect(result.outputs).toContain('small-reader.press.pdf');
    outs.push(result.out);
  }
});

describe('the press PDF with a bleed and crop marks', () => {
  it('stands the bleed and the marks outside the trim, on every page', () => {
    const margin = MARK_OFFSET + MARK_LENGTH + 3;
    const boxes = pdfBoxes(join(outs[0]!, 'small-reader.press.pdf'));
    const digital = pdfBoxes(join(outs[0]!, 'small-reader.pdf'));
    expect(boxes.length).toBe(digital.length);
    boxes.forEach((b, i) => {
      const [, , w, h] = digital[i]!.MediaBox!;
      expect(b.TrimBox).toEqual([0, 0, w, h]);
      expect(b.BleedBox).toEqual([-BLEED, -BLEED, w! + BLEED, h! + BLEED]);
      expect(b.MediaBox).toEqual([-margin, -margin, w! + margin, h! + margin]);
    });
  });

  it('draws the crop marks in black beyond the bleed, and nothing else there', () => {
    const file = join(outs[0]!, 'small-reader.press.pdf');
    // The sheet at 72 dpi, in grey: one pixel a point, the trim's corner at (margin, margin).
    const pgm = execFileSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-gray', file], { maxBuffer: 64 * 1024 * 1024 });
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40))!;
    const [width] = [Number(header[1])];
    const pixels = pgm.subarray(header[0].length);
    const at = (x: number, y: number) => pixels[Math.round(y) * width + Math.round(x)]!;
    const margin = MARK_OFFSET + MARK_LENGTH + 3;
    // The top left corner: a horizontal mark along the trim's top edge, left of the bleed.
    const darkest = (xs: number[], y: number) => Math.min(...xs.map((x) => Math.min(at(x, y - 1), at(x, y), at(x, y + 1))));
    expect(darkest([margin - MARK_OFFSET - MARK_LENGTH / 2], margin)).toBeLessThan(128);
    // Between the marks and the trim (the bleed), nothing is printed.
    expect(darkest([margin - BLEED / 2], margin - BLEED / 2)).toBe(255);
  });

  it('is the same file, byte for byte, when the same manuscript is built again', () => {
    expect(readFileSync(join(outs[1]!, 'small-reader.press.pdf')).equals(readFileSync(join(outs[0]!, 'small-reader.press.pdf')))).toBe(true);
  });

  it('passes the preflight', async () => {
    expect((await preflight(readFileSync(join(outs[0]!, 'small-reader.press.pdf')))).findings).toEqual([]);
  });
});
