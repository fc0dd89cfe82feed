/**
 * Ingester for "The Great Purge", Spartacus Educational (`001_64e5ab476448668b.txt`).
 *
 * The raw text keeps its paragraphs (one line each, blank lines between). Rules:
 *   - line 1 is the title (`#`);
 *   - in the narrative, a block of two or more lines without a blank line between them is the
 *     caption of a photograph that is not included (`Lev Kamenev` / `The last known photograph of
 *     Lev Kamenev (1936)`): removed, class caption;
 *   - `Primary Sources` opens the sources (`##`);
 *   - a line `(n) …` with the next number opens a source: its first sentence is the heading (`###`,
 *     text exactly as it stands, number included); further sentences on that line are Spartacus's
 *     own note on the source and stay a plain paragraph; everything up to the next source is the
 *     extract, set as a block quotation;
 *   - an extract of four or more lines, all short, is verse (the Mandelstam poem): `:::verse`
 *     inside the quotation, one stanza (the raw text separates every line alike, so stanza breaks
 *     cannot be told);
 *   - numbered paragraphs `1. …` inside an extract stay an ordered list.
 * Typos are kept (`show show trial`, `Nickolai`, `the the`): the editors correct by hand.
 */
import type { Ingester, IngestResult, Removal } from './record.js';
import {
  type Block,
  type Counts,
  blocksOf,
  bump,
  escapeBlockStart,
  frontMatter,
  ingestSingleFile,
  quoteBlock,
  recordRemoval,
  verseBlock,
} from './common.js';

const ORIGINAL = '001_64e5ab476448668b.txt';

/** Whether a block is a caption: several lines with no blank line between them. */
export function isCaption(block: Block): boolean {
  return block.more.length > 0;
}

/** The number of a source line `(12) …`, if it is one. */
export function sourceNumber(line: string): number | undefined {
  const m = /^\((\d+)\) /.exec(line);
  return m ? Number(m[1]) : undefined;
}

/**
 * A source line split into its heading (the first sentence) and Spartacus's note (the rest). A
 * sentence ends at `. ` after a lower-case letter or a closing parenthesis, so initials
 * (`J. T. Murphy`) do not end it.
 */
export function splitSourceLine(line: string): { heading: string; note?: string } {
  const m = /^(.*?[\p{Ll})]\.) (\p{Lu}.*)$/u.exec(line);
  return m ? { heading: m[1]!, note: m[2]! } : { heading: line };
}

/** Whether the paragraphs of an extract are verse lines: four or more, none longer than 60 characters. */
export function isVerse(lines: string[]): boolean {
  return lines.length >= 4 && lines.every((l) => l.length <= 60);
}

/**
 * The body of an extract: verse as a `:::verse` container, otherwise paragraphs; consecutive
 * numbered paragraphs (`1. That …`) form one ordered list.
 */
export function extractBody(lines: string[], counts: Counts): string {
  if (isVerse(lines)) {
    bump(counts, 'verse-marked');
    return verseBlock([lines]);
  }
  const blocks: string[] = [];
  for (const line of lines) {
    const numbered = /^\d+\. /.test(line);
    const previous = blocks.at(-1);
    if (numbered && previous !== undefined && /^\d+\. /.test(previous.split('\n').at(-1) ?? '')) {
      blocks[blocks.length - 1] = `${previous}\n${line}`;
    } else {
      blocks.push(numbered ? line : escapeBlockStart(line));
    }
  }
  return blocks.join('\n\n');
}

/** The Markdown of one source: heading, note, quoted extract. */
export function renderSource(line: string, extract: string[], counts: Counts): string[] {
  const { heading, note } = splitSourceLine(line);
  bump(counts, 'heading-marked');
  bump(counts, 'block-quotation-marked');
  return [`### ${heading}`, ...(note ? [note] : []), quoteBlock(extractBody(extract, counts))];
}

/** Narrative, `Primary Sources`, sources, in Markdown blocks; captions recorded as removals. */
export function renderBody(blocks: Block[], removals: Removal[], counts: Counts): string[] {
  const [title, ...rest] = blocks;
  if (!title) throw new Error('empty text');
  const out = [`# ${title.text}`];
  let i = 0;
  for (; i < rest.length && rest[i]!.text !== 'Primary Sources'; i++) {
    const b = rest[i]!;
    if (isCaption(b)) recordRemoval(removals, counts, 'caption', [b.text, ...b.more].join('\n'), b.line);
    else out.push(escapeBlockStart(b.text));
  }
  if (i < rest.length) {
    out.push('## Primary Sources');
    bump(counts, 'heading-marked');
    i++;
  }
  let expected = 1;
  while (i < rest.length) {
    const head = rest[i]!;
    if (sourceNumber(head.text) !== expected) throw new Error(`line ${head.line}: expected source (${expected})`);
    const extract: string[] = [];
    for (i++; i < rest.length && sourceNumber(rest[i]!.text) !== expected + 1; i++) extract.push(rest[i]!.text);
    out.push(...renderSource(head.text, extract, counts));
    expected++;
  }
  return out;
}

/** Front matter: the page names no author; Spartacus Educational is the site. */
const FRONT_MATTER = frontMatter([
  { key: 'title', value: 'The Great Purge' },
  {
    key: 'author',
    value: 'Spartacus Educational',
    comment: "the text names no author (the site's pages are by John Simkin; the text does not say so)",
  },
  { key: 'site', value: 'Spartacus Educational' },
  { key: 'date', comment: 'not shown in the text' },
  { key: 'kind', value: 'educational web page' },
  { key: 'rights', value: 'not stated in the source text' },
  { key: 'original', value: ORIGINAL },
  { key: 'language', value: 'en' },
]);

/** The whole ingest of the Spartacus text: body, typography, record. */
function ingest(raw: string): IngestResult {
  return ingestSingleFile('spartacus', ORIGINAL, FRONT_MATTER, raw, (text, removals, counts) => renderBody(blocksOf(text), removals, counts));
}

export const spartacus: Ingester = { original: ORIGINAL, ingest };
