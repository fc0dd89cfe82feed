/**
 * The glossary, the concordance of trials and the cross-references in the real book: every link
 * resolves, and lands on words of the term or trial; every defendant is a person of the index.
 */
import type { Element } from 'hast';
import { toString } from 'hast-util-to-string';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { idsOf, readEpub } from '../helpers/epub.js';
import { apparatusJson, flat, manuscriptFiles, outFile, SLUG } from './helpers.js';
import { readFileSync } from 'node:fs';

const norm = (s: string) => flat(s).replace(/[–—]/g, '-');

describe('glossary, concordance and cross-references', async () => {
  const files = await readEpub(outFile(`${SLUG}.epub`));
  const all = [...files.values()].join('\n');
  /** The text of the element with this id, in any file. */
  const byId = new Map<string, string>();
  for (const text of files.values()) {
    visit(unified().use(rehypeParse).parse(text), 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') byId.set(node.properties.id, toString(node));
    });
  }
  const textOf = (id: string) => byId.get(id);

  it('links each glossary term’s first use in a chapter to its entry, on one of its forms', () => {
    const { glossary } = apparatusJson();
    let checked = 0;
    for (const term of glossary) {
      for (const l of term.locators) {
        expect(term.variants.map(norm), `${term.id}: ${l.anchor}`).toContain(norm(textOf(l.anchor) ?? ''));
        checked++;
      }
      if (term.locators.length) expect(idsOf(files.get('OEBPS/glossary.xhtml')!).has(`term-${term.id}`)).toBe(true);
    }
    const links = [...all.matchAll(/<a id="([^"]+)" href="glossary\.xhtml#term-([^"]+)"/g)];
    console.log(`${glossary.filter((t) => t.locators.length).length} glossary entries used; ${checked} first uses linked (${links.length} links)`);
    expect(links.length).toBe(checked);
    expect(checked).toBeGreaterThan(300);
  });

  it('finds each trial where the texts name it, on one of its names or in words the editors marked', () => {
    const { trials } = apparatusJson();
    // The editors' :trial[…]{id=…} in the manuscript, by trial: the words they marked.
    const marked = new Map<string, Set<string>>();
    for (const f of manuscriptFiles()) {
      for (const m of readFileSync(f, 'utf8').matchAll(/:trial\[([^\]]+)\]\{id=([a-z0-9-]+)\}/g)) marked.set(m[2]!, (marked.get(m[2]!) ?? new Set()).add(norm(m[1]!)));
    }
    let checked = 0;
    let byEditors = 0;
    for (const trial of trials) {
      for (const l of trial.locators) {
        const text = norm(textOf(l.anchor) ?? '');
        const named = trial.variants.map(norm).includes(text);
        if (!named) byEditors++;
        expect(named || marked.get(trial.id)?.has(text), `${trial.id}: ${l.anchor} “${text}”`).toBe(true);
        expect(l.page, `${l.anchor} has a print page`).toBeDefined();
        checked++;
      }
    }
    console.log(`${trials.length} trials; ${checked} locators, ${byEditors} of them marked by the editors`);
    expect(byEditors).toBeGreaterThan(100);
    expect(checked).toBeGreaterThan(50);
    for (const id of ['sixteen-1936', 'seventeen-1937', 'twenty-one-1938', 'generals-1937', 'kemerovo-1936']) {
      expect(trials.find((t) => t.id === id)!.locators.length, id).toBeGreaterThan(0);
    }
  });

  it('has every defendant in the index of names', () => {
    const persons = new Set(apparatusJson().persons.map((p) => p.id));
    for (const trial of apparatusJson().trials) for (const d of trial.defendants) expect(persons.has(d), `${trial.id}: ${d}`).toBe(true);
    const concordance = files.get('OEBPS/concordance.xhtml')!;
    // A table with header cells (epub-gen-memory drops `scope`; a simple table does not need it).
    expect(concordance).toMatch(/<table class="concordance"><caption>[^<]+<\/caption><thead><tr><th>Trial<\/th>/);
    // No blank cell in the table: a trial without a tally points to its entry.
    expect(concordance).not.toMatch(/<td\s*\/>|<td><\/td>/);
    const untallied = apparatusJson().trials.find((t) => !Object.keys((t as { verdicts?: object }).verdicts ?? {}).length);
    expect(untallied, 'a trial without a tally').toBeDefined();
    expect(concordance).toContain(`<td><a href="#trial-${untallied!.id}">see entry</a></td>`);
  });

  it('resolves every cross-reference of the introduction, naming its target', () => {
    const intro = files.get('OEBPS/introduction.xhtml')!;
    const xrefs = [...intro.matchAll(/<a class="xref" id="[^"]+" href="([^"#]+)#([^"]+)">see ([^<]+)<\/a>/g)];
    console.log(`${xrefs.length} cross-references in the introduction`);
    expect(xrefs.length).toBeGreaterThanOrEqual(15);
    for (const [, file, id] of xrefs) expect(idsOf(files.get(`OEBPS/${file}`) ?? '').has(id!), `${file}#${id}`).toBe(true);
  });
});
