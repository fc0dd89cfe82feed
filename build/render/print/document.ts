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
import { toString } from 'hast-util-to-string';
import { sha } from '../../cache/store.js';
import { createHyphenator } from './hyphenate.js';

const hyphenate = createHyphenator();
import type { AssembledBook } from '../../book/assemble.js';
import { contents, copyrightPage, editorsLine, editorsNote, halfTitle, provenance, titlePage } from '../../book/front-pages.js';
import { partLabel } from '../../manuscript/load.js';
import type { Unit } from '../../manuscript/units.js';

export interface Segment {
  /** `front`, `body-1`, `body-2`, …, `back`. */
  name: string;
  kind: 'front' | 'body' | 'back';
  units: Unit[];
  /** How its folios print. */
  folioStyle: 'lower-roman' | 'decimal';
}

/**
 * Characters of text in a body segment before a new one starts. None: every unit is a segment of
 * its own (a part's title page and a text's opening page with the unit after them), so that a
 * correction lays out one chapter again, not forty pages.
 */
export const SEGMENT_CHARS = 0;

/**
 * The book in segments that paginate independently: the front matter, the body cut at unit
 * boundaries into pieces of about `segmentChars` characters (every unit opens on a recto, so
 * any boundary will do), and the back matter.
 */
export function segments(book: AssembledBook, segmentChars = SEGMENT_CHARS): Segment[] {
  const units = book.manuscript.units;
  const size = (u: Unit) => {
    const tree = book.trees.get(u.id);
    return tree ? toString(tree).length : 200;
  };
  const body: Segment[] = [];
  let current: Unit[] = [];
  let chars = 0;
  for (const unit of units.filter((u) => u.kind !== 'front' && u.kind !== 'generated')) {
    // A text's opening page stays with what follows it; a part's title page too.
    const glued = current.length > 0 && (current.at(-1)!.kind === 'part' || current.at(-1)!.kind === 'text-opener');
    if (current.length && (segmentChars <= 0 || chars >= segmentChars) && !glued) {
      body.push({ name: `body-${body.length + 1}`, kind: 'body', units: current, folioStyle: 'decimal' });
      current = [];
      chars = 0;
    }
    current.push(unit);
    // The size is measured only where it decides (reading a unit's tree costs, when cached).
    if (segmentChars > 0 && segmentChars < Infinity) chars += size(unit);
  }
  if (current.length) body.push({ name: `body-${body.length + 1}`, kind: 'body', units: current, folioStyle: 'decimal' });
  // Each part of the back matter on its own: a correction that changes the note on the texts
  // does not lay the index out again.
  const back: Segment[] = units.filter((u) => u.kind === 'generated').map((u) => ({ name: `back-${u.id}`, kind: 'back', units: [u], folioStyle: 'decimal' }));
  return [{ name: 'front', kind: 'front', units: units.filter((u) => u.kind === 'front'), folioStyle: 'lower-roman' }, ...body, ...back];
}

export interface SegmentOptions {
  /** The stylesheet's href, relative to the HTML file. */
  stylesheet: string;
  /** Trees to print instead of the shared ones (the apparatus, with the print's locators). */
  trees?: { get(unitId: string): Root | undefined };
  /** For segmentKey: units named by what they are made of instead of by their trees (the apparatus, before its trees are made). */
  madeOf?: Map<string, string>;
}

function unitElement(unit: Unit, book: AssembledBook, trees: { get(unitId: string): Root | undefined } = book.trees): Element | undefined {
  const kind = `unit.unit-${unit.kind}`;
  switch (unit.kind) {
    case 'part':
      return h(`section.${kind}`, { 'epub:type': 'part', dataUnit: unit.id }, [h('p.part-number', partLabel(unit.number)), h('h1', { id: unit.id }, unit.title)]);
    case 'text-opener': {
      const text = book.manuscript.texts.find((t) => t.id === unit.textId)!;
      return h(`section.${kind}`, { dataUnit: unit.id }, [h('h2', { id: unit.id }, unit.title), h('p.provenance', provenance(text)), editorsNote(text.meta)].filter(Boolean) as ElementContent[]);
    }
    default: {
      const tree = trees.get(unit.id);
      if (!tree) return undefined;
      // A chapter may open a segment without its text's opening page: it sets the verso's running head itself.
      const text = unit.kind === 'chapter' ? book.manuscript.units.find((u) => u.id === unit.textId) : undefined;
      const runningHead = text ? [h('span.running-text', text.title)] : [];
      return h(`section.${kind}`, { dataUnit: unit.id }, [...runningHead, ...(tree.children as ElementContent[])]);
    }
  }
}

/**
 * The print's own treatment, on a copy (the shared trees stay as they are): soft hyphens, and
 * cross-references that print the folio of their target. The folio is not known until the
 * whole book is paginated: it is a placeholder of about the right width, filled in before
 * printing (see paginate.ts).
 */
