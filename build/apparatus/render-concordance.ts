/**
 * The concordance of trials: a table of the trials (dates, court, defendants, verdict), then
 * one section per trial with its official name, the names each text uses for it (found in the
 * texts), the court, defendants linked to the index, verdicts, rehabilitation, where the texts
 * disagree (each claim quoted and attributed), and where each text discusses it.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Mentions } from '../book/mentions.js';
import type { Apparatus } from './load.js';
import { type Locate, type Medium, renderLocators } from './locators.js';
import { prose } from './prose.js';
import { doubt, VERIFICATION_NOTE } from './unverified.js';
import type { Trial } from './schema.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 1936-08-19 → 19 August 1936; a range within one month or year is shortened. */
export function dateRange(start: string | undefined, end: string): string {
  const parse = (d: string) => {
    const [y, m, day] = d.split('-');
    return { y: y!, m: m ? MONTHS[Number(m) - 1]! : '', d: day ? String(Number(day)) : '' };
  };
  const e = parse(end);
  const full = (x: ReturnType<typeof parse>) => [x.d, x.m, x.y].filter(Boolean).join(' ');
  if (!start || start === end) return full(e);
  const s = parse(start);
  if (s.y === e.y && s.m === e.m && s.d && e.d) return `${s.d}–${e.d} ${e.m} ${e.y}`;
  if (s.y === e.y) return `${[s.d, s.m].filter(Boolean).join(' ')} – ${full(e)}`;
  return `${full(s)} – ${full(e)}`;
}

export interface ConcordanceContext {
  apparatus: Apparatus;
  mentions: Mentions;
  textLabel: (textId: string) => string;
  textOrder: string[];
  medium: Medium;
  locate: Locate;
}

function personLink(ctx: ConcordanceContext, id: string): ElementContent {
  const p = ctx.apparatus.persons.find((x) => x.record.id === id)?.record;
  const name = p ? p.heading.split(', ').reverse().join(' ') : id;
  return ctx.mentions.persons.has(id) ? h('a', { href: `#person-${id}` }, name) : { type: 'text', value: name };
}

/** The table's tally, or, where the data give none, a pointer to the entry's verdict in words. */
function verdictCounts(t: Trial): ElementContent[] {
  if (t.verdicts) return [{ type: 'text', value: Object.entries(t.verdicts).map(([k, v]) => `${v} ${k}`).join(', ') }];
  return [h('a', { href: `#trial-${t.id}` }, 'see entry')];
}

function trialSection(t: Trial, ctx: ConcordanceContext): Element {
  const locators = ctx.mentions.trials.get(t.id) ?? [];
  const rows: ElementContent[] = [];
  const row = (label: string, value: ElementContent[] | string | undefined, ...facts: string[]) => {
    if (!value || (Array.isArray(value) && !value.length)) return;
    rows.push(h('dt', label), h('dd', [...(typeof value === 'string' ? [{ type: 'text', value } as ElementContent] : value), ...doubt(t, ...facts)]));
  };
  row('Official name', t.official && prose(t.official), 'official');
  const names = ctx.textOrder
    .map((textId) => ({ textId, forms: [...new Set(locators.filter((l) => l.textId === textId).map((l) => l.form))] }))
    .filter((x) => x.forms.length)
    .map((x) => h('li', [`${ctx.textLabel(x.textId)}: `, x.forms.map((f) => `“${f}”`).join('; ')]));
  if (names.length) row('Names in the texts', [h('ul', names)]);
  row('Dates', dateRange(t.start, t.end), 'start', 'end');
  row('Court', t.court, 'court');
  if (t.judge) row('Presiding judge', [personLink(ctx, t.judge)], 'judge');
  if (t.prosecutor) row('Prosecutor', [personLink(ctx, t.prosecutor)], 'prosecutor');
  const total = t.defendants_total ?? t.defendants.length;
  if (t.defendants.length) {
    const named = t.defendants.flatMap((d, i) => [...(i ? [{ type: 'text', value: ', ' } as ElementContent] : []), personLink(ctx, d)]);
    row(`Defendants (${total})`, t.defendants.length < total ? [...named, { type: 'text', value: `, and ${total - t.defendants.length} others` }] : named, 'defendants', 'defendants_total');
  } else row('Defendants', String(total), 'defendants_total');
  row('Verdict', prose(t.verdict), 'verdict', 'verdicts');
  row('Rehabilitation', t.rehabilitation && prose(t.rehabilitation), 'rehabilitation');
  if (t.discrepancies?.length) {
    row('Where the texts disagree', [
      h(
        'ul',
        t.discrepancies.map((d) => h('li', [`${d.fact[0]!.toUpperCase()}${d.fact.slice(1)}: `, ...d.claims.flatMap((c, i) => [i ? '; ' : '', `${ctx.textLabel(c.text)}: ${prose(`"${c.says}"`)}`])])),
      ),
    ]);
  }
  const where = ctx.textOrder
    .map((textId) => ({ textId, ls: locators.filter((l) => l.textId === textId) }))
    .filter((x) => x.ls.length)
    .map((x) => h('li', [`${ctx.textLabel(x.textId)}: `, ...renderLocators(x.ls, ctx.medium, ctx.locate)]));
  if (where.length) row('Discussed', [h('ul', where)]);
  return h('section.trial', { id: `trial-${t.id}` }, [h('h3', t.name), h('dl.trial-facts', rows)]);
}

const CONCORDANCE_INTRO = `The political trials that the texts discuss, with the names each text gives them and every place where a text refers to one: by one of its names, or, where the editors have marked the passage, in other words. Trials a text names only in passing, as a comparison, are not entered. ${VERIFICATION_NOTE}`;

export function renderConcordance(ctx: ConcordanceContext): Element[] {
  const trials = [...ctx.apparatus.trials.map((t) => t.record)].sort((a, b) => (a.start ?? a.end).localeCompare(b.start ?? b.end));
  const table = h('table.concordance', [
    h('caption', 'The political trials the texts mention, in order of date'),
    h('thead', h('tr', [h('th', { scope: 'col' }, 'Trial'), h('th', { scope: 'col' }, 'Dates'), h('th', { scope: 'col' }, 'Defendants'), h('th', { scope: 'col' }, 'Verdicts')])),
    h(
      'tbody',
      trials.map((t) =>
        h('tr', [
          h('th', { scope: 'row' }, h('a', { href: `#trial-${t.id}` }, t.name)),
          h('td', [dateRange(t.start, t.end), ...doubt(t, 'start', 'end')]),
          h('td', [String(t.defendants_total ?? t.defendants.length), ...doubt(t, 'defendants_total')]),
          h('td', [...verdictCounts(t), ...(t.verdicts ? doubt(t, 'verdicts') : [])]),
        ]),
      ),
    ),
  ]);
  return [h('p.concordance-intro', CONCORDANCE_INTRO), table, ...trials.map((t) => trialSection(t, ctx))];
}
