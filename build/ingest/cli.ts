/**
 * `npm run ingest`: the originals in `manuscript/originals/` become the cleaned texts in
 * `manuscript/sources/`, by the mechanical rules of each ingester.
 *
 * Ingest is an explicit, reviewable rewrite of the manuscript (the build never writes there).
 * It runs once per text; after it, the Markdown is edited by hand. So it refuses to overwrite a
 * file that was changed since ingest wrote it, unless `--force` is given; `--check` only reports
 * which files differ from a fresh ingest.
 *
 *   npm run ingest [-- [--manuscript DIR] [--only SLUG] [--force | --check]]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import type { Ingester, IngestResult } from './record.js';
import { ingesters } from './registry.js';

const HASHES = '.ingest-hashes.json';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function writeAtomic(path: string, content: string) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export function runIngester(ingester: Ingester, manuscript: string): IngestResult {
  const raw = readFileSync(join(manuscript, 'originals', ingester.original), 'utf8');
  return ingester.ingest(raw);
}

function main() {
  const { values } = parseArgs({
    options: {
      manuscript: { type: 'string', default: 'manuscript' },
      only: { type: 'string' },
      force: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
    },
  });
  const manuscript = resolve(values.manuscript!);
  const sources = join(manuscript, 'sources');
  const hashesPath = join(sources, HASHES);
  const hashes: Record<string, string> = existsSync(hashesPath) ? JSON.parse(readFileSync(hashesPath, 'utf8')) : {};
  let refused = 0;
  let differing = 0;

  for (const [slug, ingester] of Object.entries(ingesters)) {
    if (values.only && values.only !== slug) continue;
    if (!existsSync(join(manuscript, 'originals', ingester.original))) {
      console.error(`${join(manuscript, 'originals', ingester.original)}: original missing; skipping ${slug}`);
      continue;
    }
    const result = runIngester(ingester, manuscript);
    for (const note of result.notes ?? []) console.warn(`${slug}: ${note}`);
    const outputs = [
      ...result.files,
      { path: result.recordPath, content: YAML.stringify(result.record, { lineWidth: 0 }) },
    ];
    for (const file of outputs) {
      const target = join(sources, file.path);
      const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
      if (current === file.content) continue;
      if (values.check) {
        differing++;
        console.log(`${target}: differs from a fresh ingest${current === undefined ? ' (missing)' : ''}`);
        continue;
      }
      const editedByHand = current !== undefined && hashes[file.path] !== sha(current);
      if (editedByHand && !values.force) {
        refused++;
        console.error(`${target}: edited since ingest wrote it; not overwritten (use --force to discard the edits)`);
        continue;
      }
      writeAtomic(target, file.content);
      hashes[file.path] = sha(file.content);
      console.log(`${target}: written`);
    }
    const r = result.record;
    const counts = Object.entries(r.counts).map(([k, v]) => `${v} ${k}`).join(', ');
    console.log(`${slug}: ${result.files.length} file(s); ${r.removals.length} removals; ${counts}`);
  }
  if (!values.check) writeAtomic(hashesPath, JSON.stringify(hashes, null, 2) + '\n');
  if (refused || (values.check && differing)) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