function printTreatment(body: Element, lang: string): Element {
  const copy = structuredClone(body);
  hyphenate(copy, lang);
  visit(copy, 'element', (node: Element, index, parent) => {
    const classes = node.properties.className;
    const href = node.properties.href;
    if (node.tagName !== 'a' || !Array.isArray(classes) || typeof href !== 'string') return;
    if (classes.includes('xref')) {
      node.children = [{ type: 'text', value: 'see p.\u00a0' }, h('span.folio', { dataFolioOf: href.slice(1) }, FOLIO_PLACEHOLDER)];
    } else if (classes.includes('note-number') && parent && index !== undefined) {
      // Each endnote says on which page its reference stands.
      parent.children.splice(index + 1, 0, h('span.note-page', ['(p.\u00a0', h('span.folio', { dataFolioOf: href.slice(1) }, FOLIO_PLACEHOLDER), ')']));
    }
  });
  return copy;
}

/** What a folio placeholder holds while the page is laid out: about the width of a real one. */
export const FOLIO_PLACEHOLDER = '000';

function segmentBody(book: AssembledBook, segment: Segment, trees?: { get(unitId: string): Root | undefined }): Element {
  const { config, texts, units } = book.manuscript;
  const children: ElementContent[] = [];
  if (segment.kind === 'front') {
    children.push(halfTitle(config), titlePage(config), copyrightPage(config, texts), contents(units, FOLIO_PLACEHOLDER));
  }
  for (const unit of segment.units) {
    const element = unitElement(unit, book, trees);
    if (element) children.push(element);
  }
  return printTreatment(h(`div.${segment.kind}-matter`, children), config.language);
}

/** The page rules the build sets: trim size and folio style of a segment (its first folio is set after layout). */
function pageRules(book: AssembledBook, segment: Segment) {
  const { width, height } = book.manuscript.config.trim;
  return `@page { size: ${width} ${height}; @bottom-center { content: counter(page, ${segment.folioStyle}); } }`;
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

/**
 * What a segment's HTML is made of, as a key: the segment, its units' trees (by the key the
 * book keeps for a tree exactly as the cache has it, else by the tree itself), and what every
 * segment may print of the book: its metadata, the texts' and units' titles and provenance, the
 * stylesheet's name. The code that makes the HTML is in every key already (the cache's keys are
 * salted with the toolchain's fingerprint). An unchanged segment's HTML is then read, not made.
 */
export function segmentKey(book: AssembledBook, segment: Segment, options: SegmentOptions): string {
  const { config, texts, units } = book.manuscript;
  const trees = options.trees;
  const treeKey = (unit: Unit) => {
    const own = trees?.get(unit.id);
    if (own) return sha(JSON.stringify(own));
    const made = options.madeOf?.get(unit.id);
    if (made) return `made-of:${made}`;
    return book.treeKeys.get(unit.id) ?? sha(JSON.stringify(book.trees.get(unit.id) ?? null));
  };
  const outline = units.map(({ id, kind, title, depth, ...u }) => [id, kind, title, depth, 'number' in u ? u.number : undefined, 'textId' in u ? u.textId : undefined]);
  return sha(
    'segment-html',
    JSON.stringify({ config, texts: texts.map((t) => [t.id, t.meta]), outline, stylesheet: options.stylesheet }),
    JSON.stringify([segment.name, segment.kind, segment.folioStyle]),
    ...segment.units.map((u) => `${u.id}:${treeKey(u)}`),
  );
}

/** One segment as its own HTML document, for pagination. */
export function segmentDocument(book: AssembledBook, segment: Segment, options: SegmentOptions): string {
  return stringify(documentRoot(book, [segmentBody(book, segment, options.trees)], pageRules(book, segment), options.stylesheet));
}

/**
 * The whole book as one HTML document (for inspection, and as the benchmark's common input):
 * the segments' HTML, their bodies one after another under one head.
 */
export function bookDocument(book: AssembledBook, segmentHtml: string[], stylesheet: string): string {
  const { width, height } = book.manuscript.config.trim;
  const head = stringify(documentRoot(book, [], `@page { size: ${width} ${height}; }`, stylesheet));
  const bodies = segmentHtml.map((html) => html.slice(html.indexOf('<body>') + '<body>'.length, html.lastIndexOf('</body>')));
  return head.replace('<body></body>', `<body>${bodies.join('')}</body>`);
}

/** The whole book as one HTML document, made from the trees (the preview's, which has no segments). */
export function printDocument(book: AssembledBook, options: { stylesheet: string; trees?: { get(unitId: string): Root | undefined } }): string {
  const all = segments(book, Infinity);
  const { width, height } = book.manuscript.config.trim;
  const bodies = all.map((s) => segmentBody(book, s, options.trees));
  return stringify(documentRoot(book, bodies, `@page { size: ${width} ${height}; }`, options.stylesheet));
}
