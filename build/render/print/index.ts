/**
 * The print PDF: the book laid out by Paged.js on as many Chromiums as there are cores, one
 * segment per unit (a part's title page and a text's opening page go with what follows them),
 * each segment printed as soon as what it prints is known, made ready for the book as
 * relocatable objects (segment-pdf.ts, relocatable.ts) and linked with one structure tree
 * (assemble-pdf.ts). Returns the page map.
 *
 * The order of work: the front matter first, then the body's segments in reading order (a
 * segment prints once the segments before it are laid out: then its first folio is known), the
 * back matter last (the index prints the folios of every mention, so its HTML is made once the
 * body and the front matter are laid out); the front matter's contents print when the body's
 * folios are known. A worker waits only on segments given out before its own, so the work cannot
 * deadlock.
 *
 * Each segment's HTML, its layout (with a snapshot of its laid-out pages) and its printed PDF are
 * kept in the cache by what decides them; a segment whose first folio or shown folios moved is
 * printed again from its snapshot, without a new layout. */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'hast';
import type { AssembledBook } from '../../book/assemble.js';
import { editorsLine } from '../../book/front-pages.js';
import { bookMetadata } from '../../book/metadata.js';
import { type UnitNode, unitTree } from '../../book/unit-tree.js';
import type { Unit } from '../../manuscript/units.js';
import type { Store } from '../../cache/store.js';
import { bookFonts } from '../fonts.js';
import { assemblePdf, type OutlineEntry, type SegmentPdf } from './assemble-pdf.js';
import { PrintCache } from './cache.js';
import { bookDocument, type Segment, segmentDocument, segmentKey, segments } from './document.js';
import { BOOK_PAGES, KEEP_LAST_LINES, type Layout, PAGED_JS, PrintPool, type PrintWorker } from './paginate.js';
import type { Relocatable } from './relocatable.js';
import { processSegment, type SegmentStructure } from './segment-pdf.js';
import { xmpPacket } from './xmp.js';
import { breathe } from '../../breathe.js';
import { moved, recording } from '../../cache/asked.js';

/** The code that decides a layout and its printing, besides Paged.js: part of every cache key. */
const PRINT_CODE = ['paginate.ts', 'chromium.ts', 'segment-pdf.ts', 'content-stream.ts', 'relocatable.ts'].map((f) => fileURLToPath(new URL(f, import.meta.url)));

export interface PdfOptions {
  toolRoot: string;
  /** A folder the HTML, CSS and fonts are written to and paginated from. */
  workDir: string;
  slug: string;
  chromium: string;
  date: Date;
  log?: (line: string) => void;
  /** Pages laid out so far, across all workers. */
  progress?: (pages: number) => void;
  /** How many Chromiums paginate at once (default: the machine's cores). */
  workers?: number;
  /** Characters per body segment (default SEGMENT_CHARS). */
  segmentChars?: number;
  /** Where laid-out and printed segments are kept between builds (none: no cache). */
  cache?: Store;
  /** A request Chromium was asked for that is not a local file: blocked. */
  onBlocked?: (url: string) => void;
  /** Workers already started (the build starts them while it reads the manuscript). */
  pool?: PrintPool;
  /** Close that pool once every page is printed (the build's own; not the preview's, which it keeps). */
  closePool?: boolean;
  /** Told when each step of the work starts and ends (for the benchmark's timeline). */
  trace?: (event: string) => void;
  /**
   * Told once, when the front matter and the body are laid out: their pages and anchors, as the
   * book will have them (the back matter follows them). The EPUB can be made from that meanwhile.
   */
  bodyPlaced?: (map: { pages: PageStart[]; anchors: Map<string, PageMapEntry> }) => void;
  /**
   * The folio of an anchor in the front matter or the body as the last build had it: the back
   * matter, which prints such folios, is made on them while the body is laid out, and kept if
   * this build's layout gives the same.
   */
  foreseen?: (id: string) => string | undefined;
}

export interface PageStart {
  folio: string;
  /** `data-b` of the first block on the page, or a book page's id; none on a blank page. */
  block?: string;
}

/** Printed folio and 1-based PDF page of every anchor. */
export interface PageMapEntry {
  folio: string;
  pdfPage: number;
}

