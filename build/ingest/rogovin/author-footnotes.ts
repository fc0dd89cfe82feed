/**
 * The author's own footnotes: at the foot of the page, `* text` (and `† text` for a second
 * one); in the text, an asterisk (or dagger) that opens and closes no italics. Markers and
 * footnotes pair in order within a chapter and are labelled `a1`, `a2`, ….
 */

/** A marker the copy lost and the editors restore: written `:supplied[[^aN]]`, theirs. */
export const RESTORED = '\uE000';

/** Offsets of the asterisks and daggers in `text` that are footnote markers, not italics. */
export function findMarkers(text: string): number[] {
  const markers: number[] = [];
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '†' || c === '‡' || c === RESTORED) {
      markers.push(i);
      continue;
    }
    if (c !== '*') continue;
    if (text[i + 1] === '*') {
      i++; // bold, not ours
      continue;
    }
    const prev = i > 0 ? text[i - 1]! : ' ';
    const next = i + 1 < text.length ? text[i + 1]! : ' ';
    const canOpen = /[\p{L}\p{N}"“‘'(\[.…]/u.test(next) && (/\s/.test(prev) || /[(\["“‘'—–/-]/.test(prev));
    const canClose = !/\s/.test(prev);
    if (!open && canOpen) open = true;
    else if (open && canClose) open = false;
    else markers.push(i);
  }
  return markers;
}

/** Replace the markers of `text` by `[^aN]`, numbering from `first`. */
export function labelMarkers(text: string, first: number): { text: string; count: number } {
  const at = findMarkers(text);
  let out = text;
  for (let k = at.length - 1; k >= 0; k--) {
    const i = at[k]!;
    const label = `[^a${first + k}]`;
    out = `${out.slice(0, i)}${out[i] === RESTORED ? `:supplied[${label}]` : label}${out.slice(i + 1)}`;
  }
  return { text: out, count: at.length };
}

/** A footnote's text without its mark. */
export const footnoteText = (text: string): string => text.replace(/^[*†‡]\s+/, '');

/** Insert a restored marker after `anchor` (first occurrence); undefined if the anchor is not in `text`. */
export function restoreMarker(text: string, anchor: string): string | undefined {
  const i = text.indexOf(anchor);
  if (i < 0) return undefined;
  const end = i + anchor.length;
  return `${text.slice(0, end)}${RESTORED}${text.slice(end)}`;
}
