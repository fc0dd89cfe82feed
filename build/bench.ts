/**
 * `npm run bench`: the real book's build figures, measured in one run on this machine, with the
 * ratios the targets are stated in. Not a test: this machine is shared and noisy, so the figures
 * go into the README with the machine they were taken on.
 *
 *   full EPUB build · full PDF build · the PDF without the index (for the index's cost) ·
 *   Chromium's own print of the same print HTML · plain pagedjs-cli on it · WeasyPrint and
 *   pandoc where installed · a rebuild after a one-word change · peak memory
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer';
import { build, type Target } from './build.js';
import { CHROMIUM_ARGS, findChromium } from './render/print/chromium.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SLUG = 'great-purge-reader';
const work = mkdtempSync(join(tmpdir(), 'reader-bench-'));
const results: { what: string; seconds?: number; note?: string }[] = [];

/** Peak resident memory of this process and of the Chromiums it starts, sampled every 200 ms. */
let peakChildren = 0;
const sampler = setInterval(() => {
  try {
    const out = execFileSync('ps', ['-eo', 'rss=,comm='], { encoding: 'utf8' });
    const kb = out
      .split('\n')
      .filter((l) => /chrom/i.test(l))
      .reduce((n, l) => n + (Number(l.trim().split(/\s+/)[0]) || 0), 0);
    peakChildren = Math.max(peakChildren, kb * 1024);
  } catch {
    // no children at this moment
  }
}, 200);

async function timed(what: string, run: () => Promise<unknown>) {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  results.push({ what, seconds });
  console.error(`${what}: ${seconds.toFixed(1)} s`);
  return seconds;
}

