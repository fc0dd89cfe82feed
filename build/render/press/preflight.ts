/**
 * A preflight of the press PDF, ours, since no validator (veraPDF, Acrobat's) runs here: what a
 * printer's preflight for PDF/X-1a:2003 in grey checks first, read from the file itself with pdf-lib.
 *
 * - the document: PDF 1.4 at most, GTS_PDFXVersion, a title, `Trapped` True or False, both dates,
 *   a file identifier, an output intent (GTS_PDFX) naming its printing condition, no encryption,
 *   no object streams, an XMP packet naming the version and the book's identifier;
 * - each page: a TrimBox inside the BleedBox inside the MediaBox, no annotation on it;
 * - colour: no operator, colour space or image in RGB, CMYK or ICC terms left — everything is
 *   DeviceGray (K);
 * - transparency, which PDF/X-1a forbids: no soft mask, no constant alpha below 1, no blend mode
 *   but Normal, no transparency group;
 * - fonts: every font embedded.
 */
import zlib from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, PDFString, PDFHexString, type PDFObject } from 'pdf-lib';

/** What the press PDF conforms to, and the preflight checks. */
export const PDFX_VERSION = 'PDF/X-1a:2003';

export interface Finding {
  rule: string;
  /** 1-based page, when the finding is on one. */
  page?: number;
  detail: string;
}

export interface PreflightResult {
  findings: Finding[];
  pages: number;
  trimBoxes: number[][];
  fonts: number;
  version: string;
}

const N = (s: string) => PDFName.of(s);

/**
 * A stream's data, decoded: by Node's zlib where it is only deflated (the usual case, and ten
 * times pdf-lib's own inflate), else by pdf-lib's filters.
 */
export function streamData(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const only = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter;
  if (String(only) === '/FlateDecode' && !stream.dict.get(PDFName.of('DecodeParms'))) return zlib.inflateSync(stream.contents);
  return decodePDFRawStream(stream).decode();
}

/** PDF's white-space characters (7.2.2), and its delimiters with them, by character code. */
const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIMITER = Uint8Array.from(WHITE);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;

/**
 * A content stream's tokens, told by where each starts and ends (a string is one token, its text
 * as written; comments and inline image data are left out). A callback, not a list: a page of
 * the book has some ten thousand tokens, and only a few are looked at.
 */
export function scan(s: string, token: (start: number, end: number) => void): void {
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (WHITE[c]) {
      i++;
      continue;
    }
    const start = i;
    if (c === 0x25 /* % */) {
      while (i < n && s.charCodeAt(i) !== 0x0a && s.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    if (c === 0x28 /* ( */) {
      let depth = 0;
      for (; i < n; i++) {
        const d = s.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x28) depth++;
        else if (d === 0x29 && --depth === 0) break;
      }
      i++;
    } else if (c === 0x3c /* < */ && s.charCodeAt(i + 1) !== 0x3c) i = s.indexOf('>', i) + 1 || n;
    else if ((c === 0x3c || c === 0x3e) && s.charCodeAt(i + 1) === c) i += 2;
    else if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) i++;
    else {
      i++;
      while (i < n && !DELIMITER[s.charCodeAt(i)]) i++;
    }
    token(start, i);
    // Inline image data: skipped to its end.
    if (i - start === 2 && s.charCodeAt(start) === 0x49 /* I */ && s.charCodeAt(start + 1) === 0x44 /* D */) {
      const end = s.indexOf('EI', i);
      i = end < 0 ? n : end;
    }
  }
}

const COLOUR_OPERATORS = new Set(['rg', 'RG', 'k', 'K', 'sc', 'SC', 'scn', 'SCN', 'cs', 'CS', 'sh']);
const OPERATOR_START = new Uint8Array(256);
for (const c of 'rRkKsScC') OPERATOR_START[c.charCodeAt(0)] = 1;
/** How many operands each colour operator's message shows (sc and scn take as many as their space has: three shown). */
const OPERANDS: Record<string, number> = { k: 4, K: 4, cs: 1, CS: 1, sh: 1 };

