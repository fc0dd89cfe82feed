/**
 * Removals of whole parts of the book that the edition does not print: the title and
 * copyright pages (publisher's addresses apart), the contents list, the two indexes keyed
 * to the printed pages, and the back cover with its barcode. One removal per block.
 */
import type { Removal, RemovalClass } from '../record.js';
import { blockLine, blockText, toBlocks, type Block, type SourceLine } from './lines.js';

const ADDRESS = /\b(?:P\.?\s?O\.? Box|Road|Street|Avenue|Michigan|MI \d{5}|NSW|England)\b|^Published by\b/;
const BARCODE = /^(?:ISBN\b.*|[\d\s>]+)$/;

const removal = (cls: RemovalClass, b: Block): Removal => ({ class: cls, text: blockText(b), line: blockLine(b) });

/** Title pages, copyright page, CIP data: `title-page`, except address blocks: `publisher-address`. */
export function frontMatterRemovals(lines: SourceLine[]): Removal[] {
  return toBlocks(lines).map((b) => removal(b.lines.some((l) => ADDRESS.test(l.text.trim())) ? 'publisher-address' : 'title-page', b));
}

/** Every block of a part removed as a whole (contents, name index, subject index). */
export function wholePartRemovals(lines: SourceLine[], cls: RemovalClass): Removal[] {
  return toBlocks(lines).map((b) => removal(cls, b));
}

/** The back cover repeats the title page's matter (`title-page`); the ISBN and barcode digits are `extraction-debris`. */
export function backMatterRemovals(lines: SourceLine[]): Removal[] {
  return toBlocks(lines).map((b) => removal(b.lines.every((l) => BARCODE.test(l.text.trim())) ? 'extraction-debris' : 'title-page', b));
}
