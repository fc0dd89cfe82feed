/**
 * `dist/<slug>.apparatus.json`: the apparatus as data, with every locator's anchor, printed folio
 * and PDF page. Documented in the README. Locators carry `page` and `pdfPage` only when a page map
 * is at hand.
 */
import type { AssembledBook } from '../book/assemble.js';
import type { Locator } from '../book/mentions.js';
import type { PageMapEntry } from '../render/print/index.js';

export function apparatusJson(book: AssembledBook, pageMap: Map<string, PageMapEntry> | undefined) {
  const { manuscript, apparatus, mentions } = book;
  const locators = (list: Locator[] | undefined) =>
    (list ?? []).map((l) => {
      const at = pageMap?.get(l.anchor);
      return { source: l.textId, unit: l.unitId, anchor: l.anchor, form: l.form, ...(at ? { page: at.folio, pdfPage: at.pdfPage } : {}) };
    });
  // What each fact was checked against, and what could not be checked.
  const verification = (r: { verified?: { facts: string[]; against: string }[]; unverified?: string[] }) => ({ verified: r.verified ?? [], unverified: r.unverified ?? [] });
  return {
    sources: manuscript.texts.map((t) => ({ id: t.id, title: t.meta.title, original: t.meta.original ?? null })),
    persons: apparatus.persons.map(({ record: p }) => ({
      id: p.id,
      heading: p.heading,
      variants: p.forms,
      dates: p.dates ?? null,
      note: p.note ?? null,
      see: p.see ?? [],
      ...verification(p),
      locators: locators(mentions.persons.get(p.id)),
    })),
    glossary: apparatus.glossary.map(({ record: g }) => ({
      id: g.id,
      term: g.term,
      variants: g.forms,
      expansion: g.expansion ?? null,
      definition: g.definition,
      related: g.related ?? [],
      ...verification(g),
      locators: locators(mentions.terms.get(g.id)),
    })),
    trials: apparatus.trials.map(({ record: t }) => ({
      id: t.id,
      name: t.name,
      official: t.official ?? null,
      variants: t.forms,
      start: t.start ?? null,
      end: t.end,
      court: t.court,
      judge: t.judge ?? null,
      prosecutor: t.prosecutor ?? null,
      defendants: t.defendants,
      defendantsTotal: t.defendants_total ?? t.defendants.length,
      verdict: t.verdict,
      verdicts: t.verdicts ?? {},
      rehabilitation: t.rehabilitation ?? null,
      ...verification(t),
      locators: locators(mentions.trials.get(t.id)),
    })),
  };
}
