/**
 * Read a YAML file and validate it against a schema, reporting every problem at the line and
 * column of the offending value, as VFile messages (never as a stack trace).
 */
import { readFileSync } from 'node:fs';
import { VFile } from 'vfile';
import YAML, { isNode, LineCounter, type Document } from 'yaml';
import type { z } from 'zod';
import type { Store } from '../cache/store.js';

export interface YamlResult<T> {
  file: VFile;
  /** The validated data, or undefined when the file has errors. */
  data: T | undefined;
  /** Where each value stands: `place(['parts', 0, 'title'])`. */
  place: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
}

/** Where a value stands in the source, or where its nearest existing parent stands. */
function placeOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]) {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = counter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return undefined;
}

/** Parse YAML text already read; `path` names the file in messages. */
export function parseYaml<S extends z.ZodType>(path: string, text: string, schema: S, ruleSource = 'yaml'): YamlResult<z.infer<S>> {
  const file = new VFile({ path, value: text });
  const counter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const place = (p: readonly PropertyKey[]) => placeOf(doc, counter, p);

  for (const error of doc.errors) {
    const [start] = error.pos;
    const { line, col } = counter.linePos(start);
    const message = file.message(error.message.split('\n')[0] ?? error.message, {
      place: { line, column: col },
      ruleId: 'malformed',
      source: ruleSource,
    });
    message.fatal = true;
    message.note = 'Fix the YAML syntax at this place (indentation, a missing colon or quote).';
  }
  if (doc.errors.length) return { file, data: undefined, place };

  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const message = file.message(`${issue.message} at \`${issue.path.join('.') || '(top level)'}\``, {
        place: place(issue.path),
        ruleId: 'schema',
        source: ruleSource,
      });
      message.fatal = true;
    }
    return { file, data: undefined, place };
  }
  return { file, data: parsed.data, place };
}

/**
 * Read and validate a YAML file. With a store, a file that validated cleanly before is not
 * parsed again: its data come from the store by the hash of its text, and places are found by
 * parsing only when a message asks for one.
 */
export function readYaml<S extends z.ZodType>(path: string, schema: S, ruleSource?: string, store?: Store): YamlResult<z.infer<S>> {
  const text = readFileSync(path, 'utf8');
  const key = store?.enabled ? store.key('yaml', ruleSource ?? '', text) : undefined;
  const known = key ? store!.readJson<{ data: z.infer<S> }>(key) : undefined;
  if (known) {
    let parsed: YamlResult<z.infer<S>> | undefined;
    const place = (p: readonly PropertyKey[]) => (parsed ??= parseYaml(path, text, schema, ruleSource)).place(p);
    return { file: new VFile({ path, value: text }), data: known.data, place };
  }
  const result = parseYaml(path, text, schema, ruleSource);
  if (key && result.data !== undefined && !result.file.messages.length) store!.writeJson(key, { data: result.data });
  return result;
}
