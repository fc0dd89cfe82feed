/**
 * A correction in one chapter of the real book changes the print HTML of that chapter's segment
 * and of the note on the texts (which lists the correction), and of no other: nothing numbered
 * across the book (emendation marks, mentions, notes) moves in the chapters after it, so a
 * rebuild lays out one chapter, not the rest of the book.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApparatus } from '../../build/apparatus/load.js';
import { assemble } from '../../build/book/assemble.js';
import { loadManuscript } from '../../build/manuscript/load.js';
import { segmentDocument, segments } from '../../build/render/print/document.js';
import { TOOL_ROOT } from '../helpers/build.js';

const copy = mkdtempSync(join(tmpdir(), 'one-chapter-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** Each segment's print HTML, the back matter's made with no folios (they are not what changes here). */
async function segmentHtml(dir: string): Promise<Map<string, string>> {
  const loaded = loadManuscript(dir);
  if (!loaded.ok) throw new Error(`the manuscript in ${dir} does not load`);
  const book = await assemble(loaded.manuscript, loadApparatus(dir, undefined, loaded.manuscript.units));
  const generated = new Map(book.manuscript.units.filter((u) => u.kind === 'generated').map((u) => [u.id, book.generate(u.id, 'print', () => undefined)!]));
  return new Map(segments(book).map((s) => [s.name, segmentDocument(book, s, { stylesheet: 'print.css', trees: s.kind === 'back' ? generated : undefined })]));
}

describe('a correction in one chapter', () => {
  it('changes the print HTML of that chapter and of the note on the texts only', async () => {
    cpSync(join(TOOL_ROOT, 'manuscript'), copy, { recursive: true });
    const before = await segmentHtml(copy);
    const chapter = join(copy, 'sources', 'rogovin', 'ch20.md');
    const text = readFileSync(chapter, 'utf8');
    expect(text).toContain('were so unbelievable');
    writeFileSync(chapter, text.replace('were so unbelievable', 'were so incredible'));
    const after = await segmentHtml(copy);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const changed = [...after].filter(([name, html]) => before.get(name) !== html).map(([name]) => name);
    const holding = [...after].filter(([, html]) => html.includes('data-unit="rogovin-20"')).map(([name]) => name);
    expect(holding).toHaveLength(1);
    expect(changed).toEqual([holding[0], 'back-note-on-the-texts']);
  });
});
