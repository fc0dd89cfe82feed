/**
 * The book's own pages, made from book.yaml and the texts' front matter: half title, title
 * page, copyright page (with each text's provenance and rights) and the contents.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { BookConfig } from '../config/book.js';
import { contentsTitle } from './unit-tree.js';
import type { TextInfo, Unit } from '../manuscript/units.js';

export const editorsLine = (config: BookConfig) => `Edited by ${config.editors.join(' and ')}`;

const authors = (a: string | string[] | undefined) => (Array.isArray(a) ? a.join(', ') : a);

export function halfTitle(config: BookConfig): Element {
  return h('section.half-title', { id: 'half-title', 'epub:type': 'halftitlepage' }, [h('p.book-title', config.title)]);
}

export function titlePage(config: BookConfig): Element {
  return h('section.title-page', { id: 'title-page', 'epub:type': 'titlepage' }, [
    h('h1.book-title', config.title),
    config.subtitle ? h('p.subtitle', config.subtitle) : undefined,
    h('p.editors', editorsLine(config)),
    config.publisher ? h('p.publisher', config.publisher) : undefined,
  ].filter(Boolean) as ElementContent[]);
}

/** One line of provenance per text: who, what, where, rights as the source states them. */
export function provenance(text: TextInfo): ElementContent[] {
  const m = text.meta;
  const parts = [
    authors(m.author),
    m.translator ? `translated by ${m.translator}` : undefined,
    m.publisher ?? m.site,
    m.date,
  ].filter(Boolean);
  const rights = [m.licence ? `Licence: ${m.licence}.` : undefined, m.rights].filter(Boolean).join(' ');
  return [h('cite', m.title), { type: 'text', value: `. ${parts.join(', ')}.${rights ? ` ${rights}` : ''}` }];
}

/** The editors' note on a text's copy, where the text opens: marked as the editors', not the text's. */
export function editorsNote(meta: TextInfo['meta']): Element | undefined {
  if (!meta.editors_note) return undefined;
  return h('aside.editors-note', { role: 'note', 'epub:type': 'note' }, [h('p', [h('span.ed-label', 'Editors’ note.'), ` ${meta.editors_note}`])]);
}

export function copyrightPage(config: BookConfig, texts: TextInfo[]): Element {
  return h('section.copyright', { id: 'copyright', 'epub:type': 'copyright-page' }, [
    h('p', `${config.title}${config.subtitle ? `: ${config.subtitle}` : ''}. ${editorsLine(config)}.`),
    h('p', config.rights),
    texts.length ? h('p', 'The texts reproduced, with their sources and rights as each states them:') : undefined,
    texts.length ? h('ul.provenance', texts.map((t) => h('li', provenance(t)))) : undefined,
    h('p.identifier', `Identifier: ${config.identifier}`),
  ].filter(Boolean) as ElementContent[]);
}

/**
 * The contents. In print (`folio` given), each entry carries a placeholder for its folio, filled
 * once the book is paginated; in the EPUB, where the navigation document is the contents, entries
 * are links only.
 */
export function contents(units: Unit[], folio?: string): Element {
  const entries = units
    .filter((u) => u.depth <= 2)
    .map((u) => {
      const label = contentsTitle(u);
      const number = folio ? h('span.toc-page', { dataFolioOf: u.id }, folio) : undefined;
      return h(`li.toc-${u.kind}.toc-depth-${u.depth}`, [h('a', { href: `#${u.id}` }, label), number].filter(Boolean) as ElementContent[]);
    });
  return h('nav.contents', { id: 'contents', 'epub:type': 'toc', role: 'doc-toc' }, [h('h2', 'Contents'), h('ol', entries)]);
}
