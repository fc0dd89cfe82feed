/**
 * The press PDF: the digital PDF's pages as they were laid out — the same pages, folios and
 * page map — made into what a printer's preflight asks for, PDF/X-1a:2003 in grey:
 *
 * - every colour in DeviceGray: the text's and rules' RGB black (`0 0 0 rg`) becomes `0 g`,
 *   100 % K, never a four-colour black; any other RGB by its luminance;
 * - an output intent (GTS_PDFX) naming the printing condition, PDF/X's version key, `Trapped`,
 *   the title and the book's identifier in the document information and in XMP;
 * - a TrimBox on every page, and where book.yaml sets a bleed or crop marks, a larger MediaBox
 *   with the BleedBox and the marks (in K) outside the trim;
 * - nothing for screens: no links, no structure tree; the outline stays (PDF/X allows it);
 * - PDF 1.4 with a classic cross-reference table, the objects numbered afresh, an identifier
 *   derived from the content: the same manuscript gives the same bytes.
 *
 * The text layer is the digital PDF's, byte for byte in the content streams: only the colour
 * operators change. The preflight (preflight.ts) then reads the file as a printer's would; a
 * finding is the build's error.
 *
 * Why not Ghostscript, Debian's tool for PDF/X: on this book its pdfwrite took 73 s (the digital
 * PDF takes 26 s), and it lost the text layer — small capitals and ligatures kept as glyphs
 * without their ActualText ("Identi昀椀er"), apostrophes read as "9". The book's PDF holds nothing
 * but text and rules in RGB; that needs the colour operators rewritten, not the pages redrawn.
 * Ghostscript is the independent check instead: the tests measure each page's ink with its
 * `inkcov` device (K only).
 *
 * Why X-1a and not X-3 or X-4: X-1a is what print-on-demand services and book printers most ask
 * for; it allows grey and CMYK only, which is all this interior has. X-4's live transparency and
 * ICC colour are not needed here.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFObject, PDFRawStream, PDFRef, PDFStream, PDFString } from 'pdf-lib';
import type { BookMetadata } from '../../book/metadata.js';
import { writePdf } from '../print/pdf-file.js';
import { xmpPacket } from '../print/xmp.js';
import { colourOperators, type Finding, PDFX_VERSION, preflight, streamData } from './preflight.js';

export { PDFX_VERSION };

export interface Sheet {
  /** The trimmed page, in points. */
  width: number;
  height: number;
  /** Bleed beyond the trim on every side, in points; 0 for none. */
  bleed: number;
  /** Crop marks outside the trim. */
  marks: boolean;
}

export interface PressOptions {
  meta: BookMetadata;
  sheet: Sheet;
  /** The output intent: a printing condition of the ICC's registry (book.yaml `press.condition`). */
  condition: string;
  producer: string;
}

export interface PressResult {
  pdf: Uint8Array;
  findings: Finding[];
  pages: number;
  /** How many colour operators were turned to grey. */
  colours: number;
  seconds: { convert: number; preflight: number };
}

const UNITS: Record<string, number> = { in: 72, mm: 72 / 25.4, cm: 72 / 2.54, pt: 1 };
/** A length of book.yaml (`6in`, `3mm`) in points. */
export const points = (length: string) => {
  const m = /^(\d+(?:\.\d+)?)(in|mm|cm|pt)$/.exec(length);
  if (!m) throw new Error(`not a length: ${length}`);
  return Math.round(Number(m[1]) * UNITS[m[2]!]! * 1000) / 1000;
};

/** How far the crop marks stand off the trim, and how long they are, in points. */
export const MARK_OFFSET = 9;
export const MARK_LENGTH = 18;
/** The sheet's margin around the trimmed page: the bleed, or room for the marks. */
export const sheetMargin = (s: Sheet) => (s.marks ? Math.max(s.bleed, MARK_OFFSET) + MARK_LENGTH + 3 : s.bleed);

const N = (s: string) => PDFName.of(s);
const num = (x: number) => String(Math.round(x * 10000) / 10000);

/** Grey for an RGB colour: itself when neutral, else its luminance (the weights PostScript's and Ghostscript's conversions use). */
const grey = (r: number, g: number, b: number) => (r === g && g === b ? r : 0.3 * r + 0.59 * g + 0.11 * b);

/**
 * A content stream with its RGB colour operators (`r g b rg`, `r g b RG`) made grey (`y g`,
 * `y G`); strings, comments and inline images are copied as they are.
 */
