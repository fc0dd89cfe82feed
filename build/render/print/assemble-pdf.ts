/**
 * The PDF: the paginated segments merged into one document with pdf-lib, and what a book PDF
 * needs that Chromium does not give a set of separately paginated segments: internal links
 * that cross segments, an outline of parts and chapters, page labels (roman, then arabic),
 * TrimBoxes, and metadata with fixed dates (the same manuscript gives the same PDF).
 */
import {
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFPage,
  type PDFRef,
  PDFString,
} from 'pdf-lib';
import type { Layout } from './paginate.js';

export interface SegmentPdf {
  pdf: Uint8Array;
  layout: Layout;
  folioStyle: 'lower-roman' | 'decimal';
  startFolio: number;
}

export interface OutlineEntry {
  title: string;
  /** Anchor id the entry opens. */
  id: string;
  children: OutlineEntry[];
}

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  language: string;
  date: Date;
  producer: string;
}

/** Where an anchor landed in the merged document. */
export interface GlobalAnchor {
  pageIndex: number;
  y: number;
}

/** Pages a segment occupies: its own, and a blank one if needed so that the next opens recto. */
export const span = (s: SegmentPdf) => s.layout.pageCount + (s.layout.pageCount % 2);

function anchorIndex(segments: SegmentPdf[]) {
  const map = new Map<string, GlobalAnchor>();
  let offset = 0;
  for (const s of segments) {
    for (const [id, a] of Object.entries(s.layout.anchors)) {
      if (!map.has(id)) map.set(id, { pageIndex: offset + a.page, y: a.y });
    }
    offset += span(s);
  }
  return map;
}

function destination(doc: PDFDocument, pages: PDFPage[], target: GlobalAnchor) {
  const page = pages[target.pageIndex]!;
  const top = page.getHeight() - target.y;
  return doc.context.obj([page.ref, PDFName.of('XYZ'), PDFNull, PDFNumber.of(Math.round(top)), PDFNull]);
}

/** Drop Chromium's internal link annotations; ours replace them. External links stay. */
function stripInternalLinks(page: PDFPage) {
  const annots = page.node.Annots();
  if (!annots) return;
  const keep = annots.asArray().filter((ref) => {
    const annot = page.doc.context.lookup(ref, PDFDict);
    const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
    const isUri = action?.get(PDFName.of('S')) === PDFName.of('URI');
    return annot.get(PDFName.of('Subtype')) !== PDFName.of('Link') || isUri;
  });
  page.node.set(PDFName.of('Annots'), page.doc.context.obj(keep));
}

function addLinks(doc: PDFDocument, pages: PDFPage[], segments: SegmentPdf[], anchors: Map<string, GlobalAnchor>) {
  let offset = 0;
  let missing = 0;
  for (const s of segments) {
    for (const link of s.layout.links) {
      const target = anchors.get(link.href);
      if (!target) {
        missing++;
        continue;
      }
      const page = pages[offset + link.page]!;
      const h = page.getHeight();
      const { x, y, width, height } = link.box;
      const annot = doc.context.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: [x, h - y - height, x + width, h - y],
        Border: [0, 0, 0],
        Dest: destination(doc, pages, target),
      });
      page.node.addAnnot(doc.context.register(annot));
    }
    offset += span(s);
  }
  return missing;
}

function addOutline(doc: PDFDocument, pages: PDFPage[], entries: OutlineEntry[], anchors: Map<string, GlobalAnchor>) {
  const root = doc.context.nextRef();
  const build = (items: OutlineEntry[], parent: PDFRef): { first?: PDFRef; last?: PDFRef; count: number } => {
    const placed = items.filter((e) => anchors.has(e.id));
    const refs = placed.map(() => doc.context.nextRef());
    let count = 0;
    placed.forEach((entry, i) => {
      const kids = build(entry.children, refs[i]!);
      const dict: Record<string, unknown> = {
        Title: PDFHexString.fromText(entry.title),
        Parent: parent,
        Dest: destination(doc, pages, anchors.get(entry.id)!),
      };
      if (i > 0) dict.Prev = refs[i - 1];
      if (i < placed.length - 1) dict.Next = refs[i + 1];
      if (kids.first) {
        dict.First = kids.first;
        dict.Last = kids.last;
        dict.Count = -kids.count; // closed below the top level
      }
      doc.context.assign(refs[i]!, doc.context.obj(dict as never));
      count += 1 + kids.count;
    });
    return { first: refs[0], last: refs.at(-1), count };
  };
  const top = build(entries, root);
  if (!top.first) return;
  doc.context.assign(root, doc.context.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: top.count }));
  doc.catalog.set(PDFName.of('Outlines'), root);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** Page labels, so that a reader's "go to page xii" or "page 45" finds the printed folio. */
function addPageLabels(doc: PDFDocument, segments: SegmentPdf[]) {
  const nums: unknown[] = [];
  let offset = 0;
  for (const s of segments) {
    nums.push(offset, { S: s.folioStyle === 'lower-roman' ? 'r' : 'D', St: s.startFolio });
    offset += span(s);
  }
  doc.catalog.set(PDFName.of('PageLabels'), doc.context.obj({ Nums: nums as never }));
}

export async function assemblePdf(segments: SegmentPdf[], outline: OutlineEntry[], meta: PdfMeta): Promise<{ pdf: Uint8Array; anchors: Map<string, GlobalAnchor>; unresolvedLinks: number }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const s of segments) {
    const source = await PDFDocument.load(s.pdf, { updateMetadata: false });
    const copied = await doc.copyPages(source, source.getPageIndices());
    copied.forEach((page) => {
      stripInternalLinks(page);
      // No bleed: the trim box is the page.
      page.setTrimBox(0, 0, page.getWidth(), page.getHeight());
      doc.addPage(page);
    });
    if (copied.length % 2) {
      const last = copied.at(-1)!;
      const blank = doc.addPage([last.getWidth(), last.getHeight()]);
      blank.setTrimBox(0, 0, last.getWidth(), last.getHeight());
    }
  }
  const pages = doc.getPages();
  const anchors = anchorIndex(segments);
  const unresolvedLinks = addLinks(doc, pages, segments, anchors);
  addOutline(doc, pages, outline, anchors);
  addPageLabels(doc, segments);

  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.producer);
  doc.setProducer(meta.producer);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(meta.language));
  const pdf = await doc.save({ useObjectStreams: true });
  return { pdf, anchors, unresolvedLinks };
}
