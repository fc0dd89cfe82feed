/**
 * The print cache: content-addressed, so that a rebuild after a correction lays out and prints
 * only the segments whose HTML changed.
 *
 * A segment's layout is keyed by the hash of everything that decides it: its HTML, the
 * stylesheet, the Paged.js handler, the toolchain's pagination code and Paged.js's version. Its
 * printed PDF is keyed by that and by what is filled in after layout: its first folio and the
 * folios its placeholders show. Entries are written to a temporary name and renamed, and a key
 * names its content, so two builds at once cannot corrupt the cache: they write the same bytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sha, Store } from '../../cache/store.js';
import type { Layout } from './paginate.js';

const require = createRequire(import.meta.url);
// pagedjs-cli exports no package.json; its main module sits in src/.
const PAGEDJS_VERSION = (JSON.parse(readFileSync(join(dirname(require.resolve('pagedjs-cli')), '..', 'package.json'), 'utf8')) as { version: string }).version;

export class PrintCache {
  constructor(private readonly store = new Store(undefined)) {}

  /** The key of a segment's layout. `code` is the text of whatever code shapes pagination. */
  layoutKey(html: string, css: string, code: string[]) {
    return sha('layout', PAGEDJS_VERSION, html, css, ...code);
  }

  /** The key of a segment's printed PDF: its layout, its first folio, the folios it shows. */
  printKey(layoutKey: string, startFolio: number, folios: Record<string, string>, html: string) {
    const used = [...html.matchAll(/data-folio-of="([^"]+)"/g)].map((m) => `${m[1]}=${folios[m[1]!] ?? ''}`);
    return sha('print', layoutKey, String(startFolio), ...used);
  }

  getLayout(key: string): Layout | undefined {
    return this.store.readJson<Layout>(key, 'layout.json');
  }

  getPdf(key: string): Uint8Array | undefined {
    return this.store.read(key, 'pdf');
  }

  put(key: string, ext: 'layout.json' | 'pdf', content: string | Uint8Array) {
    this.store.write(key, ext, content);
  }
}
