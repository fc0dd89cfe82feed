/**
 * The build's cache, one content-addressed store per kind of result, in `.cache/` beside the
 * output folder (see store.ts for how entries are written and pruned):
 *
 *   yaml/    validated apparatus files        units/  each file's tree, tagged, and its mentions
 *   ingest/  fresh ingests of the originals   epub/   EPUB chapters, and the last EPUB's entries
 *   print/   laid-out and printed segments    cover/  the cover image
 */
import { join } from 'node:path';
import { toolFingerprint } from './fingerprint.js';
import { type PruneResult, Store } from './store.js';

const AREAS = ['yaml', 'units', 'ingest', 'epub', 'print', 'cover'] as const;
export type Area = (typeof AREAS)[number];

export class BuildCache {
  readonly yaml: Store;
  readonly units: Store;
  readonly ingest: Store;
  readonly epub: Store;
  readonly print: Store;
  readonly cover: Store;

  /** `dir` undefined: nothing is cached (every store misses and keeps nothing). */
  constructor(readonly dir: string | undefined, toolRoot: string) {
    const salt = dir ? toolFingerprint(toolRoot) : '';
    const store = (area: Area) => new Store(dir && join(dir, area), salt);
    this.yaml = store('yaml');
    this.units = store('units');
    this.ingest = store('ingest');
    this.epub = store('epub');
    this.print = store('print');
    this.cover = store('cover');
  }

  get enabled() {
    return this.dir !== undefined;
  }

  /** Keep every area this build used within its budget; returns what each kept. */
  prune(): Partial<Record<Area, PruneResult>> {
    const result: Partial<Record<Area, PruneResult>> = {};
    for (const area of AREAS) {
      const r = this[area].prune();
      if (r) result[area] = r;
    }
    return result;
  }
}
