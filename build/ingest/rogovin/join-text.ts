/**
 * Joining two pieces of a paragraph cut by a line or page break: a word broken with a hyphen
 * is mended or keeps its hyphen (decided from the corpus), a dash closes up, anything else
 * takes a space. An italic the extraction closed at the break (`*Unprecedented Vic-*` |
 * `tims`) is closed after the mended word instead; one it closed on both sides of the break
 * is closed only after it.
 */
import { decideHyphen, type HyphenDecision, type WordFrequency } from './word-frequency.js';

export interface Join {
  text: string;
  hyphen?: { head: string; tail: string; decision: HyphenDecision };
}

export interface Frequencies {
  book: WordFrequency;
  corpus: WordFrequency;
}

const BROKEN_WORD = /(\p{L}+)-(\*?)$/u;

const singleAsterisks = (text: string): number => (text.replace(/\*\*/g, '').match(/\*/g) ?? []).length;

/**
 * An italic that runs over the break but was closed before it and closed again after it
 * (`*Tainaia istoriia stalinskikh*` | `prestuplenii* (Moscow…`): the first closing goes.
 */
export function mendItalics(first: string, second: string): string {
  const closedAtBreak = /\S\*$/.test(first) && singleAsterisks(first) % 2 === 0;
  const closesUnopened = singleAsterisks(second) % 2 === 1 && /^[^*]*\S\*(?!\*)/.test(second);
  return closedAtBreak && closesUnopened ? first.slice(0, -1) : first;
}
const FIRST_WORD = /^(\p{L}+)/u;

export function joinText(first: string, second: string, freq: Frequencies): Join {
  const b = second.replace(/^\s+/, '');
  const a = mendItalics(first.replace(/\s+$/, ''), b);
  const broken = BROKEN_WORD.exec(a);
  const tail = FIRST_WORD.exec(b);
  if (broken && tail) {
    const head = broken[1]!;
    const decision = decideHyphen(head, tail[1]!, freq.book, freq.corpus);
    const before = a.slice(0, broken.index) + head + (decision === 'kept' ? '-' : '');
    const closer = broken[2]!;
    return { text: before + tail[1]! + closer + b.slice(tail[1]!.length), hyphen: { head, tail: tail[1]!, decision } };
  }
  if (/[-–—]$/.test(a)) return { text: a + b };
  return { text: `${a} ${b}` };
}

/**
 * Ends where a sentence cannot end: the paragraph goes on after the break. Closing quotes,
 * brackets, italics and note numbers after the last word do not count; a dash before a
 * closing quote is speech broken off, and ends the paragraph.
 */
export function isOpenEnded(text: string): boolean {
  const t = text.replace(/\s+$/, '');
  if (/[-–—]\*?$/.test(t)) return true;
  if (/[-–—]\s*["”’']$/.test(t)) return false;
  const bare = t.replace(/(?:[\s*"”’')\]⁰¹²³⁴⁵⁶⁷⁸⁹]|\^\{[^}]*\})+$/u, '');
  return !/[.?!:;…]$/.test(bare);
}

/** Lines of one block (a caption, a hard-wrapped paragraph) joined into one, with the hyphens decided. */
export function joinLines(lines: string[], freq: Frequencies): { text: string; hyphens: NonNullable<Join['hyphen']>[] } {
  const hyphens: NonNullable<Join['hyphen']>[] = [];
  let text = (lines[0] ?? '').trim();
  for (const line of lines.slice(1)) {
    const j = joinText(text, line.trim(), freq);
    if (j.hyphen) hyphens.push(j.hyphen);
    text = j.text;
  }
  return { text, hyphens };
}
