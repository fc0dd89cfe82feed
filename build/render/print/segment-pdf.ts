/**
 * One printed segment, made ready to join the book: from Chromium's tagged PDF, the structure
 * the book needs, and the pages cleaned of what does not belong in them.
 *
 * - Structure: Chromium tags paragraphs, headings, lists, tables, links and emphasis, and wraps
 *   everything else in NonStruct. Its typed elements are aligned, in order, with what the page
 *   said it would tag (the layout's skeleton); then the book's units become sections, notes
 *   become Notes with their ids, Russian passages Spans with their Lang, NonStruct wrappers go,
 *   and an element Paged.js split across pages is made one again. The result is data
 *   (`SegmentStructure`), which the assembly turns into the book's one structure tree.
 * - Pages: painting outside the structure (running heads, folios, rules) is marked as artifact;
 *   the soft hyphen where a word breaks at a line's end stands for nothing in the text layer (the
 *   hyphen shown is a hyphen-minus glyph of its own, which text extraction joins across the line);
 *   Chromium's structure tree and its keys are left behind; each link gets an alternate
 *   description (PDF/UA-1, 7.18.5).
 * - The pages and what they use become relocatable objects (relocatable.ts), for the assembly.
 */
import zlib from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFHexString,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { markArtifacts } from './content-stream.js';
import type { Layout, SkeletonEntry } from './paginate.js';
import { type Relocatable, toRelocatable } from './relocatable.js';

/** A marked-content reference: page (0-based, in the segment) and MCID. */
export type Mcr = [page: number, mcid: number];
/** An annotation on a page: its page and its index in the page's /Annots. */
export interface AnnotRef {
  annot: [page: number, index: number];
}
export interface StructNode {
  /** The structure type. */
  t: string;
  /** Attributes: Lang, ID, Alt, and Chromium's table attributes (A). */
  a?: { Lang?: string; ID?: string; A?: unknown[] };
  /** For a Link: the index of the link in the layout's list (for links the assembly adds). */
  link?: number;
  k: StructKid[];
}
export type StructKid = StructNode | Mcr | AnnotRef;

/** A unit's structure (a Sect of the book, once the assembly nests it), or content outside units. */
export type SegmentItem = { unit: string; kids: StructKid[] } | StructKid;

export interface SegmentStructure {
  items: SegmentItem[];
  /** Typed elements aligned with the skeleton, and those left unaligned (for the report). */
  aligned: number;
  unaligned: number;
  /** Paintings marked as artifacts. */
  artifacts: number;
}

/** Types Chromium gives that the alignment uses (the others carry no identity of their own). */
const ALIGNED = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BlockQuote', 'L', 'LI', 'Table', 'TR', 'TH', 'TD', 'Link', 'Div', 'Art', 'Code']);

interface ChromiumNode {
  type: string;
  kids: (ChromiumNode | Mcr | { annot: PDFRef; page: number })[];
  attrs: { A?: unknown[]; ID?: string; Alt?: string };
  info?: SkeletonEntry;
  linkIndex?: number;
}

const isMcr = (k: unknown): k is Mcr => Array.isArray(k);
const isAnnot = (k: unknown): k is { annot: unknown } => typeof k === 'object' && k !== null && 'annot' in k;

