/**
 * The ingesters of the four short texts (Wikipedia, Spartacus, Smitha, Furr): one small inline
 * fixture per rule, then each real original once (structure and word coverage).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffArrays } from 'diff';
import type { Root, RootContent } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { type Counts, removeSpans } from '../../build/ingest/common.js';
import { LINE_BREAK_HYPHENS, dropLineBreakHyphens, furr, renderParagraphs } from '../../build/ingest/furr.js';
import type { Ingester, Removal } from '../../build/ingest/record.js';
import { smitha } from '../../build/ingest/smitha.js';
import { spartacus } from '../../build/ingest/spartacus.js';
import {
  type Anchor,
  cutAtAnchors,
  maintenanceTagSpans,
  pageLocatorSpans,
  renderUnits,
  seePointerSpans,
  splitCitations,
  wikipedia,
} from '../../build/ingest/wikipedia.js';

const ORIGINALS = join(import.meta.dirname, '..', '..', 'manuscript', 'originals');

const parse = (md: string): Root =>
  unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).parse(md);

/** Node types of the parsed Markdown, with headings as `h2` etc. */
function types(md: string): string[] {
  const out: string[] = [];
  visit(parse(md), (n) => {
    out.push(n.type === 'heading' ? `h${(n as { depth: number }).depth}` : n.type);
  });
  return out;
}

/** The Markdown body of an ingested file (without front matter). */
const body = (content: string) => content.replace(/^---\n[\s\S]*?\n---\n\n/, '');

const ingestOne = (ingester: Ingester, raw: string) => {
  const r = ingester.ingest(raw);
  return { md: r.files[0]!.content, record: r.record };
};

describe('wikipedia', () => {
  it('removes maintenance tags and records each with its text', () => {
    const raw =
      'Poles.[citation needed] According to[original research?] Snyder, feigned[according to whom?] grief. ' +
      'Shot.[better\u00a0source\u00a0needed] He added [and] that [T]he end.';
    const removals: Removal[] = [];
    const counts: Counts = {};
    const text = removeSpans(raw, maintenanceTagSpans(raw), removals, counts);
    expect(text).toBe('Poles. According to Snyder, feigned grief. Shot. He added [and] that [T]he end.');
    expect(removals.map((r) => r.text)).toEqual([
      '[citation needed]',
      '[original research?]',
      '[according to whom?]',
      '[better\u00a0source\u00a0needed]',
    ]);
    expect(removals.every((r) => r.class === 'wiki-tag' && r.line === 1)).toBe(true);
    expect(counts['wiki-tag-removed']).toBe(4);
  });

  it('removes a "(see § …)" pointer and a stray page locator', () => {
    const raw = 'perished (see §\u00a0Number of people executed). Ukraine.:\u200a418\u200a There';
    const removals: Removal[] = [];
    const text = removeSpans(raw, [...seePointerSpans(raw), ...pageLocatorSpans(raw)], removals, {});
    expect(text).toBe('perished. Ukraine. There');
    expect(removals.map((r) => [r.class, r.text])).toEqual([
      ['see-pointer', '(see §\u00a0Number of people executed)'],
      ['extraction-debris', ':\u200a418'],
    ]);
  });

  it('restores headings, paragraphs, lists and quotations at the outline anchors, the headings and breaks marked as the editors’', () => {
    const text =
      'Lead sentence. Second lead. Another paragraph. The trials began in 1936. He said: I am guilty. I confess. ' +
      'The third trial followed. Events: 1936, the first trial. 1937, the second trial.';
    const outline: Anchor[] = [
      { at: 'Lead sentence.', kind: 'p' },
      { at: 'Another paragraph.', kind: 'p' },
      { at: 'The trials began', kind: 'p', heading: [2, 'Moscow trials'] },
      { at: 'I am guilty.', kind: 'quote' },
      { at: 'The third trial', kind: 'p', heading: [3, 'Third Moscow trial'] },
      { at: '1936, the first', kind: 'li' },
      { at: '1937, the second', kind: 'li' },
    ];
    const counts: Counts = {};
    const md = renderUnits(cutAtAnchors(text, outline), counts).join('\n\n');
    expect(md).toBe(
      [
        'Lead sentence. Second lead.',
        ':break Another paragraph.',
        '## :supplied[Moscow trials]',
        'The trials began in 1936. He said:',
        '> I am guilty. I confess.',
        '### :supplied[Third Moscow trial]',
        'The third trial followed. Events:',
        '- 1936, the first trial.\n- 1937, the second trial.',
      ].join('\n\n'),
    );
    expect(counts['heading-restored']).toBe(2);
    expect(types(md)).toEqual(expect.arrayContaining(['h2', 'h3', 'blockquote', 'list']));
  });

  it('refuses an outline that no longer fits the text', () => {
    expect(() => cutAtAnchors('Some text.', [{ at: 'Other', kind: 'p' }])).toThrow(/anchor not found/);
  });

  it('splits a run of citations into items', () => {
    const run =
      'Conquest 2008, p. 53. Brett Homkes (2004). "Certainty". McNair Scholars Journal. ' +
      'Broué, Pierre. "The Bloc". www.marxists.org. Retrieved 19 December 2020. ' +
      "Thurston, Robert (1998) [1996]. Life and Terror in Stalin's Russia, 1934–1941. New Haven, CT: Yale University Press. " +
      '—— (2000). "The Scale". Europe-Asia Studies.';
    expect(splitCitations(run)).toEqual([
      'Conquest 2008, p. 53.',
      'Brett Homkes (2004). "Certainty". McNair Scholars Journal.',
      'Broué, Pierre. "The Bloc". www.marxists.org. Retrieved 19 December 2020.',
      "Thurston, Robert (1998) [1996]. Life and Terror in Stalin's Russia, 1934–1941. New Haven, CT: Yale University Press.",
      '—— (2000). "The Scale". Europe-Asia Studies.',
    ]);
  });
});

