/**
 * How much of an original reaches the manuscript: the share of its words, less those of the
 * recorded removals, that stand in the manuscript in the same order. Words are compared without
 * regard to typography (quotes, dashes, superscript note numbers, Markdown syntax).
 *
 * Words found only elsewhere (a note that moved to its chapter's end) count as moved, not as
 * in order.
 */
import { diffArrays } from 'diff';

const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };

export function words(text: string): string[] {
  return (
    text
      .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (m) => ` ${[...m].map((c) => SUPERSCRIPTS[c]).join('')} `)
      // Markdown, directive and editorial syntax the original does not have; what the editors
      // supply, marked as theirs, is not the text's.
      .replace(/:(?:person|trial|sic)\[((?:[^\][]|\[[^\]]*\])*)\]\{[^}]*\}/g, '$1')
      .replace(/:supplied\[((?:[^\][]|\[[^\]]*\])*)\]/g, ' ')
      .replace(/:break\b/g, ' ')
      // The author's asterisk notes are labelled a1, a2 … where the original prints *.
      .replace(/\[\^a\d+\]:?/g, ' ')
      .replace(/\[\^([^\]]+)\]:?/g, ' $1 ')
      .replace(/^(?:>\s*)*:{3,}\s*[a-z]*\s*$/gm, ' ')
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

export interface Coverage {
  /** Original words after the removals. */
  total: number;
  inOrder: number;
  moved: number;
  missing: string[];
  /** Runs of original words not found in order: where they start, how many, the first few. */
  gaps: { at: number; length: number; words: string }[];
}

/** The original without its recorded removals, each found from the start of its own line. */
export function withoutRemovals(original: string, removals: { text: string; line: number }[]): string {
  const lineStart = [0];
  for (let i = original.indexOf('\n'); i >= 0; i = original.indexOf('\n', i + 1)) lineStart.push(i + 1);
  const cut: [number, number][] = [];
  const taken = new Set<number>();
  for (const r of removals) {
    // The first occurrence from the removal's line that no earlier removal took.
    let at = original.indexOf(r.text, lineStart[r.line - 1] ?? 0);
    while (at >= 0 && taken.has(at)) at = original.indexOf(r.text, at + 1);
    if (at < 0) continue;
    taken.add(at);
    cut.push([at, at + r.text.length]);
  }
  cut.sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [a, b] of cut) {
    if (a < pos) continue;
    out += original.slice(pos, a) + ' ';
    pos = b;
  }
  return out + original.slice(pos);
}

/**
 * The original's words that stand in the manuscript in the same order: a patience diff. Six-word
 * sequences found exactly once in each are anchors; the longest run of anchors in the same
 * order on both sides fixes the alignment, and the stretches between anchors are compared word
 * by word (jsdiff). Linear in practice, and a repeated phrase cannot carry the match astray.
 */
