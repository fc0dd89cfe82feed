/** Runs of Cyrillic text are marked `lang="ru"`, so readers and hyphenation treat them as Russian. */
import type { Root } from 'hast';
import { findAndReplace } from 'hast-util-find-and-replace';
import type { Plugin } from 'unified';

/** Cyrillic words, with the spaces and punctuation between them. */
export const CYRILLIC_RUN = /[\u0400-\u04FF]+(?:[\s\-–—,.;:!?'’«»()]+[\u0400-\u04FF]+)*/g;

export const rehypeLangRu: Plugin<[], Root> = () => (tree: Root) => {
  findAndReplace(tree, [
    [CYRILLIC_RUN, (match: string) => ({ type: 'element', tagName: 'span', properties: { lang: 'ru' }, children: [{ type: 'text', value: match }] })],
  ]);
};
