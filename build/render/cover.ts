/**
 * The cover, made from the book's metadata at build time: title, subtitle and editors set in the
 * book face, drawn as outlines (fontkit, with the font's own kerning) into an SVG, rendered to
 * PNG (resvg). No browser and no system font is needed, so the EPUB builds without Chromium.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as fontkit from 'fontkit';
import type { BookConfig } from '../config/book.js';
import { editorsLine } from '../book/front-pages.js';

const require = createRequire(import.meta.url);
const FILES = join(dirname(require.resolve('@fontsource/eb-garamond/package.json')), 'files');
type Font = fontkit.Font;
const font = (name: string) => fontkit.create(readFileSync(join(FILES, name))) as Font;

const advance = (f: Font, text: string, size: number) => (f.layout(text).advanceWidth * size) / f.unitsPerEm;

const WIDTH = 1600;
const HEIGHT = 2560;
const MARGIN = 170;

/** Lines of `text` no wider than `width` at `size`. */
function wrap(f: Font, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && advance(f, next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** A line of text, centred, as one path: each glyph scaled from font units, flipped, placed. */
function centred(f: Font, text: string, size: number, y: number, fill: string): string {
  const scale = size / f.unitsPerEm;
  const run = f.layout(text);
  let x = (WIDTH - run.advanceWidth * scale) / 2;
  const d = run.glyphs
    .map((glyph, i) => {
      const pos = run.positions[i]!;
      const path = glyph.path.scale(scale, -scale).translate(x + pos.xOffset * scale, y - pos.yOffset * scale).toSVG();
      x += pos.xAdvance * scale;
      return path;
    })
    .join('');
  return `<path fill="${fill}" d="${d}"/>`;
}

export function coverSvg(config: BookConfig): string {
  const regular = font('eb-garamond-latin-400-normal.woff2');
  const italic = font('eb-garamond-latin-400-italic.woff2');
  const ink = '#1d1a17';
  const red = '#8a1c1c';
  const parts: string[] = [];
  let y = 880;
  for (const line of wrap(regular, config.title, 190, WIDTH - 2 * MARGIN)) {
    parts.push(centred(regular, line, 190, y, ink));
    y += 210;
  }
  if (config.subtitle) {
    y += 40;
    for (const line of wrap(italic, config.subtitle, 110, WIDTH - 2 * MARGIN)) {
      parts.push(centred(italic, line, 110, y, ink));
      y += 130;
    }
  }
  const rule = `<rect x="${WIDTH / 2 - 160}" y="${y + 30}" width="320" height="6" fill="${red}"/>`;
  const editors = centred(regular, editorsLine(config), 80, HEIGHT - 420, ink);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
    `<rect width="100%" height="100%" fill="#f4efe6"/>` +
    `<rect x="70" y="70" width="${WIDTH - 140}" height="${HEIGHT - 140}" fill="none" stroke="${red}" stroke-width="8"/>` +
    parts.join('') + rule + editors + '</svg>';
}

export function coverPng(config: BookConfig): Buffer {
  return new Resvg(coverSvg(config), { font: { loadSystemFonts: false } }).render().asPng();
}
