/**
 * The text's blocks, classified: chapter headings (and their repeats as running heads),
 * facsimile OCR and captions, the author's footnotes, verse (and an epigraph's attribution),
 * numbered list items, and prose. A block of list items becomes one unit per item, so that
 * a page break inside the last item can be joined like any paragraph.
 */
import { blockText, type Block, type SourceLine } from './lines.js';
import { isCaption } from './find-captions.js';
import { findFacsimiles } from './find-facsimiles.js';
import { isOpenEnded } from './join-text.js';
import type { FacsimileSpan, ProseLine } from './known-damage.js';
import { matchHeading } from './match-heading.js';
import type { ContentsEntry } from './parse-contents.js';

export type UnitKind =
  | 'heading'
  | 'running-head'
  | 'facsimile'
  | 'caption'
  | 'footnote'
  | 'verse'
  | 'attribution'
  | 'list'
  | 'prose';

export interface Unit {
  kind: UnitKind;
  lines: SourceLine[];
  /** For a heading: the contents entry's key. */
  key?: string;
  /** For verse: it opens a chapter, with an attribution after it. */
  epigraph?: boolean;
}

const FOOTNOTE = /^[*†‡] /;
const LIST_ITEM = /^(\d+)\.\s/;
const MAX_VERSE_LINE = 80;
const MAX_ATTRIBUTION = 60;

const isVerseShaped = (b: Block): boolean =>
  b.lines.length >= 2 && b.lines.every((l) => l.text.trim().length <= MAX_VERSE_LINE) && !b.lines.every((l) => LIST_ITEM.test(l.text));

const isList = (b: Block): boolean => b.lines.length >= 2 && b.lines.every((l) => LIST_ITEM.test(l.text));

const itemNumber = (line: SourceLine): number => Number(LIST_ITEM.exec(line.text)?.[1] ?? NaN);

/** A short line without final punctuation after a chapter's opening verse: who wrote it. */
const isAttribution = (u: Unit | undefined): boolean =>
  !!u && u.lines.length === 1 && u.lines[0]!.text.trim().length <= MAX_ATTRIBUTION && !/[.?!:;…"”]$/.test(u.lines[0]!.text.trim());

/** What a page may put into the middle of a paragraph. */
export const INSERTED: UnitKind[] = ['footnote', 'caption', 'facsimile', 'running-head'];

export const unitText = (u: Unit): string => u.lines.map((l) => l.text.trim()).join(' ');

/** The nearest unit before (`step` -1) or after (+1) unit `i` that is not inserted material. */
function neighbour(units: Unit[], i: number, step: 1 | -1): Unit | undefined {
  for (let k = i + step; k >= 0 && k < units.length; k += step) if (!INSERTED.includes(units[k]!.kind)) return units[k];
  return undefined;
}

export function classifyUnits(blocks: Block[], entries: ContentsEntry[], spans: FacsimileSpan[], notCaptions: ProseLine[] = []): Unit[] {
  const chapters = entries.filter((e) => !['notes', 'name-index', 'subject-index'].includes(e.key));
  const headingOf = blocks.map((b) => matchHeading(blockText(b), chapters));
  const facsimiles = findFacsimiles(blocks, spans, (i) => headingOf[i] !== undefined);
  const seen = new Set<string>();
  const units: Unit[] = [];
  let lastItem = NaN;
  blocks.forEach((b, i) => {
    const heading = headingOf[i];
    const text = blockText(b);
    if (heading) {
      const kind = seen.has(heading.key) ? 'running-head' : 'heading';
      seen.add(heading.key);
      units.push({ kind, lines: b.lines, key: heading.key });
      lastItem = NaN;
    } else if (facsimiles.has(i)) {
      units.push({ kind: facsimiles.get(i)!, lines: b.lines });
    } else if (FOOTNOTE.test(text)) {
      units.push({ kind: 'footnote', lines: b.lines });
    } else if (isCaption(b) && !notCaptions.some((p) => text.startsWith(p.text))) {
      units.push({ kind: 'caption', lines: b.lines });
    } else if (isList(b)) {
      for (const line of b.lines) units.push({ kind: 'list', lines: [line] });
      lastItem = itemNumber(b.lines[b.lines.length - 1]!);
    } else if (b.lines.length === 1 && itemNumber(b.lines[0]!) === lastItem + 1) {
      units.push({ kind: 'list', lines: b.lines });
      lastItem++;
    } else if (isVerseShaped(b)) {
      units.push({ kind: 'verse', lines: b.lines });
    } else {
      units.push({ kind: 'prose', lines: b.lines });
    }
  });
  // A short first part of a paragraph before a picture is not the picture's caption: it follows
  // a finished paragraph, does not end a sentence, and the text goes on in lower case after the picture.
  units.forEach((u, i) => {
    if (u.kind !== 'caption') return;
    const prev = neighbour(units, i, -1);
    const next = neighbour(units, i, 1);
    const startsParagraph = !prev || prev.kind === 'heading' || !isOpenEnded(unitText(prev));
    if (startsParagraph && isOpenEnded(unitText(u)) && next?.kind === 'prose' && /^\p{Ll}/u.test(unitText(next))) u.kind = 'prose';
    // Nor is what the text announces with a colon.
    if (prev && unitText(prev).endsWith(':')) u.kind = 'prose';
  });
  // An epigraph: verse right after a heading, followed by its attribution.
  units.forEach((u, i) => {
    if (u.kind === 'verse' && units[i - 1]?.kind === 'heading' && isAttribution(units[i + 1])) {
      u.epigraph = true;
      units[i + 1]!.kind = 'attribution';
    }
  });
  return units;
}
