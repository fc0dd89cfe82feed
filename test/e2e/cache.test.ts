/**
 * The build cache: after a change to one text, only what depends on it is made again (its tree,
 * its EPUB document, its print segment); everything else comes from the cache; and the outputs
 * are the ones a build without a cache makes. Two builds writing the same cache at once leave it
 * whole.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInto, fixture, messages, TOOL_ROOT } from '../helpers/build.js';
import { pdfPages } from '../helpers/tools.js';

const SLUG = 'small-reader';

function copyOfFixture() {
  const manuscript = mkdtempSync(join(tmpdir(), 'cached-'));
  cpSync(fixture('small'), manuscript, { recursive: true });
  return manuscript;
}

/** The fixture with back matter that prints folios of the body: the note on the texts and the index. */
function copyWithBackMatter() {
  const manuscript = copyOfFixture();
  const config = join(manuscript, 'book.yaml');
  const yaml = readFileSync(config, 'utf8');
  if (!yaml.includes('      texts: [sources/book]\n')) throw new Error('book.yaml of the fixture has changed: add its back matter another way');
  writeFileSync(config, yaml.replace('      texts: [sources/book]\n', '      texts: [sources/book]\n  back: [note-on-the-texts, index]\n'));
  return manuscript;
}

function edit(manuscript: string, from: string, to: string) {
  const chapter = join(manuscript, 'sources', 'book', 'ch02.md');
  const text = readFileSync(chapter, 'utf8');
  if (!text.includes(from)) throw new Error(`ch02.md has no “${from}”`);
  writeFileSync(chapter, text.replace(from, to));
}

