/**
 * Read a manuscript file as UTF-8, strictly: a byte that is not UTF-8 is reported at its line
 * and column instead of becoming a U+FFFD that would print as a box in the book; so is a
 * control character, which would make the EPUB's XHTML invalid.
 */
import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

export type TextRead = { ok: true; text: string } | { ok: false; line: number; column: number; reason: string; note: string };

/** Characters no text has and XML forbids: C0 controls but tab and line ends, DEL, C1 controls, non-characters. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;

/** Offset of the first byte that does not begin or continue a well-formed UTF-8 sequence. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) { i++; continue; }
    else if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, surrogates and code points beyond U+10FFFF are not UTF-8 either.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

function placeAt(before: string) {
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines.at(-1)!].length + 1 };
}

export function decodeUtf8(bytes: Uint8Array): TextRead {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidByte(bytes);
    const byte = `0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, '0')}`;
    return { ok: false, ...placeAt(Buffer.from(bytes.subarray(0, offset)).toString('utf8')), reason: `Not valid UTF-8: byte ${byte}`, note: NOT_UTF8_NOTE };
  }
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // A byte-order mark is not text.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const control = CONTROL.exec(text);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return { ok: false, ...placeAt(text.slice(0, control.index)), reason: `A control character (${code}) that no text has`, note: 'Delete it: it is invisible in most editors (try showing invisible characters), and an EPUB may not contain it.' };
  }
  return { ok: true, text };
}

export function readText(path: string): TextRead {
  return decodeUtf8(readFileSync(path));
}

const NOT_UTF8_NOTE =
  'Save the file as UTF-8 (most editors have “Save with encoding”); the character here was probably typed or pasted in another encoding, such as Windows-1252.';
