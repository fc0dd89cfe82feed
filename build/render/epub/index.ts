/**
 * The EPUB 3: one XHTML file per unit, written by epub-gen-memory with our own templates
 * (templates/epub) so that the package has the book's metadata, a nested navigation with
 * landmarks and page-list, accessibility metadata, and the same bytes for the same manuscript.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { EPub, type Chapter, type Options } from 'epub-gen-memory';
import type { AssembledBook } from '../../book/assemble.js';
import { copyrightPage, editorsLine, provenance, titlePage } from '../../book/front-pages.js';
import { partLabel } from '../../manuscript/load.js';
import type { Unit } from '../../manuscript/units.js';
import { bookFonts } from '../fonts.js';
import { rewriteLinks } from './links.js';
import type { PageStart } from '../print/index.js';
import { type Landmark, navTree, ncxHtml, tocHtml } from './navigation.js';
import { insertPageBreaks } from './page-list.js';

export interface EpubOptions {
  /** Where templates/ and styles/ are. */
  toolRoot: string;
  /** dcterms:modified and the zip entries' dates: from the manuscript, never the clock. */
  modified: Date;
  /** The print edition's page map, when one is at hand: folios of anchors and where each page begins. */
  pageMap?: { folios: Map<string, string>; pages: PageStart[] };
  /** The cover image, a file path. */
  cover?: string;
}

/**
 * epub-gen-memory, made reproducible: fixed zip dates, and the cover page's image pointing at the
 * package's cover image rather than at a copy under a random name.
 */
class ReproducibleEPub extends EPub {
  constructor(options: Options, content: Chapter[], private readonly fixedDate: Date) {
    super(options, content);
    const self = this as unknown as { images: { url: string; id: string; extension: string }[]; content: { content: string }[] };
    const cover = options.cover && self.images.find((i) => i.url === options.cover);
    if (cover && this.cover) {
      for (const c of self.content) c.content = c.content.replaceAll(`images/${cover.id}.${cover.extension}`, `cover.${this.cover.extension}`);
      self.images = self.images.filter((i) => i !== cover);
    }
  }
  override generateAsync: EPub['generateAsync'] = (options) => {
    this.zip.forEach((_path, file) => {
      file.date = this.fixedDate;
    });
    return super.generateAsync(options);
  };
}

const stringify = (children: ElementContent[]) => unified().use(rehypeStringify, { closeSelfClosing: true }).stringify({ type: 'root', children } as Root);

const authorsOf = (a: string | string[] | undefined) => (a === undefined ? [] : Array.isArray(a) ? a : [a]);

/** The epub:type and the matching ARIA role of each kind of unit. */
function semantics(unit: Unit): { type: string; role: string } | undefined {
  switch (unit.kind) {
    case 'chapter':
    case 'text':
      return { type: 'chapter', role: 'doc-chapter' };
    case 'front':
      return { type: 'introduction', role: 'doc-introduction' };
    case 'generated':
      return {
        'note-on-the-texts': { type: 'appendix', role: 'doc-appendix' },
        glossary: { type: 'glossary', role: 'doc-glossary' },
        concordance: { type: 'appendix', role: 'doc-appendix' },
        index: { type: 'index', role: 'doc-index' },
      }[unit.name];
    default:
      return undefined;
  }
}

/** What accessibility metadata is true of this book: text only, structured, navigable. */
function accessibility(hasPageList: boolean) {
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'index'];
  if (hasPageList) features.push('pageNavigation', 'printPageNumbers');
  return [
    { property: 'schema:accessMode', value: 'textual' },
    { property: 'schema:accessModeSufficient', value: 'textual' },
    ...features.map((value) => ({ property: 'schema:accessibilityFeature', value })),
    { property: 'schema:accessibilityHazard', value: 'none' },
    {
      property: 'schema:accessibilitySummary',
      value:
        'A text-only book with no images but the cover. Headings, a nested table of contents and landmarks give structural navigation; notes are linked to and from their references; the language of Russian passages is marked.' +
        (hasPageList ? ' A page list gives the page breaks of the print edition.' : ''),
    },
    { property: 'dcterms:conformsTo', value: 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA' },
  ];
}

