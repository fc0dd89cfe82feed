/**
 * The print documents: HTML for Paged.js, made from the assembled book. The book is paginated
 * in segments (the front matter, the body, the back matter), each one HTML document with the
 * same stylesheet; `printDocument` with every segment gives the whole book as one file.
 * Print-only treatment (literal page numbers) is applied here, never to the shared trees.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { AssembledBook } from '../../book/assemble.js';
import { contents, copyrightPage, editorsLine, halfTitle, provenance, titlePage } from '../../book/front-pages.js';
import { partLabel } from '../../manuscript/load.js';
import type { Unit } from '../../manuscript/units.js';

export type SegmentName = 'front' | 'body' | 'back';

export interface Segment {
  name: SegmentName;
  units: Unit[];
  /** How its folios print. */
  folioStyle: 'lower-roman' | 'decimal';
}

export function segments(book: AssembledBook): Segment[] {
  const units = book.manuscript.units;
  const all: Segment[] = [
    { name: 'front', units: units.filter((u) => u.kind === 'front'), folioStyle: 'lower-roman' },
    { name: 'body', units: units.filter((u) => u.kind !== 'front' && u.kind !== 'generated'), folioStyle: 'decimal' },
    { name: 'back', units: units.filter((u) => u.kind === 'generated'), folioStyle: 'decimal' },
  ];
  return all.filter((s) => s.name === 'front' || s.units.length);
}

export interface SegmentOptions {
  /** The folio of the segment's first page. */
  startFolio: number;
  /**
   * Printed folio of every anchor of the segments paginated before this one: the contents and
   * cross-references into those segments print them as literal numbers.
   */
  pages?: Map<string, string>;
  /** The stylesheet's href, relative to the HTML file. */
  stylesheet: string;
}

function unitElement(unit: Unit, book: AssembledBook): Element | undefined {
  const kind = `unit.unit-${unit.kind}`;
  switch (unit.kind) {
    case 'part':
      return h(`section.${kind}`, { 'epub:type': 'part' }, [h('p.part-number', partLabel(unit.number)), h('h1', { id: unit.id }, unit.title)]);
    case 'text-opener': {
      const text = book.manuscript.texts.find((t) => t.id === unit.textId)!;
      return h(`section.${kind}`, [h('h2', { id: unit.id }, unit.title), h('p.provenance', provenance(text))]);
    }
    default: {
      const tree = book.trees.get(unit.id);
      if (!tree) return undefined;
      return h(`section.${kind}`, tree.children as ElementContent[]);
    }
  }
}

/** Cross-references to anchors already paginated print their folio as text (a copy: the shared trees stay as they are). */
function literalFolios(body: Element, pages: Map<string, string> | undefined): Element {
  if (!pages?.size) return body;
  const copy = structuredClone(body);
  visit(copy, 'element', (node: Element) => {
    const classes = node.properties.className;
    const href = node.properties.href;
    if (node.tagName !== 'a' || !Array.isArray(classes) || !classes.includes('xref') || typeof href !== 'string') return;
    const folio = pages.get(href.slice(1));
    if (!folio) return;
    classes.push('xref-literal');
    node.children = [{ type: 'text', value: `see p.\u00a0${folio}` }];
  });
  return copy;
}

function segmentBody(book: AssembledBook, segment: Segment, pages?: Map<string, string>): Element {
  const { config, texts, units } = book.manuscript;
  const children: ElementContent[] = [];
  if (segment.name === 'front') {
    children.push(halfTitle(config), titlePage(config), copyrightPage(config, texts), contents(units, pages));
  }
  for (const unit of segment.units) {
    const element = unitElement(unit, book);
    if (element) children.push(element);
  }
  return literalFolios(h(`div.${segment.name}-matter`, children), pages);
}

/** The page rules the build sets: trim size, first folio and folio style of a segment. */
function pageRules(book: AssembledBook, segment: Segment, startFolio: number) {
  const { width, height } = book.manuscript.config.trim;
  return [
    `@page { size: ${width} ${height}; @bottom-center { content: counter(page, ${segment.folioStyle}); } }`,
    // Paged.js misnumbers `counter-reset` on @page; an increment on the first page sets the start.
    startFolio !== 1 ? `@page :first { counter-increment: page ${startFolio}; }` : '',
  ].join('\n');
}

function documentRoot(book: AssembledBook, body: Element[], style: string, stylesheet: string): Root {
  const { config } = book.manuscript;
  const title = config.subtitle ? `${config.title}: ${config.subtitle}` : config.title;
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: config.language }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('title', title),
          h('meta', { name: 'author', content: editorsLine(config) }),
          h('meta', { name: 'subject', content: config.description }),
          h('link', { rel: 'stylesheet', href: stylesheet }),
          h('style', style),
        ]),
        h('body', body),
      ]),
    ],
  };
}

const stringify = (root: Root) => unified().use(rehypeStringify).stringify(root);

/** One segment as its own HTML document, for pagination. */
export function segmentDocument(book: AssembledBook, segment: Segment, options: SegmentOptions): string {
  return stringify(documentRoot(book, [segmentBody(book, segment, options.pages)], pageRules(book, segment, options.startFolio), options.stylesheet));
}

/** The whole book as one HTML document (for inspection, and as the benchmark's common input). */
export function printDocument(book: AssembledBook, options: { stylesheet: string; pages?: Map<string, string> }): string {
  const all = segments(book);
  const { width, height } = book.manuscript.config.trim;
  const bodies = all.map((s) => segmentBody(book, s, options.pages));
  return stringify(documentRoot(book, bodies, `@page { size: ${width} ${height}; }`, options.stylesheet));
}