export interface PdfResult {
  pdf: Uint8Array;
  pageMap: Map<string, PageMapEntry>;
  pageCount: number;
  /** Every page of the PDF, in order: its folio and the first block on it (for the EPUB's page-list). */
  pages: PageStart[];
  /** How many of them are the front matter's and the body's (the back matter's follow). */
  bodyPages: number;
  /** Paths written in workDir that belong in dist/ beside the PDF. */
  printFiles: string[];
  /** Seconds per stage and per segment. */
  timings: Record<string, number>;
  /** The segments, as printed (for the press PDF). */
  segments: SegmentPdf[];
  /** What each segment cost, and what came from the cache. */
  laidOut: string[];
  printed: string[];
}

const roman = (n: number) => {
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, s] of table) while (n >= v) { out += s; n -= v; }
  return out;
};

export function folio(style: Segment['folioStyle'], n: number) {
  return style === 'lower-roman' ? roman(n) : String(n);
}

/** The PDF's bookmarks: the contents, then parts, texts and chapters. */
function outline(units: Unit[]): OutlineEntry[] {
  const entry = (n: UnitNode): OutlineEntry => ({ title: n.title, id: n.unit.id, children: n.children.map(entry) });
  return [{ title: 'Contents', id: 'contents', children: [] }, ...unitTree(units).map(entry)];
}

/**
 * Where the segments fall in the book: each one's first folio (the front matter from i, the rest
 * from 1 on, each opening on a recto), the folio of any anchor (looked up in the segments'
 * layouts when asked), and, for the whole book, every page. Segments are given in book order; a
 * segment missing from the list (the back matter, before it is laid out) takes no pages.
 */
export function placeSegments(placed: { segment: Segment; layout: Layout }[]) {
  const starts: number[] = [];
  const offsets: number[] = [];
  let bodyFolio = 1;
  let frontFolio = 1;
  let offset = 0;
  for (const { segment, layout } of placed) {
    starts.push(segment.kind === 'front' ? frontFolio : bodyFolio);
    offsets.push(offset);
    const pages = layout.pageCount + (layout.pageCount % 2);
    if (segment.kind === 'front') frontFolio += pages;
    else bodyFolio += pages;
    offset += pages;
  }
  /** The first segment (in book order) that holds an anchor: its folio and PDF page there. */
  const find = (id: string): PageMapEntry | undefined => {
    for (let i = 0; i < placed.length; i++) {
      const at = placed[i]!.layout.anchors[id];
      if (at) return { folio: folio(placed[i]!.segment.folioStyle, starts[i]! + at.page), pdfPage: offsets[i]! + at.page + 1 };
    }
    return undefined;
  };
  return {
    starts,
    pageCount: offset,
    folioOf: (id: string) => find(id)?.folio,
    /** Every anchor's folio and PDF page, and every page's folio and first block. */
    pageMap() {
      const pageMap = new Map<string, PageMapEntry>();
      const pageStarts: PageStart[] = [];
      placed.forEach(({ segment, layout }, i) => {
        for (const [id, at] of Object.entries(layout.anchors)) {
          if (!pageMap.has(id)) pageMap.set(id, { folio: folio(segment.folioStyle, starts[i]! + at.page), pdfPage: offsets[i]! + at.page + 1 });
        }
        const pages = layout.pageCount + (layout.pageCount % 2);
        for (let p = 0; p < pages; p++) pageStarts.push({ folio: folio(segment.folioStyle, starts[i]! + p), block: layout.pageStarts[p] });
      });
      return { pageMap, pageStarts };
    },
  };
}

/** A promise with its resolver: what a segment waits on. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * The segments waiting to be laid out, in the order of work. A worker whose Chromium has not
 * started takes one only when more than one waits (or none has started): for a correction's few
 * segments, starting a second Chromium costs more than waiting for the first.
 */
class LayoutQueue {
  private readonly items: Segment[] = [];
  constructor(private readonly workers: readonly PrintWorker[]) {}
  private closed = false;
  private waiting: (() => void)[] = [];

  push(segment: Segment) {
    this.items.push(segment);
    this.wake();
  }