/** Chromium's structure tree as plain nodes. */
function readTree(doc: PDFDocument, prefix: string): ChromiumNode | undefined {
  const ctx = doc.context;
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return undefined;
  const ids = new Map<string, string>();
  const rename = (id: string) => {
    let name = ids.get(id);
    if (!name) ids.set(id, (name = `${prefix}id${ids.size + 1}`));
    return name;
  };
  const plain = (o: PDFObject | undefined): unknown => {
    const v = o instanceof PDFRef ? ctx.lookup(o) : o;
    if (v instanceof PDFName) return `/${v.decodeText()}`; // a name, told from a string
    if (v instanceof PDFNumber) return v.asNumber();
    if (v instanceof PDFString || v instanceof PDFHexString) return v.decodeText();
    if (v instanceof PDFArray) return v.asArray().map(plain);
    if (v instanceof PDFDict) return Object.fromEntries([...v.entries()].map(([k, x]) => [k.decodeText(), plain(x)]));
    return v === undefined ? undefined : String(v);
  };
  const node = (dict: PDFDict): ChromiumNode => {
    const type = (dict.lookup(PDFName.of('S')) as PDFName | undefined)?.decodeText() ?? 'NonStruct';
    // Chromium's ids (of table headers, which cells name) are its own nodes' numbers, which
    // depend on what the browser did before; in the book, each is the segment's name and the
    // header's ordinal in the segment, so that the same segment always gives the same ids.
    const prefixed = (x: unknown): unknown => (typeof x === 'string' && !x.startsWith('/') ? rename(x) : x);
    const pg = dict.get(PDFName.of('Pg'));
    const page = pg ? pageIndex.get(pg.toString()) : undefined;
    const k = dict.get(PDFName.of('K'));
    const list = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
    const kids: ChromiumNode['kids'] = [];
    for (const item of list) {
      if (item instanceof PDFNumber) {
        if (page !== undefined) kids.push([page, item.asNumber()]);
        continue;
      }
      const d = item instanceof PDFRef ? ctx.lookup(item) : item;
      if (!(d instanceof PDFDict)) continue;
      const kind = (d.lookup(PDFName.of('Type')) as PDFName | undefined)?.decodeText();
      if (kind === 'MCR') {
        const p = pageIndex.get(String(d.get(PDFName.of('Pg')) ?? pg));
        const mcid = (d.lookup(PDFName.of('MCID')) as PDFNumber).asNumber();
        if (p !== undefined) kids.push([p, mcid]);
      } else if (kind === 'OBJR') {
        const obj = d.get(PDFName.of('Obj'));
        const p = pageIndex.get(String(d.get(PDFName.of('Pg')) ?? pg));
        if (obj instanceof PDFRef && p !== undefined) kids.push({ annot: obj, page: p });
      } else kids.push(node(d));
    }
    const a = dict.get(PDFName.of('A'));
    const id = dict.lookup(PDFName.of('ID'));
    const alt = dict.lookup(PDFName.of('Alt'));
    return {
      type,
      kids,
      attrs: {
        A: a === undefined ? undefined : ([plain(a)].flat() as Record<string, unknown>[]).map((o) => (o && typeof o === 'object' && 'Headers' in o ? { ...o, Headers: (o.Headers as unknown[]).map(prefixed) } : o)),
        ID: id instanceof PDFString || id instanceof PDFHexString ? rename(id.decodeText()) : undefined,
        Alt: alt instanceof PDFString || alt instanceof PDFHexString ? alt.decodeText() : undefined,
      },
    };
  };
  const k = root.lookup(PDFName.of('K'));
  const top = k instanceof PDFDict ? node(k) : undefined;
  return top;
}

/** Typed nodes in document order. */
function typed(root: ChromiumNode): ChromiumNode[] {
  const out: ChromiumNode[] = [];
  const walk = (n: ChromiumNode) => {
    if (ALIGNED.has(n.type)) out.push(n);
    for (const k of n.kids) if (!isMcr(k) && !isAnnot(k)) walk(k as ChromiumNode);
  };
  walk(root);
  return out;
}

/**
 * Pair Chromium's typed nodes with the skeleton's entries, in order. The two should agree one to
 * one; where they do not (an element Chromium left out), the pairing resumes at the next entry of
 * the same type within a short window, on whichever side.
 */
export function align<A, B>(a: A[], b: B[], typeA: (x: A) => string, typeB: (y: B) => string, window = 24): [number, number][] {
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (typeA(a[i]!) === typeB(b[j]!)) {
      pairs.push([i++, j++]);
      continue;
    }
    let skipB = -1;
    for (let d = 1; d <= window && j + d < b.length; d++) if (typeB(b[j + d]!) === typeA(a[i]!)) { skipB = d; break; }
    let skipA = -1;
    for (let d = 1; d <= window && i + d < a.length; d++) if (typeA(a[i + d]!) === typeB(b[j]!)) { skipA = d; break; }
    if (skipB > 0 && (skipA < 0 || skipB <= skipA)) j += skipB;
    else if (skipA > 0) i += skipA;
    else {
      i++;
      j++;
    }
  }
  return pairs;
}

