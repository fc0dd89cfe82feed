/**
 * Shared helpers of the four short-text ingesters (Wikipedia, Spartacus, Smitha, Furr):
 * recording removals, counting mechanical changes, house typography on the body only,
 * Markdown block assembly and the YAML front matter.
 *
 * Every function here is pure.
 */
import YAML from 'yaml';
import type { IngestRecord, IngestResult, Removal, RemovalClass } from './record.js';
import { emptyCounts, typographize } from './typography.js';

/** Mechanical changes by class, as they go into the record's `counts`. */
export type Counts = Record<string, number>;

/** Add `n` to `counts[key]`. */
export function bump(counts: Counts, key: string, n = 1): void {
  if (n) counts[key] = (counts[key] ?? 0) + n;
}

/** The 1-based line of character `index` in `text`. */
export function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A stretch of the original to be removed: `[start, end)`; `text` is what the record shows. */
export interface Span {
  start: number;
  end: number;
  class: RemovalClass;
  text: string;
}

/**
 * Every match of `re` (global) in `text` as a removal span of class `cls`. The span covers the
 * whole match; the recorded text is group `textGroup` (default: the whole match), trimmed.
 */
export function spansOf(text: string, re: RegExp, cls: RemovalClass, textGroup = 0): Span[] {
  return [...text.matchAll(re)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    class: cls,
    text: (m[textGroup] ?? m[0]).trim(),
  }));
}

/**
 * Cut the spans out of `text` (they must not overlap), recording each as a removal with the line
 * it stands on in the original and counting it as `<class>-removed`.
 */
export function removeSpans(text: string, spans: Span[], removals: Removal[], counts: Counts): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) throw new Error(`overlapping removals at ${s.start}: ${JSON.stringify(s.text)}`);
    out += text.slice(at, s.start);
    at = s.end;
    removals.push({ class: s.class, text: s.text, line: lineOf(text, s.start) });
    bump(counts, `${s.class}-removed`);
  }
  return out + text.slice(at);
}

/** Record one removal of original words and count it as `<class>-removed`. */
export function recordRemoval(removals: Removal[], counts: Counts, cls: RemovalClass, text: string, line: number): void {
  removals.push({ class: cls, text, line });
  bump(counts, `${cls}-removed`);
}

/** A paragraph of a line-based text: its text and the line it stands on in the original. */
export interface Block {
  text: string;
  line: number;
  /** Further lines of the block when lines follow each other without a blank line. */
  more: string[];
}

/** The groups of consecutive non-blank lines of `raw`, with the line number of the first. */
export function blocksOf(raw: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  raw.split(/\r?\n/).forEach((text, i) => {
    if (text.trim() === '') {
      current = undefined;
    } else if (current) {
      current.more.push(text);
    } else {
      current = { text, line: i + 1, more: [] };
      blocks.push(current);
    }
  });
  return blocks;
}

/** Escape a regular-expression metacharacter-laden literal. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Hyphens and dashes that typography.ts would take for a range or a parenthetical dash but which
 * are not: ISSNs (`ISSN 1252-6576`, `1063-777X`), article numbers (`Article 58-14`), and a spaced
 * en dash between two dates (`October 1936 – February 1937`), which stays as the source sets it.
 */
const PROTECTED: Array<[RegExp, string]> = [
  [/(ISSN[\s\u00a0]\d{4})-(\d{3}[\dX])/g, '$1\uE000$2'],
  [/(Article 58)-(\d+)/g, '$1\uE000$2'],
  [
    /(\b(?:\d{4}|January|February|March|April|May|June|July|August|September|October|November|December)) – (?=(?:\d{4}|January|February|March|April|May|June|July|August|September|October|November|December)\b)/g,
    '$1\uE001',
  ],
];

/**
 * An opening straight quote before a Cyrillic word or a guillemet, which smartquotes (in
 * typography.ts) curls the wrong way (`”Польская`): curled here first.
 */
