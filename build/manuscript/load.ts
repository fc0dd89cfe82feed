/**
 * Load the manuscript: book.yaml, then every file of the reading order, parsed and with its
 * front matter validated. Nothing is transformed yet; every problem is a message on its file.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { VFile } from 'vfile';
import type { Store } from '../cache/store.js';
import { type BookConfig, loadBook } from '../config/book.js';
import { readText } from '../config/read-text.js';
import { parse } from '../processor/index.js';
import { readFrontMatter, type TextMeta, textMetaSchema } from './front-matter.js';
import type { TextInfo, Unit } from './units.js';

export interface Manuscript {
  dir: string;
  config: BookConfig;
  units: Unit[];
  texts: TextInfo[];
  /** The file units' sources, by unit id: parsed on first use. */
  sources: Map<string, Source>;
  /** Every file read, for reporting. */
  files: VFile[];
}

export interface Source {
  /** The Markdown tree, parsed when first asked for. */
  tree: () => Root;
  /** The hash of the file's text (and the toolchain), when a cache is in use. */
  key?: string;
}

export type LoadResult = { ok: true; manuscript: Manuscript } | { ok: false; files: VFile[] };

const NUMBER_WORDS = ['One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten'];
export const partLabel = (n: number) => `Part ${NUMBER_WORDS[n - 1] ?? n}`;

/**
 * Read a Markdown file and its front matter. With a store, the front matter of a file read before
 * comes from the store by the file's hash, and the file is parsed only if a later stage asks.
 */
function readMarkdown(dir: string, rel: string, files: VFile[], store?: Store) {
  const path = join(dir, rel);
  const read = readText(path);
  const value = read.ok ? read.text : '';
  const file = new VFile({ path: relative(process.cwd(), path) || path, value });
  files.push(file);
  if (!read.ok) {
    const m = file.message(read.reason, { place: { line: read.line, column: read.column }, ruleId: 'not-text', source: 'manuscript' });
    m.fatal = true;
    m.note = read.note;
    return { file, source: { tree: () => parse(file) }, meta: undefined };
  }
  let parsed: Root | undefined;
  const source: Source = { tree: () => (parsed ??= parse(file)), key: store?.enabled ? store.key('markdown', value) : undefined };
  type Meta = TextMeta & { title: string };
  const known = source.key ? store!.readJson<{ meta: Meta }>(source.key, 'front.json') : undefined;
  if (known) return { file, source, meta: known.meta };


  const tree = source.tree();
  const frontMatter = readFrontMatter(tree, file, textMetaSchema);
  if (!frontMatter) return { file, source, meta: undefined };
  const front = frontMatter.data;
  // A file without `title:` takes the text of its first heading.
  const heading = tree.children.find((n) => n.type === 'heading');
  const title = front.title ?? (heading ? toString(heading) : undefined);
  if (!title) {
    const m = file.message('No title: give `title:` in the front matter or start with a `#` heading', {
      place: { line: 1, column: 1 },
      ruleId: 'front-matter-title',
      source: 'manuscript',
    });
    m.fatal = true;
    return { file, source, meta: undefined };
  }
  const meta: Meta = { ...front, title };
  if (source.key && !file.messages.length) store!.writeJson(source.key, { meta }, 'front.json');
  return { file, source, meta };
}

/** Where a value of a file's front matter stands (parsing the file again if it came from the cache). */
function frontPlace(source: Source, path: PropertyKey[]) {
  const scratch = new VFile({ path: 'front-matter' });
  return readFrontMatter(source.tree(), scratch, textMetaSchema)?.place(path) ?? { line: 1, column: 1 };
}