/** The book's structure from Chromium's: units, notes, languages; wrappers gone; splits joined. */
function rebuild(root: ChromiumNode, annots: Map<string, [number, number]>): { items: SegmentItem[] } {
  const items: SegmentItem[] = [];
  const units = new Map<string, { unit: string; kids: StructKid[] }>();
  const byRef = new Map<string, StructNode>();
  const out = (into: StructKid[], n: ChromiumNode | Mcr | { annot: PDFRef; page: number }) => {
    if (isMcr(n)) return void into.push(n);
    if (isAnnot(n)) {
      const at = annots.get((n as { annot: PDFRef }).annot.toString());
      if (at) into.push({ annot: at });
      return;
    }
    const node = n as ChromiumNode;
    const info = node.info;
    // Wrappers go; their content stays where it stands.
    if (node.type === 'NonStruct' || node.type === 'Document' || (node.type === 'Div' && !info?.unit)) {
      for (const k of node.kids) out(into, k);
      return;
    }
    if (node.type === 'Div' && info?.unit) {
      // A unit's fragments, on however many pages, are one section.
      let unit = units.get(info.unit);
      if (!unit) {
        unit = { unit: info.unit, kids: [] };
        units.set(info.unit, unit);
        items.push(unit);
      }
      for (const k of node.kids) out(unit.kids, k);
      return;
    }
    // A fragment that continues an element from an earlier page is that element.
    const earlier = info?.continues && info.ref ? byRef.get(`${node.type}:${info.ref}`) : undefined;
    if (earlier) {
      for (const k of node.kids) out(earlier.k, k);
      return;
    }
    const s: StructNode = { t: node.type, k: [] };
    if (node.type === 'Art') {
      s.t = 'Note';
      if (info?.id) s.a = { ID: info.id };
    } else if (node.type === 'Code') {
      s.t = 'Span';
      if (info?.lang) s.a = { Lang: info.lang };
    } else if (node.type === 'Aside') s.t = 'Div';
    if (node.attrs.A) s.a = { ...s.a, A: node.attrs.A };
    if (node.attrs.ID && node.type !== 'Art') s.a = { ...s.a, ID: node.attrs.ID };
    if (node.type === 'Link' && node.linkIndex !== undefined) s.link = node.linkIndex;
    if (info?.ref) byRef.set(`${node.type}:${info.ref}`, s);
    for (const k of node.kids) out(s.k, k);
    // A list item's content, but for its label, is its body.
    if (s.t === 'LI') {
      const label = s.k.filter((k) => !isMcr(k) && !isAnnot(k) && (k as StructNode).t === 'Lbl');
      const body = s.k.filter((k) => !label.includes(k));
      s.k = [...label, ...(body.length ? [{ t: 'LBody', k: body } as StructNode] : [])];
    }
    into.push(s);
  };
  for (const k of root.kids) out(items as StructKid[], k);
  return { items };
}

/** An ActualText (a UTF-16 hex string) without the soft hyphens in it. */
export function withoutSoftHyphens(actualText: string): string {
  return actualText.replace(/\/ActualText <FEFF((?:[0-9A-Fa-f]{4})*)>/g, (_, units: string) => `/ActualText <FEFF${(units.match(/.{4}/g) ?? []).filter((u) => u.toUpperCase() !== '00AD').join('')}>`);
}

