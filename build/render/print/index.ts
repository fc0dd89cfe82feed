/**
 * The print PDF: the book laid out in segments by Paged.js on as many Chromiums as there are
 * cores, each segment printed as soon as what it prints is known, made ready for the book
 * (segment-pdf.ts) and merged with one structure tree (assemble-pdf.ts). Returns the page map.
 *
 * The order of work: the body's segments first, in reading order (a segment prints once the
 * segments before it are laid out: then its first folio is known); the front matter next (its
 * contents print the body's folios); the back matter last (the index prints the folios of every
 * mention, so its HTML is made once the body and the front matter are laid out). A worker waits
 * only on segments given out before its own, so the work cannot deadlock.
 *
 * Each segment's layout (with a snapshot of its laid-out pages) and its printed PDF are kept in
 * the cache by what decides them; a segment whose first folio or shown folios moved is printed
 * again from its snapshot, without a new layout.
 */
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
import { printDocument, type Segment, segmentDocument, segments } from './document.js';
import { BOOK_PAGES, KEEP_LAST_LINES, type Layout, PAGED_JS, PrintPool, type PrintWorker } from './paginate.js';
import type { Relocatable } from './relocatable.js';
import { processSegment, type SegmentStructure } from './segment-pdf.js';
import { xmpPacket } from './xmp.js';

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
 * from 1 on, each opening on a recto) and every anchor's folio and PDF page. Segments are given
 * in book order; a segment missing from the list (the back matter, before it is laid out) takes
 * no pages.
 */
export function placeSegments(placed: { segment: Segment; layout: Layout }[]) {
  const starts: number[] = [];
  const folios: Record<string, string> = {};
  const pageMap = new Map<string, PageMapEntry>();
  const pageStarts: PageStart[] = [];
  let bodyFolio = 1;
  let frontFolio = 1;
  let offset = 0;
  for (const { segment, layout } of placed) {
    const start = segment.kind === 'front' ? frontFolio : bodyFolio;
    starts.push(start);
    const pages = layout.pageCount + (layout.pageCount % 2);
    for (const [id, at] of Object.entries(layout.anchors)) {
      if (pageMap.has(id)) continue;
      folios[id] = folio(segment.folioStyle, start + at.page);
      pageMap.set(id, { folio: folios[id]!, pdfPage: offset + at.page + 1 });
    }
    for (let p = 0; p < pages; p++) pageStarts.push({ folio: folio(segment.folioStyle, start + p), block: layout.pageStarts[p] });
    if (segment.kind === 'front') frontFolio += pages;
    else bodyFolio += pages;
    offset += pages;
  }
  return { starts, folios, pageMap, pageStarts, pageCount: offset };
}

