/**
 * The print PDF: the book paginated in segments (body first, so that the contents can print its
 * folios), merged, with links, outline and metadata. Returns the page map with the PDF.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Root } from 'hast';
import type { AssembledBook } from '../../book/assemble.js';
import { editorsLine } from '../../book/front-pages.js';
import type { Unit } from '../../manuscript/units.js';
import { type UnitNode, unitTree } from '../../book/unit-tree.js';
import { bookFonts } from '../fonts.js';
import { assemblePdf, type OutlineEntry, type SegmentPdf } from './assemble-pdf.js';
import { printDocument, type Segment, segmentDocument, segments } from './document.js';
import { PrintCache } from './cache.js';
import type { Store } from '../../cache/store.js';
import { BookPrinter, KEEP_LAST_LINES, type LaidOut, type Layout } from './paginate.js';

const PRINT_CODE = ['paginate.ts', 'chromium.ts'].map((f) => fileURLToPath(new URL(f, import.meta.url)));

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
  /** Seconds per segment. */
  timings: Record<string, number>;
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
  let offset = 0;
  for (const { segment, layout } of placed) {
    const start = segment.kind === 'front' ? 1 : bodyFolio;
    starts.push(start);
    const pages = layout.pageCount + (layout.pageCount % 2);
    for (const [id, at] of Object.entries(layout.anchors)) {
      if (pageMap.has(id)) continue;
      folios[id] = folio(segment.folioStyle, start + at.page);
      pageMap.set(id, { folio: folios[id]!, pdfPage: offset + at.page + 1 });
    }
    for (let p = 0; p < pages; p++) pageStarts.push({ folio: folio(segment.folioStyle, start + p), block: layout.pageStarts[p] });
    if (segment.kind !== 'front') bodyFolio += pages;
    offset += pages;
  }
  return { starts, folios, pageMap, pageStarts, pageCount: offset };
}

