/**
 * The EPUB 3: one XHTML file per unit, written by epub-gen-memory with our own templates
 * (templates/epub) so that the package has the book's metadata, a nested navigation with
 * landmarks and page-list, accessibility metadata, and the same bytes for the same manuscript.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { EPub, type Chapter, type Options } from 'epub-gen-memory';
import type { AssembledBook } from '../../book/assemble.js';
import { copyrightPage, editorsLine, editorsNote, provenance, titlePage } from '../../book/front-pages.js';
import { bookMetadata } from '../../book/metadata.js';
import { partLabel } from '../../manuscript/load.js';
import type { Unit } from '../../manuscript/units.js';
import { bookFonts } from '../fonts.js';
import { rewriteLinks } from './links.js';
import type { PageStart } from '../print/index.js';
import { type Landmark, navTree, ncxHtml, tocHtml } from './navigation.js';
import { insertPageBreaks, planPageBreaks } from './page-list.js';
import { sha, Store } from '../../cache/store.js';
import { type Asked, moved, recording } from '../../cache/asked.js';
import JSZip from 'jszip';
import { visit } from 'unist-util-visit';

export interface EpubOptions {
  /** Where templates/ and styles/ are. */
  toolRoot: string;
  /** dcterms:modified and the zip entries' dates: from the manuscript, never the clock. */
  modified: Date;
  /** The print edition's page map, when one is at hand: folios of anchors and where each page begins. */
  pageMap?: { folios: { get(anchor: string): string | undefined }; pages: PageStart[] };
  /** The cover image, a file path. */
  cover?: string;
  /** Units' documents and the last EPUB's compressed entries, kept between builds. */
  cache?: Store;
  log?: (line: string) => void;
}

/**
 * epub-gen-memory, made reproducible and incremental:
 * - fixed zip dates, and the cover page's image pointing at the package's cover image rather
 *   than at a copy under a random name;
 * - documents already normalised by an earlier build (`known`, by index in `content`) are given
 *   as they were, not normalised again;
 * - entries whose bytes an earlier EPUB held are copied from it already compressed.
 */
class ReproducibleEPub extends EPub {
  constructor(
    options: Options,
    content: Chapter[],
    private readonly fixedDate: Date,
    known = new Map<number, string>(),
  ) {
    super(options, content);
    const self = this as unknown as { images: { url: string; id: string; extension: string }[]; content: { content: string }[] };
    for (const [i, normalised] of known) self.content[i]!.content = normalised;
    const cover = options.cover && self.images.find((i) => i.url === options.cover);
    if (cover && this.cover) {
      for (const c of self.content) c.content = c.content.replaceAll(`images/${cover.id}.${cover.extension}`, `cover.${this.cover.extension}`);
      self.images = self.images.filter((i) => i !== cover);
    }
  }

  /** A document's content as epub-gen-memory normalised it. */
  normalised(index: number) {
    return (this as unknown as { content: { content: string }[] }).content[index]!.content;
  }

  /** The hash of every entry of the package (after `render`). */
  async entryHashes(): Promise<Record<string, string>> {
    const hashes: Record<string, string> = {};
    for (const [name, file] of Object.entries(this.zip.files)) if (!file.dir) hashes[name] = sha(await file.async('uint8array'));
    return hashes;
  }

  /** Take the entries whose bytes are unchanged from `previous`, compressed as they are there. */
  reuse(previous: JSZip, previousHashes: Record<string, string>, hashes: Record<string, string>) {
    let reused = 0;
    for (const [name, hash] of Object.entries(hashes)) {
      const old = previous.files[name] as (JSZip.JSZipObject & { _data?: unknown }) | undefined;
      const fresh = this.zip.files[name] as JSZip.JSZipObject & { options?: { compression?: string } };
      // The mimetype stays stored, uncompressed, as it is added.
      if (!old?._data || previousHashes[name] !== hash || fresh.options?.compression) continue;
      // JSZip copies an entry added from another zip's compressed data without compressing it again.
      this.zip.file(name, old._data as never, { binary: true });
      reused++;
    }
    return reused;
  }

