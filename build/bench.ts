/**
 * `npm run bench`: the real book's build figures, measured in one run on this machine, with the
 * ratios the targets are stated in. Not a test: this machine is shared and noisy, so the figures
 * go into the README with the machine they were taken on.
 *
 *   full EPUB build · full PDF build · the same with the press PDF (its extra cost) · the PDF
 *   without the index (for the index's cost) · Chromium's own print of the same print HTML ·
 *   plain pagedjs-cli on it · WeasyPrint and pandoc where installed · a rebuild of both
 *   editions after a one-word change, compared byte for byte with a build without the cache ·
 *   peak memory
 *
 * The figures the targets rest on (full PDF, Chromium's print, the press build, the one-word
 * rebuild) are medians of BENCH_RUNS runs (3 unless set), taken in turn so that a noisy minute
 * falls on all of them; the table gives the spread (lowest–highest).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer';
import { build, type Target } from './build.js';
import { shownText, startPreview } from './preview.js';
import { CHROMIUM_ARGS, findChromium, LOOPBACK_ARGS } from './render/print/chromium.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SLUG = 'great-purge-reader';
const work = mkdtempSync(join(tmpdir(), 'reader-bench-'));
const results: { what: string; seconds?: number; note?: string; spread?: [number, number] }[] = [];
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
/** The one-word rebuild's words for “unbelievable” in rogovin/ch20.md: a new one each run. */
const CORRECTIONS = ['incredible', 'improbable', 'astounding', 'staggering', 'remarkable', 'outlandish', 'impossible', 'surprising', 'startling', 'fantastic'];
if (RUNS > CORRECTIONS.length) throw new Error(`BENCH_RUNS is at most ${CORRECTIONS.length}: the one-word rebuild needs a word of its own for each run`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each of `runs` measured `RUNS` times, one after the other in turn; the median of each recorded. */
async function alternating(runs: [what: string, run: () => Promise<unknown>][]): Promise<number[]> {
  const seconds = runs.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, [what, run]] of runs.entries()) {
      const started = performance.now();
      await run();
      seconds[k]!.push((performance.now() - started) / 1000);
      console.error(`${what} (${i + 1} of ${RUNS}): ${seconds[k]!.at(-1)!.toFixed(1)} s`);
    }
  }
  return runs.map(([what], k) => {
    const m = median(seconds[k]!);
    results.push({ what: `${what}${RUNS > 1 ? ` (median of ${RUNS})` : ''}`, seconds: m, spread: [Math.min(...seconds[k]!), Math.max(...seconds[k]!)] });
    return m;
  });
}

/**
 * Peak resident memory of this process and of the Chromiums it starts, sampled every 200 ms: over
 * the whole run, and since the last `resetPeaks()` (for one build's figure).
 */