  close() {
    this.closed = true;
    this.wake();
  }

  private wake() {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w();
  }

  /** The next segment for `worker`, or undefined when there will be none for it. */
  async take(worker: PrintWorker): Promise<Segment | undefined> {
    for (;;) {
      const take = worker.started || this.items.length > 1 || !this.workers.some((w) => w.started);
      if (this.items.length && take) return this.items.shift();
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }
}

interface Done {
  layout: Layout;
  objects: Relocatable;
  structure: SegmentStructure;
  startFolio: number;
}

export async function renderPdf(book: AssembledBook, options: PdfOptions): Promise<PdfResult> {
  const { workDir, slug, toolRoot } = options;
  mkdirSync(join(workDir, 'fonts'), { recursive: true });
  const fonts = bookFonts();
  for (const f of fonts.files) copyFileSync(f.path, join(workDir, 'fonts', f.name));
  writeFileSync(join(workDir, 'fonts', 'OFL.txt'), fonts.licence);
  const stylesheet = `${slug}.print.css`;
  const css = [fonts.css('fonts/'), readFileSync(join(toolRoot, 'styles', 'print.css'), 'utf8')].join('\n');
  writeFileSync(join(workDir, stylesheet), css);
  const cache = new PrintCache(options.cache);
  // What else shapes a layout and its printing: Paged.js and our code in the page and around it, the fonts.
  const code = [PAGED_JS, KEEP_LAST_LINES, BOOK_PAGES, ...PRINT_CODE].map((f) => readFileSync(f, 'utf8')).concat(fonts.files.map((f) => f.name));
  const shaping = cache.shaping(css, code);

  const all = segments(book, options.segmentChars);
  const body = all.filter((s) => s.kind === 'body');
  const front = all.filter((s) => s.kind === 'front');
  const back = all.filter((s) => s.kind === 'back');
  const timings: Record<string, number> = {};
  const add = (k: string, seconds: number) => (timings[k] = (timings[k] ?? 0) + seconds);
  const laidOutNames: string[] = [];
  const printedNames: string[] = [];
  let pagesDone = 0;
  const pool = options.pool ?? new PrintPool(options.chromium, options.workers, options.onBlocked);
  const trace = options.trace ?? (() => {});

  const layouts = new Map<Segment, ReturnType<typeof deferred<Layout>>>(all.map((s) => [s, deferred<Layout>()]));
  /** The placement of the segments of `upTo`, once their layouts are known, in folio order. */
  const placement = async (upTo: Segment[]) => {
    const placed = [];
    for (const s of all) if (upTo.includes(s)) placed.push({ segment: s, layout: await layouts.get(s)!.promise });
    return placeSegments(placed);
  };
  /**
   * What a segment's print waits on: the segments before it in its run of folios (roman for the
   * front matter, arabic for the rest), and those whose folios it shows. A body segment's notes
   * show the folios of their own chapter; the contents show everyone's.
   */
  const printDeps = (s: Segment): Segment[] => all.filter((x) => (s.kind === 'front' ? true : s.kind === 'body' ? x.kind === 'body' && all.indexOf(x) <= all.indexOf(s) : all.indexOf(x) <= all.indexOf(s)));

  // 1. Each segment's HTML, read from the cache when what it is made of is unchanged, and the key
  // of its layout; a segment whose layout the cache has is not laid out, the others wait for a
  // worker. The back matter prints literal folios: its HTML is made once the front and the body
  // are laid out.
  const html = new Map<Segment, string>();
  const layoutKeys = new Map<Segment, string>();
  const queue = new LayoutQueue(pool.workers);
  const known = new Set<Segment>();
  /** A segment's HTML and layout key, and its layout if the cache has it. */
  const look = (segment: Segment, trees?: Map<string, Root>) => {
    const opts = { stylesheet, trees };
    const key = cache.enabled ? segmentKey(book, segment, opts) : undefined;
    let text = key ? cache.getHtml(key) : undefined;
    if (!text) {
      text = segmentDocument(book, segment, opts);
      if (key) cache.putHtml(key, text);
    }
    return withLayout(text);
  };
  const withLayout = (text: string) => {
    const layoutKey = cache.layoutKey(text, shaping);
    return { text, layoutKey, layout: cache.getLayout(layoutKey) };
  };
  /** Put a segment into the work: laid out already (the cache has it), or waiting for a worker. */
  const prepare = (segment: Segment, looked = look(segment)) => {
    html.set(segment, looked.text);
    layoutKeys.set(segment, looked.layoutKey);
    if (!looked.layout) return void queue.push(segment);
    known.add(segment);
    laid(segment, looked.layout);
  };
  const laid = (segment: Segment, layout: Layout) => {
    pagesDone += layout.pageCount;
    options.progress?.(pagesDone);
    layouts.get(segment)!.resolve(layout);
  };
  /**
   * The back matter's segments for the folios `folioOf` gives, and the folio it was told for each
   * id it asked about. A segment's HTML is read from the cache, without making its trees, when
   * what its units are made of is unchanged and so is every folio they asked for when made.
   */
  const backMatter = (folioOf: (id: string) => string | undefined) => {
    const all = recording(folioOf);
    const looked = new Map<Segment, ReturnType<typeof look>>();
    for (const segment of back) {
      const madeKey = cache.enabled && segment.units.every((u) => book.generatedKeys.has(u.id)) ? segmentKey(book, segment, { stylesheet, madeOf: book.generatedKeys }) : undefined;
      const kept = madeKey ? cache.getBackMatter(madeKey) : undefined;
      if (kept && !moved(kept.asked, all.locate)) {
        looked.set(segment, withLayout(kept.html));
        continue;
      }
      const own = recording(all.locate);
      const trees = new Map<string, Root>();
      for (const unit of segment.units) {
        const tree = book.generate(unit.id, 'print', own.locate);
        if (tree) trees.set(unit.id, tree);
      }
      const made = look(segment, trees);
      if (madeKey) cache.putBackMatter(madeKey, { asked: own.asked(), html: made.text });
      looked.set(segment, made);
    }
    return { asked: all.asked(), looked };
  };
  const t = performance.now();
  for (const segment of [...front, ...body]) prepare(segment);
  // The back matter foreseen on the last build's folios while the body is laid out (its HTML
  // and cached layouts looked up), and kept if the body's layout gives every folio it asked for.
  // Begun once the first Chromium is ready: until then this thread answers its start-up.
  const foreseen = options.foreseen && pool.workers[0]!.ready().then(breathe, breathe).then(() => backMatter(options.foreseen!)).catch(() => undefined);
  let bodyPages = 0;
  const backReady = (async () => {
    const placed = await placement([...front, ...body]);
    const { folioOf } = placed;
    bodyPages = placed.pageCount;
    if (options.bodyPlaced) {
      const { pageMap, pageStarts } = placed.pageMap();
      options.bodyPlaced({ pages: pageStarts, anchors: pageMap });
    }
    const guess = await foreseen;
    const changed = guess && moved(guess.asked, folioOf);
    if (guess) options.log?.(changed ? `back matter: made again (${changed} of the folios it shows moved since the last build)` : 'back matter: made while the body was laid out (on the last build’s folios, which held)');
    const { looked } = guess && !changed ? guess : backMatter(folioOf);
    for (const segment of back) prepare(segment, looked.get(segment));
    queue.close();
  })();
  add('html', (performance.now() - t) / 1000);

  const done = new Map<Segment, Done>();
  const processing: Promise<void>[] = [];
  /** Segments laid out or being laid out: what a print may wait on without deadlock. */
  const given = known;
  /** Segments to print from a snapshot, once what they print is known and a worker is free. */
  const aside: { segment: Segment; layout: Layout; live: boolean; snapshot?: string }[] = [];
  const fileOf = (segment: Segment) => join(workDir, `${slug}.${segment.name}.html`);

  /** The segment's print from the cache, or its print key if it must be printed. */
  const fromCache = async (segment: Segment, layout: Layout) => {
    const deps = printDeps(segment);
    const { starts, folioOf } = await placement(deps);
    const start = starts[deps.indexOf(segment)]!;
    const folios: Record<string, string> = {};
    for (const m of html.get(segment)!.matchAll(/data-folio-of="([^"]+)"/g)) {
      const f = folioOf(m[1]!);
      if (f !== undefined) folios[m[1]!] = f;
    }
    const printKey = cache.printKey(layoutKeys.get(segment)!, start, folios, html.get(segment)!);
    const kept = cache.getPrinted(printKey);
    if (kept) {
      options.log?.(`${segment.name}: unchanged, from the cache`);
      done.set(segment, { layout, objects: kept.objects, structure: kept.structure, startFolio: start });
    }
    return { kept: !!kept, start, folios, printKey };
  };

