/**
 * The PDF file, written from pdf-lib's objects: the header, every stream as an object of its own,
 * every other object packed into object streams, and a cross-reference stream (ISO 32000-1,
 * 7.5.7–7.5.8). What pdf-lib's own writer does, but deflating with Node's zlib rather than a
 * JavaScript deflate: for the book's twenty thousand dictionaries that was most of the assembly.
 * Objects are written in the order of their numbers, so the same objects give the same bytes.
 *
 * `classic`: no object streams and a cross-reference table instead (7.5.4), as PDF/X-1a's PDF 1.4
 * has it — the press PDF's form.
 */
import zlib from 'node:zlib';
import { type PDFContext, PDFName, type PDFObject, PDFStream } from 'pdf-lib';

/** Objects to an object stream (pdf-lib's writer packs 50). */
const PER_STREAM = 200;

const latin1 = (s: string) => Buffer.from(s, 'latin1');

function bytesOf(object: PDFObject): Buffer {
  const buffer = Buffer.alloc(object.sizeInBytes());
  object.copyBytesInto(buffer, 0);
  return buffer;
}

/** `trailer`: the trailer's entries besides /Size (/Root, /Info, /ID). */
export function writePdf(ctx: PDFContext, trailer: Record<string, PDFObject>, options: { classic?: { version: string } } = {}): Uint8Array {
  const objects = ctx.enumerateIndirectObjects();
  let next = ctx.largestObjectNumber + 1;
  const parts: Buffer[] = [latin1(`%PDF-${options.classic?.version ?? '1.7'}\n%\u0081\u0081\u0081\u0081\n`)];
  let offset = parts[0]!.length;
  /** Per object number: [type, field 2, field 3] of its cross-reference entry. */
  const entries = new Map<number, [number, number, number]>();
  const put = (number: number, body: Buffer) => {
    entries.set(number, [1, offset, 0]);
    const head = latin1(`${number} 0 obj\n`);
    const tail = latin1('\nendobj\n');
    parts.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  };
  const stream = (dict: string, data: Buffer) => Buffer.concat([latin1(`<<${dict} /Length ${data.length} /Filter /FlateDecode>>\nstream\n`), data, latin1('\nendstream')]);

  let packed: [number, Buffer][] = [];
  const flush = () => {
    if (!packed.length) return;
    const number = next++;
    let at = 0;
    const index: string[] = [];
    packed.forEach(([n, body], i) => {
      index.push(`${n} ${at}`);
      entries.set(n, [2, number, i]);
      at += body.length + 1;
    });
    const head = `${index.join(' ')}\n`;
    const content = Buffer.concat([latin1(head), ...packed.flatMap(([, body]) => [body, latin1('\n')])]);
    put(number, stream(`/Type /ObjStm /N ${packed.length} /First ${head.length}`, zlib.deflateSync(content)));
    packed = [];
  };
  if (options.classic) {
    for (const [ref, object] of objects) put(ref.objectNumber, bytesOf(object));
    const size = next;
    const start = offset;
    const rows = [`xref\n0 ${size}\n`];
    for (let n = 0; n < size; n++) {
      const entry = entries.get(n);
      rows.push(entry ? `${String(entry[1]).padStart(10, '0')} 00000 n\r\n` : `0000000000 ${n === 0 ? '65535' : '00000'} f\r\n`);
    }
    const dict = ctx.obj({ Size: size });
    for (const [k, v] of Object.entries(trailer)) dict.set(PDFName.of(k), v);
    parts.push(latin1(rows.join('')), latin1('trailer\n'), bytesOf(dict), latin1(`\nstartxref\n${start}\n%%EOF\n`));
    return Buffer.concat(parts);
  }
  for (const [ref, object] of objects) {
    if (ref.generationNumber !== 0) throw new Error(`object ${ref} has a generation; the book's objects have none`);
    if (object instanceof PDFStream) put(ref.objectNumber, bytesOf(object));
    else {
      packed.push([ref.objectNumber, bytesOf(object)]);
      if (packed.length === PER_STREAM) flush();
    }
  }
  flush();

  // The cross-reference stream: object 0 free, then every object; itself last.
  const xref = next++;
  entries.set(xref, [1, offset, 0]);
  const size = next;
  const w = [1, Math.max(4, Math.ceil(Math.log2(offset + 1) / 8)), 2];
  const rows = Buffer.alloc(size * (w[0]! + w[1]! + w[2]!));
  let r = 0;
  for (let n = 0; n < size; n++) {
    const [type, two, three] = entries.get(n) ?? [0, 0, n === 0 ? 65535 : 0];
    rows.writeUIntBE(type, r, w[0]!);
    rows.writeUIntBE(two, r + w[0]!, w[1]!);
    rows.writeUIntBE(three, r + w[0]! + w[1]!, w[2]!);
    r += w[0]! + w[1]! + w[2]!;
  }
  const dict = ctx.obj({});
  for (const [k, v] of Object.entries(trailer)) dict.set(PDFName.of(k), v);
  const extra = bytesOf(dict).toString('latin1').replace(/^<<\s*/, '').replace(/\s*>>$/, '');
  put(xref, stream(`/Type /XRef /Size ${size} /W [${w.join(' ')}] ${extra}`, zlib.deflateSync(rows)));
  const start = entries.get(xref)![1];
  parts.push(latin1(`startxref\n${start}\n%%EOF\n`));
  return Buffer.concat(parts);
}

