/**
 * The build, top to bottom: load the manuscript → parse and transform every file → assemble the
 * book → render each target (EPUB, print PDF) → move the outputs into place.
 *
 * Every problem is a message on the file it concerns; any fatal one stops the build before
 * anything is written. Outputs are staged and moved into dist/ only when their target succeeded.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VFile } from 'vfile';
import { loadApparatus } from './apparatus/load.js';
import { assemble } from './book/assemble.js';
import { lastCommit, sourceDate } from './config/source-date.js';
import { loadManuscript } from './manuscript/load.js';
import { Staging } from './output/atomic.js';
import { applySuppressions } from './lint/suppressions.js';
import { BuildCache } from './cache/index.js';
import { coverPng } from './render/cover.js';
import { renderEpub } from './render/epub/index.js';
import { CHROMIUM_HELP, findChromium } from './render/print/chromium.js';
import { PrintPool } from './render/print/paginate.js';
import { keepingWith } from './render/print/kept.js';
import { type PageMapEntry, type PageStart, renderPdf } from './render/print/index.js';
import { lintFrontClaims } from './lint/claims.js';
import { bookMetadata } from './book/metadata.js';
import { PDFX_VERSION, points } from './render/press/index.js';
import { PressThread } from './render/press/thread.js';
import { apparatusJson } from './output/apparatus-json.js';
import { buildReport } from './output/report.js';
import { breathe } from './breathe.js';
import { moved, recording } from './cache/asked.js';

/** `press` is the PDF/X file for the printer, made from the PDF's pages: it implies `pdf`. */
export type Target = 'epub' | 'pdf' | 'press';

export interface BuildOptions {
  manuscript: string;
  out: string;
  targets: Target[];
  /** The toolchain's root (templates/, styles/). */
  toolRoot: string;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Where results are kept between builds, by content (none: no cache). */
  cacheDir?: string;
  /** Pages laid out so far, and how many the last build had (an estimate of the total). */
  progress?: (pages: number, expected?: number) => void;
  /** Pagination: how many Chromiums at once, how much text per body segment. */
  print?: { workers?: number; segmentChars?: number };
  /** Chromiums kept by the caller from build to build (the preview): used, not closed. */
  pool?: PrintPool;
  /** Told when each step of the work starts and ends, with the seconds since the build began (the benchmark's timeline). */
  trace?: (event: string, seconds: number) => void;
}

export interface BuildResult {
  ok: boolean;
  /** Every file with its messages, for the reporter. */
  files: VFile[];
  /** Paths written into the output folder. */
  outputs: string[];
  /** Seconds per stage. */
  timings: Record<string, number>;
  pageCount?: number;
}

const hasFatal = (files: VFile[]) => files.some((f) => f.messages.some((m) => m.fatal));

/** The print edition's page map as saved beside the PDF, for EPUB builds without a fresh PDF. */
interface SavedPageMap {
  pages: PageStart[];
  anchors: Record<string, PageMapEntry>;
  /** How many pages are the front matter's and the body's. */
  bodyPages?: number;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  const began = performance.now();
  const trace = options.trace && ((event: string) => options.trace!(event, (performance.now() - began) / 1000));
  const time = async <T>(stage: string, run: () => Promise<T> | T): Promise<T> => {
    await breathe();
    const started = performance.now();
    trace?.(stage);
    try {
      return await run();
    } finally {
      timings[stage] = (performance.now() - started) / 1000;
      trace?.(`${stage} done`);
    }
  };
  const manuscriptDir = resolve(options.manuscript);
  const cache = new BuildCache(options.cacheDir, options.toolRoot);
  // Chromium starts while the manuscript is read: its launch and Paged.js's loading cost as much.
  const targets = options.targets.includes('press') && !options.targets.includes('pdf') ? [...options.targets, 'pdf' as const] : options.targets;
  const chromium = targets.includes('pdf') ? findChromium(options.env) : undefined;
  const blocked: string[] = [];
  // With a warm cache (an earlier build's page map beside its cache), a build usually lays out a
  // few segments: one Chromium starts now, a second only when two segments wait for it.
  const out = resolve(options.out);
  const warm = cache.enabled && existsSync(out) && readdirSync(out).some((f) => f.endsWith('.pagemap.json'));
  // The first is the kept Chromium when it is free (render/print/kept.ts): a correction's build
  // finds it started, with Paged.js loaded.
  const pool =
    options.pool ??
    (chromium ? new PrintPool(chromium, options.print?.workers, (url) => blocked.push(url), (n, kept) => trace?.(`Chromium ${n} ready${kept ? ' (kept)' : ''}`), keepingWith(options.env)).start(warm ? 1 : undefined) : undefined);
  // The date the outputs carry, if from git: asked now, answered while the manuscript is read.
  const committed = lastCommit(manuscriptDir, options.env);
  // The press PDF's thread loads its code while the book is laid out.
  const pressThread = targets.includes('press') ? new PressThread() : undefined;
  try {
    return await stages();
  } finally {
    await pressThread?.close();
    if (pool !== options.pool) await pool?.close();
  }

