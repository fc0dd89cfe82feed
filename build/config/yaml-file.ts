/**
 * Read a YAML file and validate it against a schema, reporting every problem at the line and
 * column of the offending value, as VFile messages (never as a stack trace).
 */
import { isAbsolute, relative } from 'node:path';
import { VFile } from 'vfile';
import YAML, { isNode, LineCounter, type Document } from 'yaml';
import type { z } from 'zod';
import type { Store } from '../cache/store.js';
import { readText } from './read-text.js';

export interface YamlResult<T> {
  file: VFile;
  /** The validated data, or undefined when the file has errors. */
  data: T | undefined;
  /** Where each value stands: `place(['parts', 0, 'title'])`. */
  place: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
}

/** Where a value stands in the source, or where its nearest existing parent stands (else the start). */
function placeOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]) {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = counter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

/** A file's path as messages give it: from the working folder. */
/** A path as messages show it: relative to the working folder. */
export const shownPath = (path: string) => (isAbsolute(path) ? relative(process.cwd(), path) || path : path);

/** How many syntax and schema problems of one file are shown before the rest are counted. */
const MAX_SYNTAX = 3;
const MAX_SCHEMA = 10;

function more(file: VFile, n: number, source: string, place: { line: number; column: number } | undefined) {
  const m = file.message(`…and ${n} more problem${n === 1 ? '' : 's'} in this file from here on, not shown`, { place, ruleId: 'more', source });
  m.fatal = true;
  m.note = 'Fix the first ones and check again: later problems are often consequences of the first.';
}

/** Parse YAML text already read; `path` names the file in messages. */
export interface YamlOptions {
  /** A file that may hold no records at all (only comments), without a word. */
  emptyOk?: boolean;
}

export function parseYaml<S extends z.ZodType>(path: string, text: string, schema: S, ruleSource = 'yaml', options: YamlOptions = {}): YamlResult<z.infer<S>> {
  const file = new VFile({ path: shownPath(path), value: text });
  const counter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const place = (p: readonly PropertyKey[]) => placeOf(doc, counter, p);

  // A slip in YAML syntax confuses the parser for the rest of the file: the first problem is the
  // one to fix, and a few after it are shown; the rest would be noise.
  doc.errors.slice(0, MAX_SYNTAX).forEach((error, i) => {
    const [start] = error.pos;
    const { line, col } = counter.linePos(start);
    const message = file.message(error.message.split('\n')[0] ?? error.message, {
      place: { line, column: col },
      ruleId: 'malformed',
      source: ruleSource,
    });
    message.fatal = true;
    message.note = i === 0 ? 'Fix the YAML syntax at this place (indentation, a missing colon or quote).' : 'Perhaps only a consequence of the first problem.';
  });
  if (doc.errors.length > MAX_SYNTAX) {
    const { line, col } = counter.linePos(doc.errors[MAX_SYNTAX]!.pos[0]);
    more(file, doc.errors.length - MAX_SYNTAX, ruleSource, { line, column: col });
  }
  if (doc.errors.length) return { file, data: undefined, place };

  if (doc.contents === null) {
    // A list with nothing in it may be a file of comments (no suppressions yet); but a file of
    // records that has none is more likely emptied by accident, and is said.
    const none = schema.safeParse([]);
    if (none.success) {
      if (!options.emptyOk) {
        const m = file.message('The file has no records', { place: { line: 1, column: 1 }, ruleId: 'empty', source: ruleSource });
        m.note = 'If it was emptied by accident, restore it (from version control); if not, remove the file.';
      }
      return { file, data: none.data, place };
    }
    const m = file.message('The file is empty', { place: { line: 1, column: 1 }, ruleId: 'empty', source: ruleSource });
    m.fatal = true;
    m.note = 'Restore its content (from version control), or remove the file if it is not needed.';
    return { file, data: undefined, place };
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issues = parsed.error.issues;
    for (const issue of issues.slice(0, MAX_SCHEMA)) {
      const message = file.message(`${issue.message} at \`${issue.path.join('.') || '(top level)'}\``, {
        place: place(issue.path),
        ruleId: 'schema',
        source: ruleSource,
      });
      message.fatal = true;
    }
    if (issues.length > MAX_SCHEMA) more(file, issues.length - MAX_SCHEMA, ruleSource, place(issues[MAX_SCHEMA]!.path));
    return { file, data: undefined, place };
  }
  return { file, data: parsed.data, place };
}

/**
 * Read and validate a YAML file. With a store, a file that validated cleanly before is not
 * parsed again: its data come from the store by the hash of its text, and places are found by
 * parsing only when a message asks for one.
 */
export function readYaml<S extends z.ZodType>(path: string, schema: S, ruleSource?: string, store?: Store, options: YamlOptions = {}): YamlResult<z.infer<S>> {
  const read = readText(path);
  if (!read.ok) {
    const file = new VFile({ path: shownPath(path) });
    const m = file.message(read.reason, { place: { line: read.line, column: read.column }, ruleId: 'not-text', source: ruleSource ?? 'yaml' });
    m.fatal = true;
    m.note = read.note;
    return { file, data: undefined, place: () => undefined };
  }
  const text = read.text;
  const key = store?.enabled ? store.key('yaml', ruleSource ?? '', text) : undefined;
  const known = key ? store!.readJson<{ data: z.infer<S> }>(key) : undefined;
  if (known) {
    let parsed: YamlResult<z.infer<S>> | undefined;
    const place = (p: readonly PropertyKey[]) => (parsed ??= parseYaml(path, text, schema, ruleSource, options)).place(p);
    return { file: new VFile({ path: shownPath(path), value: text }), data: known.data, place };
  }
  const result = parseYaml(path, text, schema, ruleSource, options);
  if (key && result.data !== undefined && !result.file.messages.length) store!.writeJson(key, { data: result.data });
  return result;
}
