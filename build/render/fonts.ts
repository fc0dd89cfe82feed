/**
 * The book face, EB Garamond (SIL Open Font License), from its @fontsource package: its own
 * @font-face rules, narrowed to WOFF2 and to the scripts the book needs, with the files they
 * name. Both editions embed the same files; no system font is used.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const PACKAGE = dirname(require.resolve('@fontsource/eb-garamond/package.json'));
/** Regular, italic and semibold (headings); Latin, Cyrillic and Greek with their extensions. */
const STYLESHEETS = ['400.css', '400-italic.css', '600.css'];
const SCRIPTS = /eb-garamond-(latin|latin-ext|cyrillic|cyrillic-ext|greek|greek-ext)-\d+-(normal|italic)\.woff2$/;

export interface FontFile {
  name: string;
  path: string;
}

export interface BookFonts {
  /** @font-face rules whose URLs point at `<prefix><name>`. */
  css: (prefix: string) => string;
  files: FontFile[];
  licence: string;
}

export function bookFonts(): BookFonts {
  const rules: { file: string; rule: string }[] = [];
  for (const sheet of STYLESHEETS) {
    const css = readFileSync(join(PACKAGE, sheet), 'utf8');
    for (const rule of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
      const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(rule)?.[1];
      if (!file || !SCRIPTS.test(file)) continue;
      rules.push({ file, rule });
    }
  }
  return {
    css: (prefix) =>
      rules
        .map(({ file, rule }) => rule.replace(/src:[^;]*;/, `src: url(${prefix}${file}) format('woff2');`).replace(/\s*font-display:[^;]*;/, ''))
        .join('\n'),
    files: rules.map(({ file }) => ({ name: file, path: join(PACKAGE, 'files', file) })),
    licence: readFileSync(join(PACKAGE, 'LICENSE'), 'utf8'),
  };
}
