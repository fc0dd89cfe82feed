/**
 * The one voice of every command (build, check, preview): each message on one line, as
 * compilers print them, the fix on the next, and a summary line.
 *
 *   manuscript/sources/rogovin/ch12.md:34:56: warning: Ambiguous mention `Yevdokimov`: … [names:ambiguous-person]
 *     Settle it with :person[Yevdokimov]{id=…}, …
 *   1 error, 2 warnings
 *
 * Paths are relative to the working folder, so that a terminal links them. A message that
 * belongs to no file of the manuscript (the PDF stage, the browser) is named by its stage.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { VFile } from 'vfile';

type Message = VFile['messages'][number];

/** Where a file's messages are said to be: its path from the working folder, or its stage's name. */
function where(file: VFile, cwd: string): string {
  const path = file.path;
  if (!path) return 'book';
  // A stage's own file (`pdf`, `build`) has a bare name and no extension.
  if (!isAbsolute(path) && !path.includes('/') && !path.includes('.')) return path;
  return relative(cwd, resolve(cwd, path)) || path;
}

const byPlace = (a: Message, b: Message) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

export function formatMessage(file: VFile, m: Message, cwd = process.cwd()): string[] {
  const severity = m.fatal ? 'error' : 'warning';
  const place = m.line ? `:${m.line}:${m.column ?? 1}` : '';
  const rule = m.source || m.ruleId ? ` [${[m.source, m.ruleId].filter(Boolean).join(':')}]` : '';
  const lines = [`${where(file, cwd)}${place}: ${severity}: ${m.reason}${rule}`];
  if (m.note) lines.push(...m.note.split('\n').map((l) => `  ${l}`));
  return lines;
}

/** Every message of every file, in file order and then in order of place. */
export function formatMessages(files: VFile[], cwd = process.cwd()): string[] {
  return files.flatMap((f) => [...f.messages].sort(byPlace).flatMap((m) => formatMessage(f, m, cwd)));
}

export function counts(files: VFile[]) {
  let errors = 0;
  let warnings = 0;
  for (const f of files) for (const m of f.messages) m.fatal ? errors++ : warnings++;
  return { errors, warnings };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 errors, 1 warning`. */
export function summaryLine(files: VFile[]): string {
  const { errors, warnings } = counts(files);
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** The messages and the summary line, or nothing when there is nothing to say. */
export function report(files: VFile[], cwd = process.cwd()): string {
  const lines = formatMessages(files, cwd);
  return lines.length ? [...lines, summaryLine(files)].join('\n') : '';
}