/** A promise with its resolver: what a segment waits on. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
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

  const all = segments(book, options.segmentChars);
  const body = all.filter((s) => s.kind === 'body');
  const front = all.filter((s) => s.kind === 'front');
  const back = all.filter((s) => s.kind === 'back');
  // Folio order is book order: front, body, back. Work order: the front first (it is laid out,
  // then put aside until it can print: its contents print every folio), the body, the back.
  const work = [...front, ...body, ...back];
  const layouts = new Map<Segment, ReturnType<typeof deferred<Layout>>>(all.map((s) => [s, deferred<Layout>()]));
  const timings: Record<string, number> = {};
  const add = (k: string, seconds: number) => (timings[k] = (timings[k] ?? 0) + seconds);
  const laidOutNames: string[] = [];
  const printedNames: string[] = [];
  const backTrees = new Map<string, Root>();
  let pagesDone = 0;
  const pool = options.pool ?? new PrintPool(options.chromium, options.workers, options.onBlocked);

  /** The placement of the segments whose layouts are known, in folio order, of those in `upTo`. */
  const placement = async (upTo: Segment[]) => {
    const placed = [];
    for (const s of all) {
      if (!upTo.includes(s)) continue;
      placed.push({ segment: s, layout: await layouts.get(s)!.promise });
    }
    return placeSegments(placed);
  };
  /**
   * What a segment's print waits on: the segments before it in its run of folios (roman for the
   * front matter, arabic for the rest), and those whose folios it shows. A body segment's notes
   * show the folios of their own chapter; the contents show everyone's.
   */
  const printDeps = (s: Segment): Segment[] => all.filter((x) => (s.kind === 'front' ? true : s.kind === 'body' ? x.kind === 'body' && all.indexOf(x) <= all.indexOf(s) : all.indexOf(x) <= all.indexOf(s)));
  // The back matter prints literal folios: its HTML is made once the front and the body are laid out.
  const backReady = (async () => {
    const known = await placement([...front, ...body]);
    for (const unit of back.flatMap((s) => s.units)) {
      const tree = book.generate(unit.id, 'print', (anchor) => known.folios[anchor]);
      if (tree) backTrees.set(unit.id, tree);
    }
  })();

  const done = new Map<Segment, Done>();
  const processing: Promise<void>[] = [];
  const given = new Set<Segment>();
  /** Segments laid out, put aside as snapshots until what they print is known. */
  const aside: { segment: Segment; key: string; html: string; layout: Layout; snapshot: string }[] = [];

  /** Print what the worker holds (or restore a snapshot first); make it ready for the book in the background. */
  const print = async (worker: PrintWorker, segment: Segment, key: string, html: string, layout: Layout, live: boolean, file: string, snapshot?: string) => {
    const deps = printDeps(segment);
    const { starts, folios } = await placement(deps);
    const start = starts[deps.indexOf(segment)]!;
    const printKey = cache.printKey(key, start, folios, html);
    const kept = cache.getPrinted(printKey);
    if (kept) {
      options.log?.(`${segment.name}: unchanged, from the cache`);
      done.set(segment, { layout, objects: kept.objects, structure: kept.structure, startFolio: start });
      return;
    }
    if (!live) options.log?.(`${segment.name}: laid out as before, printed again (the folios it shows changed)`);
    if (!live) {
      const t = performance.now();
      const shot = snapshot ?? cache.getSnapshot(key);
      if (shot) await worker.restore(shot);
      else {
        await worker.layOut(file);
        laidOutNames.push(segment.name);
      }
      add('restore', (performance.now() - t) / 1000);
    }
    const t = performance.now();
    const printed = await worker.print(start, folios);
    add('print', (performance.now() - t) / 1000);
    printedNames.push(segment.name);
    if (printed.missing.length) options.log?.(`${segment.name}: no folio for ${printed.missing.join(', ')}`);
    if (printed.overflowing.length) options.log?.(`${segment.name}: filled folios made pages overflow: ${printed.overflowing.join(', ')}`);
    // Made ready for the book while the worker goes on to the next segment.
    processing.push(
      (async () => {
        const p = performance.now();
        const processed = await processSegment(printed.pdf, layout, segment.name);
        add('process', (performance.now() - p) / 1000);
        cache.putPrinted(printKey, processed.objects, processed.structure);
        done.set(segment, { layout, objects: processed.objects, structure: processed.structure, startFolio: start });
      })(),
    );
  };

  const layOut = async (segment: Segment, worker: PrintWorker) => {
    if (segment.kind === 'back') await backReady;
    const file = join(workDir, `${slug}.${segment.name}.html`);
    const html = segmentDocument(book, segment, { stylesheet, trees: segment.kind === 'back' ? backTrees : undefined });
    writeFileSync(file, html);
    const key = cache.layoutKey(html, css, code);
    let layout = cache.getLayout(key);
    let live = false;
    if (!layout) {
      const t = performance.now();
      layout = await worker.layOut(file);
      add('layout', (performance.now() - t) / 1000);
      for (const [phase, ms] of Object.entries(layout.phases)) add(`layout:${phase}`, ms / 1000);
      live = true;
      laidOutNames.push(segment.name);
      options.log?.(`laid out ${segment.name}: ${layout.pageCount} pages${layout.mended ? `, ${layout.mended} page ends mended` : ''}`);
      if (layout.unmended.length) throw new Error(`Paged.js left text beyond the edge of page(s) ${layout.unmended.join(', ')} of ${segment.name}; the PDF would lose it`);
      cache.put(key, 'layout.json', JSON.stringify(layout));
    }
    pagesDone += layout.pageCount;
    options.progress?.(pagesDone);
    layouts.get(segment)!.resolve(layout);
    // A segment waits to print only on segments already given to a worker; else it is put aside.
    const waitsOnLater = printDeps(segment).some((d) => !given.has(d));
    let snapshot: string | undefined;
    if (live && (cache.enabled || waitsOnLater)) {
      const s = performance.now();
      snapshot = await worker.snapshot();
      if (cache.enabled) cache.put(key, 'snapshot.json', snapshot);
      add('snapshot', (performance.now() - s) / 1000);
    }
    if (waitsOnLater) {
      aside.push({ segment, key, html, layout, snapshot: snapshot ?? cache.getSnapshot(key) ?? '' });
      return;
    }
    await print(worker, segment, key, html, layout, live, file);
  };

  try {
    // 1–3. Lay out and print, on every worker, in the order of work; what was put aside, when it can be.
    const started = performance.now();
    let next = 0;
    await Promise.all(
      pool.workers.map(async (worker) => {
        while (next < work.length) {
          const segment = work[next++]!;
          given.add(segment);
          await layOut(segment, worker);
        }
        for (let a = aside.shift(); a; a = aside.shift()) {
          await print(worker, a.segment, a.key, a.html, a.layout, false, join(workDir, `${slug}.${a.segment.name}.html`), a.snapshot || undefined);
        }
      }),
    );
    await Promise.all(processing);
    timings['pages'] = (performance.now() - started) / 1000;
    const { pageMap, pageStarts, pageCount } = await placement(all);
    const printed: SegmentPdf[] = all.map((s) => {
      const d = done.get(s)!;
      return { name: s.name, objects: d.objects, structure: d.structure, layout: d.layout, folioStyle: s.folioStyle, startFolio: d.startFolio };
    });

    // 4. One PDF.
    const { config, units, texts } = book.manuscript;
    const a = performance.now();
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

    // The whole book as one HTML file, for inspection and for the benchmark.
    writeFileSync(join(workDir, `${slug}.print.html`), printDocument(book, { stylesheet, trees: new Map([...book.trees, ...backTrees]) }));
    return { pdf, pageMap, pageCount, pages: pageStarts, printFiles: [`${slug}.print.html`, stylesheet, 'fonts'], timings, segments: printed, laidOut: laidOutNames, printed: printedNames };
  } finally {
    // A pool given by the caller is the caller's to close.
    if (!options.pool) await pool.close();
  }
}
