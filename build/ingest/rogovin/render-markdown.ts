/**
 * Markdown for a chapter's parts: paragraphs (escaped where Markdown would read a list or a
 * heading into them), verse and epigraphs as `:::verse` / `::::epigraph` blocks with the
 * italics set line by line, captions as short italic paragraphs, footnote definitions.
 */

/**
 * A colon the directive syntax would read as the start of a text directive (`at 10:40`); the
 * editors' own `:supplied[…]`, which ingest writes, stays a directive.
 */
export const escapeDirectiveColons = (text: string): string => text.replace(/(^|[^:\\]):(?=[\p{L}\p{N}_])(?!supplied\[)/gu, '$1\\:');

/** A paragraph of prose that Markdown must not take for a list item, heading or quotation. */
export function escapeParagraph(text: string): string {
  return escapeDirectiveColons(text).replace(/^(\d+)([.)])(\s)/, '$1\\$2$3').replace(/^([-+*>#])(\s)/, '\\$1$2');
}

const TRAILING_REFS = /((?:\[\^\w+\])+)$/;

/** Italic over the whole of `text`, leaving white space outside the markers. */
const italic = (text: string): string => text.replace(/^(\s*)(.*?)(\s*)$/s, (m, a: string, b: string, c: string) => (b ? `${a}*${b}*${c}` : m));

/** Verse lines; if the whole passage is set in italics, each line gets its own, with its note references outside. */
export function verseLines(lines: string[]): string[] {
  const first = lines[0] ?? '';
  const last = lines[lines.length - 1] ?? '';
  const lastBare = last.replace(TRAILING_REFS, '');
  const italicized = lines.length > 0 && first.startsWith('*') && lastBare.endsWith('*');
  if (!italicized) return lines;
  return lines.map((line, i) => {
    let body = line;
    if (i === 0) body = body.slice(1);
    if (i === lines.length - 1) body = body.replace(TRAILING_REFS, '').replace(/\*$/, '') + (TRAILING_REFS.exec(line)?.[1] ?? '');
    const refs = TRAILING_REFS.exec(body)?.[1] ?? '';
    const words = body.slice(0, body.length - refs.length);
    return `*${words}*${refs}`;
  });
}

export function renderVerse(lines: string[], attribution?: string): string {
  const verse = [':::verse', ...verseLines(lines.map(escapeDirectiveColons)), ':::'].join('\n');
  if (attribution === undefined) return verse;
  return ['::::epigraph', verse, `— ${attribution}`, '::::'].join('\n');
}

/** A caption, whatever its emphasis in the original, as one italic line (inner italics turn upright). */
export function renderCaption(text: string): string {
  const bare = text.replace(/^\*\*([^*]+)\*\*$/, '$1').replace(/^\*([^*]+)\*$/, '$1');
  return escapeDirectiveColons(bare)
    .split('*')
    .map((part, k) => (k % 2 === 0 ? italic(part) : part))
    .join('');
}

export const renderDefinition = (label: string, text: string): string => `[^${label}]: ${escapeDirectiveColons(text)}`;
