/**
 * The PDF: the printed segments, each made ready by segment-pdf.ts as relocatable objects, placed
 * one after another in one document (their bytes copied, their references renumbered; nothing is
 * parsed again), with what a book PDF needs that separately printed segments cannot have:
 *
 * - one structure tree for the whole book (Document → parts, texts, chapters as Part and Sect,
 *   the index as Index), its parent tree, id tree and role map, links in Link elements;
 * - named destinations for every link target, and links for those Chromium could not make
 *   (their target in another segment), each with its alternate description;
 * - an outline of parts and chapters, page labels (roman, then arabic), TrimBoxes;
 * - metadata: the document information and an XMP packet agreeing with the EPUB's, the language,
 *   DisplayDocTitle, MarkInfo, the file identifier. Fixed dates, identifiers derived from the
 *   content: the same manuscript gives the same PDF.
 * The file is written by pdf-file.ts: object streams for the dictionaries, a cross-reference stream.
 */
import { createHash } from 'node:crypto';
import {
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import type { UnitNode } from '../../book/unit-tree.js';
import type { Layout } from './paginate.js';
import { writePdf } from './pdf-file.js';
import { Placed, PlacedStream, type Relocatable, relocate } from './relocatable.js';
import type { Mcr, SegmentStructure, StructKid, StructNode } from './segment-pdf.js';

export interface SegmentPdf {
  name: string;
  /** The segment's pages and what they use, as segment-pdf.ts made them. */
  objects: Relocatable;
  structure: SegmentStructure;
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
  /** The XMP packet (xmp.ts). */
  xmp: string;
}

/** Where an anchor landed in the merged document. */
export interface GlobalAnchor {
  pageIndex: number;
  y: number;
}

/** Pages a segment occupies: its own, and a blank one if needed so that the next opens recto. */
export const span = (s: { layout: Layout }) => s.layout.pageCount + (s.layout.pageCount % 2);

/** Types outside PDF 1.7's standard set that Chromium uses, and the standard type each maps to. */
const ROLE_MAP = { Em: 'Span', Strong: 'Span', Aside: 'Div', Art: 'Art' } as const;

function anchorIndex(segments: { layout: Layout }[]) {
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

/** A structure element as the assembly makes it: its kids as they are written (an MCID, a reference, an MCR or OBJR dictionary). */
interface Elem {
  ref: PDFRef;
  type: string;
  parent: PDFRef;
  /** The page of its first marked content: an MCID alone is on this page. */
  pg?: PDFRef;
  kids: string[];
  /** Lang, ID and attributes, written. */
  extra: string;
}

/** The book's pages as the assembly places them. */
interface Page {
  ref: PDFRef;
  dict: PDFDict;
  width: number;
  height: number;
  annots: PDFRef[];
}

function destination(doc: PDFDocument, pages: Page[], target: GlobalAnchor) {
  const page = pages[target.pageIndex]!;
  const top = page.height - target.y;
  return doc.context.obj([page.ref, PDFName.of('XYZ'), PDFNull, PDFNumber.of(Math.round(top)), PDFNull]);
}

function addOutline(doc: PDFDocument, pages: Page[], entries: OutlineEntry[], anchors: Map<string, GlobalAnchor>) {
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
  let last: string | undefined;
  for (const s of segments) {
    // A segment that continues the numbering of the one before needs no label of its own.
    const expected = last === `${s.folioStyle}:${s.startFolio}`;
    if (!expected) nums.push(offset, { S: s.folioStyle === 'lower-roman' ? 'r' : 'D', St: s.startFolio });
    last = `${s.folioStyle}:${s.startFolio + span(s)}`;
    offset += span(s);
  }
  doc.catalog.set(PDFName.of('PageLabels'), doc.context.obj({ Nums: nums as never }));
}

/** An attribute value as the segment's data holds it: `/Name` for a name, else a string or number. */
function pdfValue(doc: PDFDocument, v: unknown): PDFObject {
  if (typeof v === 'number') return PDFNumber.of(v);
  if (typeof v === 'string') return v.startsWith('/') ? PDFName.of(v.slice(1)) : PDFString.of(v);
  if (Array.isArray(v)) return doc.context.obj(v.map((x) => pdfValue(doc, x)));
  if (v && typeof v === 'object') {
    const d = doc.context.obj({});
    for (const [k, x] of Object.entries(v)) d.set(PDFName.of(k), pdfValue(doc, x));
    return d;
  }
  return PDFNull;
}

const isMcr = (k: StructKid): k is Mcr => Array.isArray(k);
const isAnnot = (k: StructKid): k is { annot: [number, number] } => !Array.isArray(k) && 'annot' in k;

/** What becomes of each unit in the structure: its type. */
function unitType(unit: UnitNode['unit'] | undefined, id: string): string {
  if (!unit) return 'Sect';
  if (unit.kind === 'part') return 'Part';
  if (unit.kind === 'generated' && unit.name === 'index') return 'Index';
  return 'Sect';
}

export interface AssembleOptions {
  outline: OutlineEntry[];
  /** The book's units as a tree: how the sections nest. */
  units: UnitNode[];
  meta: PdfMeta;
}

export async function assemblePdf(segments: SegmentPdf[], options: AssembleOptions) {
  const { meta } = options;
  const doc = await PDFDocument.create({ updateMetadata: false });
  const ctx = doc.context;
  const treeRef = doc.catalog.get(PDFName.of('Pages')) as PDFRef;
  // 1. The pages, each segment's, with a blank verso where the next must open recto; each
  // segment's objects numbered on from the last.
  const pages: Page[] = [];
  const pageBase: number[] = [];
  const newPage = (width: number, height: number, dict: PDFDict, ref = ctx.nextRef()): Page => {
    dict.set(PDFName.of('Type'), PDFName.of('Page'));
    dict.set(PDFName.of('Parent'), treeRef);
    dict.set(PDFName.of('TrimBox'), ctx.obj([0, 0, width, height]));
    ctx.assign(ref, dict);
    return { ref, dict, width, height, annots: [] };
  };
  for (const s of segments) {
    pageBase.push(pages.length);
    const { bytes, objects, annots, sizes } = s.objects;
    const base = ctx.largestObjectNumber;
    const dicts: PDFDict[] = [];
    objects.forEach((o, i) => {
      const ref = PDFRef.of(base + i + 1);
      if ('s' in o) {
        const data = relocate(bytes, o.s, base);
        ctx.assign(ref, o.stream ? new PlacedStream(ctx, data) : new Placed(data));
        return;
      }
      const dict = ctx.obj({});
      for (const [key, value] of o.d) dict.set(PDFName.of(key), new Placed(relocate(bytes, value, base)));
      ctx.assign(ref, dict);
      dicts[i] = dict;
    });
    sizes.forEach(([width, height], p) => {
      const page = newPage(width, height, dicts[p]!, PDFRef.of(base + p + 1));
      page.annots = annots[p]!.map((n) => PDFRef.of(base + n));
      pages.push(page);
    });
    if (sizes.length % 2) {
      const [width, height] = sizes.at(-1)!;
      pages.push(newPage(width, height, ctx.obj({ MediaBox: [0, 0, width, height], Resources: {} })));
    }
  }
  const tree = ctx.lookup(treeRef, PDFDict);
  tree.set(PDFName.of('Kids'), ctx.obj(pages.map((p) => p.ref)));
  tree.set(PDFName.of('Count'), PDFNumber.of(pages.length));
  const anchors = anchorIndex(segments);

  // 2. Named destinations for every link target; links across segments, which Chromium could not make.
  const targets = new Set(segments.flatMap((s) => s.layout.links.filter((l) => l.href.startsWith('#')).map((l) => decodeURIComponent(l.href.slice(1)))));
  const dests = ctx.obj({});
  for (const id of [...targets].sort()) {
    const at = anchors.get(id);
    if (at) dests.set(PDFName.of(id), destination(doc, pages, at));
  }
  doc.catalog.set(PDFName.of('Dests'), ctx.register(dests));
  let unresolvedLinks = 0;
  /** The links the assembly adds, written: by reference. */
  const links = new Map<PDFRef, string>();
  const destNames = new Map<string, string>();
  const destName = (id: string) => destNames.get(id) ?? (destNames.set(id, PDFName.of(id).toString()), destNames.get(id)!);
  const addLinks = (s: SegmentPdf, si: number, node: StructNode) => {
    const link = node.link !== undefined ? s.layout.links[node.link] : undefined;
    if (!link || node.k.some(isAnnot)) return;
    const id = link.href.startsWith('#') ? decodeURIComponent(link.href.slice(1)) : undefined;
    if (!id || !anchors.has(id)) {
      unresolvedLinks++;
      return;
    }
    for (const box of link.boxes) {
      const page = pages[pageBase[si]! + box.page]!;
      const h = page.height;
      // Written once its key in the parent tree is known (below), as the structure elements are.
      const ref = ctx.nextRef();
      const rect = [box.x, h - box.y - box.height, box.x + box.width, h - box.y].map((n) => PDFNumber.of(n).toString()).join(' ');
      const contents = PDFHexString.fromText(/^[\divxlc]+$/.test(link.text) ? `Page ${link.text}` : link.label ?? link.text);
      links.set(ref, `/Type /Annot /Subtype /Link /Rect [${rect}] /Border [0 0 0] /F 4 /Dest ${destName(id)} /Contents ${contents}`);
      page.annots.push(ref);
      node.k.push({ annot: [box.page, page.annots.length - 1] });
    }
  };

  // 3. The structure tree.
  const unitsById = new Map<string, UnitNode>();
  const flat = (nodes: UnitNode[]) => nodes.forEach((n) => (unitsById.set(n.unit.id, n), flat(n.children)));
  flat(options.units);
  /** Each unit's own content; content outside any unit, in order, before the unit it precedes. */
  const content = new Map<string, { si: number; kids: StructKid[] }[]>();
  const looseBefore = new Map<string, { si: number; kids: StructKid[] }[]>();
  const trailing: { si: number; kids: StructKid[] }[] = [];
  let pending: { si: number; kids: StructKid[] }[] = [];
  const order: string[] = [];
  segments.forEach((s, si) => {
    const walkLinks = (kids: StructKid[]) => kids.forEach((k) => {
      if (isMcr(k) || isAnnot(k)) return;
      if (k.t === 'Link') addLinks(s, si, k);
      walkLinks(k.k);
    });
    for (const item of s.structure.items) {
      if (!Array.isArray(item) && 'unit' in item) {
        walkLinks(item.kids);
        if (!content.has(item.unit)) order.push(item.unit);
        content.set(item.unit, [...(content.get(item.unit) ?? []), { si, kids: item.kids }]);
        if (pending.length) looseBefore.set(item.unit, [...(looseBefore.get(item.unit) ?? []), ...pending]);
        pending = [];
      } else {
        walkLinks([item as StructKid]);
        pending.push({ si, kids: [item as StructKid] });
      }
    }
  });
  trailing.push(...pending);

  const parentTree = new Map<number, PDFRef[]>(); // page index → refs by MCID
  const annotParents: [PDFRef, PDFRef][] = []; // annotation, its Link element
  const ids: [string, PDFRef][] = [];
  /**
   * The structure elements, written out once their kids are known: the book has some fifteen
   * thousand, and as pdf-lib dictionaries they cost more to make and to write than the rest of
   * the assembly.
   */
  const elems: Elem[] = [];
  const elem = (type: string, parent: PDFRef, attrs?: StructNode['a']): Elem => {
    const ref = ctx.nextRef();
    let extra = '';
    if (attrs?.Lang) extra += `/Lang ${PDFString.of(attrs.Lang).toString()}`;
    if (attrs?.ID) {
      extra += `/ID ${PDFString.of(attrs.ID).toString()}`;
      ids.push([attrs.ID, ref]);
    }
    if (attrs?.A) extra += `/A ${pdfValue(doc, attrs.A).toString()}`;
    const e: Elem = { ref, type, parent, kids: [], extra };
    elems.push(e);
    return e;
  };
  /** Put a segment's kids into an element: MCIDs, annotations, elements. */
  const fill = (target: Elem, si: number, kids: StructKid[]) => {
    for (const k of kids) {
      if (isMcr(k)) {
        const pageIndex = pageBase[si]! + k[0];
        const pageRef = pages[pageIndex]!.ref;
        target.pg ??= pageRef;
        target.kids.push(target.pg === pageRef ? String(k[1]) : `<</Type /MCR /Pg ${pageRef} /MCID ${k[1]}>>`);
        const byMcid = parentTree.get(pageIndex) ?? [];
        byMcid[k[1]] = target.ref;
        parentTree.set(pageIndex, byMcid);
      } else if (isAnnot(k)) {
        const page = pages[pageBase[si]! + k.annot[0]]!;
        const annot = page.annots[k.annot[1]];
        if (annot) {
          target.kids.push(`<</Type /OBJR /Obj ${annot} /Pg ${page.ref}>>`);
          annotParents.push([annot, target.ref]);
        }
      } else {
        const child = elem(k.t, target.ref, k.a);
        fill(child, si, k.k);
        target.kids.push(String(child.ref));
      }
    }
  };
  const rootRef = ctx.nextRef();
  const document = elem('Document', rootRef, { Lang: meta.language });
  const placeUnit = (id: string, parent: Elem) => {
    for (const l of looseBefore.get(id) ?? []) fill(parent, l.si, l.kids);
    const node = unitsById.get(id);
    const sect = elem(unitType(node?.unit, id), parent.ref);
    for (const c of content.get(id) ?? []) fill(sect, c.si, c.kids);
    for (const child of node?.children ?? []) if (content.has(child.unit.id)) placeUnit(child.unit.id, sect);
    parent.kids.push(String(sect.ref));
    placed.add(id);
  };
  const placed = new Set<string>();
  // In the order the segments have them; a unit goes inside its parent unit when that is printed.
  for (const id of order) {
    if (placed.has(id)) continue;
    const node = unitsById.get(id);
    const parentId = node && [...unitsById.values()].find((p) => p.children.includes(node))?.unit.id;
    if (parentId && content.has(parentId)) continue; // placed with its parent
    placeUnit(id, document);
  }
  for (const l of trailing) fill(document, l.si, l.kids);
  const names = new Map<string, string>();
  const name = (type: string) => names.get(type) ?? (names.set(type, PDFName.of(type).toString()), names.get(type)!);
  for (const e of elems) {
    const pg = e.pg ? ` /Pg ${e.pg}` : '';
    ctx.assign(e.ref, new Placed(Buffer.from(`<</Type /StructElem /S ${name(e.type)} /P ${e.parent}${pg} /K [${e.kids.join(' ')}]${e.extra}>>`, 'latin1')));
  }

  // The parent tree: pages by their MCIDs, annotations by their own keys.
  const nums: PDFObject[] = [];
  pages.forEach((page, i) => {
    const refs = parentTree.get(i);
    if (!refs) return;
    page.dict.set(PDFName.of('StructParents'), PDFNumber.of(i));
    nums.push(PDFNumber.of(i), ctx.obj([...refs].map((r) => r ?? PDFNull)));
  });
  let key = pages.length;
  for (const [annot, parent] of annotParents) {
    const added = links.get(annot);
    if (added !== undefined) {
      ctx.assign(annot, new Placed(Buffer.from(`<<${added} /StructParent ${key}>>`, 'latin1')));
      links.delete(annot);
    } else ctx.lookup(annot, PDFDict).set(PDFName.of('StructParent'), PDFNumber.of(key));
    nums.push(PDFNumber.of(key++), parent);
  }
  for (const [annot, added] of links) ctx.assign(annot, new Placed(Buffer.from(`<<${added}>>`, 'latin1')));
  // Pages with annotations are read in the order of the structure (PDF/UA-1, 7.18.3).
  for (const page of pages) {
    if (!page.annots.length) continue;
    page.dict.set(PDFName.of('Annots'), ctx.obj(page.annots));
    page.dict.set(PDFName.of('Tabs'), PDFName.of('S'));
  }
  const root = ctx.obj({
    Type: 'StructTreeRoot',
    K: document.ref,
    ParentTree: ctx.register(ctx.obj({ Nums: nums })),
    ParentTreeNextKey: key,
    RoleMap: ctx.obj(ROLE_MAP),
  });
  if (ids.length) {
    const sorted = ids.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    root.set(PDFName.of('IDTree'), ctx.register(ctx.obj({ Names: sorted.flatMap(([id, ref]) => [PDFString.of(id), ref]) })));
  }
  ctx.assign(rootRef, root);
  doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  doc.catalog.set(PDFName.of('MarkInfo'), ctx.obj({ Marked: true }));

  // 4. Outline, page labels, metadata.
  addOutline(doc, pages, options.outline, anchors);
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
  // UTF-8, as XMP is (pdf-lib would write a string's characters as single bytes).
  const xmp = ctx.stream(new TextEncoder().encode(meta.xmp), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(xmp));
  // The file's identifier: the book's (the same in every version), and this version's content.
  const identity = createHash('md5').update(`${meta.keywords.join(' ')} ${meta.title}`).digest('hex');
  const version = createHash('md5');
  for (const s of segments) version.update(s.objects.bytes);
  version.update(meta.xmp);
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(identity), PDFHexString.of(version.digest('hex'))]);
  await doc.flush();
  const { Root, Info, ID } = ctx.trailerInfo;
  const pdf = writePdf(ctx, { Root: Root!, Info: Info!, ID: ID! });
  return { pdf, anchors, unresolvedLinks };
}
