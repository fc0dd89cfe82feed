/**
 * The print edition's pages in the EPUB: a page-break marker where each printed page begins (at
 * the first block that starts on it, as the print's page map records), and the page-list that
 * leads to them. A page on which nothing begins (a blank verso) gets its marker beside the next
 * page's. The book's own pages (title, copyright, contents) get theirs in those documents.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { PageStart } from '../print/index.js';
import type { PageTarget } from './navigation.js';

/** Book pages that exist in the EPUB as documents of their own, and those documents. */
export const BOOK_PAGES: Record<string, string> = {
  'half-title': 'title-page.xhtml',
  'title-page': 'title-page.xhtml',
  copyright: 'copyright.xhtml',
  contents: 'toc.xhtml',
};

export interface PageBreaks {
  pageList: PageTarget[];
  /** Markers for the book's own documents, by file name. */
  bookMarkers: Map<string, Element[]>;
  /** Markers for the units, by unit id and then by the block (`data-b`) they go before. */
  unitMarkers: Map<string, Map<string, Element[]>>;
}

const marker = (folio: string, index: number): Element => ({
  type: 'element',
  tagName: 'span',
  properties: { id: `page-${index + 1}`, role: 'doc-pagebreak', 'epub:type': 'pagebreak', ariaLabel: folio },
  children: [],
});

/** Where each page's marker goes, given the blocks (`data-b`) of each unit, and the page-list. */
export function planPageBreaks(pages: PageStart[], blocksOf: Map<string, string[]>, fileOf: (unitId: string) => string): PageBreaks {
  // Where each page's marker goes: its own first block, else the next page's (else the last one's).
  const place: (string | undefined)[] = pages.map((p) => p.block);
  for (let i = place.length - 2; i >= 0; i--) place[i] ??= place[i + 1];
  for (let i = 1; i < place.length; i++) place[i] ??= place[i - 1];

  const byBlock = new Map<string, number[]>();
  place.forEach((block, i) => block && byBlock.set(block, [...(byBlock.get(block) ?? []), i]));
  const files: string[] = new Array(pages.length).fill('toc.xhtml');
  const bookMarkers = new Map<string, Element[]>();
  for (const [block, indexes] of byBlock) {
    const file = BOOK_PAGES[block];
    if (!file) continue;
    bookMarkers.set(file, [...(bookMarkers.get(file) ?? []), ...indexes.map((i) => marker(pages[i]!.folio, i))]);
    for (const i of indexes) files[i] = file;
  }
  const unitMarkers = new Map<string, Map<string, Element[]>>();
  for (const [unitId, blocks] of blocksOf) {
    const here = new Map<string, Element[]>();
    for (const b of blocks) {
      const indexes = byBlock.get(b);
      if (!indexes) continue;
      here.set(b, indexes.map((i) => marker(pages[i]!.folio, i)));
      for (const i of indexes) files[i] = fileOf(unitId);
    }
    if (here.size) unitMarkers.set(unitId, here);
  }
  return { pageList: pages.map((p, i) => ({ label: p.folio, href: `${files[i]}#page-${i + 1}` })), bookMarkers, unitMarkers };
}

/** Put a unit's markers into (a copy of) its tree, before the blocks they belong to. */
export function insertPageBreaks(tree: Root, markers: Map<string, Element[]> | undefined) {
  if (!markers) return tree;
  visit(tree, 'element', (node: Element) => {
    const b = node.properties.dataB;
    const list = typeof b === 'string' ? markers.get(b) : undefined;
    if (list) node.children.unshift(...structuredClone(list));
  });
  return tree;
}
