/** What an ingester produces: the manuscript files and the record of what it changed. */

/** Classes of deliberate removal. Every removed span of original words carries one. */
export type RemovalClass =
  | 'wiki-tag'
  | 'see-pointer'
  | 'caption'
  | 'contents'
  | 'name-index'
  | 'subject-index'
  | 'title-page'
  | 'publisher-address'
  | 'facsimile-ocr'
  | 'page-number'
  | 'extraction-debris';

export interface Removal {
  class: RemovalClass;
  /** The removed text, as it stands in the original. */
  text: string;
  /** 1-based line in the original. */
  line: number;
}

export interface IngestRecord {
  original: string;
  /** Mechanical changes, by class: `page-break-join`, `quotes-curled`, … */
  counts: Record<string, number>;
  removals: Removal[];
}

export interface IngestedFile {
  /** Path relative to `manuscript/sources/`. */
  path: string;
  content: string;
}

export interface IngestResult {
  files: IngestedFile[];
  /** Path of the record, relative to `manuscript/sources/` (`wikipedia.ingest.yaml`, `rogovin/ingest.yaml`). */
  recordPath: string;
  record: IngestRecord;
  /** What the ingester decided or could not decide, for the person running it. */
  notes?: string[];
}

export interface Ingester {
  /** The original's file name in `manuscript/originals/`. */
  original: string;
  /** Pure: the raw text in, the manuscript files and the record out. */
  ingest(raw: string): IngestResult;
}