  /** Print what the worker holds; make it ready for the book in the background. */
  const print = async (worker: PrintWorker, segment: Segment, layout: Layout, start: number, folios: Record<string, string>, printKey: string) => {
    const t = performance.now();
    trace(`print ${segment.name}`);
    const result = await worker.print(start, folios);
    trace(`printed ${segment.name}`);
    add('print', (performance.now() - t) / 1000);
    printedNames.push(segment.name);
    if (result.missing.length) options.log?.(`${segment.name}: no folio for ${result.missing.join(', ')}`);
    if (result.overflowing.length) options.log?.(`${segment.name}: filled folios made pages overflow: ${result.overflowing.join(', ')}`);
    // Made ready for the book while the worker goes on to the next segment.
    processing.push(
      (async () => {
        // After the worker has asked for its next work (a snapshot, a layout), which Chromium does meanwhile.
        await breathe();
        const p = performance.now();
        const processed = await processSegment(result.pdf, layout, segment.name);
        trace(`made ready ${segment.name}`);
        add('process', (performance.now() - p) / 1000);
        cache.putPrinted(printKey, processed.objects, processed.structure);
        done.set(segment, { layout, objects: processed.objects, structure: processed.structure, startFolio: start });
      })(),
    );
  };

  /** Keep a snapshot of the worker's pages in the cache, to print them again without a layout. */
  const keepSnapshot = async (worker: PrintWorker, segment: Segment) => {
    const s = performance.now();
    const snapshot = await worker.snapshot();
    cache.put(layoutKeys.get(segment)!, 'snapshot.json', snapshot);
    add('snapshot', (performance.now() - s) / 1000);
    return snapshot;
  };

