/**
 * Ingester for Frank E. Smitha, "Purges and Hysteria in the Soviet Union"
 * (`002_14421efcba939229.txt`).
 *
 * Every non-blank line is a paragraph (some follow each other without a blank line). Rules:
 *   - line 1 is the title (`#`);
 *   - a short line (at most ten words) that does not end in sentence punctuation is a section
 *     heading (`##`);
 *   - one heading was run into the end of the paragraph before it, which the extraction cut off
 *     mid-word (`… against the great lea Show Trials and Purges, 1936-38`): listed in
 *     `RUN_IN_HEADINGS` and split off (the cut-off word stays as it is);
 *   - a line that begins with a space begins with the caption of a photograph that is not
 *     included, up to its first full stop (` Nikolai Bukharin, a Bolshevik gradualist …`):
 *     removed, class caption;
 *   - the link texts of the site's notes (`note78`, `note45`) at the end of a paragraph: removed,
 *     class extraction-debris (the notes are not part of the text);
 *   - no-break spaces (left from the web page's markup around titles) become spaces.
 */
import type { Ingester, IngestResult, Removal } from './record.js';
import {
  type Counts,
  blocksOf,
  bump,
  escapeBlockStart,
  frontMatter,
  ingestSingleFile,
  recordRemoval,
} from './common.js';

const ORIGINAL = '002_14421efcba939229.txt';

/** Headings that the extraction ran into the end of the preceding paragraph. */
export const RUN_IN_HEADINGS = ['Show Trials and Purges, 1936-38'];

/** Whether a line is a section heading: at most ten words, no sentence punctuation at its end. */
export function isHeading(line: string): boolean {
  const words = line.trim().split(/\s+/);
  return words.length <= 10 && !/[.!?:;,]["”’)]*$/.test(line.trim()) && /^\p{Lu}/u.test(line.trim());
}

/** A photograph's caption at the start of a line that begins with a space, and the rest of the line. */
export function splitCaption(line: string): { caption?: string; rest: string } {
  if (!line.startsWith(' ')) return { rest: line };
  const m = /^ (.*?\.)(?: (.*))?$/.exec(line);
  return m ? { caption: m[1]!, rest: m[2] ?? '' } : { rest: line };
}

/** A note marker (`note45`) at the end of a line, with the space before it. */
export const NOTE_MARKER = /[ \u00a0]*\b(note\d+)\s*$/;

/** The paragraphs and headings of the text as Markdown blocks; removals recorded. */
export function renderBody(raw: string, removals: Removal[], counts: Counts): string[] {
  const lines = blocksOf(raw).flatMap((b) => [b.text, ...b.more].map((text, k) => ({ text, line: b.line + k })));
  const [title, ...rest] = lines;
  if (!title) throw new Error('empty text');
  const out = [`# ${title.text.trim()}`];
  for (const { text, line } of rest) {
    let t = text;
    const note = NOTE_MARKER.exec(t);
    if (note) {
      recordRemoval(removals, counts, 'extraction-debris', note[1]!, line);
      t = t.slice(0, note.index);
    }
    const { caption, rest: after } = splitCaption(t);
    if (caption) recordRemoval(removals, counts, 'caption', caption, line);
    t = after;
    const nbsp = (t.match(/\u00a0/g) ?? []).length;
    bump(counts, 'nbsp-replaced', nbsp);
    t = t.replace(/\u00a0/g, ' ').trim();
    if (!t) continue;
    const runIn = RUN_IN_HEADINGS.find((h) => t.endsWith(` ${h}`));
    if (runIn) {
      out.push(escapeBlockStart(t.slice(0, -runIn.length).trim()), `## ${runIn}`);
      bump(counts, 'run-in-heading-split');
      bump(counts, 'heading-marked');
    } else if (isHeading(t)) {
      out.push(`## ${t}`);
      bump(counts, 'heading-marked');
    } else {
      out.push(escapeBlockStart(t));
    }
  }
  return out;
}

/** Front matter: author from the seeds README; the text shows no site, date or rights. */
const FRONT_MATTER = frontMatter([
  { key: 'title', value: 'Purges and Hysteria in the Soviet Union' },
  { key: 'author', value: 'Frank E. Smitha', comment: 'per the seeds README; the text itself does not name him' },
  { key: 'site', comment: 'not named in the text or the seeds README' },
  { key: 'date', comment: 'not shown in the text' },
  { key: 'kind', value: 'popular history chapter' },
  { key: 'rights', value: 'not stated in the source text' },
  { key: 'original', value: ORIGINAL },
  { key: 'language', value: 'en' },
]);

/** The whole ingest of the Smitha text: body, typography, record. */
function ingest(raw: string): IngestResult {
  return ingestSingleFile('smitha', ORIGINAL, FRONT_MATTER, raw, renderBody);
}

export const smitha: Ingester = { original: ORIGINAL, ingest };
