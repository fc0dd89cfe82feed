/** What the processor's plugins share through `file.data`, typed (never module-level state). */
import type { TextMeta } from '../manuscript/front-matter.js';

export interface NoteInfo {
  /** The label in the manuscript: `22`, `a1`. */
  label: string;
  /** What the reader sees: `22`, `*`. */
  display: string;
  /** Anchor of the note and of its (first) reference. */
  id: string;
  refId: string;
}

/** A mark of the editors inside a text (plugins/editorial.ts). */
export interface EditorialMark {
  kind: 'supplied' | 'break' | 'sic';
  /** Anchor of the mark. */
  id: string;
  /** The words supplied or doubted; for a paragraph break, the words it opens with. */
  text: string;
  /** Why a reading is doubtful. */
  why?: string;
  /** What the mark stands in or for: a heading, a note marker, the running text. */
  where: 'heading' | 'note-marker' | 'text';
}

declare module 'vfile' {
  interface DataMap {
    /** ASCII id of the unit this file becomes (`rogovin-12`); prefixes every id made inside it. */
    unitId: string;
    /** How many levels to push the file's headings down (`#` becomes h(1 + shift)). */
    headingShift: number;
    /** The validated front matter. */
    meta: TextMeta;
    /** The notes of this file, in order of their definitions. */
    notes: NoteInfo[];
    /** A container directive is left open: what it swallowed is not checked again (notes). */
    unclosed: boolean;
    /** Keys of the figures about the edition this file states (`:edition{of=…}`). */
    figures: string[];
    /** The editors' marks in this file, in order. */
    editorial: EditorialMark[];
    /** Cross-references found in this file: target keys such as `trial:sixteen-1936`. */
    xrefs: { to: string; id: string }[];
  }
}

export {};
