/**
 * A segment's PDF as objects that can be placed anywhere in the book: each object serialised
 * once, with the places where it refers to another object left open. The assembly of the book
 * gives each segment a first object number and fills the references in; it copies bytes and
 * never parses a segment again. (Like a linker's relocatable objects, for the same reason: a
 * correction in one chapter re-makes that chapter's objects, and the book is put together anew
 * from the rest as they were.)
 *
 * Numbering in a segment: its pages first (page k is object k + 1), then every object they reach,
 * depth first, in the order the dictionaries list them. A page's /Parent is the book's to give,
 * and its annotations are listed apart, for the book to add its own links to them.
 */
import { PDFArray, PDFDict, PDFName, PDFObject, PDFRawStream, PDFRef, PDFStream, type PDFContext } from 'pdf-lib';

/** Bytes `[at, end)` of the segment's bytes, and its open references: pairs of offset (from `at`) and object number in the segment. */
export type Span = [at: number, end: number, refs: number[]];
/** An object kept whole (a stream, if `stream`), or a dictionary kept entry by entry (a page, an annotation), for the book to add to. */
export type RelocatableObject = { s: Span; stream?: 1 } | { d: [key: string, value: Span][] };

export interface Relocatable {
  /** All objects' bytes, one after another. */
  bytes: Uint8Array;
  /** Object k + 1 of the segment. */
  objects: RelocatableObject[];
  /** Per page, the segment's numbers of its annotations, in the page's order. */
  annots: number[][];
  /** Per page, its width and height in points. */
  sizes: [number, number][];
}

/** Entries of a page the book decides: its place in the page tree, its annotations, its structure keys. */
const PAGE_OWN = new Set(['Parent', 'Annots', 'StructParents', 'Tabs']);

class Sink {
  private parts: (string | Uint8Array)[] = [];
  length = 0;
  text(s: string) {
    this.parts.push(s);
    this.length += s.length;
  }
  binary(b: Uint8Array) {
    this.parts.push(b);
    this.length += b.length;
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
  }
}

/** The segment's pages (given by reference, in order) and all they reach, made relocatable. */
export function toRelocatable(ctx: PDFContext, pages: PDFRef[]): Relocatable {
  const local = new Map<PDFRef, number>();
  const order: PDFRef[] = [];
  const number = (ref: PDFRef) => {
    let n = local.get(ref);
    if (n === undefined) {
      order.push(ref);
      n = order.length;
      local.set(ref, n);
    }
    return n;
  };
  pages.forEach(number);
  // Depth first from each page, so that a segment's numbering is fixed by its content.
  const reach = (value: PDFObject | undefined, skip?: Set<string>) => {
    if (value instanceof PDFRef) {
      if (local.has(value)) return;
      number(value);
      reach(ctx.lookup(value));
    } else if (value instanceof PDFDict) {
      for (const [k, v] of value.entries()) if (!skip?.has(k.decodeText())) reach(v);
    } else if (value instanceof PDFArray) {
      for (const v of value.asArray()) reach(v);
    } else if (value instanceof PDFStream) {
      reach(value.dict);
    }
  };
  for (const page of pages) reach(ctx.lookup(page), new Set(['Parent']));

  const sink = new Sink();
  let refs: number[] = [];
  let start = 0;
  const write = (value: PDFObject) => {
    if (value instanceof PDFRef) {
      refs.push(sink.length - start, local.get(value)!);
    } else if (value instanceof PDFDict) {
      sink.text('<<');
      for (const [k, v] of value.entries()) {
        sink.text(`${k.toString()} `);
        write(v);
        sink.text(' ');
      }
      sink.text('>>');
    } else if (value instanceof PDFArray) {
      sink.text('[');
      value.asArray().forEach((v, i) => {
        if (i) sink.text(' ');
        write(v);
      });
      sink.text(']');
    } else sink.text(value.toString());
  };
  const span = (value: PDFObject): Span => {
    start = sink.length;
    refs = [];
    write(value);
    return [start, sink.length, refs];
  };

  const isPage = new Set(pages);
  const objects: RelocatableObject[] = [];
  const annots: number[][] = [];
  for (const ref of order) {
    const obj = ctx.lookup(ref);
    if (obj === undefined) throw new Error(`object ${ref} is referred to but missing`);
    if (obj instanceof PDFRawStream) {
      start = sink.length;
      refs = [];
      write(obj.dict);
      sink.text('\nstream\n');
      sink.binary(obj.contents);
      sink.text('\nendstream');
      objects.push({ s: [start, sink.length, refs], stream: 1 });
    } else if (obj instanceof PDFStream) {
      throw new Error(`object ${ref} is a stream pdf-lib has not encoded; encode it before making the segment relocatable`);
    } else if (obj instanceof PDFDict && (isPage.has(ref) || obj.get(PDFName.of('Type')) === PDFName.of('Annot'))) {
      const entries: [string, Span][] = [];
      for (const [k, v] of obj.entries()) {
        const key = k.decodeText();
        if (isPage.has(ref) && PAGE_OWN.has(key)) continue;
        entries.push([key, span(v)]);
      }
      objects.push({ d: entries });
      if (isPage.has(ref)) {
        const list = obj.lookup(PDFName.of('Annots'));
        annots.push(list instanceof PDFArray ? list.asArray().filter((r): r is PDFRef => r instanceof PDFRef).map((r) => local.get(r)!) : []);
      }
    } else {
      objects.push({ s: span(obj) });
    }
  }
  const sizes = pages.map((ref): [number, number] => {
    const box = ctx.lookup(ref, PDFDict).lookup(PDFName.of('MediaBox'), PDFArray).asArray().map((n) => Number(n.toString()));
    return [box[2]! - box[0]!, box[3]! - box[1]!];
  });
  return { bytes: sink.bytes(), objects, annots, sizes };
}

/** The bytes of a span with its references filled in: the segment's object n is the book's `base + n`. */
export function relocate(bytes: Uint8Array, [at, end, refs]: Span, base: number): Uint8Array {
  if (!refs.length) return bytes.subarray(at, end);
  const parts: Uint8Array[] = [];
  let from = at;
  for (let i = 0; i < refs.length; i += 2) {
    const offset = at + refs[i]!;
    parts.push(bytes.subarray(from, offset), Buffer.from(`${base + refs[i + 1]!} 0 R`, 'latin1'));
    from = offset;
  }
  parts.push(bytes.subarray(from, end));
  return Buffer.concat(parts);
}

/** A value whose bytes are written as they are (a relocated span, in the book's document). */
export class Placed extends PDFObject {
  constructor(readonly data: Uint8Array) {
    super();
  }
  override clone() {
    return this;
  }
  override toString() {
    return Buffer.from(this.data).toString('latin1');
  }
  override sizeInBytes() {
    return this.data.length;
  }
  override copyBytesInto(buffer: Uint8Array, offset: number) {
    buffer.set(this.data, offset);
    return this.data.length;
  }
}

/** A stream whose bytes (dictionary, stream, endstream) are written as they are: never put in an object stream. */
export class PlacedStream extends PDFStream {
  private readonly value: Placed;
  constructor(ctx: PDFContext, data: Uint8Array) {
    super(PDFDict.withContext(ctx));
    this.value = new Placed(data);
  }
  override clone = () => this;
  override toString = () => this.value.toString();
  override sizeInBytes = () => this.value.sizeInBytes();
  override copyBytesInto = (buffer: Uint8Array, offset: number) => this.value.copyBytesInto(buffer, offset);
}