describe('a rebuild after a one-word change', () => {
  it('lays out again only the changed segment, and gives the same PDF as a build without the cache', async () => {
    const manuscript = copyOfFixture();
    const cacheDir = mkdtempSync(join(tmpdir(), 'cache-'));
    // One segment per unit, so that the chapters are apart.
    const print = { segmentChars: 1 };
    const logs: string[] = [];
    const first = await buildInto(manuscript, ['pdf'], { cacheDir, print, log: (l) => logs.push(l) });
    expect(first.ok).toBe(true);
    expect(logs.filter((l) => l.endsWith('unchanged, from the cache'))).toEqual([]);

    edit(manuscript, 'quotes a source', 'quotes one source');
    logs.length = 0;
    const second = await buildInto(manuscript, ['pdf'], { out: first.out, cacheDir, print, log: (l) => logs.push(l) });
    expect(second.ok).toBe(true);
    const laidOut = logs.filter((l) => l.startsWith('laid out')).map((l) => l.split(':')[0]);
    const cached = logs.filter((l) => l.endsWith('unchanged, from the cache')).map((l) => l.split(':')[0]);
    // Only the chapter's segment changed: the contents (same titles, same folios) did not.
    expect(laidOut).toEqual(['laid out body-3']);
    expect(cached).toEqual(expect.arrayContaining(['front', 'body-1', 'body-2']));

    const uncached = await buildInto(manuscript, ['pdf'], { print });
    // Byte for byte: the cache changes what is done, never what comes out.
    expect(Buffer.compare(readFileSync(join(first.out, `${SLUG}.pdf`)), readFileSync(join(uncached.out, `${SLUG}.pdf`)))).toBe(0);
    expect(pdfPages(join(first.out, `${SLUG}.pdf`)).join('\n')).toContain('quotes one source');
  });

  it('makes the back matter on the last build’s folios while the body is laid out, and again when they moved, in both editions', async () => {
    const manuscript = copyWithBackMatter();
    const cacheDir = mkdtempSync(join(tmpdir(), 'cache-'));
    const logs: string[] = [];
    const log = (l: string) => logs.push(l);
    const first = await buildInto(manuscript, ['epub', 'pdf'], { cacheDir });
    expect(first.ok).toBe(true);
    // The EPUB's index and note on the texts print the same folios, from the same kind of entry.
    const sameAsUncached = async () => {
      const uncached = await buildInto(manuscript, ['epub', 'pdf']);
      return ['pdf', 'epub'].filter((ext) => !readFileSync(join(first.out, `${SLUG}.${ext}`)).equals(readFileSync(join(uncached.out, `${SLUG}.${ext}`))));
    };

    // A word: no folio the index or the note on the texts shows moves.
    edit(manuscript, 'quotes a source', 'quotes one source');
    expect((await buildInto(manuscript, ['epub', 'pdf'], { out: first.out, cacheDir, log })).ok).toBe(true);
    expect(logs).toContain('back matter: made while the body was laid out (on the last build’s folios, which held)');
    expect(await sameAsUncached()).toEqual([]);

    // Pages' worth of text in the essay: the book's folios after it move, and the back matter is
    // made on the new ones.
    logs.length = 0;
    const essay = join(manuscript, 'sources', 'essay.md');
    writeFileSync(essay, `${readFileSync(essay, 'utf8')}\n${'A sentence the editors added to move the pages after it. '.repeat(120)}\n`);
    expect((await buildInto(manuscript, ['epub', 'pdf'], { out: first.out, cacheDir, log })).ok).toBe(true);
    expect(logs.find((l) => l.startsWith('back matter:'))).toMatch(/^back matter: made again \(\d+ of the folios it shows moved since the last build\)$/);
    expect(await sameAsUncached()).toEqual([]);
  });

  it('makes again only the changed unit and its EPUB document, and gives the same EPUB as a build without the cache', async () => {
    const manuscript = copyOfFixture();
    const cacheDir = mkdtempSync(join(tmpdir(), 'cache-'));
    const logs: string[] = [];
    const log = (l: string) => logs.push(l);
    const first = await buildInto(manuscript, ['epub', 'pdf'], { cacheDir, log });
    expect(first.ok).toBe(true);
    expect(logs.find((l) => l.startsWith('units:'))).toMatch(/^units: 4 made .*, 0 from the cache$/);

    edit(manuscript, 'quotes a source', 'quotes one source');
    logs.length = 0;
    const second = await buildInto(manuscript, ['epub', 'pdf'], { out: first.out, cacheDir, log });
    expect(second.ok).toBe(true);
    expect(logs.find((l) => l.startsWith('units:'))).toBe('units: 1 made (book-2), 3 from the cache');
    const epubLine = logs.find((l) => l.startsWith('EPUB: documents made'))!;
    // The chapter itself; and the contents-like units whose text does not change are reused.
    expect(epubLine).toMatch(/^EPUB: documents made book-2; (\d+) of (\d+) from the cache; (\d+) of (\d+) entries copied/);
    const [, fromCache, documents, copied, entries] = /(\d+) of (\d+) from the cache; (\d+) of (\d+) entries/.exec(epubLine)!.map(Number);
    expect(fromCache).toBe(documents! - 1);
    // Every entry but the chapter's document and the mimetype (stored, never copied) is copied
    // compressed from the last EPUB.
    expect(copied).toBe(entries! - 2);

    // Made while Chromium laid the chapter out, on the last page map, which the word did not move.
    expect(logs).toContain('EPUB: made while the PDF was laid out (the page map it shows was as foreseen)');

    const uncached = await buildInto(manuscript, ['epub', 'pdf']);
    expect(readFileSync(join(first.out, `${SLUG}.epub`)).equals(readFileSync(join(uncached.out, `${SLUG}.epub`)))).toBe(true);
  });

  it('makes the EPUB ahead on the body’s new pages when a correction moves them, as a build without the cache makes it', async () => {
    const manuscript = copyOfFixture();
    const cacheDir = mkdtempSync(join(tmpdir(), 'cache-'));
    const logs: string[] = [];
    const first = await buildInto(manuscript, ['epub', 'pdf'], { cacheDir });
    expect(first.ok).toBe(true);
    const pagesBefore = JSON.parse(readFileSync(join(first.out, `${SLUG}.pagemap.json`), 'utf8')).pages.length;
    // Pages' worth of text more in the second chapter: every page after it moves.
    edit(manuscript, 'quotes a source.', `quotes a source.\n\n${'A sentence the editors added to move the pages after it. '.repeat(120)}`);
    const second = await buildInto(manuscript, ['epub', 'pdf'], { out: first.out, cacheDir, log: (l) => logs.push(l) });
    expect(second.ok).toBe(true);
    expect(JSON.parse(readFileSync(join(first.out, `${SLUG}.pagemap.json`), 'utf8')).pages.length).toBeGreaterThan(pagesBefore);
    expect(logs.some((l) => l.startsWith('EPUB: made while the PDF was laid out'))).toBe(true);
    const uncached = await buildInto(manuscript, ['epub', 'pdf']);
    expect(readFileSync(join(first.out, `${SLUG}.epub`)).equals(readFileSync(join(uncached.out, `${SLUG}.epub`)))).toBe(true);
  });

  it('makes the EPUB again when the back matter’s pages are not what the last build had', async () => {
    const manuscript = copyWithBackMatter();
    const cacheDir = mkdtempSync(join(tmpdir(), 'cache-'));
    const logs: string[] = [];
    const first = await buildInto(manuscript, ['epub', 'pdf'], { cacheDir });
    expect(first.ok).toBe(true);
    // The last build's page map, wrong about the back matter's pages (their first blocks): both
    // EPUBs made ahead, on it and on the body's new pages with its back matter, show other page
    // breaks than the book has, and must not be kept.
    const mapFile = join(first.out, `${SLUG}.pagemap.json`);
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    expect(map.bodyPages).toBeGreaterThan(0);
    expect(map.pages.length).toBeGreaterThan(map.bodyPages);
    const pages = map.pages.map((p: { folio: string; block?: string }, i: number) => (i < map.bodyPages ? p : { folio: p.folio, block: map.pages[map.bodyPages].block }));
    expect(JSON.stringify(pages)).not.toBe(JSON.stringify(map.pages));
    writeFileSync(mapFile, JSON.stringify({ ...map, pages }));
    edit(manuscript, 'quotes a source', 'quotes one source');
    const second = await buildInto(manuscript, ['epub', 'pdf'], { out: first.out, cacheDir, log: (l) => logs.push(l) });
    expect(second.ok).toBe(true);
    expect(logs.some((l) => l.startsWith('EPUB: made while'))).toBe(false);
    const uncached = await buildInto(manuscript, ['epub', 'pdf']);
    expect(readFileSync(join(first.out, `${SLUG}.epub`)).equals(readFileSync(join(uncached.out, `${SLUG}.epub`)))).toBe(true);
  });

  it('gives a reused unit’s warnings again, and makes every unit again when the name authority changes', async () => {
    const manuscript = copyOfFixture();
    const cacheDir = mkdtempSync(join(tmpdir(), 'cache-'));
    const smirnovs = (more = '') =>
      writeFileSync(
        join(manuscript, 'apparatus', 'persons.yaml'),
        `- id: smirnov-i-n\n  heading: "Smirnov, Ivan Nikitich"\n  forms: ["Smirnov"]\n- id: smirnov-a-p\n  heading: "Smirnov, Aleksandr Petrovich"\n  forms: ["Smirnov"]\n${more}`,
      );
    mkdirSync(join(manuscript, 'apparatus'));
    smirnovs();
    edit(manuscript, 'The second chapter quotes a source.', 'Smirnov spoke.');
    const ambiguous = (result: Awaited<ReturnType<typeof buildInto>>) =>
      messages(result).filter((m) => m.includes('Ambiguous mention `Smirnov`'));
    const logs: string[] = [];
    const log = (l: string) => logs.push(l);
    const first = await buildInto(manuscript, ['epub'], { cacheDir, log });
    expect(ambiguous(first)).toEqual([expect.stringMatching(/ch02\.md:8:1: warning Ambiguous mention `Smirnov`/)]);

    logs.length = 0;
    const second = await buildInto(manuscript, ['epub'], { out: first.out, cacheDir, log });
    expect(logs.find((l) => l.startsWith('units:'))).toBe('units: 0 made (none), 4 from the cache');
    expect(ambiguous(second)).toEqual(ambiguous(first));

    smirnovs('- id: kirov-s-m\n  heading: "Kirov, Sergei Mironovich"\n  forms: ["Kirov"]\n');
    logs.length = 0;
    const third = await buildInto(manuscript, ['epub'], { out: first.out, cacheDir, log });
    expect(third.ok).toBe(true);
    expect(logs.find((l) => l.startsWith('units:'))).toMatch(/^units: 4 made/);
  });
});