/** Run tasks on a fixed number of workers, in order of submission. */
async function pool<T, R>(items: T[], workers: number, run: (item: T, worker: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, items.length) }, async (_, w) => {
      while (next < items.length) {
        const i = next++;
        results[i] = await run(items[i]!, w);
      }
    }),
  );
  return results;
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
  // What else shapes a layout and its printing: our Paged.js handler, the code that drives
  // Chromium and Paged.js, and the fonts.
  const code = [readFileSync(KEEP_LAST_LINES, 'utf8'), ...PRINT_CODE.map((f) => readFileSync(f, 'utf8')), ...fonts.files.map((f) => f.name)];

  const all = segments(book, options.segmentChars);
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), all.length));
  let pagesDone = 0;
  const printers = Array.from({ length: workers }, () => new BookPrinter({ executablePath: options.chromium, onPage: () => options.progress?.(++pagesDone) }));
  const timings: Record<string, number> = {};
  const backTrees = new Map<string, Root>();
  try {
    // 1. Lay out the front matter and the body, on as many Chromiums as there are cores; pages
    //    stay open until printed.
    const started = performance.now();
    // A segment whose HTML did not change since a build that cached it is neither laid out nor
    // printed again, unless its first folio or the folios it shows moved.
    const layOut = async (segment: Segment, w: number, trees?: Map<string, Root>): Promise<LaidOut> => {
      const file = join(workDir, `${slug}.${segment.name}.html`);
      const html = segmentDocument(book, segment, { stylesheet, trees });
      writeFileSync(file, html);
      const key = cache.layoutKey(html, css, code);
      const fresh = async () => {
        const t = performance.now();
        const result = await printers[w]!.layOut(pathToFileURL(file).href);
        timings[`layout-${segment.name}`] = (performance.now() - t) / 1000;
        options.log?.(`laid out ${segment.name}: ${result.layout.pageCount} pages${result.layout.mended ? `, ${result.layout.mended} page ends mended` : ''}`);
        if (result.layout.unmended.length) {
          throw new Error(`Paged.js left text beyond the edge of page(s) ${result.layout.unmended.join(', ')} of ${segment.name}; the PDF would lose it`);
        }
        cache.put(key, 'layout.json', JSON.stringify(result.layout));
        return result;
      };
      const cached = cache.getLayout(key);
      let laid: LaidOut | undefined = cached ? undefined : await fresh();
      if (cached) {
        timings[`layout-${segment.name}`] = 0;
        options.log?.(`${segment.name}: unchanged, from the cache`);
      }
      return {
        layout: cached ?? laid!.layout,
        discard: async () => laid?.discard(),
        print: async (startFolio, folios) => {
          const printKey = cache.printKey(key, startFolio, folios, html);
          const pdf = cache.getPdf(printKey);
          if (pdf) {
            await laid?.discard();
            return { pdf, missing: [], overflowing: [] };
          }
          laid ??= await fresh();
          const result = await laid.print(startFolio, folios);
          cache.put(printKey, 'pdf', result.pdf);
          return result;
        },
      };
    };
    const first = all.filter((s) => s.kind !== 'back');
    const laidOutFirst = await pool(first, workers, layOut);
    timings['layout'] = (performance.now() - started) / 1000;

    // 2. The back matter (index, concordance, glossary) prints the folios of the front matter
    //    and the body as literal numbers, so it is laid out once their page map is known. The
    //    body does not move.
    const known = placeSegments(first.map((segment, i) => ({ segment, layout: laidOutFirst[i]!.layout })));
    const back = all.filter((s) => s.kind === 'back');
    const backStarted = performance.now();
    for (const unit of back.flatMap((s) => s.units)) {
      const tree = book.generate(unit.id, 'print', (anchor) => known.folios[anchor]);
      if (tree) backTrees.set(unit.id, tree);
    }
    const laidOutBack = await pool(back, workers, (segment, w) => layOut(segment, w, backTrees));
    timings['layout-back'] = (performance.now() - backStarted) / 1000;
    const laidOut = all.map((s) => (s.kind === 'back' ? laidOutBack[back.indexOf(s)]! : laidOutFirst[first.indexOf(s)]!));

    // Now every segment's first folio and every anchor's folio are known.
    const { starts, folios, pageMap, pageStarts, pageCount } = placeSegments(all.map((segment, i) => ({ segment, layout: laidOut[i]!.layout })));

    // 3. Print each segment with its folios filled in.
    const t = performance.now();
    const printed = await Promise.all(
      laidOut.map(async (l, i) => {
        const result = await l.print(starts[i]!, folios);
        if (result.missing.length) options.log?.(`${all[i]!.name}: no folio for ${result.missing.join(', ')}`);
        if (result.overflowing.length) options.log?.(`${all[i]!.name}: filled folios made pages overflow: ${result.overflowing.join(', ')}`);
        return { pdf: result.pdf, layout: l.layout, folioStyle: all[i]!.folioStyle, startFolio: starts[i]! } satisfies SegmentPdf;
      }),
    );
    timings['print'] = (performance.now() - t) / 1000;

    // 4. One PDF.
    const { config, units } = book.manuscript;
    const a = performance.now();
    const { pdf } = await assemblePdf(printed, outline(units), {
      title: config.subtitle ? `${config.title}: ${config.subtitle}` : config.title,
      author: editorsLine(config),
      subject: config.description,
      keywords: [config.identifier],
      language: config.language,
      date: options.date,
      producer: 'great-purge-reader toolchain (Paged.js, Chromium, pdf-lib)',
    });
    timings['assemble-pdf'] = (performance.now() - a) / 1000;

    // The whole book as one HTML file, for inspection and for the benchmark.
    writeFileSync(join(workDir, `${slug}.print.html`), printDocument(book, { stylesheet, trees: new Map([...book.trees, ...backTrees]) }));
    return { pdf, pageMap, pageCount, pages: pageStarts, printFiles: [`${slug}.print.html`, stylesheet, 'fonts'], timings };
  } finally {
    await Promise.all(printers.map((p) => p.close()));
  }
}
