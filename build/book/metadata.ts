/**
 * What both editions say of the book: the EPUB's package metadata and the PDF's XMP and document
 * information are made from this one record, so that they agree.
 */
import type { BookConfig } from '../config/book.js';
import type { TextInfo } from '../manuscript/units.js';

export interface BookMetadata {
  identifier: string;
  title: string;
  subtitle?: string;
  /** The editors, as the package names them. */
  editors: string[];
  /** The authors of the texts. */
  authors: string[];
  publisher?: string;
  /** Publication date as book.yaml gives it (2026, 2026-11-21). */
  date: string;
  /** The build's date (the manuscript's last commit or SOURCE_DATE_EPOCH), ISO 8601 to the second. */
  modified: string;
  description: string;
  rights: string;
  language: string;
  /** Each text, with its authors. */
  sources: string[];
}

export const authorsOf = (a: string | string[] | undefined) => (a === undefined ? [] : Array.isArray(a) ? a : [a]);

export function bookMetadata(config: BookConfig, texts: TextInfo[], modified: Date): BookMetadata {
  return {
    identifier: config.identifier,
    title: config.title,
    subtitle: config.subtitle,
    editors: config.editors.map((e) => (e === 'the editors' ? 'The editors' : e)),
    authors: [...new Set(texts.flatMap((t) => authorsOf(t.meta.author)))],
    publisher: config.publisher,
    date: config.date,
    modified: modified.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    description: config.description,
    rights: config.rights,
    language: config.language,
    sources: texts.map((t) => `${t.meta.title}${t.meta.author ? ` (${authorsOf(t.meta.author).join(', ')})` : ''}`),
  };
}