export async function renderEpub(book: AssembledBook, options: EpubOptions): Promise<Buffer> {
  const { config, units, texts } = book.manuscript;
  const fileOf = (unitId: string) => `${unitId}.xhtml`;

  // The EPUB's own copies of the trees: the apparatus with its locators labelled by the print
  // edition's folios (when a page map is at hand), and the print's page breaks marked.
  const locate = (anchor: string) => options.pageMap?.folios.get(anchor);
  const trees = new Map<string, Root>();
  for (const unit of units) {
    const tree = unit.kind === 'generated' ? book.generate(unit.id, 'epub', locate) : book.trees.get(unit.id);
    if (tree) trees.set(unit.id, unit.kind === 'generated' ? tree : structuredClone(tree));
  }
  const breaks = options.pageMap ? insertPageBreaks(options.pageMap.pages, trees, fileOf) : undefined;
  const pageList = breaks?.pageList ?? [];
  const markers = (file: string) => breaks?.bookMarkers.get(file) ?? [];

  const unitContent = (unit: Unit): ElementContent[] => {
    switch (unit.kind) {
      case 'part':
        return [h('section', { 'epub:type': 'part', role: 'doc-part' }, [h('p.part-number', partLabel(unit.number)), h('h1', { id: unit.id }, unit.title)])];
      case 'text-opener': {
        const text = texts.find((t) => t.id === unit.textId)!;
        return [h('section', [h('h2', { id: unit.id }, unit.title), h('p.provenance', provenance(text))])];
      }
      default: {
        const tree = trees.get(unit.id);
        if (!tree) return [];
        const children = rewriteLinks(tree, unit.id, book.anchors, fileOf).children as ElementContent[];
        const sem = semantics(unit);
        return [h('section', sem ? { 'epub:type': sem.type, role: sem.role } : {}, children)];
      }
    }
  };

  const coverPage: (Chapter & Record<string, unknown>)[] = options.cover
    ? [
        {
          title: 'Cover',
          filename: 'cover.xhtml',
          content: stringify([
            h('section.cover', { 'epub:type': 'cover' }, [
              h('img', { role: 'doc-cover', src: pathToFileURL(options.cover).href, alt: `Cover: ${config.title}${config.subtitle ? `: ${config.subtitle}` : ''}. ${editorsLine(config)}.` }),
            ]),
          ]),
          bodyClass: 'cover',
          epubType: '',
          spineBeforeNav: true,
          manifestId: 'cover-page',
        },
      ]
    : [];
  const chapters: (Chapter & Record<string, unknown>)[] = [
    ...coverPage,
    { title: config.title, filename: 'title-page.xhtml', content: stringify([...markers('title-page.xhtml'), titlePage(config)]), bodyClass: 'title-page', epubType: '', spineBeforeNav: true, manifestId: 'title-page' },
    { title: 'Copyright', filename: 'copyright.xhtml', content: stringify([...markers('copyright.xhtml'), copyrightPage(config, texts)]), bodyClass: 'copyright', epubType: '', spineBeforeNav: true, manifestId: 'copyright' },
    ...units.map((unit) => ({
      title: unit.title,
      filename: fileOf(unit.id),
      content: stringify(unitContent(unit)),
      bodyClass: `unit unit-${unit.kind}`,
      epubType: '',
      manifestId: `u-${unit.id}`,
    })),
  ];

  const firstBody = units.find((u) => u.kind === 'part');
  const landmarks: Landmark[] = [
    ...(options.cover ? [{ type: 'cover', title: 'Cover', href: 'cover.xhtml' }] : []),
    { type: 'toc', title: 'Contents', href: 'toc.xhtml#toc' },
    ...(units.find((u) => u.kind === 'front') ? [{ type: 'frontmatter', title: 'Introduction', href: fileOf(units.find((u) => u.kind === 'front')!.id) }] : []),
    ...(firstBody ? [{ type: 'bodymatter', title: 'Start of the texts', href: fileOf(firstBody.id) }] : []),
    ...units
      .filter((u) => u.kind === 'generated' && (u.name === 'glossary' || u.name === 'index'))
      .map((u) => ({ type: (u as { name: string }).name, title: u.title, href: fileOf(u.id) })),
  ];
  const nav = navTree(units, fileOf);
  const fonts = bookFonts();
  const css = [fonts.css('fonts/'), readFileSync(join(options.toolRoot, 'styles', 'epub.css'), 'utf8')].join('\n');
  const template = (name: string) => readFileSync(join(options.toolRoot, 'templates', 'epub', name), 'utf8');
  const modified = options.modified.toISOString().replace(/\.\d{3}Z$/, 'Z');

  const epubOptions: Options & Record<string, unknown> = {
    title: config.title,
    author: config.editors,
    publisher: config.publisher,
    description: config.description,
    lang: config.language,
    date: `${config.date}`,
    tocTitle: 'Contents',
    prependChapterTitles: false,
    numberChaptersInTOC: false,
    css,
    fonts: fonts.files.map((f) => ({ filename: f.name, url: pathToFileURL(f.path).href })),
    cover: options.cover ? pathToFileURL(options.cover).href : undefined,
    chapterXHTML: template('chapter.xhtml.ejs'),
    contentOPF: template('content.opf.ejs'),
    tocXHTML: template('nav.xhtml.ejs'),
    tocNCX: template('toc.ncx.ejs'),
    version: 3,
    verbose: false,
    // Our templates' own data.
    meta: {
      identifier: config.identifier,
      subtitle: config.subtitle,
      editors: config.editors.map((e) => (e === 'the editors' ? 'The editors' : e)),
      authors: [...new Set(texts.flatMap((t) => authorsOf(t.meta.author)))],
      publisher: config.publisher,
      date: config.date,
      rights: config.rights,
      modified,
      sources: texts.map((t) => `${t.meta.title}${t.meta.author ? ` (${authorsOf(t.meta.author).join(', ')})` : ''}`),
      pageSource: pageList.length ? `${config.title}${config.subtitle ? `: ${config.subtitle}` : ''}, print edition (PDF), ${editorsLine(config)}` : undefined,
      a11y: accessibility(pageList.length > 0),
    },
    nav: { tocHtml: tocHtml(nav), ncxHtml: ncxHtml(nav), landmarks, pageList, markersHtml: stringify(markers('toc.xhtml')) },
  };
  const epub = new ReproducibleEPub(epubOptions, chapters, options.modified);
  await epub.render();
  return (await epub.generateAsync({ type: 'nodebuffer', mimeType: 'application/epub+zip', compression: 'DEFLATE', compressionOptions: { level: 9 } })) as Buffer;
}