  /** Lay a segment out on the worker and print it there, if what it prints is known (or soon will be); else put it aside. */
  const layOutAndPrint = async (worker: PrintWorker, segment: Segment) => {
    const t = performance.now();
    trace(`layout ${segment.name}`);
    const layout = await worker.layOut(fileOf(segment), html.get(segment)!);
    trace(`laid out ${segment.name}`);
    add('layout', (performance.now() - t) / 1000);
    for (const [phase, ms] of Object.entries(layout.phases)) add(`layout:${phase}`, ms / 1000);
    laidOutNames.push(segment.name);
    options.log?.(`laid out ${segment.name}: ${layout.pageCount} pages${layout.mended ? `, ${layout.mended} page ends mended` : ''}`);
    if (layout.unmended.length) throw new Error(`Paged.js left text beyond the edge of page(s) ${layout.unmended.join(', ')} of ${segment.name}; the PDF would lose it`);
    cache.put(layoutKeys.get(segment)!, 'layout.json', JSON.stringify(layout));
    laid(segment, layout);
    // A segment waits to print only on segments already given to a worker; else it is put aside.
    if (printDeps(segment).some((d) => !given.has(d))) {
      aside.push({ segment, layout, live: true, snapshot: await keepSnapshot(worker, segment) });
      return;
    }
    const { kept, start, folios, printKey } = await fromCache(segment, layout);
    if (!kept) await print(worker, segment, layout, start, folios, printKey);
    if (cache.enabled) await keepSnapshot(worker, segment);
  };

