/**
 * Captions of pictures. The extraction leaves two or more blank lines where a picture stood;
 * its caption is a short block next to that gap (before or after it), often broken into
 * short lines, sometimes set in bold or italics. Quotations, note numbers and lower-case
 * continuations are never captions.
 */
import { blockText, type Block } from './lines.js';

const MAX_LENGTH = 160;
const MAX_LINE = 120;
/** A caption set in a narrow column beside its picture: many short lines. */
const MAX_COLUMN_LENGTH = 300;
const MAX_COLUMN_LINE = 40;
const SUPERSCRIPT = /[⁰¹²³⁴⁵⁶⁷⁸⁹]/;
const MAX_SENTENCE_WORDS = 8;

/** Short, and shaped like a caption rather than a sentence of the text. */
export function isCaptionShaped(block: Block): boolean {
  const text = blockText(block);
  const column = block.lines.length >= 3 && block.lines.every((l) => l.text.length <= MAX_COLUMN_LINE);
  if (text.length > (column ? MAX_COLUMN_LENGTH : MAX_LENGTH) || block.lines.some((l) => l.text.length > MAX_LINE)) return false;
  if (/^[\p{Ll}"“‘'(\[]/u.test(text) || /^[*†‡] /.test(text) || SUPERSCRIPT.test(text)) return false;
  // A full sentence of some length is the text's, not a caption ("N. I. Muralov, Moscow, 1926." is one).
  if (/[.?!]$/.test(text) && text.split(/\s+/).length > MAX_SENTENCE_WORDS) return false;
  return true;
}

/** Next to a picture's gap. */
export const besidePicture = (block: Block): boolean => block.blankBefore >= 2 || block.blankAfter >= 2;

export const isCaption = (block: Block): boolean => besidePicture(block) && isCaptionShaped(block);
