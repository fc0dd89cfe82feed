/**
 * The real book's EPUB: valid in EPUBCheck 5 and 4, accessible in DAISY Ace, every internal link
 * resolving, the navigation nested, a page-list entry for every printed page, the same bytes when
 * built again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../build/render/print/chromium.js';
import { buildInto } from '../helpers/build.js';
import { ace, idsOf, internalLinks, readEpub } from '../helpers/epub.js';
import { EPUBCHECK_4, epubcheck, hasEpubcheck4, pdfInfo } from '../helpers/tools.js';
import { book, outFile, SLUG } from './helpers.js';

describe('the ebook', async () => {
  const epub = outFile(`${SLUG}.epub`);
  const files = await readEpub(epub);

  it('passes EPUBCheck 5 with no errors and no warnings', () => {
    const r = epubcheck(epub);
    expect(r, r.output).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
  });

  it.runIf(hasEpubcheck4())('passes EPUBCheck 4 with no errors and no warnings', () => {
    const r = epubcheck(epub, EPUBCHECK_4);
    expect(r, r.output).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
  });

  it('has no violations in DAISY Ace', () => {
    const r = ace(epub, findChromium()!);
    expect(r.violations).toEqual([]);
  });

  it('resolves every internal link to an existing file and id', () => {
    const links = internalLinks(files);
    const ids = new Map([...files].map(([name, text]) => [name, idsOf(text)]));
    const broken = links.filter((l) => !files.has(l.file) || (l.id && !ids.get(l.file)!.has(l.id)));
    console.log(`${links.length} internal links, ${broken.length} broken`);
    expect(broken.slice(0, 10)).toEqual([]);
  });

  it('nests its navigation: parts, texts, chapters', () => {
    const nav = files.get('OEBPS/toc.xhtml')!;
    expect(nav).toMatch(/<li><a href="part-a-history-of-1937\.xhtml">Part Three: A History of 1937<\/a><ol><li><a href="rogovin\.xhtml">1937: Stalin’s Year of Terror<\/a><ol><li><a href="rogovin-foreword\.xhtml">/);
    for (const type of ['toc', 'bodymatter', 'glossary', 'index']) expect(nav).toContain(`epub:type="${type}"`);
  });

  it('lists every printed page in its page-list, with the source of the pagination', () => {
    const nav = files.get('OEBPS/toc.xhtml')!;
    const list = nav.slice(nav.indexOf('epub:type="page-list"'));
    const entries = [...list.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a><\/li>/g)];
    expect(entries).toHaveLength(Number(pdfInfo(outFile(`${SLUG}.pdf`)).Pages));
    expect(entries.map((e) => e[2])).toContain('1');
    const opf = files.get('OEBPS/content.opf')!;
    expect(opf).toMatch(/<meta refines="#print-source" property="source-of">pagination<\/meta>/);
  });

  it('is the same, byte for byte, when built again (from the page map the print build saved)', async () => {
    const before = readFileSync(epub);
    const again = await buildInto(book().manuscript, ['epub'], { out: book().out });
    expect(again.ok).toBe(true);
    expect(readFileSync(epub).equals(before)).toBe(true);
  });
});
