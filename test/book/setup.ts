/**
 * The real book, built once (both editions and the press PDF) for every test in test/book, into a fresh folder,
 * exactly as `npm run build` builds it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from '../../build/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    book: { out: string; manuscript: string; seconds: number; ok: boolean; errors: string[]; warnings: string[] };
  }
}

export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '..', '..');
  const out = mkdtempSync(join(tmpdir(), 'reader-book-'));
  const manuscript = join(root, 'manuscript');
  const started = performance.now();
  const result = await build({ manuscript, out, targets: ['epub', 'pdf', 'press'], toolRoot: root });
  const errors = result.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}:${m.line}:${m.column}: ${m.reason}`));
  const warnings = result.files.flatMap((f) => f.messages.filter((m) => !m.fatal).map((m) => `${f.path}:${m.line}:${m.column}: ${m.reason}`));
  project.provide('book', { out, manuscript, seconds: (performance.now() - started) / 1000, ok: result.ok, errors, warnings });
}