async function buildBook(manuscript: string, out: string, targets: Target[], cacheDir?: string) {
  const result = await build({ manuscript, out, targets, toolRoot: ROOT, cacheDir });
  if (!result.ok) {
    const errors = result.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}:${m.line}:${m.column}: ${m.reason}`));
    throw new Error(`build of ${manuscript} failed:\n${errors.join('\n')}`);
  }
  return result;
}

const copyManuscript = (name: string) => {
  const dir = join(work, name);
  cpSync(join(ROOT, 'manuscript'), dir, { recursive: true });
  return dir;
};

async function main() {
  const chromium = findChromium();
  if (!chromium) throw new Error('The benchmark needs Chromium (apt-get install chromium).');
  const out = join(work, 'dist');
  const manuscript = join(ROOT, 'manuscript');

  // Warm-up: module loading and the first font decoding are not what is measured.
  await buildBook(manuscript, out, ['epub']);

  const epub = await timed('full EPUB build', () => buildBook(manuscript, out, ['epub']));
  const pdf = await timed('full PDF build (all apparatus)', () => buildBook(manuscript, out, ['pdf']));

  const noIndex = copyManuscript('no-index');
  writeFileSync(join(noIndex, 'book.yaml'), readFileSync(join(noIndex, 'book.yaml'), 'utf8').replace(/back: \[(.*), index\]/, 'back: [$1]'));
  // The introduction's references to the index point at the glossary instead.
  const intro = join(noIndex, 'front', 'introduction.md');
  writeFileSync(intro, readFileSync(intro, 'utf8').replaceAll('apparatus:index', 'apparatus:glossary'));
  const pdfNoIndex = await timed('PDF build without the index', () => buildBook(noIndex, join(work, 'dist-no-index'), ['pdf']));

  // The same print HTML, printed by Chromium itself (no Paged.js: no margin boxes, no page map).
  const html = pathToFileURL(join(out, `${SLUG}.print.html`)).href;
  const browser = await puppeteer.launch({ executablePath: chromium, headless: 'new', args: CHROMIUM_ARGS, protocolTimeout: 30 * 60_000 });
  const chromiumPrint = await timed('Chromium’s own print of the print HTML', async () => {
    const page = await browser.newPage();
    await page.goto(html, { waitUntil: 'load', timeout: 0 });
    await page.pdf({ path: join(work, 'chromium.pdf'), preferCSSPageSize: true, printBackground: true, timeout: 0 });
    await page.close();
  });
  await browser.close();

  // Plain pagedjs-cli on the same HTML, as shipped (it never raises Puppeteer's 180 s protocol timeout).
  const cli = join(ROOT, 'node_modules', '.bin', 'pagedjs-cli');
  let pagedjs: number | undefined;
  {
    const started = performance.now();
    const run = spawnSync(cli, [join(out, `${SLUG}.print.html`), '-o', join(work, 'pagedjs.pdf'), '--browserArgs', CHROMIUM_ARGS.join(',')], {
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: chromium },
      encoding: 'utf8',
      timeout: 15 * 60_000,
    });
    const seconds = (performance.now() - started) / 1000;
    if (run.status === 0) {
      pagedjs = seconds;
      results.push({ what: 'plain pagedjs-cli on the print HTML', seconds });
    } else {
      results.push({ what: 'plain pagedjs-cli on the print HTML', note: `failed after ${seconds.toFixed(0)} s: ${(run.stderr || run.stdout).trim().split('\n').at(-1)}` });
    }
    console.error(`pagedjs-cli: ${run.status === 0 ? `${seconds.toFixed(1)} s` : 'failed'}`);
  }

  let weasy: number | undefined;
  if (spawnSync('weasyprint', ['--version']).status === 0) {
    weasy = await timed('WeasyPrint on the print HTML', async () => {
      spawnSync('weasyprint', [join(out, `${SLUG}.print.html`), join(work, 'weasy.pdf')], { timeout: 30 * 60_000 });
    });
  } else results.push({ what: 'WeasyPrint on the print HTML', note: 'not installed' });
  if (spawnSync('pandoc', ['--version']).status === 0) {
    await timed('pandoc EPUB of the print HTML', async () => {
      spawnSync('pandoc', [join(out, `${SLUG}.print.html`), '-o', join(work, 'pandoc.epub')], { timeout: 30 * 60_000 });
    });
  } else results.push({ what: 'pandoc EPUB of the print HTML', note: 'not installed' });

  // An editor's correction: one word in one chapter, then both editions again.
  // (The full builds above ran without the print cache; this one uses it, as `npm run build` does.)
  const edited = copyManuscript('edited');
  const editedOut = join(work, 'dist-edited');
  const cache = join(work, 'cache');
  await buildBook(edited, editedOut, ['epub', 'pdf'], cache);
  const chapter = join(edited, 'sources', 'rogovin', 'ch20.md');
  writeFileSync(chapter, readFileSync(chapter, 'utf8').replace('unbelievable', 'incredible'));
  const rebuildEpub = await timed('EPUB rebuild after a one-word change', () => buildBook(edited, editedOut, ['epub'], cache));
  writeFileSync(chapter, readFileSync(chapter, 'utf8').replace('were so incredible', 'were so very incredible'));
  const rebuildPdf = await timed('PDF rebuild after a one-word change (print cache)', () => buildBook(edited, editedOut, ['pdf'], cache));

  clearInterval(sampler);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)} ×`;
  const lines = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    '',
    '| what | seconds |',
    '| --- | --- |',
    ...results.map((r) => `| ${r.what} | ${r.seconds !== undefined ? r.seconds.toFixed(1) : r.note} |`),
    '',
    '| ratio | target | measured |',
    '| --- | --- | --- |',
    `| full PDF build / Chromium's own print | ≤ 4 × | ${ratio(pdf, chromiumPrint)} |`,
    `| full PDF build / plain pagedjs-cli | | ${pagedjs ? ratio(pdf, pagedjs) : 'n/a'} |`,
    `| full PDF build / WeasyPrint | < 1 × | ${weasy ? ratio(pdf, weasy) : 'WeasyPrint not installed'} |`,
    `| PDF with index / without | ≤ 1.3 × | ${ratio(pdf, pdfNoIndex)} |`,
    `| EPUB rebuild after one word / full EPUB | ≤ 0.2 × | ${ratio(rebuildEpub, epub)} |`,
    `| PDF rebuild after one word / full PDF | ≤ 0.3 × | ${ratio(rebuildPdf, pdf)} |`,
    '',
    `Peak memory: this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; Chromium processes together ${(peakChildren / 2 ** 20).toFixed(0)} MiB.`,
  ];
  console.log(lines.join('\n'));
  writeFileSync(join(ROOT, 'dist', 'bench.md'), `${lines.join('\n')}\n`);
  rmSync(work, { recursive: true, force: true });
}

await main();
