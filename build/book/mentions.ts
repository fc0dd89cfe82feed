/**
 * Tag the mentions of persons, trials and glossary terms in the book's trees.
 *
 * Every mention of a person or a trial becomes `<span id class="mention">` (the index's and the
 * concordance's locators point at these); the first mention of a glossary term in each unit
 * becomes a link to its entry. A form shared by several persons is settled as `settle` below
 * says; a mention no rule settles is a warning at its place, and gets no locator.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import { toString } from 'hast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import type { Apparatus } from '../apparatus/load.js';
import { type Match, Matcher } from '../apparatus/matcher.js';
import { findUnnamedTrials } from './unnamed-trials.js';
import type { Unit } from '../manuscript/units.js';

export interface Locator {
  unitId: string;
  textId: string;
  /** The id of the mention's element. */
  anchor: string;
  /** The words as the text prints them. */
  form: string;
}

export interface Mentions {
  persons: Map<string, Locator[]>;
  trials: Map<string, Locator[]>;
  terms: Map<string, Locator[]>;
}

/** Elements whose text is not the author's running text. */
const SKIP_TAGS = new Set(['a', 'h1', 'code', 'pre']);
/** The editors' words inside a text (supplied headings, [sic]): not a mention by the text. */
const EDITORS = new Set(['supplied', 'ed-mark', 'ed-break', 'editors-note']);

interface Found {
  node: Text;
  parent: Element | Root;
  /** The block (paragraph, list item, heading…) the text stands in. */
  block: Element | Root;
  match: Match;
  /** Set by the editor's :person override around the text. */
  override?: string;
}

const BLOCK = /^(p|li|h[1-6]|dt|dd|td|th|blockquote)$/;

/** Text nodes and what `matcher` finds in them, outside elements of class `done` (already tagged). */
function textsIn(tree: Root, matcher: Matcher, done: string, skipHeadings = false): Found[] {
  const found: Found[] = [];
  visitParents(tree, (node, ancestors) => {
    if (node.type === 'element') {
      const classes = node.properties.className;
      const glossLink = node.tagName === 'a' && Array.isArray(classes) && classes.includes('gloss') && done !== 'gloss';
      if ((SKIP_TAGS.has(node.tagName) && !glossLink) || (skipHeadings && /^h[1-6]$/.test(node.tagName))) return SKIP;
      if (Array.isArray(classes) && (classes.includes('running-text') || classes.includes(done) || classes.some((c) => EDITORS.has(String(c))))) return SKIP;
      return undefined;
    }
    const parent = ancestors.at(-1) as Element | Root | undefined;
    if (node.type !== 'text' || !parent) return undefined;
    const block = ([...ancestors].reverse().find((a) => a.type === 'element' && BLOCK.test(a.tagName)) ?? tree) as Element | Root;
    const override = parent.type === 'element' && typeof parent.properties.dataPerson === 'string' ? parent.properties.dataPerson : undefined;
    for (const match of matcher.find(node.value)) found.push({ node, parent, block, match, override });
    return undefined;
  });
  return found;
}

/** Line and column of an offset inside a text node, from the node's place in the manuscript. */
function placeOf(node: Text, offset: number) {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = node.value.slice(0, offset);
  const lines = before.split('\n');
  return lines.length === 1 ? { line: start.line, column: start.column + offset } : { line: start.line + lines.length - 1, column: lines.at(-1)!.length + 1 };
}

/** A piece of a text node, keeping its place in the manuscript (for later messages). */
function piece(node: Text, start: number, end: number): Text {
  const from = placeOf(node, start);
  const to = placeOf(node, end);
  return { type: 'text', value: node.value.slice(start, end), ...(from && to ? { position: { start: from, end: to } } : {}) };
}

/** Replace the matched ranges of each text node with elements made by `wrap`. */
function wrapAll(found: Found[], wrap: (f: Found) => Element | undefined) {
  const byNode = new Map<Text, Found[]>();
  for (const f of found) byNode.set(f.node, [...(byNode.get(f.node) ?? []), f]);
  for (const [node, list] of byNode) {
    const parent = list[0]!.parent;
    const index = parent.children.indexOf(node as never);
    if (index < 0) continue;
    const pieces: ElementContent[] = [];
    let at = 0;
    for (const f of list.sort((a, b) => a.match.start - b.match.start)) {
      const element = wrap(f);
      if (!element) continue;
      if (f.match.start > at) pieces.push(piece(node, at, f.match.start));
      element.children = [piece(node, f.match.start, f.match.end)];
      pieces.push(element);
      at = f.match.end;
    }
    if (at < node.value.length) pieces.push(piece(node, at, node.value.length));
    parent.children.splice(index, 1, ...(pieces as never[]));
  }
}