  override generateAsync: EPub['generateAsync'] = (options) => {
    this.zip.forEach((_path, file) => {
      file.date = this.fixedDate;
    });
    return super.generateAsync(options);
  };
}

const stringify = (children: ElementContent[]) => unified().use(rehypeStringify, { closeSelfClosing: true }).stringify({ type: 'root', children } as Root);


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

  // The units' trees for the EPUB: the apparatus with its locators labelled by the print
  // edition's folios (when a page map is at hand); the others as the book has them.
  const locate = (anchor: string) => options.pageMap?.folios.get(anchor);
  const store = options.cache ?? new Store(undefined);
  // A generated unit's tree is known by what it is made of and the folios it asked for: when
  // both are as an earlier build had them, its key and outline are read, and the tree is made
  // only if its document must be.
  const generated = new Map<string, Root>();
  const known = new Map<string, GeneratedEntry>();
  for (const unit of units) {
    if (unit.kind !== 'generated') continue;
    const made = book.generatedKeys.get(unit.id);
    const key = made && store.enabled ? store.key('epub-generated', made) : undefined;
    const kept = key ? store.readJson<GeneratedEntry>(key, 'generated.json') : undefined;
    if (kept && !moved(kept.asked, locate)) {
      known.set(unit.id, kept);
      continue;
    }
    const asking = recording(locate);
    const tree = book.generate(unit.id, 'epub', asking.locate)!;
    generated.set(unit.id, tree);
    if (key) {
      const entry: GeneratedEntry = { asked: asking.asked(), treeKey: sha(JSON.stringify(tree)), outline: linksAndBlocks(tree) };
      store.writeJson(key, entry, 'generated.json');
      known.set(unit.id, entry);
    }
  }
  const treeOf = (unitId: string) => {
    if (known.has(unitId) && !generated.has(unitId)) generated.set(unitId, book.generate(unitId, 'epub', locate)!);
    return generated.get(unitId) ?? book.trees.get(unitId);
  };
  const withTree = units.filter((u) => generated.has(u.id) || known.has(u.id) || book.trees.has(u.id)).map((u) => u.id);

  // A unit's document is decided by its tree, the files its links lead to and its page breaks:
  // with all three as an earlier build had them, the document that build made is taken as it is
  // (and a tree the cache keeps is not even read).
  const treeKey = (unitId: string) => (store.enabled ? (known.get(unitId)?.treeKey ?? book.treeKeys.get(unitId) ?? sha(JSON.stringify(treeOf(unitId)))) : undefined);
  const outline = new Map(
    withTree.map((id): [string, ReturnType<typeof linksAndBlocks>] => {
      const made = known.get(id)?.outline;
      if (made) return [id, made];
      const key = book.treeKeys.get(id);
      const read = key && store.readJson<ReturnType<typeof linksAndBlocks>>(key, 'outline.json');
      if (read) return [id, read];
      const fresh = linksAndBlocks(treeOf(id)!);
      if (key) store.writeJson(key, fresh, 'outline.json');
      return [id, fresh];
    }),
  );
  const breaks = options.pageMap ? planPageBreaks(options.pageMap.pages, new Map([...outline].map(([id, o]) => [id, o.blocks])), fileOf) : undefined;
  const pageList = breaks?.pageList ?? [];
  const markers = (file: string) => breaks?.bookMarkers.get(file) ?? [];

  const unitContent = (unit: Unit): ElementContent[] => {
    switch (unit.kind) {
      case 'part':
        return [h('section', { 'epub:type': 'part', role: 'doc-part' }, [h('p.part-number', partLabel(unit.number)), h('h1', { id: unit.id }, unit.title)])];
      case 'text-opener': {
        const text = texts.find((t) => t.id === unit.textId)!;
        return [h('section', [h('h2', { id: unit.id }, unit.title), h('p.provenance', provenance(text)), editorsNote(text.meta)].filter(Boolean) as ElementContent[])];
      }
      default: {
        const tree = treeOf(unit.id);
        if (!tree) return [];
        const copy = insertPageBreaks(structuredClone(tree), breaks?.unitMarkers.get(unit.id));
        const children = rewriteLinks(copy, unit.id, book.anchors, fileOf).children as ElementContent[];
        const sem = semantics(unit);
        return [h('section', sem ? { 'epub:type': sem.type, role: sem.role } : {}, children)];
      }
    }
  };
  const documentKey = (unit: Unit) => {
    const o = outline.get(unit.id);
    if (!store.enabled || !o) return undefined;
    const targets = o.links.map((id) => book.anchors.get(id)?.unitId ?? '');
    const breaksHere = [...(breaks?.unitMarkers.get(unit.id) ?? [])].map(([b, m]) => [b, m.map((e) => [e.properties.id, e.properties.ariaLabel])]);
    return store.key('document', unit.kind, unit.id, JSON.stringify(semantics(unit) ?? null), treeKey(unit.id)!, JSON.stringify(targets), JSON.stringify(breaksHere));
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
  ];
  const kept = new Map<number, string>();
  const fresh = new Map<number, string>();
  const made: string[] = [];
  for (const unit of units) {
    const key = documentKey(unit);
    const cached = key && store.read(key, 'xhtml');
    if (cached) kept.set(chapters.length, cached.toString('utf8'));
    else if (key) {
      fresh.set(chapters.length, key);
      made.push(unit.id);
    }
    chapters.push({
      title: unit.title,
      filename: fileOf(unit.id),
      // A document taken from the cache is put in after epub-gen-memory's normalisation.
      content: cached ? '' : stringify(unitContent(unit)),
      bodyClass: `unit unit-${unit.kind}`,
      epubType: '',
      manifestId: `u-${unit.id}`,
    });
  }

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
  const metadata = bookMetadata(config, texts, options.modified);

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
      ...metadata,
      pageSource: pageList.length ? `${config.title}${config.subtitle ? `: ${config.subtitle}` : ''}, print edition (PDF), ${editorsLine(config)}` : undefined,
      a11y: accessibility(pageList.length > 0),
    },
    nav: { tocHtml: tocHtml(nav), ncxHtml: ncxHtml(nav), landmarks, pageList, markersHtml: stringify(markers('toc.xhtml')) },
  };
  const epub = new ReproducibleEPub(epubOptions, chapters, options.modified, kept);
  for (const [index, key] of fresh) store.write(key, 'xhtml', epub.normalised(index));
  await epub.render();

  // Entries unchanged since the last EPUB are copied from it, compressed as they are there.
  const hashes = await epub.entryHashes();
  const lastKey = store.key('last-epub', config.identifier);
  const last = store.readJson<{ epub: string }>(lastKey);
  const lastEpub = last && store.read(last.epub, 'epub');
  const lastHashes = last && store.readJson<Record<string, string>>(last.epub, 'entries.json');
  const copied = lastEpub && lastHashes ? epub.reuse(await JSZip.loadAsync(lastEpub), lastHashes, hashes) : 0;
  if (store.enabled) {
    options.log?.(`EPUB: documents made ${made.length > 8 ? made.length : made.join(', ') || 'none'}; ${kept.size} of ${kept.size + fresh.size} from the cache; ${copied} of ${Object.keys(hashes).length} entries copied compressed from the last EPUB`);
  }
  const bytes = (await epub.generateAsync({ type: 'nodebuffer', mimeType: 'application/epub+zip', compression: 'DEFLATE', compressionOptions: { level: 9 } })) as Buffer;
  if (store.enabled) {
    const key = sha(bytes);
    store.write(key, 'epub', bytes);
    store.writeJson(key, hashes, 'entries.json');
    store.writeJson(lastKey, { epub: key });
  }
  return bytes;
}

/** A generated unit's tree for the EPUB, by what it is made of: the folio it was told for each anchor it asked about (null: none), its key, its outline. */
interface GeneratedEntry {
  asked: Asked;
  treeKey: string;
  outline: ReturnType<typeof linksAndBlocks>;
}

/** The ids a tree's in-book links lead to, and its blocks (`data-b`), in order. */
function linksAndBlocks(tree: Root) {
  const links: string[] = [];
  const blocks: string[] = [];
  visit(tree, 'element', (node: Element) => {
    const b = node.properties.dataB;
    if (typeof b === 'string') blocks.push(b);
    const href = node.properties.href;
    if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) links.push(href.slice(1));
  });
  return { links, blocks };
}