let peakChildren = 0;
const peaks = { chromium: 0, node: 0 };
const resetPeaks = () => {
  peaks.chromium = 0;
  peaks.node = 0;
};
/** Resident memory of the Chromium processes, read from /proc off this thread (a `ps` run here would stall the builds it measures). */
async function chromiumRss(): Promise<number> {
  let total = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    if (!/^Name:\s*.*chrom/im.test(status)) continue;
    total += Number(/^VmRSS:\s*(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  }
  return total;
}
let sampling = false;
const sampler = setInterval(() => {
  if (sampling) return;
  sampling = true;
  void chromiumRss()
    .then((bytes) => {
      peakChildren = Math.max(peakChildren, bytes);
      peaks.chromium = Math.max(peaks.chromium, bytes);
      peaks.node = Math.max(peaks.node, process.memoryUsage.rss());
    })
    .finally(() => (sampling = false));
}, 200);
const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

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

/**
 * The preview's save-to-visible time, in a real browser: the print page open at the page with
 * the word, the chapter saved with the word changed, the clock stopped when pdf.js has drawn that
 * page from the new version and its text has the new word. Median of RUNS, alternating the word.
 */
async function previewSaveToVisible(manuscript: string, cacheDir: string, chromium: string): Promise<number> {
  const preview = await startPreview({ manuscript, port: 0, cacheDir, log: () => {} });
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: LOOPBACK_ARGS, protocolTimeout: 10 * 60_000 });
  const chapter = join(manuscript, 'sources', 'rogovin', 'ch20.md');
  const original = readFileSync(chapter, 'utf8');
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 1200 });
    await page.goto(`${preview.url}print/`);
    await page.waitForFunction(() => (window as any).__preview?.drawn?.[1] >= 1, { timeout: 120_000 });
    const text = (n: number) => shownText(page, n);
    const words = ['unbelievable', 'incredible'];
    const pages = await page.evaluate(() => (window as any).__preview.doc.numPages as number);
    let target = 0;
    for (let n = 1; n <= pages && !target; n++) if ((await text(n)).includes(`so ${words[0]}`)) target = n;
    if (!target) throw new Error('the preview’s PDF has no page with “so unbelievable”');
    await page.evaluate((n) => {
      (document.getElementById('container') as HTMLElement).scrollTop = (document.querySelectorAll('.page')[n - 1] as HTMLElement).offsetTop;
    }, target);
    const seconds: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const [from, to] = i % 2 ? [words[1]!, words[0]!] : [words[0]!, words[1]!];
      const built = preview.nextBuild();
      const started = performance.now();
      writeFileSync(chapter, readFileSync(chapter, 'utf8').replace(`so ${from}`, `so ${to}`));
      const { version } = await built;
      await page.waitForFunction((n, v) => (window as any).__preview.drawn[n] === v, { timeout: 120_000 }, target, version);
      seconds.push((performance.now() - started) / 1000);
      if (!(await text(target)).includes(`so ${to}`)) throw new Error(`the preview's page ${target} does not have the new word`);
      console.error(`preview, save to visible (${i + 1} of ${RUNS}): ${seconds.at(-1)!.toFixed(1)} s`);
    }
    const m = median(seconds);
    results.push({ what: `preview: save to the corrected page shown, in Chromium${RUNS > 1 ? ` (median of ${RUNS})` : ''}`, seconds: m, spread: [Math.min(...seconds), Math.max(...seconds)] });
    return m;
  } finally {
    writeFileSync(chapter, original);
    await browser.close();
    await preview.close();
  }
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
  // Chromium's own print needs the print HTML: one PDF build first.
  await buildBook(manuscript, out, ['pdf']);
  const html = pathToFileURL(join(out, `${SLUG}.print.html`)).href;
  const browser = await puppeteer.launch({ executablePath: chromium, headless: 'new', args: CHROMIUM_ARGS, protocolTimeout: 30 * 60_000 });
  // The book without its index, for the index's cost.
  const noIndex = copyManuscript('no-index');
  writeFileSync(join(noIndex, 'book.yaml'), readFileSync(join(noIndex, 'book.yaml'), 'utf8').replace(/back: \[(.*), index\]/, 'back: [$1]'));
  // The introduction's references to the index point at the glossary instead.
  const intro = join(noIndex, 'front', 'introduction.md');
  writeFileSync(intro, readFileSync(intro, 'utf8').replaceAll('apparatus:index', 'apparatus:glossary'));
  const [pdf, pdfNoIndex, both, withPress, chromiumPrint] = await alternating([
    ['full PDF build (all apparatus)', () => buildBook(manuscript, out, ['pdf'])],
    ['PDF build without the index', () => buildBook(noIndex, join(work, 'dist-no-index'), ['pdf'])],
    ['full build of both editions', () => buildBook(manuscript, join(work, 'dist-both'), ['epub', 'pdf'])],
    ['full build of both editions and the press PDF', () => buildBook(manuscript, join(work, 'dist-press'), ['epub', 'pdf', 'press'])],
    // The same print HTML, printed by Chromium itself (no Paged.js: no margin boxes, no page map).
    [
      'Chromium’s own print of the print HTML',
      async () => {
        const page = await browser.newPage();
        await page.goto(html, { waitUntil: 'load', timeout: 0 });
        await page.pdf({ path: join(work, 'chromium.pdf'), preferCSSPageSize: true, printBackground: true, timeout: 0 });
        await page.close();
      },
    ],
  ]);
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

  // An editor's correction: one word in one chapter, then both editions again, with the cache
  // warm from the builds before, as `npm run build` does. Each run puts in a word no build before
  // it had (going back to an earlier word would find everything in the cache and lay out nothing).
  const edited = copyManuscript('edited');
  const editedOut = join(work, 'dist-edited');
  const cache = join(work, 'cache');
  await buildBook(edited, editedOut, ['epub', 'pdf'], cache);
  const chapter = join(edited, 'sources', 'rogovin', 'ch20.md');
  const original = readFileSync(chapter, 'utf8');
  if (!original.includes('unbelievable')) throw new Error('the benchmark’s word is no longer in rogovin/ch20.md');
  const words = CORRECTIONS;
  let run = 0;
  const [rebuild] = await alternating([
    [
      'rebuild of both editions after a one-word change',
      () => {
        writeFileSync(chapter, original.replace('unbelievable', words[run++]!));
        return buildBook(edited, editedOut, ['epub', 'pdf'], cache);
      },
    ],
  ]);
  // The rebuild's files against a build of the same manuscript without the cache.
  const fresh = join(work, 'dist-fresh');
  await buildBook(edited, fresh, ['epub', 'pdf']);
  const same = ['pdf', 'epub'].map((ext) => `${ext.toUpperCase()} ${readFileSync(join(fresh, `${SLUG}.${ext}`)).equals(readFileSync(join(editedOut, `${SLUG}.${ext}`))) ? 'identical' : 'DIFFERENT'}`);
  results.push({ what: 'the rebuild’s files against a build without the cache', note: same.join(', ') });

  // Twice the book: the real manuscript with Rogovin's chapters in it a second time, as a text of
  // its own (new ids), built in full; time and peak memory against the real book's, in turn.
  const double = copyManuscript('double');
  cpSync(join(double, 'sources', 'rogovin'), join(double, 'sources', 'rogovin-again'), { recursive: true });
  const yaml = readFileSync(join(double, 'book.yaml'), 'utf8');
  const withPart = yaml.replace(/(\n    - id: the-trials-defended)/, '\n    - id: a-history-of-1937-again\n      title: A History of 1937, Again\n      texts: [sources/rogovin-again]$1');
  if (withPart === yaml) throw new Error('book.yaml has no part `the-trials-defended` to put the second copy before');
  writeFileSync(join(double, 'book.yaml'), withPart);
  const memory: Record<string, { chromium: number; node: number }[]> = { single: [], double: [] };
  let pagesSingle = 0;
  let pagesDouble = 0;
  const [single, twice] = await alternating([
    [
      'full PDF build of the book (scale: single)',
      async () => {
        resetPeaks();
        pagesSingle = (await buildBook(manuscript, join(work, 'dist-single'), ['pdf'])).pageCount ?? 0;
        memory.single!.push({ ...peaks });
      },
    ],
    [
      'full PDF build of twice the book (Rogovin twice)',
      async () => {
        resetPeaks();
        pagesDouble = (await buildBook(double, join(work, 'dist-double'), ['pdf'])).pageCount ?? 0;
        memory.double!.push({ ...peaks });
      },
    ],
  ]);
  const peakOf = (runs: { chromium: number; node: number }[]) => median(runs.map((r) => r.chromium + r.node));
  const chromiumPeak = median(memory.single!.map((r) => r.chromium));
  results.push({ what: `pages: the book ${pagesSingle}, twice the book ${pagesDouble}`, note: '' });
  results.push({ what: 'peak memory, the book (Chromiums + this process, median)', note: `${MiB(peakOf(memory.single!))} (Chromiums ${MiB(chromiumPeak)})` });
  results.push({ what: 'peak memory, twice the book', note: `${MiB(peakOf(memory.double!))} (Chromiums ${MiB(median(memory.double!.map((r) => r.chromium)))})` });

  // The preview, in a real browser: from the save of a one-word change in a Rogovin chapter to
  // the page that has it drawn anew from the new PDF, where the reader was.
  writeFileSync(chapter, original);
  const saveToVisible = await previewSaveToVisible(edited, cache, chromium);

  clearInterval(sampler);
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? "n/a" : `${(a / b).toFixed(2)} ×`);
  const lines = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    '',
    '| what | seconds |',
    '| --- | --- |',
    ...results.map((r) => `| ${r.what} | ${r.seconds !== undefined ? `${r.seconds.toFixed(1)}${r.spread && RUNS > 1 ? ` (${r.spread[0].toFixed(1)}–${r.spread[1].toFixed(1)})` : ''}` : r.note} |`),
    '',
    '| ratio | target | measured |',
    '| --- | --- | --- |',
    `| full PDF build / Chromium's own print | ≤ 3 × (aim 2 ×) | ${ratio(pdf, chromiumPrint)} |`,
    `| full PDF build / plain pagedjs-cli | | ${pagedjs ? ratio(pdf, pagedjs) : 'n/a'} |`,
    `| full PDF build / WeasyPrint | < 1 × | ${weasy ? ratio(pdf, weasy) : 'WeasyPrint not installed'} |`,
    `| PDF with index / without | ≤ 1.3 × | ${ratio(pdf, pdfNoIndex)} |`,
    `| rebuild of both editions after one word / full PDF | ≤ 0.1 × | ${ratio(rebuild, pdf)} |`,
    `| press PDF's extra cost / full build of both editions | < 0.15 × | ${ratio(withPress! - both!, both)} |`,
    `| full EPUB build / full PDF | | ${ratio(epub, pdf)} |`,
    `| twice the book / the book, time | ≤ 2.1 × | ${ratio(twice, single)} |`,
    `| twice the book / the book, peak memory | ≤ 1.3 × | ${ratio(peakOf(memory.double!), peakOf(memory.single!))} |`,
    `| Chromiums' peak memory, the book | ≤ 2.5 GiB | ${(chromiumPeak / 2 ** 30).toFixed(2)} GiB |`,
    `| preview: save to the corrected page shown (median) | ≤ 5 s | ${saveToVisible.toFixed(1)} s |`,
    '',
    `Peak memory over the whole run: this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; Chromium processes together ${MiB(peakChildren)}.`,
  ];
  console.log(lines.join('\n'));
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  writeFileSync(join(ROOT, 'dist', 'bench.md'), `${lines.join('\n')}\n`);
  rmSync(work, { recursive: true, force: true });
}

await main();
