/**
 * A broken manuscript stops the build with a message naming file, line and column, and leaves
 * what the output folder held before untouched.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInto, fixture, messages } from '../helpers/build.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the small fixture with one file replaced or removed. */
function brokenCopy(edit: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'broken-ms-'));
  scratch.push(dir);
  cpSync(fixture('small'), dir, { recursive: true });
  edit(dir);
  return dir;
}

const bookYaml = () => readFileSync(join(fixture('small'), 'book.yaml'), 'utf8');

describe('a broken manuscript', () => {
  it('without book.yaml names the file and says what to do', async () => {
    const dir = brokenCopy((d) => rmSync(join(d, 'book.yaml')));
    const result = await buildInto(dir, ['epub']);
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual([expect.stringMatching(/book\.yaml:1:1: error No book\.yaml in /)]);
    expect(result.files[0]!.messages[0]!.note).toMatch(/--manuscript/);
  });

  it('with a file in the reading order that does not exist points at its line and column', async () => {
    const dir = brokenCopy((d) => writeFileSync(join(d, 'book.yaml'), bookYaml().replace('sources/essay.md', 'sources/missing.md')));
    const result = await buildInto(dir, ['epub']);
    expect(result.ok).toBe(false);
    const line = bookYaml().split('\n').findIndex((l) => l.includes('sources/essay.md')) + 1;
    expect(messages(result)).toEqual([expect.stringMatching(new RegExp(`book\\.yaml:${line}:\\d+: error \`sources/missing\\.md\` is in the reading order`))]);
  });

  it('with malformed YAML points at the line', async () => {
    const dir = brokenCopy((d) => writeFileSync(join(d, 'book.yaml'), bookYaml().replace('language: en', 'language: [en')));
    const result = await buildInto(dir, ['epub']);
    expect(result.ok).toBe(false);
    expect(messages(result)[0]).toMatch(/book\.yaml:\d+:\d+: error /);
  });

  it('with a value of the wrong form points at the value', async () => {
    const dir = brokenCopy((d) => writeFileSync(join(d, 'book.yaml'), bookYaml().replace('language: en', 'language: English')));
    const result = await buildInto(dir, ['epub']);
    const line = bookYaml().split('\n').findIndex((l) => l.startsWith('language:')) + 1;
    expect(messages(result)).toEqual([expect.stringMatching(new RegExp(`book\\.yaml:${line}:11: error .*BCP 47.*\`language\``))]);
  });

  it('with a dangling cross-reference points at it in the Markdown', async () => {
    const dir = brokenCopy((d) => {
      const p = join(d, 'front', 'introduction.md');
      writeFileSync(p, readFileSync(p, 'utf8').replace('chapter:book-2', 'chapter:book-7'));
    });
    const result = await buildInto(dir, ['epub']);
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual([expect.stringMatching(/front\/introduction\.md:8:\d+: error Cross-reference to `chapter:book-7`/)]);
  });

  it('with a note reference that has no note points at the reference', async () => {
    const dir = brokenCopy((d) => {
      const p = join(d, 'sources', 'essay.md');
      writeFileSync(p, readFileSync(p, 'utf8').replace('[^2]: The second note.\n', ''));
    });
    const result = await buildInto(dir, ['epub']);
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual([expect.stringMatching(/sources\/essay\.md:18:\d+: error Note reference `\[\^2\]` has no note/)]);
  });

  it('leaves the earlier outputs untouched', async () => {
    const good = await buildInto(fixture('small'), ['epub']);
    expect(good.ok).toBe(true);
    const before = readFileSync(join(good.out, 'small-reader.epub'));
    const dir = brokenCopy((d) => writeFileSync(join(d, 'book.yaml'), bookYaml().replace('language: en', 'language: [en')));
    const bad = await buildInto(dir, ['epub'], { out: good.out });
    expect(bad.ok).toBe(false);
    expect(readFileSync(join(good.out, 'small-reader.epub')).equals(before)).toBe(true);
    expect(readdirSync(good.out).sort()).toEqual(['small-reader.apparatus.json', 'small-reader.epub', 'small-reader.report.html', 'small-reader.report.json']);
  });
});
