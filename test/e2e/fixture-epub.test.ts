/** The fixture's EPUB: accessible (DAISY Ace), every link resolving, nested navigation, reproducible. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../build/render/print/chromium.js';
import { ace, idsOf, internalLinks, readEpub } from '../helpers/epub.js';
import { buildInto, fixture } from '../helpers/build.js';

let epub: string;
let files: Map<string, string>;

beforeAll(async () => {
  const result = await buildInto(fixture('small'), ['epub']);
  expect(result.ok).toBe(true);
  epub = join(result.out, 'small-reader.epub');
  files = await readEpub(epub);
});

describe('the fixture’s EPUB', () => {
  it('has no accessibility violations in DAISY Ace', () => {
    const chromium = findChromium();
    expect(chromium, 'Ace needs a Chromium').toBeDefined();
    const result = ace(epub, chromium!);
    expect(result.violations).toEqual([]);
    expect(result.outcome).toBe('pass');
  });

  it('resolves every internal link to an existing file and id', () => {
    const links = internalLinks(files);
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) {
      const target = files.get(link.file);
      expect(target, `${link.from} → ${link.href}`).toBeDefined();
      if (link.id) expect(idsOf(target!).has(link.id), `${link.from} → ${link.href}`).toBe(true);
    }
  });

  it('links notes both ways and cross-references by the target’s title', () => {
    const essay = files.get('OEBPS/essay.xhtml')!;
    expect(essay).toContain('<a href="#essay-n1" id="essay-r1" role="doc-noteref" epub:type="noteref" class="noteref">1</a>');
    expect(essay).toMatch(/<li id="essay-n1" epub:type="endnote" class="note"><p><a href="#essay-r1" role="doc-backlink"/);
    expect(essay).toContain('<span lang="ru">Большой террор</span>');
    expect(files.get('OEBPS/introduction.xhtml')).toContain('<a class="xref" id="introduction-x2" href="book-2.xhtml#book-2">see 2. The Second Chapter</a>');
  });

  it('nests its table of contents: parts, texts, chapters', () => {
    const nav = files.get('OEBPS/toc.xhtml')!;
    expect(nav).toMatch(/<li><a href="part-a-book.xhtml">Part Two: A Book<\/a><ol><li><a href="book.xhtml">A Book in Two Chapters<\/a><ol><li><a href="book-1.xhtml">1. The First Chapter<\/a>/);
    expect(nav).toMatch(/epub:type="landmarks"/);
    expect(nav).toMatch(/epub:type="bodymatter" href="part-essays.xhtml"/);
  });

  it('carries the book’s metadata and a stable identifier', () => {
    const opf = files.get('OEBPS/content.opf')!;
    expect(opf).toContain('<dc:identifier id="book-id">urn:uuid:e3f16ea7-f351-58ab-8eec-8dc7100fbf94</dc:identifier>');
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toContain('<meta property="schema:accessibilityHazard">none</meta>');
    expect(opf).not.toContain('All rights reserved</meta>');
  });

  it('is byte-identical when built twice', async () => {
    const again = await buildInto(fixture('small'), ['epub']);
    expect(readFileSync(join(again.out, 'small-reader.epub')).equals(readFileSync(epub))).toBe(true);
  });
});
