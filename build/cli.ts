/**
 * The command line: `npm run build [-- --manuscript DIR --out DIR --target epub|pdf|press --press]`.
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

const USAGE = `Usage: tsx build/cli.ts [build|check] [options]   (npm run build -- [options], npm run check)

  build                the EPUB and the PDF into --out (the default command)
  check                every manuscript diagnostic, nothing rendered; silence means sound

  --manuscript DIR     the manuscript folder (default: manuscript)
  --out DIR            the output folder (default: dist); the cache is .cache/ beside it
  --target T           epub, pdf or press; repeat for several (default: epub and pdf)
  --press              also the press PDF for the printer (<slug>.press.pdf, PDF/X-1a, grey)
  --no-cache           build everything afresh
  --quiet              no progress lines
  --help               this text`;

const TARGETS = ['epub', 'pdf', 'press'];

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        manuscript: { type: 'string', default: 'manuscript' },
        out: { type: 'string', default: 'dist' },
        target: { type: 'string', multiple: true },
        press: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        'no-cache': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message.split('. ')[0]}.\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
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
    console.error(`Unknown command \`${command}\`.\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const targets = [...(values.target?.length ? values.target : ['epub', 'pdf']), ...(values.press ? ['press'] : [])] as Target[];
  for (const t of targets) {
    if (!TARGETS.includes(t)) {
      console.error(`Unknown target \`${t}\`: use epub, pdf or press.`);
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
