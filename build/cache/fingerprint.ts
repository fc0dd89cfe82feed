/**
 * The toolchain's fingerprint, part of every cache key that depends on the toolchain: the text
 * of its code (build/), its templates and styles, and the locked versions of its libraries.
 * Change any of them and every such entry misses, so a cached result is never one that today's
 * code would not produce.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha } from './store.js';

const BUILD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .filter((p) => !p.slice(dir.length).split(/[\\/]/).some((part) => part.startsWith('.')))
    .sort();
}

export function toolFingerprint(toolRoot: string): string {
  const root = resolve(toolRoot);
  const files = [...filesUnder(BUILD_DIR), ...filesUnder(join(root, 'templates')), ...filesUnder(join(root, 'styles')), join(root, 'package-lock.json')].filter((f) => existsSync(f));
  return sha('toolchain', ...files.flatMap((f) => [relative(root, f), readFileSync(f)]));
}