const OPENING_BEFORE_CYRILLIC = /(^|[\s(\[])"(?=[\p{Script=Cyrillic}«])/gmu;

/**
 * House typography (typography.ts) on a Markdown body, with the exceptions above kept as they
 * stand; its counts are added to `counts`.
 */
export function houseTypography(body: string, counts: Counts): string {
  let text = body;
  for (const [re, by] of PROTECTED) text = text.replace(re, by);
  const typo = emptyCounts();
  text = text.replace(OPENING_BEFORE_CYRILLIC, (_, before: string) => {
    typo['quotes-curled']++;
    return `${before}“`;
  });
  text = typographize(text, typo);
  for (const [k, v] of Object.entries(typo)) bump(counts, k, v);
  return text.replace(/\uE000/g, '-').replace(/\uE001/g, ' – ');
}

/**
 * Make a line of running text safe to start a Markdown block: a leading `1. ` / `1) ` (ordered
 * list), `- `, `+ `, `* ` (bullet), `#` (heading) or `>` (quotation) is escaped.
 */
export function escapeBlockStart(line: string): string {
  return line
    .replace(/^(\d+)([.)])(?=\s)/, '$1\\$2')
    .replace(/^([-+*#>])/, '\\$1');
}

/** Prefix every line of a Markdown block with `> `, blank lines with `>`. */
export function quoteBlock(block: string): string {
  return block
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

/** Indent every non-blank line of a block by `n` spaces (content of a list item). */
export function indent(block: string, n: number): string {
  const pad = ' '.repeat(n);
  return block
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

/** A verse passage as the contract writes it: a `:::verse` container, one stanza per group of lines. */
export function verseBlock(stanzas: string[][]): string {
  return [':::verse', stanzas.map((lines) => lines.join('\n')).join('\n\n'), ':::'].join('\n');
}

/** Markdown blocks joined by one blank line, ending with a newline. */
export function joinBlocks(blocks: string[]): string {
  return blocks.filter((b) => b.trim() !== '').join('\n\n') + '\n';
}

/** One field of the front matter; `comment` goes after the value on the same line. */
export interface Field {
  key: string;
  value?: string;
  comment?: string;
}

/**
 * The YAML front matter of a text. A field without a value is written as a comment only (a fact
 * the source does not show, with the reason).
 */
export function frontMatter(fields: Field[]): string {
  const lines = fields.map(({ key, value, comment }) => {
    if (value === undefined) return `# ${key}: ${comment ?? 'not shown in the source'}`;
    const scalar = YAML.stringify(value, { lineWidth: 0 }).trimEnd();
    return comment ? `${key}: ${scalar}   # ${comment}` : `${key}: ${scalar}`;
  });
  return ['---', ...lines, '---'].join('\n');
}

/**
 * The finished file: front matter, then the body after house typography. Returns the content and
 * fills `counts` with the typography counts.
 */
export function finishFile(fm: string, body: string, counts: Counts): string {
  return `${fm}\n\n${houseTypography(body, counts)}`;
}

/** The ingest record: counts sorted by name, removals in the order of the original. */
export function makeRecord(original: string, counts: Counts, removals: Removal[]): IngestRecord {
  const sorted: Counts = {};
  for (const k of Object.keys(counts).sort()) if (counts[k]) sorted[k] = counts[k]!;
  const ordered = [...removals].sort((a, b) => a.line - b.line);
  return { original, counts: sorted, removals: ordered };
}

/**
 * The whole ingest of a single-file text: `render` turns the raw text into Markdown blocks,
 * recording its removals and counts; the house typography, the front matter and the record
 * follow. `slug` names the Markdown file and its record.
 */
export function ingestSingleFile(
  slug: string,
  original: string,
  fm: string,
  raw: string,
  render: (raw: string, removals: Removal[], counts: Counts) => string[],
): IngestResult {
  const removals: Removal[] = [];
  const counts: Counts = {};
  const body = joinBlocks(render(raw, removals, counts));
  return {
    files: [{ path: `${slug}.md`, content: finishFile(fm, body, counts) }],
    recordPath: `${slug}.ingest.yaml`,
    record: makeRecord(original, counts, removals),
  };
}
