/**
 * Paragraphs cut at printed page breaks, joined again. A paragraph (or list item) that ends
 * without final punctuation, or in a hyphen or dash, goes on in the next prose block; what
 * the page put between the two parts (the author's footnotes, captions, facsimiles, running
 * heads) is stepped over: footnotes and captions follow the joined paragraph, facsimiles and
 * running heads are removed.
 *
 * The result is the text's flow: headings, paragraphs, verse, captions and footnotes, with
 * the original line of each.
 */
import type { Removal } from '../record.js';
import { INSERTED, unitText, type Unit } from './classify-units.js';
import { isOpenEnded, joinLines, joinText, type Frequencies } from './join-text.js';
import type { HyphenDecision } from './word-frequency.js';

export type FlowItem =
  | { kind: 'heading'; key: string; line: number }
  | { kind: 'paragraph'; text: string; line: number; list: boolean }
  | { kind: 'verse'; lines: string[]; line: number; attribution?: string }
  | { kind: 'caption'; lines: string[]; line: number }
  | { kind: 'footnote'; text: string; line: number };

export interface HyphenRecord {
  head: string;
  tail: string;
  decision: HyphenDecision;
  line: number;
}

export interface JoinResult {
  flow: FlowItem[];
  removals: Removal[];
  joins: number;
  /** Hyphens at page breaks. */
  hyphens: HyphenRecord[];
  /** Hyphens at line breaks inside a paragraph (a hard-wrapped block). */
  lineHyphens: HyphenRecord[];
  /** Each join: the last line of the first part and the first line of the second, for review. */
  joinLines: { cut: number; next: number }[];
}

const firstLine = (u: Unit): number => u.lines[0]!.n;

/** The item for a unit that stands on its own (not joined to anything); removed material goes to `removals`. */
function standalone(u: Unit, removals: Removal[]): FlowItem | undefined {
  const line = firstLine(u);
  switch (u.kind) {
    case 'heading':
      return { kind: 'heading', key: u.key!, line };
    case 'caption':
      return { kind: 'caption', lines: u.lines.map((l) => l.text.trim()), line };
    case 'footnote':
      return { kind: 'footnote', text: unitText(u), line };
    case 'facsimile':
      removals.push({ class: 'facsimile-ocr', text: u.lines.map((l) => l.text).join('\n'), line });
      return undefined;
    case 'running-head':
      removals.push({ class: 'extraction-debris', text: u.lines.map((l) => l.text).join('\n'), line });
      return undefined;
    case 'verse':
      return { kind: 'verse', lines: u.lines.map((l) => l.text.trim()), line };
    default:
      return { kind: 'paragraph', text: unitText(u), line, list: u.kind === 'list' };
  }
}

/** A paragraph's text: its lines joined like the parts of a page break. */
function paragraphText(u: Unit, freq: Frequencies, lineHyphens: HyphenRecord[]): string {
  const { text, hyphens } = joinLines(
    u.lines.map((l) => l.text),
    freq,
  );
  lineHyphens.push(...hyphens.map((h) => ({ ...h, line: u.lines[0]!.n })));
  return text;
}

export function joinPageBreaks(units: Unit[], freq: Frequencies): JoinResult {
  const flow: FlowItem[] = [];
  const removals: Removal[] = [];
  const hyphens: HyphenRecord[] = [];
  const lineHyphens: HyphenRecord[] = [];
  const joinLines: JoinResult['joinLines'] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u.kind === 'verse' && u.epigraph && units[i + 1]?.kind === 'attribution') {
      flow.push({ kind: 'verse', lines: u.lines.map((l) => l.text.trim()), line: firstLine(u), attribution: unitText(units[i + 1]!) });
      i++;
      continue;
    }
    if (u.kind !== 'prose' && u.kind !== 'list') {
      const item = standalone(u, removals);
      if (item) flow.push(item);
      continue;
    }
    let text = paragraphText(u, freq, lineHyphens);
    const after: FlowItem[] = [];
    while (isOpenEnded(text)) {
      let j = i + 1;
      while (j < units.length && INSERTED.includes(units[j]!.kind)) j++;
      const next = units[j];
      if (!next || next.kind !== 'prose') break;
      for (let k = i + 1; k < j; k++) {
        const item = standalone(units[k]!, removals);
        if (item) after.push(item);
      }
      const cut = units[i]!.lines[units[i]!.lines.length - 1]!.n;
      const joined = joinText(text, paragraphText(next, freq, lineHyphens), freq);
      if (joined.hyphen) hyphens.push({ ...joined.hyphen, line: cut });
      joinLines.push({ cut, next: firstLine(next) });
      text = joined.text;
      i = j;
    }
    flow.push({ kind: 'paragraph', text, line: firstLine(u), list: u.kind === 'list' }, ...after);
  }
  return { flow, removals, joins: joinLines.length, hyphens, lineHyphens, joinLines };
}
