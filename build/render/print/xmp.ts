/**
 * The PDF's XMP metadata packet: what the EPUB's package says of the book (book/metadata.ts), in
 * Dublin Core, XMP and PDF terms, and the PDF/UA-1 identification (ISO 14289-1, 5). Dates are the
 * build's fixed date: the same manuscript gives the same packet.
 */
import type { BookMetadata } from '../../book/metadata.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const seq = (items: string[]) => `<rdf:Seq>${items.map((i) => `<rdf:li>${esc(i)}</rdf:li>`).join('')}</rdf:Seq>`;
const bag = (items: string[]) => `<rdf:Bag>${items.map((i) => `<rdf:li>${esc(i)}</rdf:li>`).join('')}</rdf:Bag>`;
const alt = (text: string, lang = 'x-default') => `<rdf:Alt><rdf:li xml:lang="${esc(lang)}">${esc(text)}</rdf:li></rdf:Alt>`;

export interface XmpOptions {
  producer: string;
  /** The PDF/UA part the file claims (1), or none. */
  pdfua?: number;
  /** PDF/X: the version string (`PDF/X-4`) for a press file. */
  pdfx?: string;
}

export function xmpPacket(meta: BookMetadata, options: XmpOptions): string {
  const date = meta.modified;
  const title = meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title;
  const props = [
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(title)}</dc:title>`,
    `<dc:creator>${seq(meta.editors)}</dc:creator>`,
    meta.authors.length ? `<dc:contributor>${bag(meta.authors)}</dc:contributor>` : '',
    `<dc:description>${alt(meta.description)}</dc:description>`,
    `<dc:identifier>${esc(meta.identifier)}</dc:identifier>`,
    `<dc:language>${bag([meta.language])}</dc:language>`,
    `<dc:date>${seq([meta.date])}</dc:date>`,
    `<dc:rights>${alt(meta.rights)}</dc:rights>`,
    meta.publisher ? `<dc:publisher>${bag([meta.publisher])}</dc:publisher>` : '',
    `<dc:source>${bag(meta.sources)}</dc:source>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${esc(options.producer)}</xmp:CreatorTool>`,
    `<pdf:Producer>${esc(options.producer)}</pdf:Producer>`,
    `<pdf:Keywords>${esc(meta.identifier)}</pdf:Keywords>`,
    `<xmpMM:DocumentID>${esc(meta.identifier)}</xmpMM:DocumentID>`,
    options.pdfua ? `<pdfuaid:part>${options.pdfua}</pdfuaid:part>` : '',
    options.pdfx ? `<pdfxid:GTS_PDFXVersion>${esc(options.pdfx)}</pdfxid:GTS_PDFXVersion>` : '',
  ].filter(Boolean);
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">',
    ...props,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
}
