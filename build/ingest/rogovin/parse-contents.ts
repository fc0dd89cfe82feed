/**
 * The book's CONTENTS list: one entry per line, `N. Title<TAB>page` or `Title<TAB>page`.
 * Chapter numbers and titles in the manuscript come from here, not from the capitals of
 * the running text.
 */
import type { SourceLine } from './lines.js';

export interface ContentsEntry {
  /** `foreword`, `introduction`, `ch01` … `ch55`, `notes`, `name-index`, `subject-index`, … */
  key: string;
  /** The chapter number, for numbered entries. */
  number?: number;
  title: string;
  page: string;
  line: number;
}

const ENTRY = /^(?:(\d+)\.\s+)?(.+?)\t+(\S+)\s*$/;

/** `Name Index` → `name-index`; chapter 7 → `ch07`. */
export function entryKey(title: string, number?: number): string {
  if (number !== undefined) return `ch${String(number).padStart(2, '0')}`;
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function parseContents(lines: SourceLine[]): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  for (const line of lines) {
    const m = ENTRY.exec(line.text);
    if (!m) continue;
    const number = m[1] === undefined ? undefined : Number(m[1]);
    const title = m[2]!.trim();
    entries.push({ key: entryKey(title, number), ...(number === undefined ? {} : { number }), title, page: m[3]!, line: line.n });
  }
  return entries;
}

/** The heading the manuscript gives an entry: `12. The Beginning of the Yezhov Period`, `Foreword`. */
export const entryHeading = (e: ContentsEntry): string => (e.number === undefined ? e.title : `${e.number}. ${e.title}`);