  async function stages(): Promise<BuildResult> {
    // 1. Load: book.yaml and every file of the reading order.
    const loaded = await time('load', () => loadManuscript(manuscriptDir, cache.units));
    if (!loaded.ok) return { ok: false, files: loaded.files, outputs: [], timings };
    const { manuscript } = loaded;
    const { config } = manuscript;
    const apparatus = await time('load-apparatus', () => loadApparatus(manuscriptDir, cache.yaml, manuscript.units));
    // The introduction's record of checks is part of the manuscript: a broken one stops the build, as it stops `check`.
    manuscript.files.push(...apparatus.files, ...lintFrontClaims(manuscript, cache.yaml));
    if (hasFatal(manuscript.files)) return { ok: false, files: manuscript.files, outputs: [], timings };

    // 2–3. Parse, transform and assemble the book: one tree per unit, shared by both targets.
    const book = await time('transform', () => assemble(manuscript, apparatus, { cache }));
    // The check's suppressions hold for the build too: a warning an editor has answered stays quiet.
    const ignore = applySuppressions(manuscriptDir, manuscript.files, { reportUnused: false });
    if (ignore?.messages.length) manuscript.files.push(ignore);
    if (hasFatal(manuscript.files)) return { ok: false, files: manuscript.files, outputs: [], timings };
    if (cache.enabled) log(`units: ${book.made.length} made${book.made.length <= 8 ? ` (${book.made.join(', ') || 'none'})` : ''}, ${book.reused.length} from the cache`);

    const date = sourceDate(config.date, await committed, options.env);
    const staging = new Staging(out);
    const outputs: string[] = [];
    const report = new VFile({ path: 'build' });
    const pageMapFile = `${config.slug}.pagemap.json`;
    const apparatusFile = `${config.slug}.apparatus.json`;
    const reportFile = `${config.slug}.report`;
    // The last build's outputs, the baseline of the report.
    const previous = <T>(name: string): T | undefined => (existsSync(join(out, name)) ? (JSON.parse(readFileSync(join(out, name), 'utf8')) as T) : undefined);
    const previousPageMap = previous<SavedPageMap>(pageMapFile);
    const previousApparatus = previous<ReturnType<typeof apparatusJson>>(apparatusFile);
    const previousWarnings = previous<{ warnings: string[] }>(`${reportFile}.json`)?.warnings;
    let pageCount: number | undefined;
    let pageMap: SavedPageMap | undefined;
    let json: ReturnType<typeof apparatusJson> | undefined;
    let press: Promise<void> | undefined;
    const pressPdf = async (digital: Uint8Array) => {
      const name = `${config.slug}.press.pdf`;
      try {
        const result = await time('press', () =>
          pressThread!.render(digital, {
            meta: bookMetadata(config, manuscript.texts, date),
            sheet: { width: points(config.trim.width), height: points(config.trim.height), bleed: points(config.press.bleed), marks: config.press.marks },
            condition: config.press.condition,
            producer: 'great-purge-reader toolchain (Paged.js, Chromium, pdf-lib)',
          }),
        );
        timings['press-preflight'] = result.seconds.preflight;
        for (const f of result.findings) {
          const m = report.message(`The press PDF fails its preflight${f.page ? ` on page ${f.page}` : ''}: ${f.detail} [${f.rule}]`, { ruleId: 'press-preflight', source: 'press' });
          m.fatal = true;
          m.note = 'The press PDF was not written. A style or template may have brought in what a press file cannot hold (a colour image, transparency); otherwise it is a fault of the toolchain: report it with the build log.';
        }
        if (result.findings.length) return;
        writeFileSync(staging.path(name), result.pdf);
        staging.commit([name]);
        outputs.push(name);
        log(`press PDF: ${result.pages} pages, ${PDFX_VERSION}, ${result.colours} colours made grey, preflight passed`);
      } catch (error) {
        const m = report.message(`The press PDF could not be made: ${(error as Error).message.split('\n')[0]}`, { ruleId: 'press-failed', source: 'press' });
        m.fatal = true;
        m.note = 'The last press PDF in the output folder is unchanged; the other outputs were written.';
      }
    };
    // 4b (made first, on the page map the EPUB needs). The EPUB, with the print edition's page map:
    // its documents, the page-list and the index's folios. Its log is said only if it is kept.
    // The cover image, made (or read from the cache) once, for however many EPUBs are made.
    let cover: string | undefined;
    const coverFile = () => {
      if (cover) return cover;
      const coverKey = cache.cover.key('cover', JSON.stringify(config));
      const png = cache.cover.read(coverKey, 'png') ?? coverPng(config);
      cache.cover.write(coverKey, 'png', png);
      writeFileSync(staging.path('cover.png'), png);
      return (cover = staging.path('cover.png'));
    };
    const makeEpub = async (map: SavedPageMap | undefined, ahead = false) => {
      const lines: string[] = [];
      // Every folio the EPUB asks for, and what it was told: all it shows of the page map but the pages.
      const asking = recording((id) => map?.anchors[id]?.folio);
      const folios = { get: asking.locate };
      const started = performance.now();
      trace?.(`epub${ahead ? ' (ahead)' : ''}`);
      const bytes = await renderEpub(book, { toolRoot: options.toolRoot, modified: date, cover: coverFile(), pageMap: map ? { folios, pages: map.pages } : undefined, cache: cache.epub, log: (l) => lines.push(l) });
      trace?.('epub done');
      return { bytes, lines, asked: asking.asked(), pages: JSON.stringify(map?.pages), seconds: (performance.now() - started) / 1000 };
    };
    /** Whether an EPUB made on one page map is the one `map` gives: the same pages, the same answer to every folio it asked for. */
    const holds = (epub: Awaited<ReturnType<typeof makeEpub>>, map: SavedPageMap | undefined) =>
      !!map && epub.pages === JSON.stringify(map.pages) && !moved(epub.asked, (id) => map.anchors[id]?.folio);
    // A correction seldom moves a page: the EPUB is made ahead while Chromium lays the book out,
    // first on the last build's page map, then (if the front matter and the body, once laid out,
    // show other pages or folios than it did) on their pages and the last build's back matter. It
    // is kept only if the book's page map is the same in all the EPUB shows. Not when the press
    // PDF is made too: that is made from the PDF on its own thread, and the EPUB made beside it
    // costs nothing.
    let early: Promise<Awaited<ReturnType<typeof makeEpub>> | undefined> | undefined;
    const last = previousPageMap;
    const foresee = targets.includes('epub') && targets.includes('pdf') && !targets.includes('press') && last?.bodyPages !== undefined;
    const speculate = foresee
      ? (body: { pages: PageStart[]; anchors: Map<string, PageMapEntry> }) => {
          const guess: SavedPageMap = { pages: [...body.pages, ...last!.pages.slice(last!.bodyPages)], anchors: { ...last!.anchors, ...Object.fromEntries(body.anchors) } };
          early = (early ?? Promise.resolve(undefined)).then((made) => (made && holds(made, guess) ? made : breathe().then(() => makeEpub(guess, true)))).catch(() => undefined);
        }
      : undefined;
    /** The last build's folio of an anchor before the back matter (where the back matter's own anchors have none yet). */
    const lastFolio =
      last?.bodyPages !== undefined
        ? (id: string) => {
            const at = last.anchors[id];
            return at && at.pdfPage <= last.bodyPages! ? at.folio : undefined;
          }
        : undefined;
    try {
      // 4a. Print PDF (first, so that the EPUB can carry the print edition's page-list).
      if (targets.includes('pdf')) {
        if (!chromium) {
          report.message(CHROMIUM_HELP, { ruleId: 'no-browser', source: 'pdf' }).fatal = true;
        } else {
          try {
            const result = await time('pdf', () => {
              const rendering = renderPdf(book, {
                toolRoot: options.toolRoot,
                workDir: staging.dir,
                slug: config.slug,
                chromium,
                date,
                log,
                progress: options.progress && ((pages) => options.progress!(pages, previousPageMap?.pages.length)),
                ...options.print,
                trace,
                bodyPlaced: speculate,
                foreseen: lastFolio,
                cache: cache.print,
                pool,
                closePool: pool !== options.pool,
              });
              // Once Chromium has started and renderPdf has given it its first work (and foreseen the back matter).
              if (foresee) early = pool!.workers[0]!.ready().then(breathe, breathe).then(() => makeEpub(last, true)).catch(() => undefined);
              return rendering;
            });
            for (const url of new Set(blocked)) {
              const m = report.message(`Chromium was asked for \`${url}\`, which is not a local file: blocked`, { ruleId: 'remote-resource', source: 'pdf' });
              m.note = 'The book loads nothing from the network; whatever asked for it (a stylesheet, an image) is not in the PDF.';
            }
            Object.assign(timings, result.timings);
            pageCount = result.pageCount;
            pageMap = { pages: result.pages, anchors: Object.fromEntries(result.pageMap), bodyPages: result.bodyPages };
            writeFileSync(staging.path(`${config.slug}.pdf`), result.pdf);
            writeFileSync(staging.path(pageMapFile), JSON.stringify(pageMap));
            staging.commit([`${config.slug}.pdf`, pageMapFile, ...result.printFiles]);
            outputs.push(`${config.slug}.pdf`, pageMapFile, ...result.printFiles);
            log(`PDF: ${result.pageCount} pages`);
            // 4a'. The press PDF, from the PDF just made, on a thread of its own while the EPUB is made.
            if (targets.includes('press')) press = pressPdf(result.pdf);
          } catch (error) {
            // Chromium crashed, or Paged.js failed: no PDF, and dist/ keeps the last one.
            const m = report.message(`The PDF could not be made: ${(error as Error).message.split('\n')[0]}`, { ruleId: 'pdf-failed', source: 'pdf' });
            m.fatal = true;
            m.note = 'The last PDF in the output folder is unchanged. Run again; if it fails again, check the Chromium (PUPPETEER_EXECUTABLE_PATH).';
          }
        }
      }
      // 4b. EPUB, with the print edition's page map: this build's, else the last one saved.
      if (targets.includes('epub')) {
        if (!pageMap && existsSync(join(out, pageMapFile))) {
          pageMap = JSON.parse(readFileSync(join(out, pageMapFile), 'utf8')) as SavedPageMap;
          log(`EPUB: page-list and index folios from the last print build (${pageMapFile}); rebuild the PDF to refresh them`);
        } else if (!pageMap) {
          log('EPUB: no print page map yet, so no page-list; the index numbers its references instead of citing print pages');
        }
        const made = await early;
        const epub = made && holds(made, pageMap) ? made : await makeEpub(pageMap);
        timings['epub'] = epub.seconds;
        if (epub === made) log('EPUB: made while the PDF was laid out (the page map it shows was as foreseen)');
        epub.lines.forEach((l) => log(l));
        writeFileSync(staging.path(`${config.slug}.epub`), epub.bytes);
        staging.commit([`${config.slug}.epub`]);
        outputs.push(`${config.slug}.epub`);
      }
      if (press) await press;
      // 4c. The apparatus as data (only when every target was built).
      if (hasFatal([report])) return { ok: false, files: [...manuscript.files, report], outputs, timings, pageCount };
      json = apparatusJson(book, pageMap ? new Map(Object.entries(pageMap.anchors)) : undefined);
      writeFileSync(staging.path(apparatusFile), `${JSON.stringify(json, null, 1)}\n`);
      staging.commit([apparatusFile]);
      outputs.push(apparatusFile);
      // 4d. The report: what was built, what changed since the last build, how long it took.
      const summary = buildReport({
        title: config.title,
        units: manuscript.units,
        timings,
        files: manuscript.files,
        pageMap,
        previousPageMap: pageMap ? previousPageMap : undefined,
        apparatus: json,
        previousApparatus,
        previousWarnings,
      });
      writeFileSync(staging.path(`${reportFile}.html`), summary.html);
      writeFileSync(staging.path(`${reportFile}.json`), `${JSON.stringify({ warnings: summary.warnings, timings }, null, 1)}\n`);
      staging.commit([`${reportFile}.html`, `${reportFile}.json`]);
      outputs.push(`${reportFile}.html`);
      log(summary.text);
      // Keep the cache within its budget, now that this build's entries are known.
      cache.prune();
    } finally {
      await Promise.all([press, early]);
      staging.discard();
    }
    const files = [...manuscript.files, ...(report.messages.length ? [report] : [])];
    return { ok: !hasFatal(files), files, outputs, timings, pageCount };
  }
}
