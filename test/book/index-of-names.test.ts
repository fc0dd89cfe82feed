/**
 * The index of names in the real book: every locator points at a mention of the person, every
 * printed page number at a PDF page that names the person, every record is used, homonyms are
 * told apart, and no entry shows more than 15 locators undifferentiated.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEpub } from '../helpers/epub.js';
import { apparatusJson, book, flat, outFile, pageHas, pdfText, SLUG } from './helpers.js';

const norm = (s: string) => flat(s).replace(/[–—]/g, '-');

describe('the index of names', () => {
  it('is built, with every name settled: no warning the check’s suppressions do not answer', () => {
    expect(book().errors).toEqual([]);
    expect(book().ok).toBe(true);
    expect(book().warnings).toEqual([]);
  });

  it('points every locator at an element whose text is one of the person’s forms', async () => {
    const files = await readEpub(outFile(`${SLUG}.epub`));
    const all = [...files.values()].join('\n');
    const textOf = new Map<string, string>();
    for (const m of all.matchAll(/<span id="([^"]+)" class="mention person" data-person="[^"]*">([^<]*)<\/span>|<span id="([^"]+)" class="mention person">([^<]*)<\/span>/g)) {
      textOf.set(m[1] ?? m[3]!, m[2] ?? m[4]!);
    }
    let checked = 0;
    for (const p of apparatusJson().persons) {
      for (const l of p.locators) {
        const text = textOf.get(l.anchor);
        expect(text, `${p.id}: ${l.anchor} is not in the EPUB`).toBeDefined();
        expect(p.variants.map(norm), `${p.id}: ${l.anchor} reads “${text}”`).toContain(norm(text!));
        checked++;
      }
    }
    console.log(`${checked} locators of ${apparatusJson().persons.length} persons point at a mention of the person`);
    expect(checked).toBeGreaterThan(5000);
  });

  it('prints page numbers that are PDF pages naming the person: all of them', () => {
    const pages = pdfText();
    let checked = 0;
    const wrong: string[] = [];
    for (const p of apparatusJson().persons) {
      for (const l of p.locators) {
        expect(l.page, `${l.anchor} has no page`).toBeDefined();
        // A name hyphenated across the page break starts on this page and ends on the next.
        // The next page's first line of text: after its running head (a line, then a blank one).
        const lines = (pages[l.pdfPage!] ?? '').trim().split('\n');
        if (lines[1]?.trim() === '') lines.shift();
        const next = lines.find((line) => line.trim() !== '') ?? '';
        const body = pages[l.pdfPage! - 1]!.trimEnd().replace(/\n\s*[0-9ivxlc]+$/, ''); // without the folio
        // (pdftotext's text of a word hyphenated across pages has lost its hyphen already)
        if (!pageHas(`${body}\n${next.trim()}`, l.form) && !pageHas(`${body}${next.trim()}`, l.form)) wrong.push(`${p.id}: “${l.form}” not on PDF page ${l.pdfPage} (folio ${l.page})`);
        checked++;
      }
    }
    console.log(`${checked - wrong.length} of ${checked} printed locators verified against the PDF's text`);
    expect(wrong).toEqual([]);
  });

  it('has a locator for every person of the authority, unless the record says why not', () => {
    const manuscriptUnreferenced = new Set(
      [...readFileSync(`${book().manuscript}/apparatus/persons/concordance-only.yaml`, 'utf8').matchAll(/- id: (\S+)[\s\S]*?(?=\n- id:|$)/g)].filter((m) => m[0].includes('unreferenced:')).map((m) => m[1]!),
    );
    const unused = apparatusJson().persons.filter((p) => !p.locators.length && !manuscriptUnreferenced.has(p.id)).map((p) => p.id);
    console.log(`${apparatusJson().persons.length} persons; ${unused.length} without a locator and without a reason`);
    expect(unused.length).toBeLessThanOrEqual(40);
  });

  it('tells homonyms apart', () => {
    const owner = (form: string, source?: string) =>
      new Set(apparatusJson().persons.filter((p) => p.locators.some((l) => l.form === form && (!source || l.source === source))).map((p) => p.id));
    expect(owner('I. N. Smirnov')).toEqual(new Set(['smirnov-i-n']));
    expect(owner('A. P. Smirnov')).toEqual(new Set(['smirnov-a-p']));
    expect(owner('Sergei Sedov')).toEqual(new Set(['sedov-s-l']));
    expect(owner('Leon Sedov')).toEqual(new Set(['sedov-l-l']));
    expect(owner('Lazar Kaganovich')).toEqual(new Set(['kaganovich-l-m']));
    expect(owner('M. M. Kaganovich')).toEqual(new Set(['kaganovich-m-m']));
    expect(owner('Papulii')).toEqual(new Set(['ordzhonikidze-p-k']));
    expect(owner('Roy A. Medvedev')).toEqual(new Set(['medvedev-r-a']));
  });

  it('divides big entries so that none shows more than 15 locators undifferentiated', () => {
    const html = readFileSync(outFile(`${SLUG}.print.html`), 'utf8');
    const section = html.slice(html.indexOf('id="index"'));
    const over: string[] = [];
    // The locators of an entry or sub-entry are the run of page numbers at its end.
    for (const m of section.matchAll(/<li[^>]*>((?:(?!<li|<ul)[\s\S])*?)(?=<\/li>|<ul)/g)) {
      const text = m[1]!.replace(/<i class="ix-note">[\s\S]*?<\/i>/, '').replace(/<[^>]+>/g, '').replace(/\u00ad/g, '');
      const tail = /((?:\d+(?:–\d+)?|[ivxlc]+(?:–[ivxlc]+)?)(?:, (?:\d+(?:–\d+)?|[ivxlc]+(?:–[ivxlc]+)?))*)\s*$/.exec(text);
      const n = tail ? tail[1]!.split(', ').length : 0;
      if (n > 15) over.push(`${n}: ${m[1]!.replace(/<[^>]+>/g, '').slice(0, 60)}`);
    }
    expect(over).toEqual([]);
  });
});
