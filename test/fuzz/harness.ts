/**
 * The fuzz harness: damage one file of a copy of the real manuscript, run `check` and an EPUB
 * build on it in this process, and hold them to what an editor is promised —
 *
 * - neither throws: every problem is a message, never an uncaught exception;
 * - every message is located (a file of the manuscript, a line and a column) and is no stack
 *   trace or bare JavaScript error;
 * - a failed build leaves the output folder exactly as it was; a build that succeeds leaves a
 *   whole EPUB;
 * - `check` and the build agree: the build fails only if `check` reports an error, and an error
 *   from `check` stops the build.
 *
 * The copy is the whole real manuscript: the build's cache keeps every unit a mutation does not
 * reach, so that a run costs what the editor's own rebuild would.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { build } from '../../build/build.js';
import { BuildCache } from '../../build/cache/index.js';
import { check } from '../../build/check.js';
import { formatMessage, formatMessages } from '../../build/output/reporter.js';
import { int, type Mutation, mutate, pick, rng } from './mutate.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Workspace {
  dir: string;
  manuscript: string;
  out: string;
  cache: string;
  /** The files a mutation may hit, relative to the manuscript. */
  files: string[];
}

/** A copy of the real manuscript, and an output folder built from it. */
export async function workspace(): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'reader-fuzz-'));
  const manuscript = join(dir, 'manuscript');
  cpSync(join(ROOT, 'manuscript'), manuscript, { recursive: true });
  const files = walk(manuscript)
    .map((f) => relative(manuscript, f))
    .filter((f) => /\.(md|yaml)$/.test(f) && !f.startsWith('originals/') && !f.endsWith('.ingest.yaml') && f !== 'sources/rogovin/ingest.yaml');
  const ws = { dir, manuscript, out: join(dir, 'dist'), cache: join(dir, '.cache'), files };
  const first = await runOnce(ws);
  if (!first.build.ok) throw new Error(`The fuzz base does not build:\n${formatMessages(first.build.files).join('\n')}`);
  return ws;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Names, sizes and modification times of everything in a folder. */
function snapshot(dir: string) {
  if (!existsSync(dir)) return '';
  return walk(dir)
    .map((f) => {
      const s = statSync(f);
      return `${relative(dir, f)} ${s.size} ${s.mtimeMs}`;
    })
    .sort()
    .join('\n');
}

async function runOnce(ws: Workspace) {
  const cache = new BuildCache(ws.cache, ROOT);
  const checked = await check(ws.manuscript, { cache });
  const built = await build({ manuscript: ws.manuscript, out: ws.out, targets: ['epub'], toolRoot: ROOT, cacheDir: ws.cache });
  return { check: checked, build: built };
}

export interface Outcome {
  seed: number;
  file: string;
  mutation: Omit<Mutation, 'bytes'>;
  /** Broken promises, in words; none when the run kept every one. */
  problems: string[];
  buildOk: boolean;
  messages: number;
}

/** Stack frames and the words of JavaScript's own errors, which no message for an editor has. */
const NOT_FOR_EDITORS = /\n\s+at |\bat .*\.(ts|js):\d+|TypeError|ReferenceError|RangeError|SyntaxError:|Cannot read propert|is not a function|is not iterable|undefined is not|\[object Object\]/;

function broken(files: VFile[], manuscript: string, what: string): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const path = resolve(f.path);
    const inManuscript = !relative(manuscript, path).startsWith('..');
    for (const m of f.messages) {
      const line = formatMessage(f, m)[0];
      if (!inManuscript || !existsSync(path)) problems.push(`${what}: a message not on a file of the manuscript: ${line}`);
      else if (!m.line || !m.column) problems.push(`${what}: a message without line and column: ${line}`);
      if (NOT_FOR_EDITORS.test(m.reason) || (m.note && NOT_FOR_EDITORS.test(m.note))) problems.push(`${what}: a message that is a program's error, not an editor's: ${line}`);
    }
  }
  return problems;
}

/** Damage one file (seeded), run check and the build, restore the file; what went wrong. */
export async function fuzzOnce(ws: Workspace, seed: number): Promise<Outcome> {
  const r = rng(seed);
  // YAML and Markdown alike; the apparatus and book.yaml are hit as often as the texts.
  const yaml = ws.files.filter((f) => f.endsWith('.yaml'));
  const md = ws.files.filter((f) => f.endsWith('.md'));
  const file = int(r, 0, 1) ? pick(r, yaml) : pick(r, md);
  const path = join(ws.manuscript, file);
  const original = readFileSync(path);
  const { bytes, ...mutation } = mutate(original, r);
  const before = snapshot(ws.out);
  const problems: string[] = [];
  let buildOk = false;
  let messages = 0;
  writeFileSync(path, bytes);
  try {
    let result: Awaited<ReturnType<typeof runOnce>> | undefined;
    try {
      result = await runOnce(ws);
    } catch (error) {
      problems.push(`an uncaught exception: ${(error as Error).stack ?? error}`);
    }
    if (result) {
      buildOk = result.build.ok;
      const checkErrors = result.check.some((f) => f.messages.some((m) => m.fatal));
      messages = result.check.reduce((n, f) => n + f.messages.length, 0);
      problems.push(...broken(result.check, ws.manuscript, 'check'), ...broken(result.build.files, ws.manuscript, 'build'));
      if (!result.build.ok && !checkErrors) problems.push('the build failed, but check reported no error');
      if (result.build.ok && checkErrors) problems.push('check reported an error, but the build went ahead');
      if (!result.build.ok && snapshot(ws.out) !== before) problems.push('a failed build changed the output folder');
      if (result.build.ok) {
        const epub = readdirSync(ws.out).find((f) => f.endsWith('.epub'));
        const head = epub ? readFileSync(join(ws.out, epub)).subarray(0, 58) : Buffer.alloc(0);
        if (!head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) || !head.includes('mimetypeapplication/epub+zip')) problems.push('a successful build left no whole EPUB');
      }
      if (readdirSync(ws.out).some((f) => f.startsWith('.staging-'))) problems.push('a staging folder was left in the output folder');
    }
  } finally {
    writeFileSync(path, original);
  }
  return { seed, file, mutation, problems, buildOk, messages };
}

export function dispose(ws: Workspace) {
  rmSync(ws.dir, { recursive: true, force: true });
}

