/**
 * A structural check of a PDF against the machine-checkable rules of PDF/UA-1 (ISO 14289-1:2014)
 * that apply to a book of text: no validator such as veraPDF can be installed here, so these are
 * ours, each named by its clause. It reads the PDF as it is written (pdf-lib for objects, the
 * build's content-stream tokenizer for the pages), not as the build meant it.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, type PDFObject, PDFRawStream, PDFRef, PDFString, PDFHexString, PDFBool, decodePDFRawStream } from 'pdf-lib';
import { statements } from '../../build/render/print/content-stream.js';

export interface Finding {
  clause: string;
  message: string;
}

/** PDF 1.7's standard structure types (ISO 32000-1, 14.8.4). */
const STANDARD = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '),
);
const PAINTS = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh', 'Do', 'BI', 'Tj', 'TJ', "'", '"']);
const BCP47 = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

export interface StructElemInfo {
  type: string;
  ref: string;
  parent?: StructElemInfo;
  kids: StructElemInfo[];
  mcids: [page: number, mcid: number][];
  annots: string[];
  /** The element's own /Lang. */
  lang?: string;
  dict: PDFDict;
}

export interface PdfUaReport {
  findings: Finding[];
  /** Structure elements by type; pages with marked content; annotations. */
  types: Record<string, number>;
  pagesWithContent: number;
  pagesWithStructure: number;
  annotations: number;
  /** Headings in reading order, with the page each starts on. */
  headings: { level: number; page: number }[];
  elements: StructElemInfo[];
}

const decodeText = (o: PDFObject | undefined) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

function streamText(doc: PDFDocument, o: PDFObject | undefined): string {
  const v = o instanceof PDFRef ? doc.context.lookup(o) : o;
  if (v instanceof PDFRawStream) return Buffer.from(decodePDFRawStream(v).decode()).toString('latin1');
  if (v instanceof PDFArray) return v.asArray().map((x) => streamText(doc, x)).join('\n');
  return '';
}