/** `sources/rogovin/ch12.md` → `rogovin-12`; `sources/wikipedia.md` → `wikipedia`. */
function chapterId(textId: string, fileName: string, meta: TextMeta | undefined) {
  const chapter = meta?.chapter ?? basename(fileName, '.md').replace(/^ch0*/, '');
  return `${textId}-${String(chapter).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** `store`: front matter kept by each file's hash (see readMarkdown). */
export function loadManuscript(dir: string, store?: Store): LoadResult {
  const { config, file: bookFile } = loadBook(dir);
  const files: VFile[] = [bookFile];
  if (!config) return { ok: false, files };

  const units: Unit[] = [];
  const texts: TextInfo[] = [];
  const sources = new Map<string, Source>();

  for (const rel of config.contents.front) {
    const { file, source, meta } = readMarkdown(dir, rel, files, store);
    if (!meta) continue;
    const id = basename(rel, '.md');
    units.push({ kind: 'front', id, title: meta.title, depth: 0, file, meta, textId: id });
    sources.set(id, source);
  }

  config.contents.parts.forEach((part, p) => {
    const partId = `part-${part.id}`;
    units.push({ kind: 'part', id: partId, title: part.title, depth: 0, number: p + 1 });
    for (const rel of part.texts) {
      const textId = basename(rel, '.md');
      if (rel.endsWith('.md')) {
        const { file, source, meta } = readMarkdown(dir, rel, files, store);
        if (!meta) continue;
        units.push({ kind: 'text', id: textId, title: meta.title, depth: 1, file, meta, textId });
        texts.push({ id: textId, meta, path: rel, partId });
        sources.set(textId, source);
        continue;
      }
      const index = readMarkdown(dir, join(rel, 'index.md'), files, store);
      if (!index.meta) continue;
      if (!index.meta.chapters) {
        const m = index.file.message('A text folder’s index.md must list its `chapters:`', {
          place: { line: 1, column: 1 },
          ruleId: 'front-matter-chapters',
          source: 'manuscript',
        });
        m.fatal = true;
        continue;
      }
      units.push({ kind: 'text-opener', id: textId, title: index.meta.title, depth: 1, meta: index.meta, textId, file: index.file });
      texts.push({ id: textId, meta: index.meta, path: rel, partId });
      index.meta.chapters.forEach((name, i) => {
        const chapterRel = join(rel, name);
        const full = resolve(dir, chapterRel);
        const problem = relative(resolve(dir, rel), full).startsWith('..')
          ? `Chapter file \`${name}\` is outside its text's folder`
          : !existsSync(full) || !statSync(full).isFile()
            ? `Chapter file \`${name}\` does not exist`
            : undefined;
        if (problem) {
          const m = index.file.message(problem, { place: frontPlace(index.source, ['chapters', i]), ruleId: 'missing-file', source: 'manuscript' });
          m.fatal = true;
          m.note = `Create ${relative(process.cwd(), full)} or remove it from \`chapters:\`; names are relative to the folder of index.md.`;
          return;
        }
        const loaded = readMarkdown(dir, chapterRel, files, store);
        if (!loaded.meta) return;
        const id = chapterId(textId, name, loaded.meta);
        units.push({ kind: 'chapter', id, title: loaded.meta.title, depth: 2, file: loaded.file, meta: loaded.meta, textId });
        sources.set(id, loaded.source);
      });
    }
  });

  for (const name of config.contents.back) {
    const titles = { 'note-on-the-texts': 'A Note on the Texts', glossary: 'Glossary', concordance: 'Concordance of Trials', index: 'Index of Names' };
    units.push({ kind: 'generated', id: name, title: titles[name], depth: 0, name });
  }

  const seen = new Map<string, Unit>();
  for (const unit of units) {
    const other = seen.get(unit.id);
    if (other && 'file' in unit) {
      const source = sources.get(unit.id);
      const m = unit.file.message(`Two parts of the book would have the id \`${unit.id}\`${'file' in other ? ` (the other is ${other.file.path})` : ''}`, {
        place: source && unit.meta.chapter !== undefined ? frontPlace(source, ['chapter']) : { line: 1, column: 1 },
        ruleId: 'duplicate-id',
        source: 'book',
      });
      m.fatal = true;
      m.note = 'A unit’s id comes from its text’s file or folder name and its `chapter:`; give one of the two another.';
    }
    seen.set(unit.id, unit);
  }

  if (files.some((f) => f.messages.some((m) => m.fatal))) return { ok: false, files };
  return { ok: true, manuscript: { dir, config, units, texts, sources, files } };
}
