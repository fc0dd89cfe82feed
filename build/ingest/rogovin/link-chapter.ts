/**
 * One chapter's references, linked: superscript note numbers become `[^N]`, the author's
 * footnote markers `[^aN]` (after putting back the markers the extraction lost), and the
 * chapter's footnotes are collected in order for their definitions.
 */
import { footnoteText, labelMarkers, restoreMarker } from './author-footnotes.js';
import type { FlowItem } from './join-page-breaks.js';
import type { LostMarker } from './known-damage.js';
import { convertNoteRefs } from './note-refs.js';
import type { Chapter } from './split-chapters.js';

export interface LinkedChapter {
  chapter: Chapter;
  /** Note numbers in the order the text references them. */
  refs: number[];
  /** The author's footnotes, in order: `a1`, `a2`, …. */
  footnotes: string[];
  /** Footnote markers found in the text. */
  markers: number;
  /** References printed in another form and repaired (`^{8†}`). */
  repaired: number;
  /** Spaces removed before a reference. */
  spaces: number;
}

/** The chapter with its paragraph and verse texts rewritten by `f`, in order. */
function mapTexts(chapter: Chapter, f: (text: string) => string): Chapter {
  const items = chapter.items.map((item): FlowItem => {
    if (item.kind === 'paragraph') return { ...item, text: f(item.text) };
    if (item.kind === 'verse') return { ...item, lines: f(item.lines.join('\n')).split('\n') };
    return item;
  });
  return { ...chapter, items };
}

/**
 * Chapters with the listed lost markers put back (in the chapter whose footnote it is, after
 * the anchor text); `missed` names those whose footnote or anchor was not found.
 */
export function restoreLostMarkers(chapters: Chapter[], lost: LostMarker[]): { chapters: Chapter[]; restored: number; missed: string[] } {
  let restored = 0;
  const missed: string[] = [];
  let result = chapters;
  for (const m of lost) {
    const at = result.findIndex((c) => c.items.some((i) => i.kind === 'footnote' && footnoteText(i.text).startsWith(m.footnote)));
    let done = false;
    if (at >= 0) {
      const chapter = mapTexts(result[at]!, (text) => {
        const r = done ? undefined : restoreMarker(text, m.after);
        if (r === undefined) return text;
        done = true;
        return r;
      });
      result = result.map((c, k) => (k === at ? chapter : c));
    }
    if (done) restored++;
    else missed.push(`lost footnote marker not restored: "${m.footnote}" after "${m.after}"`);
  }
  return { chapters: result, restored, missed };
}

export function linkChapter(chapter: Chapter): LinkedChapter {
  const refs: number[] = [];
  let repaired = 0;
  let spaces = 0;
  const withRefs = mapTexts(chapter, (text) => {
    const c = convertNoteRefs(text);
    refs.push(...c.refs);
    repaired += c.repaired;
    spaces += c.spaces;
    return c.text;
  });
  let markers = 0;
  const linked = mapTexts(withRefs, (text) => {
    const l = labelMarkers(text, markers + 1);
    markers += l.count;
    return l.text;
  });
  const footnotes = linked.items.flatMap((i) => (i.kind === 'footnote' ? [footnoteText(i.text)] : []));
  return { chapter: linked, refs, footnotes, markers, repaired, spaces };
}
