/**
 * Chapter headings in the running text: set in capitals (`12. THE BEGINNING OF THE YEZHOV
 * PERIOD`, `FOREWORD`), sometimes over two lines, and matched against the CONTENTS list
 * across typography (quotes, italics, dashes, case).
 */
import { normalizeTitle } from './lines.js';
import type { ContentsEntry } from './parse-contents.js';

/** The entry whose heading `text` is, or undefined. `text` may span lines. */
export function matchHeading(text: string, entries: ContentsEntry[], capitals = true): ContentsEntry | undefined {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  if (!flat || (capitals && flat !== flat.toUpperCase())) return undefined;
  const m = /^(\d+)\.\s+(.+)$/.exec(flat);
  if (m) {
    const number = Number(m[1]);
    const title = normalizeTitle(m[2]!);
    return entries.find((e) => e.number === number && normalizeTitle(e.title) === title);
  }
  const title = normalizeTitle(flat);
  return entries.find((e) => e.number === undefined && normalizeTitle(e.title) === title);
}