/** The alternate description of a link (PDF/UA-1, 7.18.5): what it says, or where it goes. */
function linkContents(link: Layout['links'][number] | undefined): string {
  if (!link) return 'Link';
  if (link.label) return link.label;
  const text = link.text.replace(/\u00ad/g, '');
  if (/^\*+$|^\d+$/.test(text) && link.href.includes('-n')) return `Note ${text}`;
  if (/^[\divxlc]+$/.test(text)) return `Page ${text}`;
  return text || link.href.replace(/^#/, '');
}

/** `name`: the segment's name, which prefixes the ids Chromium gives, to keep them unique in the book. */
export async function processSegment(pdf: Uint8Array, layout: Layout, name: string): Promise<{ objects: Relocatable; structure: SegmentStructure }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: Infinity });
  const ctx = doc.context;
  const pages = doc.getPages();

  // 1. The structure, aligned with the skeleton.
  const tree = readTree(doc, `${name}-`);
  const nodes = tree ? typed(tree) : [];
  const pairs = align(nodes, layout.skeleton, (n) => n.type, (e) => e.type);
  let linkOrdinal = 0;
  const linkBySkeleton = new Map<number, number>();
  layout.skeleton.forEach((e, i) => {
    if (e.type === 'Link') linkBySkeleton.set(i, linkOrdinal++);
  });
  for (const [i, j] of pairs) {
    nodes[i]!.info = layout.skeleton[j];
    if (nodes[i]!.type === 'Link') nodes[i]!.linkIndex = linkBySkeleton.get(j);
  }
  // Annotations by reference, as page and index in the page's /Annots.
  const annots = new Map<string, [number, number]>();
  pages.forEach((page, p) => {
    const list = page.node.Annots();
    list?.asArray().forEach((ref, i) => annots.set(ref.toString(), [p, i]));
  });
  const { items } = tree ? rebuild(tree, annots) : { items: [] };

  // 2. Each link's alternate description; the old structure keys go.
  const linkOf = new Map<string, number>();
  const visit = (kids: StructKid[]) => {
    for (const k of kids) {
      if (isMcr(k) || isAnnot(k)) continue;
      const n = k as StructNode;
      if (n.t === 'Link' && n.link !== undefined) for (const x of n.k) if (isAnnot(x)) linkOf.set(x.annot.join(':'), n.link);
      visit(n.k);
    }
  };
  for (const item of items) visit('unit' in item ? item.kids : [item as StructKid]);
  pages.forEach((page, p) => {
    page.node.delete(PDFName.of('StructParents'));
    page.node.Annots()?.asArray().forEach((ref, i) => {
      const annot = ctx.lookup(ref, PDFDict);
      annot.delete(PDFName.of('StructParent'));
      if (annot.get(PDFName.of('Subtype')) === PDFName.of('Link')) {
        annot.set(PDFName.of('Contents'), PDFHexString.fromText(linkContents(layout.links[linkOf.get(`${p}:${i}`) ?? -1])));
      }
    });
  });

  // 3. The pages: artifacts marked, the line-end hyphen mapped to a hyphen-minus.
  let artifacts = 0;
  const rewrite = (ref: PDFRef, edit: (text: string) => string | undefined) => {
    const stream = ctx.lookup(ref);
    if (!(stream instanceof PDFRawStream)) return;
    const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    const changed = edit(text);
    if (changed === undefined) return;
    const data = zlib.deflateSync(Buffer.from(changed, 'latin1'));
    const dict = stream.dict.clone(ctx);
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.set(PDFName.of('Length'), PDFNumber.of(data.length));
    dict.delete(PDFName.of('DecodeParms'));
    ctx.assign(ref, PDFRawStream.of(dict, data));
  };
  for (const page of pages) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFRef ? [contents] : contents instanceof PDFArray ? contents.asArray().filter((r): r is PDFRef => r instanceof PDFRef) : [];
    for (const ref of refs) {
      rewrite(ref, (text) => {
        // A soft hyphen Chromium keeps (where a line breaks at it) stands for nothing in the text:
        // the hyphen it shows is a glyph of its own, a hyphen-minus, which extraction joins. A
        // ligature formed across one ("f\u00adf") says the letters and the soft hyphen: the letters.
        const unsoft = withoutSoftHyphens(text);
        const marked = markArtifacts(unsoft);
        if (marked) artifacts += marked.artifacts;
        const out = marked?.text ?? unsoft;
        return out === text ? undefined : out;
      });
    }
  }
  const aligned = pairs.length;
  return {
    objects: toRelocatable(ctx, pages.map((p) => p.ref)),
    structure: { items, aligned, unaligned: nodes.length + layout.skeleton.length - 2 * aligned, artifacts },
  };
}