/**
 * The colour operators of a content stream, each with its operands (as written) and where the
 * first of them starts: what both the conversion and the preflight look at.
 */
export function colourOperators(s: string, each: (op: string, operands: string[], from: number, end: number) => void): void {
  /** The last four tokens' spans. */
  const spans: number[] = [];
  scan(s, (a, b) => {
    if (b - a <= 3 && OPERATOR_START[s.charCodeAt(a)]) {
      const op = s.slice(a, b);
      if (COLOUR_OPERATORS.has(op)) {
        const k = Math.min(OPERANDS[op] ?? 3, spans.length / 2);
        const operands: string[] = [];
        for (let j = spans.length - 2 * k; j < spans.length; j += 2) operands.push(s.slice(spans[j], spans[j + 1]));
        each(op, operands, k ? spans[spans.length - 2 * k]! : a, b);
      }
    }
    spans.push(a, b);
    if (spans.length > 8) spans.splice(0, 2);
  });
}
const GREY_SPACES = new Set(['/DeviceGray', '/G']);

/**
 * `contents: false` leaves the pages' content streams unread, for a caller that has just read
 * every one of them itself (the conversion, which reports what colour it could not make grey).
 */
export async function preflight(bytes: Uint8Array, options: { identifier?: string; contents?: boolean } = {}): Promise<PreflightResult> {
  const findings: Finding[] = [];
  const find = (rule: string, detail: string, page?: number) => findings.push({ rule, detail, ...(page ? { page } : {}) });
  const version = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (!['%PDF-1.3', '%PDF-1.4'].includes(version)) find('version', `the header says ${JSON.stringify(version)}; PDF/X-1a:2003 is PDF 1.4 at most`);
  if (Buffer.from(bytes).includes('/ObjStm')) find('version', 'the file has object streams, which PDF 1.4 has not');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, parseSpeed: Infinity });
  const ctx = doc.context;
  const look = <T extends PDFObject>(o: PDFObject | undefined): T | undefined => (o instanceof PDFRef ? (ctx.lookup(o) as T) : (o as T | undefined));
  const str = (o: PDFObject | undefined) => {
    const v = look(o);
    return v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : v?.toString();
  };

  // The document.
  const trailer = ctx.trailerInfo;
  if (trailer.Encrypt) find('encrypted', 'the file is encrypted');
  if (!trailer.ID) find('no-id', 'the trailer has no file identifier (/ID)');
  const info = look<PDFDict>(trailer.Info);
  if (!info) find('no-info', 'no document information dictionary');
  else {
    if (str(info.get(N('GTS_PDFXVersion'))) !== PDFX_VERSION) find('pdfx-version', `GTS_PDFXVersion is ${str(info.get(N('GTS_PDFXVersion'))) ?? 'missing'}, not ${PDFX_VERSION}`);
    if (!str(info.get(N('Title')))) find('no-title', 'the document information has no Title');
    if (!['/True', '/False'].includes(String(info.get(N('Trapped'))))) find('trapped', `Trapped is ${info.get(N('Trapped')) ?? 'missing'}, not True or False`);
    for (const key of ['CreationDate', 'ModDate']) if (!str(info.get(N(key)))) find('no-date', `the document information has no ${key}`);
  }
  const intents = look<PDFArray>(doc.catalog.get(N('OutputIntents')));
  const intent = intents?.asArray().map((i) => look<PDFDict>(i)).find((d) => String(d?.get(N('S'))) === '/GTS_PDFX');
  if (!intent) find('no-output-intent', 'no output intent of subtype GTS_PDFX');
  else {
    if (!str(intent.get(N('OutputConditionIdentifier')))) find('output-intent', 'the output intent has no OutputConditionIdentifier');
    // A condition of the ICC's registry needs no profile embedded; another one does.
    const profile = look<PDFStream>(intent.get(N('DestOutputProfile')));
    if (str(intent.get(N('RegistryName'))) !== 'http://www.color.org' && !(profile instanceof PDFStream)) find('output-intent', 'the output intent names no registered condition and has no DestOutputProfile');
  }
  const metadata = look<PDFRawStream>(doc.catalog.get(N('Metadata')));
  if (!(metadata instanceof PDFRawStream)) find('no-xmp', 'the catalog has no XMP metadata');
  else {
    const xmp = Buffer.from(streamData(metadata)).toString('utf8');
    if (!xmp.includes(`<pdfxid:GTS_PDFXVersion>${PDFX_VERSION}</pdfxid:GTS_PDFXVersion>`)) find('xmp', `the XMP packet does not name ${PDFX_VERSION}`);
    if (options.identifier && !xmp.includes(`<dc:identifier>${options.identifier}</dc:identifier>`)) find('xmp', `the XMP packet does not carry the identifier ${options.identifier}`);
  }

  // Resources, each checked once however many pages share it.
  const seen = new Set<PDFObject>();
  let fonts = 0;
  const checkColourSpace = (cs: PDFObject | undefined, where: string, page: number) => {
    const v = look(cs);
    const name = v instanceof PDFArray ? String(v.get(0)) : String(v);
    if (GREY_SPACES.has(name)) return;
    if (name === '/Indexed' && v instanceof PDFArray) return checkColourSpace(v.get(1), where, page);
    if (name === '/Pattern' && (!(v instanceof PDFArray) || v.size() === 1)) return;
    find('colour', `${where} is in ${name}, not DeviceGray`, page);
  };
  const checkExtGState = (gs: PDFDict, name: string, page: number) => {
    for (const key of ['CA', 'ca']) {
      const a = look<PDFNumber>(gs.get(N(key)));
      if (a instanceof PDFNumber && a.asNumber() < 1) find('transparency', `graphics state ${name} sets ${key} ${a.asNumber()}`, page);
    }
    const smask = look(gs.get(N('SMask')));
    if (smask && String(smask) !== '/None') find('transparency', `graphics state ${name} has a soft mask`, page);
    const bm = look(gs.get(N('BM')));
    if (bm && !['/Normal', '/Compatible'].includes(bm instanceof PDFArray ? String(bm.get(0)) : String(bm))) find('transparency', `graphics state ${name} blends with ${bm}`, page);
  };
  const checkFont = (font: PDFDict, name: string, page: number) => {
    fonts++;
    const subtype = String(font.get(N('Subtype')));
    if (subtype === '/Type3') return;
    const target = subtype === '/Type0' ? look<PDFDict>(look<PDFArray>(font.get(N('DescendantFonts')))?.get(0)) : font;
    const descriptor = look<PDFDict>(target?.get(N('FontDescriptor')));
    if (!descriptor || !['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.get(N(k)))) find('font-not-embedded', `font ${name} (${font.get(N('BaseFont')) ?? '?'}) is not embedded`, page);
  };
  const checkContent = (data: Uint8Array, resources: PDFDict | undefined, page: number) => {
    colourOperators(Buffer.from(data).toString('latin1'), (t, operands) => {
      const shown = `\`${[...operands, t].join(' ')}\``;
      if (t === 'rg' || t === 'RG') find('colour', `${shown}: an RGB colour`, page);
      else if (t === 'k' || t === 'K') find('colour', `${shown}: a CMYK colour`, page);
      else if (t === 'cs' || t === 'CS') {
        const name = operands[0] ?? '';
        if (!GREY_SPACES.has(name) && name !== '/Pattern') {
          const named = look<PDFDict>(resources?.get(N('ColorSpace')))?.get(N(name.slice(1)));
          if (named) checkColourSpace(named, `colour space ${name}`, page);
          else find('colour', `colour space ${name} is not DeviceGray`, page);
        }
      } else if (t === 'sh') find('colour', `a shading (${operands[0]}), not checked for its colour space`, page);
    });
    walkResources(resources, page);
  };
  const walkResources = (resources: PDFDict | undefined, page: number) => {
    if (!resources) return;
    const each = (key: string, fn: (o: PDFObject, name: string) => void) => {
      const dict = look<PDFDict>(resources.get(N(key)));
      if (!(dict instanceof PDFDict)) return;
      for (const [name, ref] of dict.entries()) {
        const o = look(ref);
        if (!o || seen.has(o)) continue;
        seen.add(o);
        fn(o, name.toString());
      }
    };
    each('Font', (f, name) => f instanceof PDFDict && checkFont(f, name, page));
    each('ExtGState', (g, name) => g instanceof PDFDict && checkExtGState(g, name, page));
    each('ColorSpace', (c, name) => checkColourSpace(c, `colour space ${name}`, page));
    each('XObject', (x, name) => {
      if (!(x instanceof PDFRawStream)) return;
      const subtype = String(x.dict.get(N('Subtype')));
      if (subtype === '/Image') {
        if (String(look(x.dict.get(N('ImageMask')))) !== 'true') checkColourSpace(x.dict.get(N('ColorSpace')), `image ${name}`, page);
        if (x.dict.get(N('SMask'))) find('transparency', `image ${name} has a soft mask`, page);
      } else if (subtype === '/Form') {
        const group = look<PDFDict>(x.dict.get(N('Group')));
        if (group && String(group.get(N('S'))) === '/Transparency') find('transparency', `form ${name} is a transparency group`, page);
        checkContent(streamData(x), look<PDFDict>(x.dict.get(N('Resources'))), page);
      }
    });
  };

  // The pages.
  const trimBoxes: number[][] = [];
  const box = (dict: PDFDict, key: string) => look<PDFArray>(dict.get(N(key)))?.asArray().map((n) => (look<PDFNumber>(n) as PDFNumber).asNumber());
  const inside = (a: number[], b: number[]) => a[0]! >= b[0]! - 0.01 && a[1]! >= b[1]! - 0.01 && a[2]! <= b[2]! + 0.01 && a[3]! <= b[3]! + 0.01;
  doc.getPages().forEach((page, i) => {
    const n = i + 1;
    const node = page.node;
    const media = box(node, 'MediaBox') ?? (page.getMediaBox() && [page.getMediaBox().x, page.getMediaBox().y, page.getMediaBox().x + page.getMediaBox().width, page.getMediaBox().y + page.getMediaBox().height]);
    const trim = box(node, 'TrimBox');
    const bleed = box(node, 'BleedBox') ?? media;
    if (!trim) find('no-trimbox', 'the page has no TrimBox', n);
    else {
      trimBoxes.push(trim);
      if (!inside(trim, bleed) || !inside(bleed, media)) find('boxes', `TrimBox [${trim}] ⊄ BleedBox [${bleed}] ⊄ MediaBox [${media}]`, n);
    }
    const annots = look<PDFArray>(node.get(N('Annots')));
    for (const a of annots?.asArray() ?? []) {
      const subtype = String(look<PDFDict>(a)?.get(N('Subtype')));
      if (subtype !== '/PrinterMark') find('annotation', `a ${subtype} annotation on the page`, n);
    }
    const group = look<PDFDict>(node.get(N('Group')));
    if (group && String(group.get(N('S'))) === '/Transparency') find('transparency', 'the page is a transparency group', n);
    if (options.contents === false) return walkResources(look<PDFDict>(node.Resources()), n);
    const contents = look(node.get(N('Contents')));
    const streams = contents instanceof PDFArray ? contents.asArray().map((c) => look<PDFRawStream>(c)!) : contents instanceof PDFRawStream ? [contents] : [];
    const data = streams.map(streamData);
    const joined = new Uint8Array(data.reduce((sum, d) => sum + d.length + 1, 0));
    let at = 0;
    for (const d of data) {
      joined.set(d, at);
      joined[at + d.length] = 10;
      at += d.length + 1;
    }
    checkContent(joined, look<PDFDict>(node.Resources()), n);
  });
  return { findings, pages: doc.getPageCount(), trimBoxes, fonts, version };
}
