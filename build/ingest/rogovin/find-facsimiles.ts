/**
 * Facsimiles reproduced on the page whose OCR leaked into the text: a cover or page of the
 * Russian *Bulletin of the Opposition*, Reiss's German notes, an English magazine page.
 *
 * A run starts at a seed block (mostly Cyrillic; `[illegible]`; a span listed in known-damage)
 * and takes in the blocks that follow while they are not the book's prose (prose: starts in
 * lower case, continuing the paragraph the facsimile interrupted, or is one long line). The
 * last block of a run, if short and in the Latin alphabet, is the facsimile's caption.
 */
import { blockText, type Block } from './lines.js';
import type { FacsimileSpan } from './known-damage.js';
import { isMostlyCyrillic } from './script.js';

export type FacsimileRole = 'facsimile' | 'caption';

const ILLEGIBLE = /^\[illegible\]$/i;
const MAX_CAPTION = 300;

const isSeed = (b: Block): boolean => isMostlyCyrillic(blockText(b)) || ILLEGIBLE.test(blockText(b).trim());

/** The book's own prose: the continuation of an interrupted paragraph, or a long paragraph. */
const isProse = (b: Block): boolean => {
  const text = blockText(b);
  return /^\p{Ll}/u.test(text) || (b.lines.length === 1 && text.length >= 200 && !isMostlyCyrillic(text));
};

/** Index of the last block of a listed span starting at `i`, or -1. */
function spanEnd(blocks: Block[], i: number, spans: FacsimileSpan[]): number {
  const span = spans.find((s) => blocks[i]!.lines[0]!.text.startsWith(s.first));
  if (!span) return -1;
  const end = blocks.findIndex((b, k) => k >= i && b.lines.some((l) => l.text.startsWith(span.last)));
  return end;
}

/** Roles of the blocks that belong to facsimiles, by block index. `stop(i)` ends a run (headings). */
export function findFacsimiles(blocks: Block[], spans: FacsimileSpan[], stop: (i: number) => boolean): Map<number, FacsimileRole> {
  const roles = new Map<number, FacsimileRole>();
  for (let i = 0; i < blocks.length; i++) {
    if (stop(i)) continue;
    const listed = spanEnd(blocks, i, spans);
    if (listed < 0 && !isSeed(blocks[i]!)) continue;
    let end = Math.max(i, listed);
    while (end + 1 < blocks.length && !stop(end + 1) && (isSeed(blocks[end + 1]!) || !isProse(blocks[end + 1]!))) end++;
    for (let k = i; k <= end; k++) roles.set(k, 'facsimile');
    const last = blocks[end]!;
    if (end > Math.max(i, listed) && !isSeed(last) && blockText(last).length <= MAX_CAPTION) roles.set(end, 'caption');
    i = end;
  }
  return roles;
}
