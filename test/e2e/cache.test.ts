/**
 * The print cache: after a change to one text, only the segments whose HTML changed are laid
 * out again; the unchanged ones come from the cache; and the PDF is the one a build without a
 * cache makes.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildInto, fixture } from '../helpers/build.js';
import { pdfPages } from '../helpers/tools.js';

it('lays out again only what changed, and gives the same PDF as a build without it', async () => {
  const manuscript = mkdtempSync(join(tmpdir(), 'cached-'));
  cpSync(fixture('small'), manuscript, { recursive: true });
  const cacheDir = mkdtempSync(join(tmpdir(), 'cache-'));
  // One segment per unit, so that the chapters are apart.
  const print = { segmentChars: 1 };
  const logs: string[] = [];
  const first = await buildInto(manuscript, ['pdf'], { cacheDir, print, log: (l) => logs.push(l) });
  expect(first.ok).toBe(true);
  expect(logs.filter((l) => l.includes('from the cache'))).toEqual([]);

  const chapter = join(manuscript, 'sources', 'book', 'ch02.md');
  writeFileSync(chapter, readFileSync(chapter, 'utf8').replace('quotes a source', 'quotes one source'));
  logs.length = 0;
  const second = await buildInto(manuscript, ['pdf'], { out: first.out, cacheDir, print, log: (l) => logs.push(l) });
  expect(second.ok).toBe(true);
  const laidOut = logs.filter((l) => l.startsWith('laid out')).map((l) => l.split(':')[0]);
  const cached = logs.filter((l) => l.includes('from the cache')).map((l) => l.split(':')[0]);
  // Only the chapter's segment changed: the contents (same titles, same folios) did not.
  expect(laidOut).toEqual(['laid out body-3']);
  expect(cached).toEqual(expect.arrayContaining(['front', 'body-1', 'body-2']));

  const uncached = await buildInto(manuscript, ['pdf']);
  expect(pdfPages(join(first.out, 'small-reader.pdf'))).toEqual(pdfPages(join(uncached.out, 'small-reader.pdf')));
  expect(pdfPages(join(first.out, 'small-reader.pdf')).join('\n')).toContain('quotes one source');
});
