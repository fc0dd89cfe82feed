/**
 * The five texts as the manuscript holds them, against their originals: every word accounted
 * for, every note linked both ways, no page-break leftovers, no wiki tags, Rogovin's chapters
 * as his contents list gives them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paragraph, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { addedWords, coverage, manuscriptStream, words } from '../../build/ingest/coverage.js';

const MS = join(import.meta.dirname, '..', '..', 'manuscript');
const read = (rel: string) => readFileSync(join(MS, rel), 'utf8');
const chapters: string[] = YAML.parse(read('sources/rogovin/index.md').split('---\n')[1]!).chapters;

const TEXTS = [
  { slug: 'wikipedia', original: '000_0cac4423344c2256.txt', record: 'sources/wikipedia.ingest.yaml', files: ['sources/wikipedia.md'] },
  { slug: 'spartacus', original: '001_64e5ab476448668b.txt', record: 'sources/spartacus.ingest.yaml', files: ['sources/spartacus.md'] },
  { slug: 'smitha', original: '002_14421efcba939229.txt', record: 'sources/smitha.ingest.yaml', files: ['sources/smitha.md'] },
  { slug: 'furr', original: '003_66b28b56de5cbf07.txt', record: 'sources/furr.ingest.yaml', files: ['sources/furr.md'] },
  { slug: 'rogovin', original: '004_edfce4248c73e742.txt', record: 'sources/rogovin/ingest.yaml', files: chapters.map((c) => `sources/rogovin/${c}`) },
];

const parse = (text: string) => unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm).use(remarkDirective).parse(text) as Root;

describe('word coverage of each original', () => {
  const rows: string[] = [];
  for (const text of TEXTS) {
    it(`${text.slug}: every word of ${text.original} outside the recorded removals reaches the manuscript`, () => {
      const record = YAML.parse(read(text.record));
      // The manuscript names its original.
      expect(read(text.files[0]!)).toContain(`original: ${text.original}`);
      const c = coverage(read(`originals/${text.original}`), record.removals, manuscriptStream(text.files.map(read)));
      const inOrder = (100 * c.inOrder) / c.total;
      const present = (100 * (c.inOrder + c.moved)) / c.total;
      const removed = record.removals.reduce((n: number, r: { text: string }) => n + r.text.split(/\s+/).filter(Boolean).length, 0);
      rows.push(`${text.slug}: ${c.total} words after ${record.removals.length} recorded removals (${removed} words); ${inOrder.toFixed(2)} % in order, ${present.toFixed(2)} % present; ${c.missing.length} missing`);
      console.log(rows.at(-1));
      expect(present).toBeGreaterThanOrEqual(99.5);
      expect(inOrder).toBeGreaterThanOrEqual(99);
    });
  }
});

describe('no word added silently', () => {
  const reasons: { file: string; was: string; reads: string }[] = YAML.parse(read('emendations.yaml'));
  /** Words an emendation adds, as a bag: what its reading has that the passage had not. */
  const allowed = (files: string[]) => {
    const bag = new Map<string, number>();
    for (const r of reasons.filter((x) => files.includes(x.file))) {
      // A reason covers the change wherever its passage reads so (“warned us”, twice).
      const times = read(r.file).split(r.reads).length - 1;
      const was = words(r.was);
      for (const w of words(r.reads)) {
        const i = was.indexOf(w);
        if (i >= 0) was.splice(i, 1);
        else bag.set(w, (bag.get(w) ?? 0) + times);
      }
    }
    return bag;
  };
  for (const text of TEXTS) {
    it(`${text.slug}: every word the manuscript has beyond ${text.original} is an emendation or marked supplied`, () => {
      const record = YAML.parse(read(text.record));
      const added = addedWords(read(`originals/${text.original}`), record.removals, manuscriptStream(text.files.map(read)));
      // The words of a recorded emendation are the reason's; the rest must be none.
      const bag = allowed(text.files);
      const unaccounted: string[] = added.filter((w) => {
        const n = bag.get(w) ?? 0;
        if (n > 0) bag.set(w, n - 1);
        return n === 0;
      });
      console.log(`${text.slug}: ${added.length} words beyond the original, ${added.length - unaccounted.length} of them by recorded emendations`);
      expect(unaccounted).toEqual([]);
    });
  }
  it('the comparison sees a word added without a mark, and not one marked supplied', () => {
    const original = 'Stalin spoke at the plenum. Kamenev was silent.';
    expect(addedWords(original, [], '## The Plenum\n\nStalin spoke at the plenum. Kamenev was silent.')).toEqual(['the', 'plenum']);
    expect(addedWords(original, [], '## :supplied[The Plenum]\n\nStalin spoke at the plenum. :break Kamenev was silent.')).toEqual([]);
    expect(addedWords(original, [], 'Stalin spoke loudly at the plenum. Kamenev was silent.')).toEqual(['loudly']);
  });
});