export async function checkPdfUa(bytes: Uint8Array): Promise<PdfUaReport> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Infinity });
  const ctx = doc.context;
  const findings: Finding[] = [];
  const fail = (clause: string, message: string) => findings.push({ clause, message });
  const catalog = doc.catalog;
  const pages = doc.getPages();
  const pageIndex = new Map(pages.map((p, i) => [p.ref.toString(), i]));

  // 5 — identification, and 7.1 metadata: an XMP stream that claims PDF/UA-1 and has a title.
  const metaObj = catalog.lookup(PDFName.of('Metadata'));
  const meta = metaObj instanceof PDFRawStream ? metaObj : undefined;
  const xmp = meta ? Buffer.from(decodePDFRawStream(meta).decode()).toString('utf8') : '';
  if (!meta) fail('5', 'no XMP metadata stream in the catalog');
  if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp)) fail('5', 'the XMP does not identify the file as PDF/UA-1 (pdfuaid:part)');
  if (!/<dc:title>/.test(xmp)) fail('7.1', 'the XMP has no dc:title');
  // 7.1 — a tagged PDF: MarkInfo Marked, no Suspects; the title shown (DisplayDocTitle).
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  if (markInfo?.get(PDFName.of('Marked')) !== PDFBool.True) fail('7.1', 'MarkInfo /Marked is not true');
  if (markInfo?.get(PDFName.of('Suspects')) === PDFBool.True) fail('7.1', 'MarkInfo /Suspects is true');
  const viewer = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  if (viewer?.get(PDFName.of('DisplayDocTitle')) !== PDFBool.True) fail('7.1', 'ViewerPreferences /DisplayDocTitle is not true');
  // 7.2 — the natural language.
  const lang = decodeText(catalog.lookup(PDFName.of('Lang')));
  if (!lang || !BCP47.test(lang)) fail('7.2', `the catalog's /Lang is ${lang === undefined ? 'missing' : `not a language tag: ${lang}`}`);

  // The structure tree.
  const root = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const elements: StructElemInfo[] = [];
  const types: Record<string, number> = {};
  const roleMap = new Map<string, string>();
  const referenced = new Map<string, string>(); // `page:mcid` → element ref
  if (!root) fail('7.1', 'no structure tree (StructTreeRoot)');
  else {
    const rm = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
    for (const [k, v] of rm?.entries() ?? []) roleMap.set(k.decodeText(), (v as PDFName).decodeText());
    const visit = (ref: PDFObject | undefined, parent?: StructElemInfo) => {
      const dict = ref instanceof PDFRef ? ctx.lookup(ref) : ref;
      if (!(dict instanceof PDFDict)) return;
      const type = (dict.lookup(PDFName.of('S')) as PDFName | undefined)?.decodeText() ?? '';
      const info: StructElemInfo = { type, ref: String(ref), parent, kids: [], mcids: [], annots: [], dict, lang: decodeText(dict.lookup(PDFName.of('Lang'))) };
      elements.push(info);
      parent?.kids.push(info);
      types[type] = (types[type] ?? 0) + 1;
      const pg = dict.get(PDFName.of('Pg'));
      const k = dict.get(PDFName.of('K'));
      const list = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
      for (const item of list) {
        if (item instanceof PDFNumber) {
          const p = pg ? pageIndex.get(pg.toString()) : undefined;
          if (p === undefined) fail('7.1', `${type} ${ref}: an MCID without a page`);
          else info.mcids.push([p, item.asNumber()]);
          continue;
        }
        const d = item instanceof PDFRef ? ctx.lookup(item) : item;
        if (!(d instanceof PDFDict)) continue;
        const kind = (d.lookup(PDFName.of('Type')) as PDFName | undefined)?.decodeText();
        if (kind === 'MCR') {
          const p = pageIndex.get(String(d.get(PDFName.of('Pg')) ?? pg));
          const mcid = (d.lookup(PDFName.of('MCID')) as PDFNumber).asNumber();
          if (p !== undefined) info.mcids.push([p, mcid]);
        } else if (kind === 'OBJR') info.annots.push(String(d.get(PDFName.of('Obj'))));
        else visit(item, info);
      }
      for (const [p, mcid] of info.mcids) {
        const key = `${p}:${mcid}`;
        if (referenced.has(key)) fail('7.1', `marked content ${key} is in the structure twice`);
        referenced.set(key, info.ref);
      }
    };
    visit(root.get(PDFName.of('K')));
  }
  // 7.1 — standard structure types, or role-mapped to one.
  for (const [type] of Object.entries(types)) {
    const mapped = STANDARD.has(type) ? type : roleMap.get(type);
    if (!mapped || !STANDARD.has(mapped)) fail('7.1', `structure type /${type} is neither standard nor role-mapped to a standard type`);
  }
  // 7.2 — every Lang in the structure is a language tag.
  for (const e of elements) {
    const l = decodeText(e.dict.lookup(PDFName.of('Lang')));
    if (l !== undefined && !BCP47.test(l)) fail('7.2', `${e.type} has /Lang ${l}`);
  }
  // 7.4.2 — headings: levels not skipped, in reading order.
  const headings: PdfUaReport['headings'] = [];
  let last = 0;
  for (const e of elements) {
    const m = /^H([1-6])$/.exec(e.type);
    if (!m) continue;
    const level = Number(m[1]);
    if (last && level > last + 1) fail('7.4.2', `a heading level skipped: H${last} then H${level} (${e.ref})`);
    last = level;
    const first = e.mcids[0] ?? e.kids.flatMap((k) => k.mcids)[0];
    headings.push({ level, page: first ? first[0] : -1 });
  }
  // 7.5 — tables: rows in tables, cells in rows, header cells.
  for (const e of elements) {
    if (e.type === 'TR' && !['Table', 'THead', 'TBody', 'TFoot'].includes(e.parent?.type ?? '')) fail('7.5', `a TR outside a table (in ${e.parent?.type})`);
    if ((e.type === 'TH' || e.type === 'TD') && e.parent?.type !== 'TR') fail('7.5', `a ${e.type} outside a row (in ${e.parent?.type})`);
    if (e.type === 'Table') {
      const all = (x: StructElemInfo): StructElemInfo[] => [x, ...x.kids.flatMap(all)];
      if (!all(e).some((x) => x.type === 'TH')) fail('7.5', `a table without header cells (${e.ref})`);
    }
    // Lists: items in lists (ISO 32000-1, 14.8.4.3.3, which 7.6 asks for).
    if (e.type === 'LI' && e.parent?.type !== 'L') fail('7.6', `an LI outside a list (in ${e.parent?.type})`);
  }
  // 7.9 — notes have ids, each its own.
  const noteIds = new Set<string>();
  for (const e of elements.filter((x) => x.type === 'Note')) {
    const id = decodeText(e.dict.lookup(PDFName.of('ID')));
    if (!id) fail('7.9', `a Note without an ID (${e.ref})`);
    else if (noteIds.has(id)) fail('7.9', `two Notes with the ID ${id}`);
    else noteIds.add(id);
  }
  // 7.3 — figures have alternate text.
  for (const e of elements.filter((x) => x.type === 'Figure')) {
    if (!e.dict.has(PDFName.of('Alt')) && !e.dict.has(PDFName.of('ActualText'))) fail('7.3', `a Figure without Alt (${e.ref})`);
  }

  // 7.1 — every painting is marked content in the structure, or an artifact; 7.18 — annotations.
  let pagesWithContent = 0;
  let pagesWithStructure = 0;
  let annotations = 0;
  const annotParents = new Map<string, string>();
  for (const e of elements) for (const a of e.annots) annotParents.set(a, e.type);
  pages.forEach((page, p) => {
    const text = streamText(doc, page.node.get(PDFName.of('Contents')));
    const stack: ('artifact' | 'mcid' | 'other')[] = [];
    let unmarked = 0;
    let painted = false;
    let structured = false;
    for (const st of statements(text)) {
      const op = st.operator;
      if (op === 'BDC' || op === 'BMC') {
        const src = text.slice(st.start, st.end);
        const mcid = /\/MCID\s+(\d+)/.exec(src);
        stack.push(/^\s*\/Artifact\b/.test(src) ? 'artifact' : mcid ? 'mcid' : 'other');
        if (mcid) {
          structured = true;
          if (!referenced.has(`${p}:${mcid[1]}`)) fail('7.1', `page ${p + 1}: marked content MCID ${mcid[1]} is in no structure element`);
        }
      } else if (op === 'EMC') stack.pop();
      else if (PAINTS.has(op)) {
        painted = true;
        if (!stack.some((s) => s === 'artifact' || s === 'mcid')) unmarked++;
      }
    }
    if (painted) pagesWithContent++;
    if (structured) pagesWithStructure++;
    if (unmarked) fail('7.1', `page ${p + 1}: ${unmarked} painting operators neither in the structure nor marked as artifact`);
    if (structured && !page.node.has(PDFName.of('StructParents'))) fail('7.1', `page ${p + 1}: marked content, but no /StructParents`);
    const annots = page.node.Annots()?.asArray() ?? [];
    if (annots.length && page.node.get(PDFName.of('Tabs')) !== PDFName.of('S')) fail('7.18.3', `page ${p + 1} has annotations but no /Tabs /S`);
    for (const ref of annots) {
      annotations++;
      const a = ctx.lookup(ref, PDFDict);
      const subtype = (a.get(PDFName.of('Subtype')) as PDFName).decodeText();
      if (subtype === 'Popup') continue;
      const parent = annotParents.get(String(ref));
      if (!parent) fail('7.18.1', `page ${p + 1}: a ${subtype} annotation in no structure element`);
      if (subtype === 'Link') {
        if (parent && parent !== 'Link') fail('7.18.5', `page ${p + 1}: a link annotation in a ${parent}, not a Link`);
        if (!decodeText(a.lookup(PDFName.of('Contents')))) fail('7.18.5', `page ${p + 1}: a link without an alternate description (Contents)`);
      }
    }
  });

  // 7.21 — fonts embedded, and each with a way to Unicode.
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = (obj.get(PDFName.of('Subtype')) as PDFName | undefined)?.decodeText();
    if (subtype === 'Type0') {
      if (!obj.has(PDFName.of('ToUnicode'))) fail('7.21.7', `font ${ref}: a Type0 font without ToUnicode`);
      continue;
    }
    if (subtype === 'Type3') continue;
    const fd = obj.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    if (!fd || !['FontFile', 'FontFile2', 'FontFile3'].some((k) => fd.has(PDFName.of(k)))) fail('7.21.4.1', `font ${ref} (${(obj.get(PDFName.of('BaseFont')) as PDFName | undefined)?.decodeText()}) is not embedded`);
  }
  return { findings, types, pagesWithContent, pagesWithStructure, annotations, headings, elements };
}