/** `npm run build` in a child process, so that two run really at once. */
function cliBuild(manuscript: string, out: string) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(TOOL_ROOT, 'build', 'cli.ts'), 'build', '--manuscript', manuscript, '--out', out, '--quiet'], {
      cwd: TOOL_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('two builds at once', () => {
  it('write the same cache without corrupting it', async () => {
    const manuscript = copyOfFixture();
    // Both output folders share a parent, and so the cache beside them (.cache/).
    const parent = mkdtempSync(join(tmpdir(), 'two-builds-'));
    const [a, b] = await Promise.all([cliBuild(manuscript, join(parent, 'a')), cliBuild(manuscript, join(parent, 'b'))]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);

    const cacheDir = join(parent, '.cache');
    const entries = readdirSync(cacheDir, { recursive: true, encoding: 'utf8' });
    expect(entries.filter((e) => e.endsWith('.tmp'))).toEqual([]);
    for (const e of entries.filter((e) => e.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(cacheDir, e), 'utf8')), e).not.toThrow();

    // A third build takes everything from that cache, and makes what the two made.
    const logs: string[] = [];
    mkdirSync(join(parent, 'c'));
    const c = await buildInto(manuscript, ['epub', 'pdf'], { out: join(parent, 'c'), cacheDir, log: (l) => logs.push(l) });
    expect(c.ok).toBe(true);
    expect(logs.find((l) => l.startsWith('units:'))).toBe('units: 0 made (none), 4 from the cache');
    expect(logs.filter((l) => l.startsWith('laid out'))).toEqual([]);
    const epub = (dir: string) => readFileSync(join(parent, dir, `${SLUG}.epub`));
    expect(epub('a').equals(epub('b'))).toBe(true);
    expect(epub('c').equals(epub('a'))).toBe(true);
    expect(pdfPages(join(parent, 'c', `${SLUG}.pdf`))).toEqual(pdfPages(join(parent, 'a', `${SLUG}.pdf`)));
  });
});
