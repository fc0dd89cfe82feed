/**
 * `npm run check`: every manuscript diagnostic in one run, without rendering anything — schema
 * errors in the YAML, bytes that are not text, Markdown the book does not render, typography
 * slips, note mismatches, dangling cross-references, ambiguous mentions, unused glossary entries,
 * persons no text mentions, facts not verified — less the suppressed ones.
 *
 * With a cache (the build's), an unchanged file is neither parsed nor linted again: its
 * messages come back from the cache.
 */
import { relative, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { loadApparatus } from './apparatus/load.js';
import { assemble } from './book/assemble.js';
import type { BuildCache } from './cache/index.js';
import type { Store } from './cache/store.js';
import { lintApparatusUsage } from './lint/apparatus-usage.js';
import { applySuppressions } from './lint/suppressions.js';
import { lintFrontClaims } from './lint/claims.js';
import { lintQuotes } from './lint/quotes.js';
import { lintTypography } from './lint/typography.js';
import { lintVerification } from './lint/verification.js';
import { loadManuscript, type Source } from './manuscript/load.js';
import { type KeptMessage, keepMessages, replayMessages } from './cache/messages.js';

export interface CheckOptions {
  cache?: BuildCache;
}

/** The lints that read one file alone, run or taken from the cache by the file's hash. */
function lintFile(source: Source, file: VFile, store?: Store) {
  const key = source.key && store?.enabled ? store.key('lint', source.key) : undefined;
  const kept = key ? store!.readJson<KeptMessage[]>(key, 'lint.json') : undefined;
  if (kept) return replayMessages(file, kept);
  const before = file.messages.length;
  lintTypography(source.tree(), file);
  lintQuotes(file);
  if (key) store!.writeJson(key, keepMessages(file, before), 'lint.json');
}

export async function check(manuscriptDir: string, options: CheckOptions = {}): Promise<VFile[]> {
  const dir = resolve(manuscriptDir);
  const { cache } = options;
  const loaded = loadManuscript(dir, cache?.units);
  if (!loaded.ok) return loaded.files;
  const { manuscript } = loaded;
  for (const [unitId, source] of manuscript.sources) {
    const unit = manuscript.units.find((u) => u.id === unitId);
    if (unit && 'file' in unit) lintFile(source, unit.file, cache?.units);
  }
  // The editors' own prose, against its record of checks.
  const claimFiles = lintFrontClaims(manuscript);
  const apparatus = loadApparatus(dir, cache?.yaml, manuscript.units);
  const files = [...manuscript.files, ...claimFiles, ...apparatus.files];
  if (!files.some((f) => f.messages.some((m) => m.fatal))) {
    const book = await assemble(manuscript, apparatus, { cache });
    const fileOf = (rel: string) => manuscript.files.find((f) => relative(dir, resolve(f.path)) === rel);
    lintApparatusUsage(apparatus, book.mentions, book.emendations, book.unusedReasons, fileOf);
    lintVerification(apparatus);
  }
  const ignore = applySuppressions(dir, files);
  return ignore ? [...files, ignore] : files;
}
