/** What the book tests read: the built files, the page map, the apparatus data, the PDF's text. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { pdfPages } from '../helpers/tools.js';

export const book = () => inject('book');
export const SLUG = 'great-purge-reader';
export const outFile = (name: string) => join(book().out, name);

export interface ApparatusJson {
  sources: { id: string; title: string; original: string | null }[];
  persons: { id: string; heading: string; variants: string[]; locators: Loc[] }[];
  glossary: { id: string; term: string; variants: string[]; locators: Loc[] }[];
  trials: { id: string; name: string; variants: string[]; defendants: string[]; locators: Loc[] }[];
}
export interface Loc {
  source: string;
  unit: string;
  anchor: string;
  form: string;
  page?: string;
  pdfPage?: number;
}

let apparatus: ApparatusJson | undefined;
export const apparatusJson = () => (apparatus ??= JSON.parse(readFileSync(outFile(`${SLUG}.apparatus.json`), 'utf8')) as ApparatusJson);

let pages: string[] | undefined;
export const pdfText = () => (pages ??= pdfPages(outFile(`${SLUG}.pdf`)));

/** Quotes and white space evened out, so that a name can be found on a page. */
export function flat(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');
}

/** Does the page's text hold the words, allowing for a line break (with or without its hyphen) inside them? */
export function pageHas(page: string, words: string): boolean {
  const w = flat(words);
  return [flat(page), flat(page.replace(/-\n\s*/g, '-')), flat(page.replace(/-\n\s*/g, ''))].some((p) => p.includes(w));
}

/** The manuscript's Markdown files. */
export function manuscriptFiles(): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
  return walk(book().manuscript);
}