export function greyContent(bytes: Uint8Array): { bytes: Buffer; count: number; left: string[] } {
  const s = Buffer.from(bytes).toString('latin1');
  const out: string[] = [];
  let copied = 0;
  let count = 0;
  /** Colour operators not made grey: for the preflight's findings. */
  const left: string[] = [];
  colourOperators(s, (t, operands, from, end) => {
    if ((t === 'rg' || t === 'RG') && operands.length === 3 && operands.every((o) => NUMBER.test(o))) {
      const [r, g, b] = operands.map(Number) as [number, number, number];
      out.push(s.slice(copied, from), `${num(grey(r, g, b))} ${t === 'rg' ? 'g' : 'G'}`);
      copied = end;
      count++;
    } else if (!((t === 'cs' || t === 'CS') && /^\/(DeviceGray|G|Pattern)$/.test(operands[0] ?? ''))) left.push([...operands, t].join(' '));
  });
  out.push(s.slice(copied));
  return { bytes: Buffer.from(out.join(''), 'latin1'), count, left };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;

/** The crop marks, in K, as a content stream of their own: four pairs of lines outside the trim's corners. */
function marksContent(s: Sheet): Buffer {
  const o = Math.max(s.bleed, MARK_OFFSET);
  const l = MARK_LENGTH;
  const [x0, y0, x1, y1] = [0, 0, s.width, s.height];
  const lines = [
    [x0 - o - l, y0, x0 - o, y0], [x0, y0 - o - l, x0, y0 - o],
    [x1 + o, y0, x1 + o + l, y0], [x1, y0 - o - l, x1, y0 - o],
    [x0 - o - l, y1, x0 - o, y1], [x0, y1 + o, x0, y1 + o + l],
    [x1 + o, y1, x1 + o + l, y1], [x1, y1 + o, x1, y1 + o + l],
  ];
  return Buffer.from(`q 0 G 0.25 w ${lines.map(([a, b, c, d]) => `${num(a!)} ${num(b!)} m ${num(c!)} ${num(d!)} l`).join(' ')} S Q\n`, 'latin1');
}

/** The objects reachable from the trailer's, renumbered 1, 2, … in the order they are reached, in a new context. */
function compact(ctx: PDFContext, roots: Record<string, PDFObject>): { ctx: PDFContext; trailer: Record<string, PDFObject> } {
  const next = PDFContext.create();
  const numbers = new Map<PDFRef, PDFRef>();
  const queue: PDFRef[] = [];
  const refOf = (ref: PDFRef) => {
    let n = numbers.get(ref);
    if (!n) {
      n = PDFRef.of(numbers.size + 1);
      numbers.set(ref, n);
      queue.push(ref);
    }
    return n;
  };
  const clone = (value: PDFObject): PDFObject => {
    if (value instanceof PDFRef) return refOf(value);
    if (value instanceof PDFDict) {
      const dict = next.obj({});
      for (const [k, v] of value.entries()) dict.set(k, clone(v));
      return dict;
    }
    if (value instanceof PDFArray) {
      const array = next.obj([]);
      for (const v of value.asArray()) array.push(clone(v));
      return array;
    }
    if (value instanceof PDFRawStream) return PDFRawStream.of(clone(value.dict) as PDFDict, value.contents);
    if (value instanceof PDFStream) throw new Error('a stream not yet encoded');
    return value;
  };
  const trailer = Object.fromEntries(Object.entries(roots).map(([k, v]) => [k, clone(v)]));
  for (let i = 0; i < queue.length; i++) {
    const old = queue[i]!;
    next.assign(numbers.get(old)!, clone(ctx.lookup(old)!));
  }
  return { ctx: next, trailer };
}

export async function renderPress(digital: Uint8Array, o: PressOptions): Promise<PressResult> {
  const a = performance.now();
  const doc = await PDFDocument.load(digital, { updateMetadata: false, parseSpeed: Infinity });
  const ctx = doc.context;
  const { sheet } = o;
  const m = sheetMargin(sheet);
  const marks = sheet.marks ? ctx.register(ctx.flateStream(marksContent(sheet))) : undefined;
  let colours = 0;
  /** Colour the conversion could not make grey, by page: the preflight's findings. */
  const left: Finding[] = [];
  let pageNumber = 0;
  const greyed = new Map<PDFRef, PDFRef>();
  const greyStream = (ref: PDFRef) => {
    let done = greyed.get(ref);
    if (!done) {
      const stream = ctx.lookup(ref) as PDFRawStream;
      const result = greyContent(streamData(stream));
      colours += result.count;
      for (const op of result.left) left.push({ rule: 'colour', page: pageNumber, detail: `\`${op}\`: a colour not in DeviceGray, which the conversion does not make grey` });
      done = ctx.register(PDFRawStream.of(ctx.obj({ Length: 0, Filter: 'FlateDecode' }), zlib.deflateSync(result.bytes)));
      (ctx.lookup(done) as PDFRawStream).dict.set(N('Length'), PDFNumber.of((ctx.lookup(done) as PDFRawStream).contents.length));
      greyed.set(ref, done);
    }
    return done;
  };
  for (const page of doc.getPages()) {
    pageNumber++;
    const node = page.node;
    for (const key of ['Annots', 'StructParents', 'Tabs']) node.delete(N(key));
    const contents = node.get(N('Contents'));
    const listed = contents instanceof PDFRef ? ctx.lookup(contents) : contents;
    const refs = listed instanceof PDFArray ? listed.asArray().map((r) => r as PDFRef) : contents instanceof PDFRef ? [contents] : [];
    node.set(N('Contents'), ctx.obj([...(marks ? [marks] : []), ...refs.map(greyStream)]));
    // Form XObjects paint too: their colours made grey as well.
    const xobjects = node.Resources()?.lookup(N('XObject'));
    if (xobjects instanceof PDFDict) {
      for (const [name, ref] of xobjects.entries()) {
        const x = ctx.lookup(ref);
        if (ref instanceof PDFRef && x instanceof PDFRawStream && String(x.dict.get(N('Subtype'))) === '/Form') {
          const done = greyStream(ref);
          const copy = ctx.lookup(done) as PDFRawStream;
          for (const [k, v] of x.dict.entries()) if (!['Length', 'Filter', 'DecodeParms'].includes(k.decodeText())) copy.dict.set(k, v);
          xobjects.set(name, done);
        }
      }
    }
    const box = (d: number) => ctx.obj([-d, -d, sheet.width + d, sheet.height + d].map((v) => PDFNumber.of(v)));
    node.set(N('MediaBox'), box(m));
    node.set(N('TrimBox'), box(0));
    if (m > 0) node.set(N('BleedBox'), box(sheet.bleed));
    node.delete(N('CropBox'));
  }
  // The catalog: what screens use goes, what PDF/X asks for comes.
  const catalog = doc.catalog;
  for (const key of ['StructTreeRoot', 'MarkInfo', 'Dests', 'OpenAction', 'AcroForm']) catalog.delete(N(key));
  catalog.set(
    N('OutputIntents'),
    ctx.obj([
      ctx.obj({
        Type: 'OutputIntent',
        S: 'GTS_PDFX',
        OutputConditionIdentifier: PDFString.of(o.condition),
        OutputCondition: PDFString.of(o.condition),
        RegistryName: PDFString.of('http://www.color.org'),
        Info: PDFString.of(`${o.condition}, a printing condition of the ICC's characterization registry; the interior is grey, so it describes only how K prints`),
      }),
    ]),
  );
  const xmp = ctx.stream(new TextEncoder().encode(xmpPacket(o.meta, { producer: o.producer, pdfx: PDFX_VERSION })), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(N('Metadata'), ctx.register(xmp));
  const info = ctx.lookup(ctx.trailerInfo.Info) as PDFDict;
  info.set(N('GTS_PDFXVersion'), PDFString.of(PDFX_VERSION));
  info.set(N('Trapped'), N('False'));
  info.set(N('Producer'), PDFHexString.fromText(o.producer));
  // The identifier: the book's, and this file's from the PDF it was made from and how.
  const [identity] = (ctx.trailerInfo.ID as PDFArray).asArray();
  const version = createHash('md5').update(digital).update(JSON.stringify({ sheet, condition: o.condition, PDFX_VERSION })).digest('hex');
  await doc.flush();
  const compacted = compact(ctx, { Root: ctx.trailerInfo.Root!, Info: ctx.trailerInfo.Info! });
  compacted.trailer.ID = compacted.ctx.obj([identity!, PDFHexString.of(version)]);
  const pdf = writePdf(compacted.ctx, compacted.trailer, { classic: { version: '1.4' } });
  const b = performance.now();
  // The pages' content was read just now, every token of it: the preflight reads the rest.
  const checked = await preflight(pdf, { identifier: o.meta.identifier, contents: false });
  return { pdf, findings: [...left, ...checked.findings], pages: checked.pages, colours, seconds: { convert: (b - a) / 1000, preflight: (performance.now() - b) / 1000 } };
}
