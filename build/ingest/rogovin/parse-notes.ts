/**
 * The NOTES section: chapter headings (`Introduction`, `1. Preparations for the First Show
 * Trial`, …) and numbered notes, with the extraction's debris repaired: a leading `- ` or
 * leading spaces, stray `**`, and notes broken over lines or pages (`*Tainaia istoriia
 * stalinskikh` | `- prestuplenii*`), whose pieces are joined again.
 *
 * A piece of a note that stands just before a break in the numbering belongs to the note
 * before the next run (it came with a displaced page) and is kept as that run's lead.
 */
import { isBlank, normalizeTitle, type SourceLine } from './lines.js';
import { matchHeading } from './match-heading.js';
import type { ContentsEntry } from './parse-contents.js';
import { joinText, type Frequencies } from './join-text.js';

export interface Note {
  number: number;
  text: string;
  line: number;
}

export type NoteItem =
  | { kind: 'heading'; key: string; line: number }
  | { kind: 'note'; note: Note }
  /** A piece of the note before a displaced run (see above). */
  | { kind: 'lead'; text: string; raw: string; line: number };

export interface ParsedNotes {
  items: NoteItem[];
  repaired: number;
}

const NOTE = /^(\d+)\.\s+(.*)$/;

/** One line without its debris; `changed` if there was any. A line counts once however much was wrong with it. */
export function cleanNoteLine(text: string): { text: string; changed: boolean } {
  const clean = text.replace(/\*\*/g, '').replace(/^\s+/, '').replace(/^- /, '').trim();
  return { text: clean, changed: clean !== text };
}

export function parseNotes(lines: SourceLine[], entries: ContentsEntry[], freq: Frequencies): ParsedNotes {
  const chapters = entries.filter((e) => !['notes', 'name-index', 'subject-index'].includes(e.key));
  const raw: ({ kind: 'heading'; key: string; line: number } | { kind: 'note'; note: Note } | { kind: 'piece'; text: string; raw: string; line: number })[] = [];
  const repaired = new Set<number>();
  for (const line of lines) {
    if (isBlank(line.text)) continue;
    const { text, changed } = cleanNoteLine(line.text);
    if (changed) repaired.add(line.n);
    const key = matchHeading(text, chapters, false)?.key;
    const m = NOTE.exec(text);
    if (key) raw.push({ kind: 'heading', key, line: line.n });
    else if (m) raw.push({ kind: 'note', note: { number: Number(m[1]), text: m[2]!, line: line.n } });
    else raw.push({ kind: 'piece', text, raw: line.text, line: line.n });
  }
  const items: NoteItem[] = [];
  let last: Note | undefined;
  raw.forEach((r, i) => {
    if (r.kind === 'heading') {
      items.push(r);
      last = undefined;
    } else if (r.kind === 'note') {
      items.push(r);
      last = r.note;
    } else {
      const next = raw.slice(i + 1).find((x) => x.kind !== 'piece');
      const continues = !next || next.kind === 'heading' || next.note.number === (last?.number ?? NaN) + 1;
      if (last && continues) {
        last.text = joinText(last.text, r.text, freq).text;
        repaired.add(r.line);
      } else {
        items.push({ kind: 'lead', text: r.text, raw: r.raw, line: r.line });
      }
    }
  });
  return { items, repaired: repaired.size };
}

/** `a` ends with `b`, letters and digits compared. */
export const endsWithText = (a: string, b: string): boolean => normalizeTitle(a).endsWith(normalizeTitle(b));
