/**
 * The YAML front matter of a manuscript file, validated against a schema. Problems are reported
 * on the Markdown file itself, at the line and column inside its front matter.
 */
import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import { z } from 'zod';
import { parseYaml } from '../config/yaml-file.js';

/** Front matter of a text, of a text folder's index.md, of a chapter or of an editorial file. */
export const textMetaSchema = z.strictObject({
  /** Optional in a chapter file, whose `#` heading is its title. */
  title: z.string().min(1).optional(),
  author: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** A short name for the text in the apparatus ("Rogovin"); default: its id, capitalised. */
  short: z.string().min(1).optional(),
  translator: z.string().min(1).optional(),
  publisher: z.string().min(1).optional(),
  site: z.string().min(1).optional(),
  date: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  licence: z.string().min(1).optional(),
  rights: z.string().min(1).optional(),
  original: z.string().min(1).optional(),
  /**
   * The editors' note on the copy, printed where the text opens and in the note on the texts:
   * what the copy lacked, what the editors supplied and on what grounds.
   */
  editors_note: z.string().min(1).optional(),
  language: z.string().min(2).optional(),
  /** A text folder's index.md: its chapter files in reading order. */
  chapters: z.array(z.string().regex(/\.md$/, 'expected a Markdown file name')).min(1).optional(),
  /** A chapter file: its number, or a name such as `foreword`. */
  chapter: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
});
export type TextMeta = z.infer<typeof textMetaSchema>;

export interface FrontMatter<T> {
  data: T;
  /** Where a value of the front matter stands in the Markdown file. */
  place: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
}

export function readFrontMatter<S extends z.ZodType>(tree: Root, file: VFile, schema: S): FrontMatter<z.infer<S>> | undefined {
  const node = tree.children[0];
  if (!node || node.type !== 'yaml') {
    const m = file.message('Missing front matter', { place: { line: 1, column: 1 }, ruleId: 'front-matter', source: 'manuscript' });
    m.fatal = true;
    m.note = 'Start the file with a block between two `---` lines that gives at least `title:`.';
    return undefined;
  }
  const yaml = node as Yaml;
  const result = parseYaml(file.path, yaml.value, schema, 'manuscript');
  const offset = yaml.position?.start.line ?? 1; // the value starts on the line after the opening ---
  for (const message of result.file.messages) {
    const moved = file.message(message.reason, {
      place: message.line ? { line: message.line + offset, column: message.column ?? 1 } : yaml.position,
      ruleId: `front-matter-${message.ruleId ?? 'schema'}`,
      source: 'manuscript',
    });
    moved.fatal = message.fatal;
    moved.note = message.note;
  }
  if (result.data === undefined) return undefined;
  const place = (path: readonly PropertyKey[]) => {
    const at = result.place(path);
    return at && { line: at.line + offset, column: at.column };
  };
  return { data: result.data, place };
}
