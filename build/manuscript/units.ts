/**
 * The book as a sequence of units, in reading order. A unit is what the EPUB makes one XHTML
 * file of and the print document one section: a part title, a text, a chapter of a book.
 */
import type { VFile } from 'vfile';
import type { Generated } from '../config/book.js';
import type { TextMeta } from './front-matter.js';

interface UnitBase {
  /** ASCII id, unique in the book: `wikipedia`, `rogovin-12`, `part-overviews`. */
  id: string;
  /** The title as the contents and the navigation show it. */
  title: string;
  /** Depth in the contents: 0 part or front/back matter, 1 text, 2 chapter. */
  depth: number;
}

export interface FileUnit extends UnitBase {
  kind: 'front' | 'text' | 'chapter';
  file: VFile;
  meta: TextMeta;
  /** The text this unit belongs to (its own id for a single-file text). */
  textId: string;
}

export interface TextOpenerUnit extends UnitBase {
  /** The opening page of a text made of several files: title, author, provenance. */
  kind: 'text-opener';
  meta: TextMeta;
  textId: string;
  file: VFile;
}

export interface PartUnit extends UnitBase {
  kind: 'part';
  /** 1-based, for "Part One". */
  number: number;
}

export interface GeneratedUnit extends UnitBase {
  kind: 'generated';
  name: Generated;
}

export type Unit = FileUnit | TextOpenerUnit | PartUnit | GeneratedUnit;

/** A text of the book (single file or folder), for provenance and running heads. */
export interface TextInfo {
  id: string;
  meta: TextMeta;
  /** Path relative to the manuscript folder. */
  path: string;
  partId: string;
}
