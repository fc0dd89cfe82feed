/**
 * Notes to chapters. The NOTES section's numbering runs 1, 2, 3 … under each chapter heading;
 * a break in the numbering starts a new run. A run belongs to its heading's chapter if the
 * chapter has references for all its numbers and no notes for them yet. Where the extraction
 * displaced a page, a run is found in the chapter before its own (it goes to the next chapter
 * if it fits there), or a chapter's first notes carry on the previous chapter's numbering
 * (16, 17, … where 1, 2, … belong: the run after them starts at their count + 1; they are
 * renumbered). Nothing is invented: a note that fits nowhere is reported.
 */
import type { Note, NoteItem } from './parse-notes.js';
import { endsWithText } from './parse-notes.js';
import { joinText, type Frequencies } from './join-text.js';

export interface Run {
  group: string;
  notes: Note[];
  lead?: { text: string; raw: string; line: number };
}

export interface Assignment {
  /** Chapter key → note number → note. */
  notes: Map<string, Map<number, Note>>;
  relocated: number;
  renumbered: number;
  /** Lead pieces dropped because the note they belong to already ends with them. */
  duplicates: { text: string; line: number }[];
  unplaced: string[];
  /** What was moved or renumbered, and why, for the report. */
  resolved: string[];
}

export function toRuns(items: NoteItem[]): Run[] {
  const runs: Run[] = [];
  let group = '';
  let lead: Run['lead'];
  let current: Run | undefined;
  for (const item of items) {
    if (item.kind === 'heading') {
      group = item.key;
      current = undefined;
    } else if (item.kind === 'lead') {
      lead = { text: item.text, raw: item.raw, line: item.line };
      current = undefined;
    } else {
      const last = current?.notes[current.notes.length - 1];
      if (current && last && item.note.number === last.number + 1) current.notes.push(item.note);
      else {
        current = { group, notes: [item.note], ...(lead ? { lead } : {}) };
        runs.push(current);
        lead = undefined;
      }
    }
  }
  return runs;
}

export function assignNoteRuns(runs: Run[], chapterOrder: string[], refCount: Map<string, number>, freq: Frequencies): Assignment {
  const notes = new Map<string, Map<number, Note>>(chapterOrder.map((k) => [k, new Map()]));
  const result: Assignment = { notes, relocated: 0, renumbered: 0, duplicates: [], unplaced: [], resolved: [] };
  const span = (list: Note[], shift = 0) => `${list[0]!.number - shift}–${list[list.length - 1]!.number - shift}`;
  const nextOf = (key: string) => chapterOrder[chapterOrder.indexOf(key) + 1];
  const fits = (list: Note[], key: string | undefined, shift = 0): boolean =>
    !!key && list.every((n) => n.number - shift >= 1 && n.number - shift <= (refCount.get(key) ?? 0) && !notes.get(key)!.has(n.number - shift));
  const place = (list: Note[], key: string, shift = 0) => {
    for (const n of list) notes.get(key)!.set(n.number - shift, { ...n, number: n.number - shift });
  };
  const leads: { run: Run; key: string }[] = [];

  runs.forEach((run, i) => {
    const next = nextOf(run.group);
    if (fits(run.notes, run.group)) {
      place(run.notes, run.group);
      if (run.lead) leads.push({ run, key: run.group });
      return;
    }
    if (fits(run.notes, next)) {
      place(run.notes, next!);
      result.relocated += run.notes.length;
      result.resolved.push(`notes ${span(run.notes)} under ${run.group} (line ${run.notes[0]!.line}) belong to ${next}: moved`);
      if (run.lead) leads.push({ run, key: next! });
      return;
    }
    // The longest first part that fits its chapter; the rest belongs to the next one.
    let cut = 0;
    while (cut < run.notes.length && fits(run.notes.slice(0, cut + 1), run.group)) cut++;
    place(run.notes.slice(0, cut), run.group);
    const rest = run.notes.slice(cut);
    const following = runs[i + 1];
    const shift = rest[0]!.number - 1;
    const target = following && (fits(following.notes, run.group) ? run.group : next);
    if (following && target && following.notes[0]!.number === rest.length + 1 && fits(rest, target, shift)) {
      place(rest, target, shift);
      result.renumbered += rest.length;
      result.resolved.push(
        `notes ${span(rest)} under ${run.group} (line ${rest[0]!.line}) carry on its numbering but precede ${target}'s note ${following.notes[0]!.number}: renumbered ${span(rest, shift)} for ${target}`,
      );
    } else if (fits(rest, next)) {
      place(rest, next!);
      result.relocated += rest.length;
      result.resolved.push(`notes ${span(rest)} under ${run.group} (line ${rest[0]!.line}) belong to ${next}: moved`);
    } else {
      for (const n of rest) result.unplaced.push(`note ${n.number} under ${run.group} (line ${n.line}): ${n.text}`);
    }
  });

  for (const { run, key } of leads) {
    const before = notes.get(key)!.get(run.notes[0]!.number - 1);
    const lead = run.lead!;
    if (before && endsWithText(before.text, lead.text)) {
      result.duplicates.push({ text: lead.raw, line: lead.line });
      result.resolved.push(`"${lead.raw}" (line ${lead.line}) repeats the end of ${key}'s note ${before.number}: removed`);
    } else if (before) {
      before.text = joinText(before.text, lead.text, freq).text;
      result.resolved.push(`"${lead.raw}" (line ${lead.line}) ends ${key}'s note ${before.number}: joined`);
    }
    else result.unplaced.push(`piece of a note (line ${lead.line}): ${lead.text}`);
  }
  return result;
}
