/**
 * The command line: `npm run build [-- --manuscript DIR --out DIR --target epub|pdf]`.
 * Messages print as every command prints them (output/reporter.ts): file:line:column, the fix, a summary.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Target } from './build.js';
import { BuildCache } from './cache/index.js';
import { check } from './check.js';
import { counts, report } from './output/reporter.js';

const TOOL_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The cache lives beside the output folder: `.cache/` for `dist/`. */
const cacheDir = (out: string) => resolve(out, '..', '.cache');

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      manuscript: { type: 'string', default: 'manuscript' },
      out: { type: 'string', default: 'dist' },
      target: { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
    },
  });
  const command = positionals[0] ?? 'build';
  if (command === 'check') {
    // Silence means the manuscript is sound.
    const files = await check(values.manuscript!, { cache: values['no-cache'] ? undefined : new BuildCache(cacheDir(values.out!), TOOL_ROOT) });
    const text = report(files);
    if (text) console.log(text);
    if (counts(files).errors) process.exitCode = 1;
    return;
  }
  if (command !== 'build') {
    console.error(`Unknown command \`${command}\`. Usage: tsx build/cli.ts build|check [--manuscript DIR] [--out DIR] [--target epub|pdf]`);
    process.exitCode = 2;
    return;
  }
  const targets = (values.target?.length ? values.target : ['epub', 'pdf']) as Target[];
  for (const t of targets) {
    if (t !== 'epub' && t !== 'pdf') {
      console.error(`Unknown target \`${t}\`: use epub or pdf.`);
      process.exitCode = 2;
      return;
    }
  }
  const started = performance.now();
  const result = await build({
    manuscript: values.manuscript!,
    out: values.out!,
    targets,
    toolRoot: TOOL_ROOT,
    log: values.quiet ? undefined : (line) => console.error(line),
    // Fresh ingests, laid-out and printed segments are kept in .cache/ beside the output folder, by content.
    cacheDir: values['no-cache'] ? undefined : cacheDir(values.out!),
    progress:
      values.quiet || !process.stderr.isTTY
        ? undefined
        : (pages, expected) => process.stderr.write(`\rlaying out pages: ${pages}${expected ? ` of about ${expected}` : ''}   `),
  });
  const text = report(result.files);
  if (text) console.error(text);
  for (const output of result.outputs) console.error(`wrote ${resolve(values.out!, output)}`);
  const stages = Object.entries(result.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ');
  console.error(`${result.ok ? 'built' : 'failed'} in ${((performance.now() - started) / 1000).toFixed(1)} s (${stages})`);
  if (!result.ok) process.exitCode = 1;
}

await main();
