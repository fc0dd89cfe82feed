/**
 * The index of names: one entry per person of the authority who is mentioned, filed by surname
 * (letter by letter, accents and case ignored), with dates and a one-line identification, and
 * "see" entries from the other forms a reader may look up. An entry with more than
 * MAX_LOCATORS locators is broken into sub-entries by text, and a text's sub-entry by chapter.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Locator, Mentions } from '../book/mentions.js';
import type { Unit } from '../manuscript/units.js';
import type { Apparatus } from './load.js';
import { type Locate, locatorRanges, type Medium, renderLocators } from './locators.js';
import { prose } from './prose.js';
import { doubt } from './unverified.js';

export const MAX_LOCATORS = 15;

const collator = new Intl.Collator('en', { sensitivity: 'base', ignorePunctuation: true });

/** The letter an entry files under: the transliteration's first letter, without accents. */
export const fileLetter = (heading: string) => heading.normalize('NFKD').replace(/[^A-Za-z]/g, '').charAt(0).toUpperCase() || '#';

export interface IndexContext {
  apparatus: Apparatus;
  mentions: Mentions;
  units: Unit[];
  /** Short names of the texts, for sub-entries ("in Rogovin"). */
  textLabel: (textId: string) => string;
  medium: Medium;
  locate: Locate;
}

function subEntries(locators: Locator[], ctx: IndexContext): ElementContent[] {
  const count = locatorRanges(locators, ctx.locate).length;
  if (count <= MAX_LOCATORS) return renderLocators(locators, ctx.medium, ctx.locate);
  const byText = new Map<string, Locator[]>();
  for (const l of locators) byText.set(l.textId, [...(byText.get(l.textId) ?? []), l]);
  const items: Element[] = [];
  for (const [textId, list] of byText) {
    if (locatorRanges(list, ctx.locate).length <= MAX_LOCATORS) {
      items.push(h('li', [`in ${ctx.textLabel(textId)}: `, ...renderLocators(list, ctx.medium, ctx.locate)]));
      continue;
    }
    const byUnit = new Map<string, Locator[]>();
    for (const l of list) byUnit.set(l.unitId, [...(byUnit.get(l.unitId) ?? []), l]);
    const chapters = [...byUnit].map(([unitId, ls]) => {
      const unit = ctx.units.find((u) => u.id === unitId);
      return h('li', [`${unit?.title ?? unitId}: `, ...renderLocators(ls, ctx.medium, ctx.locate)]);
    });
    items.push(h('li', [`in ${ctx.textLabel(textId)}:`, h('ul.ix-sub', chapters)]));
  }
  return [h('ul.ix-sub', items)];
}

export function renderIndex(ctx: IndexContext): Element[] {
  type Row = { sort: string; element: Element };
  const rows: Row[] = [];
  const headingOf = new Map(ctx.apparatus.persons.map((p) => [p.record.id, p.record.heading]));
  for (const { record: p } of ctx.apparatus.persons) {
    const locators = ctx.mentions.persons.get(p.id) ?? [];
    if (!locators.length) continue;
    const head: ElementContent[] = [h('span.ix-heading', p.heading), ...doubt(p, 'heading')];
    if (p.dates) head.push({ type: 'text', value: ` (${p.dates}` }, ...doubt(p, 'dates'), { type: 'text', value: ')' });
    // The identification in italics, so that its years are not read as page numbers.
    if (p.note) head.push({ type: 'text', value: ', ' }, h('i.ix-note', prose(p.note).replace(/\.$/, '')), ...doubt(p, 'note'));
    const body = subEntries(locators, ctx);
    const isList = body[0]?.type === 'element' && body[0].tagName === 'ul';
    const inline = isList ? body : [{ type: 'text', value: ', ' } as ElementContent, ...body];
    rows.push({ sort: p.heading, element: h('li.ix-entry', { id: `person-${p.id}` }, [...head, ...inline]) });
    for (const see of p.see ?? []) {
      rows.push({ sort: see, element: h('li.ix-see', [h('span.ix-heading', see), '. ', h('i', 'See'), ' ', h('a', { href: `#person-${p.id}` }, headingOf.get(p.id)!)]) });
    }
  }
  rows.sort((a, b) => collator.compare(a.sort, b.sort));
  const groups = new Map<string, Element[]>();
  for (const r of rows) {
    const letter = fileLetter(r.sort);
    groups.set(letter, [...(groups.get(letter) ?? []), r.element]);
  }
  return [...groups].map(([letter, entries]) => h('section.ix-group', [h('h3.ix-letter', letter), h('ul.ix-entries', entries)]));
}