export interface TagUnit {
  unit: Unit & { textId?: string };
  tree: Root;
  file: VFile;
}

/** One unit's mentions, in the order they stand: `[id of person, trial or term, locator]`. */
export interface UnitMentions {
  persons: [string, Locator][];
  trials: [string, Locator][];
  terms: [string, Locator][];
}

/** The book's mentions, from each unit's, in reading order. */
export function gatherMentions(units: UnitMentions[]): Mentions {
  const mentions: Mentions = { persons: new Map(), trials: new Map(), terms: new Map() };
  for (const unit of units) {
    for (const kind of ['persons', 'trials', 'terms'] as const) {
      for (const [id, locator] of unit[kind]) {
        const list = mentions[kind].get(id);
        if (list) list.push(locator);
        else mentions[kind].set(id, [locator]);
      }
    }
  }
  return mentions;
}

export function tagMentions(units: TagUnit[], apparatus: Apparatus): Mentions {
  const tag = mentionTagger(apparatus);
  return gatherMentions(units.map(tag));
}

/**
 * A function that tags one unit's tree in place and returns its mentions. A unit's tagging
 * depends only on its own tree and the apparatus, so that a unit's result can be kept and reused.
 */
export function mentionTagger(apparatus: Apparatus): (unit: TagUnit) => UnitMentions {
  const persons = new Matcher(apparatus.persons.map((p) => p.record));
  const trials = new Matcher(apparatus.trials.map((t) => t.record));
  const trialIds = new Set(apparatus.trials.map((t) => t.record.id));
  const trialRecords = apparatus.trials.map((t) => t.record);
  // Who stood trial where, as either side of the record says it.
  const defendantsOf = new Map<string, string[]>();
  const stood = (person: string, trial: string) => defendantsOf.set(person, [...new Set([...(defendantsOf.get(person) ?? []), trial])]);
  for (const t of trialRecords) for (const d of t.defendants) stood(d, t.id);
  for (const p of apparatus.persons) for (const t of p.record.defendant ?? []) stood(p.record.id, t);
  const personIds = new Set(apparatus.persons.map((p) => p.record.id));
  const terms = new Matcher(apparatus.glossary.map((g) => g.record));
  const hints = new Map(apparatus.persons.map((p) => [p.record.id, p.record.homonym_hint]));
  const prefer = new Set(apparatus.persons.filter((p) => p.record.prefer).map((p) => p.record.id));
  const preferIn = new Map(apparatus.persons.map((p) => [p.record.id, p.record.prefer_in]));

  return ({ unit, tree, file }) => {
    const mentions: UnitMentions = { persons: [], trials: [], terms: [] };
    const textId = 'textId' in unit && unit.textId ? unit.textId : unit.id;
    const locator = (anchor: string, form: string): Locator => ({ unitId: unit.id, textId, anchor, form });

    // Trials first: their names contain persons' names ("the Zinoviev trial"), which are tagged inside them.
    // The editors' `:trial[…]{id=…}` marks a reference that uses none of the trial's names.
    let t = 0;
    visit(tree, 'element', (node: Element) => {
      const id = node.properties.dataTrialOverride;
      if (typeof id !== 'string') return;
      if (!trialIds.has(id)) {
        const m = file.message(`\`:trial\` names \`${id}\`, which is not in the concordance`, { place: node.position, ruleId: 'unknown-trial', source: 'names' });
        m.fatal = true;
        m.note = 'Correct the id, or add the trial to apparatus/trials.yaml.';
        return;
      }
      const anchor = `${unit.id}-t${++t}`;
      mentions.trials.push([id, locator(anchor, toString(node))]);
      node.properties = { id: anchor, className: ['mention', 'trial'], dataTrial: id };
    });
    wrapAll(textsIn(tree, trials, 'trial'), (f) => {
      const id = f.match.ids[0]!;
      const anchor = `${unit.id}-t${++t}`;
      mentions.trials.push([id, locator(anchor, f.match.text)]);
      return { type: 'element', tagName: 'span', properties: { id: anchor, className: ['mention', 'trial'], dataTrial: id }, children: [{ type: 'text', value: f.match.text }] };
    });

    // Glossary terms next, so that a term that begins with a name (“Riutin Platform”) is found
    // whole; the name inside it is still tagged as a person's mention. The first mention of a term
    // in each unit links to its entry; not in headings, where a reader does not stop to look it up.
    const seen = new Set<string>();
    let g = 0;
    wrapAll(textsIn(tree, terms, 'gloss', true), (f) => {
      const id = f.match.ids[0]!;
      if (seen.has(id)) return undefined;
      seen.add(id);
      const anchor = `${unit.id}-g${++g}`;
      mentions.terms.push([id, locator(anchor, f.match.text)]);
      return {
        type: 'element',
        tagName: 'a',
        properties: { id: anchor, href: `#term-${id}`, className: ['gloss'], role: 'doc-glossref', 'epub:type': 'glossref' },
        children: [{ type: 'text', value: f.match.text }],
      };
    });

    // Persons.
    // A shared surname is settled, in order, by: the editor's override around it; an unambiguous
    // mention of one of the candidates in the same paragraph; the authority's “this chapter or
    // text” preference; the nearest unambiguous mention in the same unit; the authority's default
    // bearer of the name. Otherwise it is a warning, and no locator: never a silent guess.
    const list = textsIn(tree, persons, 'person');
    let n = 0;
    const settle = (f: Found, i: number): string | undefined => {
      if (f.override === 'none') return undefined;
      if (f.override && !personIds.has(f.override)) {
        const m = file.message(`\`:person\` names \`${f.override}\`, which is not in the name authority`, { place: placeOf(f.node, f.match.start), ruleId: 'unknown-person', source: 'names' });
        m.fatal = true;
        m.note = 'Correct the id, or add the person to apparatus/persons.';
        return undefined;
      }
      if (f.override) return f.override;
      const ids = f.match.ids;
      if (ids.length === 1) return ids[0];
      const only = (pick: (id: string) => boolean) => {
        const hits = ids.filter(pick);
        return hits.length === 1 ? hits[0] : undefined;
      };
      const inParagraph = only((id) => list.some((o) => o.block === f.block && o.match.ids.length === 1 && o.match.ids[0] === id));
      if (inParagraph) return inParagraph;
      const here = only((id) => (preferIn.get(id) ?? []).some((where) => where === unit.id || where === textId));
      if (here) return here;
      const near = (from: number, step: number) => {
        for (let j = from; j >= 0 && j < list.length; j += step) {
          const other = list[j]!.match.ids;
          if (other.length === 1 && ids.includes(other[0]!)) return { id: other[0]!, distance: Math.abs(j - i) };
        }
        return undefined;
      };
      const before = near(i - 1, -1);
      const after = near(i + 1, 1);
      const nearest = before && after ? (before.distance <= after.distance ? before : after) : (before ?? after);
      if (nearest) return nearest.id;
      const preferred = only((id) => prefer.has(id));
      if (preferred) return preferred;
      const m = file.message(`Ambiguous mention \`${f.match.text}\`: ${ids.join(' or ')}`, {
        place: placeOf(f.node, f.match.start),
        ruleId: 'ambiguous-person',
        source: 'names',
      });
      m.note = `Settle it with :person[${f.match.text}]{id=…}, or give the authority a \`prefer\` or \`prefer_in\`. ${ids.map((id) => `${id}: ${hints.get(id) ?? 'no hint'}`).join(' ')}`;
      return undefined;
    };
    const settled = new Map(list.map((f, i) => [f, settle(f, i)]));
    wrapAll(list, (f) => {
      const id = settled.get(f);
      if (!id) return undefined;
      const anchor = `${unit.id}-p${++n}`;
      mentions.persons.push([id, locator(anchor, f.match.text)]);
      return { type: 'element', tagName: 'span', properties: { id: anchor, className: ['mention', 'person'], dataPerson: id }, children: [{ type: 'text', value: f.match.text }] };
    });
    // An override around words that are none of the person's forms would tag nothing: said.
    visit(tree, 'element', (node: Element) => {
      const id = node.properties.dataPerson;
      if (typeof id !== 'string' || id === 'none' || !Array.isArray(node.properties.className) || !node.properties.className.includes('person-mention')) return;
      let tagged = false;
      visit(node, 'element', (e: Element) => {
        if (e !== node && e.properties.dataPerson === id) tagged = true;
      });
      if (!tagged && personIds.has(id)) {
        const m = file.message(`\`:person[${toString(node)}]{id=${id}}\`: the words are none of the person's forms, so nothing is tagged`, { place: node.position, ruleId: 'override-unmatched', source: 'names' });
        m.fatal = true;
        m.note = `Add the form to \`forms\` of ${id}, or mark the words that are one of its forms.`;
      }
    });
    // A sentence about a trial that names none of them: a candidate for the editors to settle.
    if (unit.kind === 'text' || unit.kind === 'chapter') findUnnamedTrials(tree, file, trialRecords, defendantsOf);
    return mentions;
  };
}
