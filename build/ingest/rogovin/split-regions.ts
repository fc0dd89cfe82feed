/**
 * The parts of an extracted book, found from its CONTENTS list: the front matter (title and
 * copyright pages) before CONTENTS, the contents list, the text (from the first entry's
 * heading to NOTES), the notes, the indexes and what follows them (the back cover).
 */
import { normalizeTitle, type SourceLine } from './lines.js';
import { parseContents, type ContentsEntry } from './parse-contents.js';

/** A half-open range of 0-based line indexes. */
export interface Range {
  from: number;
  to: number;
}

export interface Regions {
  front: Range;
  contents: Range;
  body: Range;
  notes: Range;
  nameIndex: Range;
  subjectIndex: Range;
  /** After the indexes: the back cover and the barcode. */
  back: Range;
  entries: ContentsEntry[];
}

/** Index of the first line at or after `from` set in capitals whose text, normalized, equals `title`. */
function findHeading(lines: SourceLine[], title: string, from: number): number {
  const want = normalizeTitle(title);
  const i = lines.findIndex(
    (l, k) => k >= from && l.text === l.text.toUpperCase() && normalizeTitle(l.text) === want && l.text.trim().length <= title.length + 4,
  );
  if (i < 0) throw new Error(`heading "${title}" not found after line ${from + 1}`);
  return i;
}

/**
 * `bookTitle` marks the start of the back cover after the last index (the cover repeats it);
 * everything from there on is back matter.
 */
export function splitRegions(lines: SourceLine[], bookTitle: string): Regions {
  const contentsAt = lines.findIndex((l) => l.text.trim() === 'CONTENTS');
  if (contentsAt < 0) throw new Error('no CONTENTS line');
  // The contents list runs until the heading of its first entry appears in the text.
  const provisional = parseContents(lines.slice(contentsAt + 1, contentsAt + 400));
  const first = provisional[0];
  if (!first) throw new Error('empty CONTENTS');
  const bodyAt = findHeading(lines, first.title.toUpperCase(), contentsAt + 1);
  const entries = parseContents(lines.slice(contentsAt + 1, bodyAt));
  const titleOf = (key: string) => {
    const e = entries.find((x) => x.key === key);
    if (!e) throw new Error(`no "${key}" in CONTENTS`);
    return e.title.toUpperCase();
  };
  const notesAt = findHeading(lines, titleOf('notes'), bodyAt);
  const nameAt = findHeading(lines, titleOf('name-index'), notesAt);
  const subjectAt = findHeading(lines, titleOf('subject-index'), nameAt);
  const wantTitle = normalizeTitle(bookTitle);
  let backAt = lines.findIndex((l, k) => k > subjectAt && normalizeTitle(l.text) === wantTitle);
  if (backAt < 0) backAt = lines.length;
  return {
    front: { from: 0, to: contentsAt },
    contents: { from: contentsAt, to: bodyAt },
    body: { from: bodyAt, to: notesAt },
    notes: { from: notesAt, to: nameAt },
    nameIndex: { from: nameAt, to: subjectAt },
    subjectIndex: { from: subjectAt, to: backAt },
    back: { from: backAt, to: lines.length },
    entries,
  };
}

export const slice = (lines: SourceLine[], r: Range): SourceLine[] => lines.slice(r.from, r.to);
