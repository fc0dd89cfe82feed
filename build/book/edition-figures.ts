/**
 * Figures about the edition that the editors' prose states — how many notes a text has, how
 * many page breaks were joined, which trials the concordance runs from and to, how many of its
 * entries give a judge — written `:edition{of="notes:rogovin"}` and computed from the data on
 * every build, so that the prose cannot drift from the book.
 *
 *   notes:<text>            numbered notes of a text        footnotes:<text>   the author's own (*) notes
 *   joins:<text>            paragraphs rejoined at page breaks (from the ingest record)
 *   supplied:<text>         the editors' marks in a text    hand-changes:<text> changes made by hand
 *   persons · terms · trials           entries of the index, the glossary, the concordance
 *   trials:first · trials:last         the earliest and latest trial: “the Shakhty trial (1928)”
 *   trials:with-<fact>                 entries that give a judge, prosecutor, rehabilitation, verdicts, official
 */
import type { Element, Root } from 'hast';
import type { Apparatus } from '../apparatus/load.js';
import type { TextEmendations } from '../apparatus/emendations.js';
import type { EditorialMark } from '../processor/data.js';
import { visit } from 'unist-util-visit';

export interface FigureData {
  apparatus: Apparatus;
  emendations: TextEmendations[];
  /** Per text: numbered notes and the author's own. */
  notes: Map<string, { numbered: number; author: number }>;
  editorial: Map<string, EditorialMark[]>;
}

const number = (n: number) => (n < 10 ? ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][n]! : n.toLocaleString('en-US'));

/** The figure a key names, or undefined if the data has none such. */
export function figure(key: string, data: FigureData): string | undefined {
  const [kind, arg] = key.split(':') as [string, string | undefined];
  const trials = data.apparatus.trials.map((t) => t.record);
  const chronological = [...trials].sort((a, b) => (a.start ?? a.end).localeCompare(b.start ?? b.end));
  const named = (t: (typeof trials)[number] | undefined) => {
    if (!t) return undefined;
    const year = t.end.slice(0, 4);
    // “the Slánský trial (Prague)” becomes “the Slánský trial (Prague, 1952)”.
    const name = t.name.endsWith(')') ? `${t.name.slice(0, -1)}, ${year})` : `${t.name} (${year})`;
    return /^the /i.test(name) || /^[A-Z]/.test(name) === false ? name : `the ${name}`;
  };
  const record = arg ? data.emendations.find((e) => e.textId === arg) : undefined;
  switch (kind) {
    case 'notes':
      return arg && data.notes.has(arg) ? number(data.notes.get(arg)!.numbered) : undefined;
    case 'footnotes':
      return arg && data.notes.has(arg) ? number(data.notes.get(arg)!.author) : undefined;
    case 'joins':
      return record ? number(record.record.counts['page-break-join'] ?? 0) : undefined;
    case 'hand-changes':
      return record ? number(record.changes.length) : undefined;
    case 'supplied':
      return arg && data.editorial.has(arg) ? number(data.editorial.get(arg)!.length) : arg ? number(0) : undefined;
    case 'persons':
      return number(data.apparatus.persons.length);
    case 'terms':
      return number(data.apparatus.glossary.length);
    case 'trials':
      if (arg === undefined) return number(trials.length);
      if (arg === 'first') return named(chronological[0]);
      if (arg === 'last') return named(chronological.at(-1));
      if (arg.startsWith('with-')) {
        const fact = arg.slice(5) as keyof (typeof trials)[number];
        return trials.some((t) => fact in t) || ['judge', 'prosecutor', 'rehabilitation', 'verdicts', 'official'].includes(fact as string) ? number(trials.filter((t) => t[fact] !== undefined).length) : undefined;
      }
      return undefined;
  }
  return undefined;
}

/** Fill the figures of a tree in place; the keys that name nothing, with the element that asks. */
export function fillFigures(tree: Root, data: FigureData): Element[] {
  const unknown: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    const key = node.properties.dataOf;
    if (typeof key !== 'string' || !Array.isArray(node.properties.className) || !node.properties.className.includes('edition-figure')) return;
    const value = figure(key, data);
    if (value === undefined) unknown.push(node);
    else node.children = [{ type: 'text', value }];
  });
  return unknown;
}
