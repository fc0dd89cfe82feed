/**
 * A word-frequency table built from the originals themselves, to decide what a hyphen at
 * a page break was: a printer's break inside one word ("pre-|sented" → "presented") or a
 * hyphen the book spells ("counter-|revolutionary").
 */

export interface WordFrequency {
  /** Occurrences of a word, case-insensitive (`presented`, `counter-revolutionary`). */
  count(word: string): number;
}

const WORD = /\p{L}+(?:['’-]\p{L}+)*/gu;

/**
 * The text without the pieces of words broken at the end of a line: the piece before the
 * hyphen, and the first word of the next non-blank line ("pre-" | "sented" are not words).
 */
export function withoutBrokenPieces(text: string): string {
  const lines = text.split('\n');
  let cutTail = false;
  return lines
    .map((line) => {
      if (!line.trim()) return line;
      let out = cutTail ? line.replace(/^\s*\p{L}+/u, '') : line;
      cutTail = /\p{L}-$/u.test(out.trimEnd());
      if (cutTail) out = out.trimEnd().replace(/\p{L}+-$/u, '');
      return out;
    })
    .join('\n');
}

/**
 * Count every word and every hyphenated pair inside a compound (`a-b-c` counts `a-b-c`, `a-b`,
 * `b-c`), leaving out the pieces of broken words.
 */
export function wordFrequency(texts: string[]): WordFrequency {
  const counts = new Map<string, number>();
  const add = (w: string) => counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const text of texts) {
    for (const m of withoutBrokenPieces(text).matchAll(WORD)) {
      const word = m[0].toLowerCase();
      add(word);
      const parts = word.split('-');
      if (parts.length > 2) for (let i = 0; i + 1 < parts.length; i++) add(`${parts[i]}-${parts[i + 1]}`);
    }
  }
  return { count: (w) => counts.get(w.toLowerCase()) ?? 0 };
}

export type HyphenDecision = 'dropped' | 'kept';

/**
 * `head` is the word part before the hyphen, `tail` the part after the break.
 * Kept: a capital after the hyphen (Moscow-|Volga), or the book spells the hyphenated form
 * at least as often as the joined one. Dropped: the joined form is a word of the corpus.
 * Where neither form occurs anywhere, the hyphen is kept if both parts are words of the
 * corpus (one-|third, terrorist-|communist) and dropped otherwise.
 */
export function decideHyphen(head: string, tail: string, book: WordFrequency, corpus: WordFrequency): HyphenDecision {
  if (/^\p{Lu}/u.test(tail) || /\d$/.test(head) || /^\d/.test(tail)) return 'kept';
  const joined = head + tail;
  const hyphenated = `${head}-${tail}`;
  const inBook = book.count(hyphenated);
  if (inBook > 0 && inBook >= book.count(joined)) return 'kept';
  if (corpus.count(joined) > 0) return 'dropped';
  if (corpus.count(hyphenated) > 0) return 'kept';
  return corpus.count(head) >= 2 && corpus.count(tail) >= 2 ? 'kept' : 'dropped';
}
