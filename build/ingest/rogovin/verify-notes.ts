/**
 * The check that every note reference has exactly one note and every note is referenced,
 * chapter by chapter, and that the references run 1, 2, 3 … in the text.
 */

export interface ChapterNotes {
  key: string;
  /** Note numbers in the order the text references them. */
  refs: number[];
  /** Numbers of the chapter's notes. */
  notes: number[];
  /** Author's footnote markers and footnotes. */
  markers: number;
  footnotes: number;
}

export function verifyNotes(chapters: ChapterNotes[]): string[] {
  const problems: string[] = [];
  for (const c of chapters) {
    const seen = new Set<number>();
    c.refs.forEach((n, i) => {
      if (seen.has(n)) problems.push(`${c.key}: note ${n} referenced more than once`);
      seen.add(n);
      if (n !== i + 1) problems.push(`${c.key}: reference ${i + 1} in the text is numbered ${n}`);
    });
    const notes = new Set(c.notes);
    for (const n of seen) if (!notes.has(n)) problems.push(`${c.key}: reference ${n} has no note`);
    for (const n of notes) if (!seen.has(n)) problems.push(`${c.key}: note ${n} is not referenced`);
    if (c.markers !== c.footnotes) problems.push(`${c.key}: ${c.markers} footnote marker(s) in the text, ${c.footnotes} author's footnote(s)`);
  }
  return problems;
}