describe('spartacus', () => {
  const raw = [
    'The Great Purge',
    '',
    'The first ever show show trial took place.',
    '',
    'Lev Kamenev',
    'The last known photograph of Lev Kamenev (1936)',
    '',
    'Nickolai Bukharin was tried.',
    '',
    'Primary Sources',
    '',
    '(1) J. T. Murphy, The Errors of Trotskyism (1925)',
    '',
    'It is said Comrade Trotsky wanted democracy.',
    '',
    'A second paragraph.',
    '',
    '(2) In November, 1933, Osip Mandelstam wrote a poem. Ossette was a reference.',
    '',
    'We live, deaf to the land beneath us,',
    '',
    'Ten steps away no one hears our speeches,',
    '',
    'All we hear is the Kremlin mountaineer,',
    '',
    'The murderer and peasant-slayer.',
    '',
  ].join('\n');
  const { md, record } = ingestOne(spartacus, raw);

  it('removes the caption of a missing photograph and keeps the typos', () => {
    expect(record.removals).toEqual([
      { class: 'caption', text: 'Lev Kamenev\nThe last known photograph of Lev Kamenev (1936)', line: 5 },
    ]);
    expect(md).not.toContain('Lev Kamenev');
    expect(md).toContain('show show trial');
    expect(md).toContain('Nickolai');
  });

  it('turns a numbered source into a heading and its extract into a quotation', () => {
    expect(body(md)).toContain(
      '## Primary Sources\n\n### (1) J. T. Murphy, The Errors of Trotskyism (1925)\n\n' +
        '> It is said Comrade Trotsky wanted democracy.\n>\n> A second paragraph.',
    );
  });

  it('sets the poem as verse inside the quotation, after the source heading and note', () => {
    expect(body(md)).toContain('### (2) In November, 1933, Osip Mandelstam wrote a poem.\n\nOssette was a reference.\n\n> :::verse\n');
    let verse: string[] | undefined;
    visit(parse(md), 'containerDirective', (node, _i, parent) => {
      const d = node as unknown as { name: string; children: RootContent[] };
      if (d.name === 'verse' && parent?.type === 'blockquote') {
        const stanza = d.children[0] as { children: Array<{ value?: string }> };
        verse = stanza.children.map((c) => c.value ?? '').join('').split('\n');
      }
    });
    expect(verse).toEqual([
      'We live, deaf to the land beneath us,',
      'Ten steps away no one hears our speeches,',
      'All we hear is the Kremlin mountaineer,',
      'The murderer and peasant-slayer.',
    ]);
  });
});

