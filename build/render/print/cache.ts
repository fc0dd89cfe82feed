/**
 * The print cache: content-addressed, so that a rebuild after a correction lays out and prints
 * only the segments whose HTML changed.
 *
 * A segment's layout (and the snapshot of its laid-out pages) is keyed by the hash of everything
 * that decides it: its HTML, the stylesheet, Paged.js and our code in the page, the toolchain's
 * pagination code. Its printed PDF, made ready for the book, and its structure are keyed by that
 * and by what is filled in after layout: its first folio and the folios its placeholders show. Entries are written to a temporary name and renamed, and a key
 * names its content, so two builds at once cannot corrupt the cache: they write the same bytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sha, Store } from '../../cache/store.js';
import type { Asked } from '../../cache/asked.js';
import type { Layout } from './paginate.js';
import type { Relocatable } from './relocatable.js';
import type { SegmentStructure } from './segment-pdf.js';

const require = createRequire(import.meta.url);
// pagedjs-cli exports no package.json; its main module sits in src/.
const PAGEDJS_VERSION = (JSON.parse(readFileSync(join(dirname(require.resolve('pagedjs-cli')), '..', 'package.json'), 'utf8')) as { version: string }).version;

export class PrintCache {
  constructor(private readonly store = new Store(undefined)) {}

  /** What shapes every segment's layout besides its HTML: the stylesheet, and the text of whatever code paginates. */
  shaping(css: string, code: string[]) {
    return sha('shaping', PAGEDJS_VERSION, css, ...code);
  }

  /** The key of a segment's layout: its HTML and what shapes it (`shaping()`, made once a build). */
  layoutKey(html: string, shaping: string) {
    return sha('layout', html, shaping);
  }

  /** The key of a segment's printed PDF: its layout, its first folio, the folios it shows. */
  printKey(layoutKey: string, startFolio: number, folios: Record<string, string>, html: string) {
    const used = [...html.matchAll(/data-folio-of="([^"]+)"/g)].map((m) => `${m[1]}=${folios[m[1]!] ?? ''}`);
    return sha('print', layoutKey, String(startFolio), ...used);
  }

  /** A segment's HTML, by what it is made of (document.ts, segmentKey). */
  getHtml(key: string): string | undefined {
    return this.store.read(key, 'html')?.toString('utf8');
  }

  putHtml(key: string, html: string) {
    this.store.write(key, 'html', html);
  }

  /**
   * A back matter segment's HTML by what its units are made of, with the folio it was told for
   * each anchor it asked about (null: none): it holds while every one of them is the same.
   */
  getBackMatter(key: string): { asked: Asked; html: string } | undefined {
    return this.store.readJson(key, 'back.json');
  }

  putBackMatter(key: string, entry: { asked: Asked; html: string }) {
    this.store.write(key, 'back.json', JSON.stringify(entry));
  }

  getLayout(key: string): Layout | undefined {
    return this.store.readJson<Layout>(key, 'layout.json');
  }

  get enabled() {
    return this.store.enabled;
  }

  /** The laid-out pages as static HTML, to print again without laying out. */
  getSnapshot(key: string): string | undefined {
    return this.store.read(key, 'snapshot.json')?.toString('utf8');
  }

  getPrinted(key: string): { objects: Relocatable; structure: SegmentStructure } | undefined {
    const kept = this.store.readJson<{ objects: Omit<Relocatable, 'bytes'>; structure: SegmentStructure }>(key, 'printed.json');
    const bytes = kept && this.store.read(key, 'objects');
    return kept && bytes ? { objects: { ...kept.objects, bytes }, structure: kept.structure } : undefined;
  }

  putPrinted(key: string, objects: Relocatable, structure: SegmentStructure) {
    const { bytes, ...rest } = objects;
    this.store.write(key, 'objects', bytes);
    this.store.write(key, 'printed.json', JSON.stringify({ objects: rest, structure }));
  }

  put(key: string, ext: 'layout.json' | 'snapshot.json', content: string | Uint8Array) {
    this.store.write(key, ext, content);
  }
}
