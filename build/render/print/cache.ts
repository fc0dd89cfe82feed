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
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Layout } from './paginate.js';

const require = createRequire(import.meta.url);
// pagedjs-cli exports no package.json; its main module sits in src/.
const PAGEDJS_VERSION = (JSON.parse(readFileSync(join(dirname(require.resolve('pagedjs-cli')), '..', 'package.json'), 'utf8')) as { version: string }).version;

export const sha = (...parts: (string | Uint8Array)[]) => {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p).update('\0');
  return hash.digest('hex');
};

export class PrintCache {
  constructor(private readonly dir: string | undefined) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  /** The key of a segment's layout. `code` is the text of whatever code shapes pagination. */
  layoutKey(html: string, css: string, code: string[]) {
    return sha('layout', PAGEDJS_VERSION, html, css, ...code);
  }

  /** The key of a segment's printed PDF: its layout, its first folio, the folios it shows. */
  printKey(layoutKey: string, startFolio: number, folios: Record<string, string>, html: string) {
    const used = [...html.matchAll(/data-folio-of="([^"]+)"/g)].map((m) => `${m[1]}=${folios[m[1]!] ?? ''}`);
    return sha('print', layoutKey, String(startFolio), ...used);
  }

  private path(key: string, ext: string) {
    return this.dir ? join(this.dir, `${key}.${ext}`) : undefined;
  }

  getLayout(key: string): Layout | undefined {
    const p = this.path(key, 'layout.json');
    return p && existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Layout) : undefined;
  }

  getPdf(key: string): Uint8Array | undefined {
    const p = this.path(key, 'pdf');
    return p && existsSync(p) ? readFileSync(p) : undefined;
  }

  put(key: string, ext: 'layout.json' | 'pdf', content: string | Uint8Array) {
    const p = this.path(key, ext);
    if (!p) return;
    const tmp = `${p}.${process.pid}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, p);
  }
}