describe('notes', () => {
  it('every reference has exactly one note and every note is referenced, file by file', () => {
    let refs = 0;
    for (const file of TEXTS.flatMap((t) => t.files)) {
      const tree = parse(read(file));
      const referenced = new Map<string, number>();
      const defined = new Map<string, number>();
      visit(tree, 'footnoteReference', (n) => void referenced.set(n.identifier, (referenced.get(n.identifier) ?? 0) + 1));
      visit(tree, 'footnoteDefinition', (n) => void defined.set(n.identifier, (defined.get(n.identifier) ?? 0) + 1));
      for (const [id, n] of defined) expect(n, `${file}: note ${id} defined ${n} times`).toBe(1);
      for (const id of referenced.keys()) expect(defined.has(id), `${file}: reference ${id} has no note`).toBe(true);
      for (const id of defined.keys()) expect(referenced.has(id), `${file}: note ${id} is not referenced`).toBe(true);
      // A bare superscript left in the text would be a note reference not linked.
      expect(read(file).match(/[\p{L}.,;:!?”’)][¹²³⁴⁵⁶⁷⁸⁹⁰]+/gu) ?? [], file).toEqual([]);
      refs += referenced.size;
    }
    console.log(`${refs} notes, each referenced and each reference linked`);
    expect(refs).toBeGreaterThan(1100);
  });
});

describe('page-break leftovers and wiki tags', () => {
  it('no paragraph without final punctuation is followed by one starting in lower case, outside verse', () => {
    const leftovers: string[] = [];
    for (const file of TEXTS.flatMap((t) => t.files)) {
      const tree = parse(read(file));
      visit(tree, (node) => {
        if (node.type === 'containerDirective') return 'skip';
        if (!('children' in node)) return undefined;
        const kids = node.children as Root['children'];
        kids.forEach((p, i) => {
          const next = kids[i + 1];
          if (p.type !== 'paragraph' || next?.type !== 'paragraph') return;
          const end = toString(p as Paragraph).trim();
          const start = toString(next as Paragraph).trim();
          if (/[\p{Ll}\-,]$/u.test(end) && /^\p{Ll}/u.test(start)) leftovers.push(`${file}:${p.position?.start.line}: …${end.slice(-30)} | ${start.slice(0, 30)}…`);
        });
        return undefined;
      });
    }
    expect(leftovers).toEqual([]);
  });

  it('no maintenance tag or section pointer of the wiki remains', () => {
    const wiki = read('sources/wikipedia.md');
    expect(wiki.match(/\[(citation needed|original research\??|permanent dead link|neutrality is disputed|better source needed|ISBN missing|according to whom\?|quantify|page needed|when\?|who\?|by whom\?)\]/g) ?? []).toEqual([]);
    expect(wiki).not.toMatch(/\(see §/);
  });
});

describe('Rogovin’s chapters', () => {
  it('have the numbers and titles of the book’s contents list', () => {
    const contents = [...read('originals/004_edfce4248c73e742.txt').matchAll(/^(\d+)\. (.+)\t\d+$/gm)].map((m) => `${m[1]}. ${m[2]}`);
    expect(contents).toHaveLength(55);
    const headings = chapters
      .filter((c) => /^ch\d+\.md$/.test(c))
      .map((c) => /^# (.+)$/m.exec(read(`sources/rogovin/${c}`))![1]!);
    const norm = (s: string) => s.replace(/[“”"]/g, '"').replace(/[‘’']/g, "'").replace(/[–—-]/g, '-');
    expect(headings.map(norm)).toEqual(contents.map(norm));
  });
});
