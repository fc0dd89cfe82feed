/**
 * Ingester for Grover Furr, "The Continuing Revolution in Stalin-Era Soviet History", a talk
 * given in London as published by the CPGB-ML (`003_66b28b56de5cbf07.txt`).
 *
 * Every non-blank line is a paragraph. Rules:
 *   - line 1 is the title (`#`); the editors' introduction (`INTRODUCTION: …`) stays a paragraph;
 *   - a line `n. Title` is a section heading (`##`) when `n` is the next section number (1, 2, 3 …
 *     in order through the talk); any other `n. …` line is an item of an ordered list (the
 *     numbered conclusions inside section 6);
 *   - a short title-case line (at most twelve words, every word of four letters or more
 *     capitalised, no `.` `:` `;` `,` at the end) is a subheading (`###`);
 *   - `* ` lines are bullet items; consecutive items form one list;
 *   - the quotations listed in `QUOTATIONS` (each introduced by a paragraph ending in a colon) are
 *     block quotations;
 *   - hyphens left from line breaking inside a word (`Mos-cow`, `Trot-sky`) are dropped; the words
 *     are listed in `LINE_BREAK_HYPHENS` (see there for how they were found).
 * The empty URL `(… At )` is left as it stands.
 */
import type { Ingester, IngestResult } from './record.js';
import {
  type Counts,
  blocksOf,
  bump,
  escapeBlockStart,
  escapeRegExp,
  frontMatter,
  ingestSingleFile,
  quoteBlock,
} from './common.js';

const ORIGINAL = '003_66b28b56de5cbf07.txt';

/**
 * Words hyphenated by line breaking. Found by taking every hyphenated word of this text and
 * keeping those whose hyphenated form occurs nowhere else in the five originals while the joined
 * form occurs there at least five times: `Mos-cow` (Moscow 444 times) and `Trot-sky` (Trotsky 812
 * times). Not `anti-communist` (hyphenated ten times in the originals), `non-communist`,
 * `re-examine` (joined form only once).
 */
export const LINE_BREAK_HYPHENS = ['Mos-cow', 'Trot-sky'];

/**
 * The block quotations: first and last paragraph (their opening words). The bloc letter Sedov
 * sent Trotsky, as quoted from the Trotsky archive, and Geoffrey Roberts's words with their
 * source line.
 */
export const QUOTATIONS: Array<{ first: string; last: string }> = [
  { first: '[The bloc] is organized.', last: 'The group of Safar.' },
  { first: 'In the last 15 years or so', last: '(“Stalin’s Wars”' },
];

/** Drop the line-break hyphens of `words` in `text`, counting them. */
export function dropLineBreakHyphens(text: string, words: string[], counts: Counts): string {
  let out = text;
  for (const w of words) {
    out = out.replace(new RegExp(`\\b${escapeRegExp(w)}\\b`, 'g'), () => {
      bump(counts, 'line-break-hyphen-dropped');
      return w.replace('-', '');
    });
  }
  return out;
}

/** The number of a line `n. …`, if it is one. */
export function leadingNumber(line: string): number | undefined {
  const m = /^(\d+)\. /.exec(line);
  return m ? Number(m[1]) : undefined;
}

/** Whether a line is a subheading: short, title case, no closing `.` `:` `;` `,`. */
export function isSubheading(line: string): boolean {
  const words = line.split(/\s+/);
  if (words.length > 12 || /[.:;,]$/.test(line) || !/^\p{Lu}/u.test(line)) return false;
  return words.filter((w) => /^\p{L}{4,}/u.test(w)).every((w) => /^\p{Lu}/u.test(w));
}

type Kind = 'p' | 'h2' | 'h3' | 'bullet' | 'ordered' | 'quote';

/** Classify the paragraphs of the talk (after the title) by the rules above. */
export function classify(lines: string[]): Kind[] {
  let section = 0;
  let quote: { first: string; last: string } | undefined;
  return lines.map((line) => {
    if (quote) {
      if (line.startsWith(quote.last)) quote = undefined;
      return 'quote';
    }
    const q = QUOTATIONS.find((x) => line.startsWith(x.first));
    if (q) {
      if (!line.startsWith(q.last)) quote = q;
      return 'quote';
    }
    const n = leadingNumber(line);
    if (n !== undefined) {
      if (n === section + 1) {
        section = n;
        return 'h2';
      }
      return 'ordered';
    }
    if (line.startsWith('* ')) return 'bullet';
    if (isSubheading(line)) return 'h3';
    return 'p';
  });
}

/** The paragraphs as Markdown blocks: headings, lists (tight), quotations, paragraphs. */
export function renderParagraphs(lines: string[], counts: Counts): string[] {
  const kinds = classify(lines);
  const out: string[] = [];
  let run: { kind: Kind; items: string[] } | undefined;
  const flush = () => {
    if (!run) return;
    if (run.kind === 'quote') out.push(quoteBlock(run.items.join('\n\n')));
    else out.push(run.items.join('\n'));
    run = undefined;
  };
  lines.forEach((line, i) => {
    const kind = kinds[i]!;
    if (run && run.kind !== kind) flush();
    if (kind === 'h2' || kind === 'h3') {
      out.push(`${kind === 'h2' ? '##' : '###'} ${line}`);
      bump(counts, 'heading-marked');
      return;
    }
    if (kind === 'p') {
      out.push(escapeBlockStart(line));
      return;
    }
    const item =
      kind === 'bullet' ? `- ${escapeBlockStart(line.slice(2))}` : kind === 'quote' ? escapeBlockStart(line) : line;
    if (!run) {
      run = { kind, items: [] };
      bump(counts, kind === 'quote' ? 'block-quotation-marked' : 'list-marked');
    }
    run.items.push(item);
  });
  flush();
  return out;
}

/** Front matter: the CPGB-ML publication (per the seeds README); the talk's date lacks a year. */
const FRONT_MATTER = frontMatter([
  { key: 'title', value: 'The Continuing Revolution in Stalin-Era Soviet History' },
  { key: 'author', value: 'Grover Furr' },
  {
    key: 'publisher',
    value: 'Communist Party of Great Britain (Marxist-Leninist)',
    comment: 'per the seeds README ("as published by the CPGB-ML"); the text names the party as host of the talk',
  },
  {
    key: 'date',
    comment: 'the text gives only "Friday 20 June" for the talk, no year (20 June fell on a Friday in 2014)',
  },
  { key: 'kind', value: 'lecture' },
  { key: 'rights', value: 'not stated in the source text' },
  { key: 'original', value: ORIGINAL },
  { key: 'language', value: 'en' },
]);

/** The whole ingest of the Furr text: body, typography, record. */
function ingest(raw: string): IngestResult {
  return ingestSingleFile('furr', ORIGINAL, FRONT_MATTER, raw, (text, _removals, counts) => {
    const lines = blocksOf(dropLineBreakHyphens(text, LINE_BREAK_HYPHENS, counts)).flatMap((b) => [b.text, ...b.more]);
    const [title, ...rest] = lines.map((l) => l.trim());
    if (!title) throw new Error('empty text');
    return [`# ${title}`, ...renderParagraphs(rest, counts)];
  });
}

export const furr: Ingester = { original: ORIGINAL, ingest };
