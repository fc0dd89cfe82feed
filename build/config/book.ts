/**
 * `book.yaml`: the book's metadata and its reading order, validated at load.
 *
 * The reading order names files relative to the manuscript folder; every file must exist.
 * A text is a Markdown file or a folder with an `index.md` that lists its chapters.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { readYaml } from './yaml-file.js';
import { VFile } from 'vfile';

/** The generated sections of the back matter, in the order an editor may list them. */
export const GENERATED = ['note-on-the-texts', 'glossary', 'concordance', 'index'] as const;
export type Generated = (typeof GENERATED)[number];

const length = z.string().regex(/^\d+(\.\d+)?(in|mm|cm|pt)$/, 'expected a length such as 6in or 152mm');

export const bookSchema = z.strictObject({
  title: z.string().min(1),
  subtitle: z.string().min(1).optional(),
  editors: z.array(z.string().min(1)).min(1),
  publisher: z.string().min(1).optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'expected a BCP 47 language tag such as en or en-GB'),
  /** A stable identifier; when absent, a urn:uuid is derived from title, subtitle and editors. */
  identifier: z.string().min(1).optional(),
  /** Publication date, YYYY or YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected a date such as 2026 or 2026-11-21'),
  description: z.string().min(1),
  rights: z.string().min(1),
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected lowercase words joined by hyphens'),
  trim: z.strictObject({ width: length, height: length }).default({ width: '6in', height: '9in' }),
  /**
   * The press PDF: bleed beyond the trim (none: the interior prints nothing to the edge), crop
   * marks, and the printing condition its output intent names (one of the ICC's registry; the
   * printer says which).
   */
  press: z
    .strictObject({ bleed: length.default('0mm'), marks: z.boolean().default(false), condition: z.string().min(1).default('CGATS TR 001') })
    .default({ bleed: '0mm', marks: false, condition: 'CGATS TR 001' }),
  contents: z.strictObject({
    front: z.array(z.string().min(1)).default([]),
    parts: z
      .array(z.strictObject({ title: z.string().min(1), id: z.string().regex(/^[a-z0-9-]+$/), texts: z.array(z.string().min(1)).min(1) }))
      .min(1),
    back: z.array(z.enum(GENERATED)).default([]),
  }),
});

export type BookConfig = z.infer<typeof bookSchema> & { identifier: string };

export interface LoadedBook {
  config: BookConfig | undefined;
  file: VFile;
}

/** The urn:uuid that identifies the book when book.yaml gives none: the same metadata, the same id. */
export function deriveIdentifier(config: { title: string; subtitle?: string | undefined; editors: string[] }) {
  const name = [config.title, config.subtitle ?? '', ...config.editors].join('\n');
  return `urn:uuid:${uuidv5(name, uuidv5.URL)}`;
}

export function loadBook(manuscript: string): LoadedBook {
  const path = join(manuscript, 'book.yaml');
  if (!existsSync(path)) {
    const file = new VFile({ path });
    const m = file.message(`No book.yaml in ${manuscript}`, { place: { line: 1, column: 1 }, ruleId: 'missing-book', source: 'book' });
    m.fatal = true;
    m.note = 'Is --manuscript the right folder? A manuscript folder holds book.yaml (title, editors, reading order); see docs/manuscript-format.md.';
    return { config: undefined, file };
  }
  const { file, data, place } = readYaml(path, bookSchema, 'book');
  if (!data) return { config: undefined, file };

  const check = (rel: string, at: PropertyKey[]) => {
    const full = join(manuscript, rel);
    if (relative(resolve(manuscript), resolve(full)).startsWith('..') || isAbsolute(rel)) {
      const m = file.message(`\`${rel}\` is outside the manuscript folder`, { place: place(at), ruleId: 'outside', source: 'book' });
      m.fatal = true;
      m.note = 'The reading order names files relative to the folder of book.yaml, inside it: sources/essay.md.';
      return;
    }
    const ok = existsSync(full) && (statSync(full).isFile() ? rel.endsWith('.md') : existsSync(join(full, 'index.md')));
    if (!ok) {
      const m = file.message(`\`${rel}\` is in the reading order but there is no such Markdown file or text folder`, {
        place: place(at),
        ruleId: 'missing-file',
        source: 'book',
      });
      m.fatal = true;
      m.note = `Create ${relative(process.cwd(), full)}, or correct or remove the entry.`;
    }
  };
  data.contents.front.forEach((rel, i) => check(rel, ['contents', 'front', i]));
  data.contents.parts.forEach((part, p) => part.texts.forEach((rel, i) => check(rel, ['contents', 'parts', p, 'texts', i])));
  if (file.messages.some((m) => m.fatal)) return { config: undefined, file };

  return { config: { ...data, identifier: data.identifier ?? deriveIdentifier(data) }, file };
}