function alignedWords(o: string[], m: string[]): boolean[] {
  const N = 6;
  const grams = (ws: string[]) => {
    const count = new Map<string, number>();
    const first = new Map<string, number>();
    for (let i = 0; i + N <= ws.length; i++) {
      const k = ws.slice(i, i + N).join(' ');
      count.set(k, (count.get(k) ?? 0) + 1);
      if (!first.has(k)) first.set(k, i);
    }
    return { count, first };
  };
  const go = grams(o);
  const gm = grams(m);
  const pairs: [number, number][] = [];
  for (const [k, n] of go.count) if (n === 1 && gm.count.get(k) === 1) pairs.push([go.first.get(k)!, gm.first.get(k)!]);
  pairs.sort((a, b) => a[0] - b[0]);
  // Longest increasing subsequence of the manuscript positions (patience sorting).
  const tails: number[] = [];
  const prev: number[] = new Array(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < pairs[i]![1]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const anchors: [number, number][] = [];
  for (let i = tails.at(-1) ?? -1; i >= 0; i = prev[i]!) anchors.unshift(pairs[i]!);
  const matched = new Array<boolean>(o.length).fill(false);
  let oa = 0;
  let ma = 0;
  const between = (o1: number, m1: number) => {
    let at = oa;
    const parts = diffArrays(o.slice(oa, o1), m.slice(ma, m1));
    parts.forEach((part, p) => {
      const n = part.count ?? part.value.length;
      if (!part.added && !part.removed) for (let k = 0; k < n; k++) matched[at + k] = true;
      // Two words the edition joined at a hyphen ("inva-" "sion" → "invasion") are in order,
      // on whichever side the two halves stand.
      const next = parts[p + 1];
      if (part.removed && next?.added) {
        const joined = new Set(next.value);
        for (let k = 0; k + 1 < n; k++) {
          if (joined.has(part.value[k]! + part.value[k + 1]!)) matched[at + k] = matched[at + k + 1] = true;
        }
        const halves = new Set(next.value.slice(0, -1).map((w, k) => w + next.value[k + 1]!));
        for (let k = 0; k < n; k++) if (halves.has(part.value[k]!)) matched[at + k] = true;
      }
      if (!part.added) at += n;
    });
  };
  for (const [oi, mi] of anchors) {
    if (oi < oa || mi < ma) continue; // overlapping anchors
    between(oi, mi);
    oa = oi;
    ma = mi;
  }
  between(o.length, m.length);
  return matched;
}

/**
 * The other direction: the manuscript's words that do not come from the original, in order or
 * moved. An edition adds no word but by a recorded emendation or as marked supplied text, so
 * this is the list an editor must be able to account for.
 */
export function addedWords(original: string, removals: { text: string; line: number }[], manuscript: string, context = 0): string[] {
  const kept = withoutRemovals(original, removals);
  const o = words(kept);
  // Halves of words the original breaks with a hyphen at a line's end: the rest of the word may
  // stand after a footnote at the foot of the page, not next to its first half.
  const halves = new Set([...kept.matchAll(/([\p{L}]+)-\n/gu)].map((m) => m[1]!.normalize('NFKC').toLowerCase()));
  const vocabulary = new Set(o);
  const broken = (w: string) => [...halves].some((h) => w.startsWith(h) && vocabulary.has(w.slice(h.length)));
  const m = words(manuscript);
  const matched = alignedWords(m, o);
  const bag = new Map<string, number>();
  for (const w of o) bag.set(w, (bag.get(w) ?? 0) + 1);
  m.forEach((w, i) => matched[i] && bag.set(w, bag.get(w)! - 1));
  // A word the edition joined from two halves split at a line or page break (a mechanical repair).
  const joins = new Map<string, number>();
  for (let i = 0; i + 1 < o.length; i++) joins.set(o[i]! + o[i + 1]!, (joins.get(o[i]! + o[i + 1]!) ?? 0) + 1);
  const added: string[] = [];
  m.forEach((w, i) => {
    if (matched[i]) return;
    if ((bag.get(w) ?? 0) > 0) bag.set(w, bag.get(w)! - 1);
    else if ((joins.get(w) ?? 0) > 0) joins.set(w, joins.get(w)! - 1);
    else if (broken(w)) return;
    else added.push(context ? `${w} (… ${m.slice(Math.max(0, i - context), i + context + 1).join(' ')} …)` : w);
  });
  return added;
}

export function coverage(original: string, removals: { text: string; line: number }[], manuscript: string): Coverage {
  const o = words(withoutRemovals(original, removals));
  const m = words(manuscript);
  const matched = alignedWords(o, m);
  // Words not in order may still stand elsewhere (a note moved to its chapter's end).
  const bag = new Map<string, number>();
  for (const w of m) bag.set(w, (bag.get(w) ?? 0) + 1);
  o.forEach((w, i) => matched[i] && bag.set(w, bag.get(w)! - 1));
  let inOrder = 0;
  let moved = 0;
  const missing: string[] = [];
  const gaps: Coverage['gaps'] = [];
  o.forEach((w, i) => {
    if (matched[i]) {
      inOrder++;
      return;
    }
    const last = gaps.at(-1);
    if (last && last.at + last.length === i) last.length++;
    else gaps.push({ at: i, length: 1, words: o.slice(i, i + 8).join(' ') });
    if ((bag.get(w) ?? 0) > 0) {
      moved++;
      bag.set(w, bag.get(w)! - 1);
    } else missing.push(w);
  });
  gaps.sort((a, b) => b.length - a.length);
  return { total: o.length, inOrder, moved, missing, gaps };
}

/**
 * A text's manuscript files as one stream in the order of a printed original: the bodies in
 * reading order, each author's footnote (`[^a1]`) after the paragraph that refers to it, then the numbered notes
 * chapter by chapter, as a book's NOTES section has them.
 */
export function manuscriptStream(files: string[]): string {
  const bodies: string[] = [];
  const notes: string[] = [];
  for (const file of files) {
    const text = file.replace(/^---\n[\s\S]*?\n---\n/, '');
    const defs = new Map<string, string>();
    const body = text.replace(/^\[\^([^\]]+)\]:([\s\S]*?)(?=\n\[\^[^\]]+\]:|$)/gm, (_, label: string, note: string) => {
      defs.set(label, note);
      return '';
    });
    // An author's footnote stood after the paragraph that refers to it.
    bodies.push(
      body
        .split(/\n\n/)
        .map((para) => [para, ...[...para.matchAll(/\[\^(a\d+)\]/g)].map((m) => defs.get(m[1]!) ?? '')].join('\n\n'))
        .join('\n\n'),
    );
    for (const [label, note] of defs) if (!/^a\d+$/.test(label)) notes.push(`${label} ${note}`);
  }
  return [...bodies, ...notes].join('\n');
}
