/**
 * The print PDF: the book paginated in segments (body first, so that the contents can print its
 * folios), merged, with links, outline and metadata. Returns the page map with the PDF.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AssembledBook } from '../../book/assemble.js';
import { editorsLine } from '../../book/front-pages.js';
import { partLabel } from '../../manuscript/load.js';
import type { Unit } from '../../manuscript/units.js';
import { bookFonts } from '../fonts.js';
import { assemblePdf, type OutlineEntry, type SegmentPdf, span } from './assemble-pdf.js';
import { printDocument, type Segment, segmentDocument, segments } from './document.js';
import { BookPrinter } from './paginate.js';

export interface PdfOptions {
  toolRoot: string;
  /** A folder the HTML, CSS and fonts are written to and paginated from. */
  workDir: string;
  slug: string;
  chromium: string;
  date: Date;
  log?: (line: string) => void;
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
  /** Folios of the body pages, in order (for the EPUB's page-list). */
  pageLabels: string[];
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

function outline(units: Unit[]): OutlineEntry[] {
  const root: OutlineEntry[] = [{ title: 'Contents', id: 'contents', children: [] }];
  const stack: { depth: number; entry: OutlineEntry }[] = [];
  for (const unit of units) {
    const entry = { title: unit.kind === 'part' ? `${partLabel(unit.number)}: ${unit.title}` : unit.title, id: unit.id, children: [] };
    while (stack.length && stack.at(-1)!.depth >= unit.depth) stack.pop();
    (stack.at(-1)?.entry.children ?? root).push(entry);
    stack.push({ depth: unit.depth, entry });
  }
  return root;
}

export async function renderPdf(book: AssembledBook, options: PdfOptions): Promise<PdfResult> {
  const { workDir, slug, toolRoot } = options;
  mkdirSync(join(workDir, 'fonts'), { recursive: true });
  const fonts = bookFonts();
  for (const f of fonts.files) copyFileSync(f.path, join(workDir, 'fonts', f.name));
  writeFileSync(join(workDir, 'fonts', 'OFL.txt'), fonts.licence);
  const stylesheet = `${slug}.print.css`;
  writeFileSync(join(workDir, stylesheet), [fonts.css('fonts/'), readFileSync(join(toolRoot, 'styles', 'print.css'), 'utf8')].join('\n'));

  const printer = new BookPrinter({ executablePath: options.chromium });
  const timings: Record<string, number> = {};
  const rendered = new Map<string, SegmentPdf>();
  const pages = new Map<string, string>();
  const all = segments(book);
  // Body and back first, each starting on a recto; the front matter last, with the folios.
  const order = [...all.filter((s) => s.name !== 'front'), ...all.filter((s) => s.name === 'front')];
  let nextFolio = 1;
  try {
    for (const segment of order) {
      const startFolio = segment.name === 'front' ? 1 : nextFolio;
      const html = segmentDocument(book, segment, { startFolio, pages, stylesheet });
      const file = join(workDir, `${slug}.${segment.name}.html`);
      writeFileSync(file, html);
      const started = performance.now();
      options.log?.(`paginating ${segment.name} matter…`);
      const { pdf, layout } = await printer.paginate(pathToFileURL(file).href);
      timings[`paginate-${segment.name}`] = (performance.now() - started) / 1000;
      options.log?.(`paginated ${segment.name} matter: ${layout.pageCount} pages`);
      // Every segment occupies an even number of pages, so the next one opens on a recto.
      const padded = layout.pageCount + (layout.pageCount % 2);
      rendered.set(segment.name, { pdf, layout, folioStyle: segment.folioStyle, startFolio });
      if (segment.name !== 'front') {
        for (const [id, at] of Object.entries(layout.anchors)) pages.set(id, folio(segment.folioStyle, startFolio + at.page));
        nextFolio = startFolio + padded;
      }
    }
  } finally {
    await printer.close();
  }

  const inOrder = all.map((s) => rendered.get(s.name)!);
  const { config, units } = book.manuscript;
  const started = performance.now();
  const { pdf, anchors } = await assemblePdf(inOrder, outline(units), {
    title: config.subtitle ? `${config.title}: ${config.subtitle}` : config.title,
    author: editorsLine(config),
    subject: config.description,
    keywords: [config.identifier],
    language: config.language,
    date: options.date,
    producer: 'great-purge-reader toolchain (Paged.js, Chromium, pdf-lib)',
  });
  timings['assemble-pdf'] = (performance.now() - started) / 1000;

  // The page map: every anchor's printed folio and PDF page.
  const pageMap = new Map<string, PageMapEntry>();
  const starts: { first: number; seg: SegmentPdf }[] = [];
  let offset = 0;
  for (const seg of inOrder) {
    starts.push({ first: offset, seg });
    offset += span(seg);
  }
  for (const [id, at] of anchors) {
    const s = [...starts].reverse().find((x) => at.pageIndex >= x.first)!;
    pageMap.set(id, { folio: folio(s.seg.folioStyle, s.seg.startFolio + at.pageIndex - s.first), pdfPage: at.pageIndex + 1 });
  }
  const pageLabels: string[] = [];
  for (const { seg } of starts) {
    for (let i = 0; i < span(seg); i++) pageLabels.push(folio(seg.folioStyle, seg.startFolio + i));
  }

  // The whole book as one HTML file, for inspection and for the benchmark.
  writeFileSync(join(workDir, `${slug}.print.html`), printDocument(book, { stylesheet, pages }));
  return {
    pdf,
    pageMap,
    pageCount: offset,
    pageLabels,
    printFiles: [`${slug}.print.html`, stylesheet, 'fonts'],
    timings,
  };
}
