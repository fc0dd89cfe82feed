/**
 * Soft hyphens for the print edition. Chromium on Linux ships no hyphenation dictionaries, so
 * `hyphens: auto` does nothing there; instead every word of six letters or more gets soft
 * hyphens from Liang's patterns (the `hyphen` library): US English for the book's language,
 * Russian inside `lang="ru"`. Headings, links and the contents are left alone.
 */
import type { Element, Root } from 'hast';
import en from 'hyphen/en-us';
import ru from 'hyphen/ru';
import { SKIP, visit } from 'unist-util-visit';

const SKIP_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'code', 'pre', 'nav', 'title', 'style', 'head']);
const WORD = /[\p{L}\p{M}]{6,}/gu;
const OPTIONS = { minWordLength: 6 };

type Hyphenator = (word: string) => string;

/** A hyphenator that remembers: a book repeats its words. */
function cached(hyphenate: (text: string, options: typeof OPTIONS) => string): Hyphenator {
  const memo = new Map<string, string>();
  return (word) => {
    let out = memo.get(word);
    if (out === undefined) {
      out = hyphenate(word, OPTIONS);
      memo.set(word, out);
    }
    return out;
  };
}

export function createHyphenator() {
  const byLang: Record<string, Hyphenator> = { en: cached(en.hyphenateSync), ru: cached(ru.hyphenateSync) };
  return (tree: Root | Element, lang = 'en') => {
    const walk = (node: Root | Element, language: string) => {
      visit(node, (child, _index, parent) => {
        if (child === node) return undefined;
        if (child.type === 'element') {
          if (SKIP_TAGS.has(child.tagName)) return SKIP;
          // A running head's source text: a running head is not hyphenated.
          const classes = child.properties.className;
          if (Array.isArray(classes) && classes.includes('running-text')) return SKIP;
          const l = child.properties.lang;
          if (typeof l === 'string' && l !== language) {
            walk(child, l);
            return SKIP;
          }
          return undefined;
        }
        if (child.type === 'text' && parent) {
          const hyphenate = byLang[language.slice(0, 2)];
          // U+2010 and U+2011 are hyphens the book's font lacks: print the hyphen it has.
          child.value = child.value.replace(/[\u2010\u2011]/g, '-');
          if (hyphenate) child.value = child.value.replace(WORD, hyphenate);
        }
        return undefined;
      });
    };
    walk(tree, lang);
  };
}
