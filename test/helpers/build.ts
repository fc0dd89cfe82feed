/** Build a manuscript into a fresh folder, the way `npm run build` does, and return what came out. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type BuildOptions, type Target } from '../../build/build.js';

export const TOOL_ROOT = resolve(import.meta.dirname, '../..');
export const fixture = (name: string) => join(TOOL_ROOT, 'test', 'fixtures', 'manuscripts', name);

export async function buildInto(manuscript: string, targets: Target[] = ['epub', 'pdf'], extra: Partial<BuildOptions> = {}) {
  const out = extra.out ?? mkdtempSync(join(tmpdir(), 'reader-build-'));
  const result = await build({ manuscript, out, targets, toolRoot: TOOL_ROOT, ...extra });
  return { ...result, out };
}

/** All messages as `file:line:column: reason` strings. */
export function messages(result: { files: { path: string; messages: { line?: number | null; column?: number | null; reason: string; fatal?: boolean | null }[] }[] }) {
  return result.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line ?? 0}:${m.column ?? 0}: ${m.fatal ? 'error' : 'warning'} ${m.reason}`));
}