describe('smitha', () => {
  const raw = [
    'Purges and Hysteria in the Soviet Union',
    'Collectivization of Agriculture, and Upheaval',
    '',
    'Engineers came to help build socialism.',
    ' Nikolai Bukharin, a Bolshevik gradualist and ally of Stalin, executed during the purges of 1938. A party crushed those who did not fall in line.',
    '',
    'He said it would not stop the movement. note78',
    '',
    'Slander against the great lea Show Trials and Purges, 1936-38',
    'In the place of questions there were pronouncements.',
  ].join('\n');
  const { md, record } = ingestOne(smitha, raw);

  it('marks the title and the section headings, including one run into a paragraph', () => {
    expect(body(md)).toMatch(/^# Purges and Hysteria in the Soviet Union\n\n## Collectivization of Agriculture, and Upheaval\n/);
    expect(body(md)).toContain('Slander against the great lea\n\n## Show Trials and Purges, 1936–38\n\nIn the place');
  });

  it('removes the stray photo caption (line starting with a space) and the note marker', () => {
    expect(record.removals).toEqual([
      {
        class: 'caption',
        text: 'Nikolai Bukharin, a Bolshevik gradualist and ally of Stalin, executed during the purges of 1938.',
        line: 5,
      },
      { class: 'extraction-debris', text: 'note78', line: 7 },
    ]);
    expect(body(md)).toContain('\n\nA party crushed those who did not fall in line.\n\n');
  });
});

describe('furr', () => {
  it('drops line-break hyphens and counts them', () => {
    const counts: Counts = {};
    expect(dropLineBreakHyphens('the Second Mos-cow Trial, the Trot-sky Archive, anti-communist', LINE_BREAK_HYPHENS, counts)).toBe(
      'the Second Moscow Trial, the Trotsky Archive, anti-communist',
    );
    expect(counts['line-break-hyphen-dropped']).toBe(2);
  });

  it('takes the line-break hyphens from the corpus of the five originals', () => {
    const files = readFileSync(join(ORIGINALS, '003_66b28b56de5cbf07.txt'), 'utf8');
    const corpus = ['000_0cac4423344c2256.txt', '001_64e5ab476448668b.txt', '002_14421efcba939229.txt', '003_66b28b56de5cbf07.txt', '004_edfce4248c73e742.txt']
      .map((f) => readFileSync(join(ORIGINALS, f), 'utf8'))
      .join('\n');
    const count = (w: string) => corpus.match(new RegExp(`\\b${w}\\b`, 'gi'))?.length ?? 0;
    const hyphenated = new Set(files.match(/\p{L}+-\p{L}+/gu) ?? []);
    const found = [...hyphenated].filter((h) => count(h) === 1 && count(h.replace('-', '')) >= 5);
    expect(found.sort()).toEqual([...LINE_BREAK_HYPHENS].sort());
  });

  it('tells numbered sections from numbered conclusions, and marks lists and subheadings', () => {
    const md = renderParagraphs(
      [
        '1. Stalin and Democracy',
        'Text.',
        '2. Trotsky in the 1930s',
        'The Bloc of Rights and Trotskyites',
        'We have evidence of the following:',
        '* A bloc existed.',
        '* Trotsky was in touch with Radek.',
        'Only two explanations are possible:',
        '1. Trotsky did indeed conspire with the Germans and Japanese.',
        '2. All of this evidence was fabricated.',
        '3. The Moscow Trials',
      ],
      {},
    ).join('\n\n');
    expect(md).toBe(
      [
        '## 1. Stalin and Democracy',
        'Text.',
        '## 2. Trotsky in the 1930s',
        '### The Bloc of Rights and Trotskyites',
        'We have evidence of the following:',
        '- A bloc existed.\n- Trotsky was in touch with Radek.',
        'Only two explanations are possible:',
        '1. Trotsky did indeed conspire with the Germans and Japanese.\n2. All of this evidence was fabricated.',
        '## 3. The Moscow Trials',
      ].join('\n\n'),
    );
  });

  it('sets the bloc letter as a block quotation', () => {
    const md = renderParagraphs(
      [
        'Sedov informed his father as follows:',
        '[The bloc] is organized. In it have entered the Zinovievites.',
        'The group of Safar. Tarkhkan. has not formally entered yet.',
        'About the same time American historian Arch Getty was discovering letters.',
      ],
      {},
    ).join('\n\n');
    expect(md).toContain('> [The bloc] is organized. In it have entered the Zinovievites.\n>\n> The group of Safar.');
    expect(md).toMatch(/\n\nAbout the same time/);
  });
});

/** Share of the original's words (outside recorded removals) found in order in the output. */
function coverage(raw: string, md: string, removals: Removal[]): number {
  const words = (s: string) => s.normalize('NFC').replace(/[’‘']/g, "'").match(/[\p{L}\p{N}]+/gu) ?? [];
  let rest = raw;
  for (const r of removals) rest = rest.replace(r.text, ' ');
  const a = words(rest);
  const common = diffArrays(a, words(body(md)))
    .filter((p) => !p.added && !p.removed)
    .reduce((n, p) => n + p.value.length, 0);
  return common / a.length;
}

describe('the four originals', () => {
  const cases: Array<[Ingester, Record<string, number>]> = [
    [wikipedia, { h1: 1, h2: 19, h3: 5, blockquote: 7 }],
    [spartacus, { h1: 1, h2: 1, h3: 23, blockquote: 23, containerDirective: 1 }],
    [smitha, { h1: 1, h2: 6 }],
    [furr, { h1: 1, h2: 8, h3: 6, blockquote: 2 }],
  ];
  for (const [ingester, expected] of cases) {
    it(`${ingester.original}: structure and word coverage`, () => {
      const raw = readFileSync(join(ORIGINALS, ingester.original), 'utf8');
      const { md, record } = ingestOne(ingester, raw);
      const counted: Record<string, number> = {};
      for (const t of types(md)) counted[t] = (counted[t] ?? 0) + 1;
      for (const [k, v] of Object.entries(expected)) expect(counted[k] ?? 0, k).toBe(v);
      expect(coverage(raw, md, record.removals)).toBeGreaterThanOrEqual(0.995);
      expect(md).not.toMatch(/\[citation needed\]|\(see §/);
    });
  }
});
