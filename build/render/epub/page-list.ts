/**
 * The print edition's pages in the EPUB: a page-break marker where each printed page begins (at
 * the first block that starts on it, as the print's page map records), and the page-list that
 * leads to them. A page with nothing beginning on it (a blank verso) leads where the next page does.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { PageStart } from '../print/index.js';
import type { PageTarget } from './navigation.js';

/** Book pages that exist in the EPUB as files of their own. */
const BOOK_PAGES: Record<string, string> = {
  'half-title': 'title-page.xhtml#title-page',
  'title-page': 'title-page.xhtml#title-page',
  copyright: 'copyright.xhtml#copyright',
  contents: 'toc.xhtml#toc',
};

const markerId = (folio: string, index: number) => `page-${folio}-${index}`;

/**
 * Put the markers into (copies of) the unit trees and return the page-list. `trees` is changed
 * in place: pass the EPUB's own copies.
 */
export function insertPageBreaks(pages: PageStart[], trees: Map<string, Root>, fileOf: (unitId: string) => string): PageTarget[] {
  const wanted = new Map<string, { folio: string; index: number }[]>();
  pages.forEach((p, index) => {
    if (p.block && !BOOK_PAGES[p.block]) wanted.set(p.block, [...(wanted.get(p.block) ?? []), { folio: p.folio, index }]);
  });
  const hrefs: (string | undefined)[] = pages.map((p) => (p.block ? BOOK_PAGES[p.block] : undefined));
  for (const [unitId, tree] of trees) {
    visit(tree, 'element', (node: Element) => {
      const b = node.properties.dataB;
      if (typeof b !== 'string') return;
      const here = wanted.get(b);
      if (!here) return;
      const markers: Element[] = here.map(({ folio, index }) => {
        hrefs[index] = `${fileOf(unitId)}#${markerId(folio, index)}`;
        return { type: 'element', tagName: 'span', properties: { id: markerId(folio, index), role: 'doc-pagebreak', 'epub:type': 'pagebreak', ariaLabel: folio }, children: [] };
      });
      node.children.unshift(...markers);
    });
  }
  // A page where nothing begins leads where the next page does (or the last one before it).
  for (let i = hrefs.length - 1; i >= 0; i--) if (!hrefs[i]) hrefs[i] = hrefs[i + 1];
  for (let i = 0; i < hrefs.length; i++) if (!hrefs[i]) hrefs[i] = hrefs[i - 1];
  return pages.map((p, i) => ({ label: p.folio, href: hrefs[i] ?? 'toc.xhtml#toc' }));
}