  /** Print a segment put aside, or one whose layout the cache has: from its snapshot, else laid out again. */
  const printAside = async (worker: PrintWorker, a: (typeof aside)[number]) => {
    const { kept, start, folios, printKey } = await fromCache(a.segment, a.layout);
    if (kept) return;
    if (!a.live) options.log?.(`${a.segment.name}: laid out as before, printed again (the folios it shows changed)`);
    const t = performance.now();
    const shot = a.snapshot ?? cache.getSnapshot(layoutKeys.get(a.segment)!);
    // A snapshot that cannot be restored whole (a font it uses did not load) is laid out again instead.
    const restored = shot !== undefined && (await worker.restore(shot, fileOf(a.segment)).then(() => true, (error: Error) => (options.log?.(`${a.segment.name}: ${error.message}; laid out again`), false)));
    if (!restored) {
      await worker.layOut(fileOf(a.segment), html.get(a.segment)!);
      laidOutNames.push(a.segment.name);
    }
    add('restore', (performance.now() - t) / 1000);
    await print(worker, a.segment, a.layout, start, folios, printKey);
  };

  try {
    // 2. Lay out what the cache does not have, on every worker, in the order of work; print each
    // as soon as what it prints is known. 3. What the cache had laid out, print from the cache
    // or from its snapshot; what was put aside, print when it can be.
    const started = performance.now();
    const cachedLayouts = Promise.all(
      [...front, ...body, ...back].map(async (segment) => {
        await (segment.kind === 'back' ? backReady : undefined);
        if (!known.has(segment)) return;
        const layout = await layouts.get(segment)!.promise;
        const { kept } = await fromCache(segment, layout);
        if (!kept) aside.push({ segment, layout, live: false });
      }),
    );
    // Every worker lays out until the queue is empty; then all of them print what was put aside
    // (a worker still laying out may put more aside: the others wait for it).
    let laying = pool.workers.length;
    const allLaidOut = deferred<void>();
    await Promise.all(
      pool.workers.map(async (worker) => {
        try {
          for (let segment = await queue.take(worker); segment; segment = await queue.take(worker)) {
            given.add(segment);
            await layOutAndPrint(worker, segment);
          }
        } finally {
          if (--laying === 0) allLaidOut.resolve();
        }
        await allLaidOut.promise;
        await cachedLayouts;
        for (let a = aside.shift(); a; a = aside.shift()) await printAside(worker, a);
      }),
    );
    await backReady;
    // Every page is printed: Chromium is not needed any more (a pool of its own is closed while the book is put together).
    const closing = !options.pool || options.closePool ? pool.close() : undefined;
    await Promise.all(processing);
    timings['pages'] = (performance.now() - started) / 1000;
    const placed = await placement(all);
    const { pageMap, pageStarts } = placed.pageMap();
    const pageCount = placed.pageCount;
    const printed: SegmentPdf[] = all.map((s) => {
      const d = done.get(s)!;
      return { name: s.name, objects: d.objects, structure: d.structure, layout: d.layout, folioStyle: s.folioStyle, startFolio: d.startFolio };
    });

    // 4. One PDF.
    const { config, units, texts } = book.manuscript;
    const a = performance.now();
    trace('assemble');
    const producer = 'great-purge-reader toolchain (Paged.js, Chromium, pdf-lib)';
    const { pdf, unresolvedLinks } = await assemblePdf(printed, {
      outline: outline(units),
      units: unitTree(units),
      meta: {
        title: config.subtitle ? `${config.title}: ${config.subtitle}` : config.title,
        author: editorsLine(config),
        subject: config.description,
        keywords: [config.identifier],
        language: config.language,
        date: options.date,
        producer,
        xmp: xmpPacket(bookMetadata(config, texts, options.date), { producer, pdfua: 1 }),
      },
    });
    if (unresolvedLinks) options.log?.(`PDF: ${unresolvedLinks} links lead nowhere`);
    timings['assemble-pdf'] = (performance.now() - a) / 1000;
    trace('assembled');

    // The whole book as one HTML file, for inspection and for the benchmark.
    writeFileSync(join(workDir, `${slug}.print.html`), bookDocument(book, all.map((s) => html.get(s)!), stylesheet));
    await closing;
    return { pdf, pageMap, pageCount, pages: pageStarts, bodyPages, printFiles: [`${slug}.print.html`, stylesheet, 'fonts'], timings, segments: printed, laidOut: laidOutNames, printed: printedNames };
  } finally {
    // A pool given by the caller is the caller's to close.
    if (!options.pool) await pool.close();
  }
}
