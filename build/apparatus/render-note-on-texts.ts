/**
 * “A Note on the Texts”: for each text its provenance, what the editors supplied inside it
 * (headings, paragraph breaks, note markers: each listed at its place, as the text marks it), the
 * readings they doubt, what the edition did to it mechanically (counted by class), what it removed
 * (counted by class, with the number of words), and every change made by hand, with its place.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { provenance } from '../book/front-pages.js';
import type { TextInfo } from '../manuscript/units.js';
import type { EditorialMark } from '../processor/data.js';
import type { TextEmendations } from './emendations.js';
import { type Locate, type Medium } from './locators.js';

const n = (x: number) => x.toLocaleString('en-US');

/** What each mechanical class means, for a reader. */
const MECHANICAL: Record<string, (count: string) => string> = {
  'page-break-join': (c) => `${c} paragraphs rejoined where the printed book broke them across pages`,
  'page-break-hyphen-dropped': (c) => `${c} hyphens at those breaks dropped, the joined word being the book’s own spelling`,
  'page-break-hyphen-kept': (c) => `${c} such hyphens kept, the book hyphenating the word elsewhere`,
  'line-break-hyphen-dropped': (c) => `${c} hyphens left over from line breaks removed`,
  'line-break-hyphen-kept': (c) => `${c} hyphens at line breaks kept as part of the word`,
  'paragraphs-restored': (c) => `${c} paragraph breaks restored`,
  'headings-restored': (c) => `${c} section headings restored`,
  // Supplied by the editors, and listed one by one with the marks (below), not counted here.
  'paragraph-restored': () => '',
  'heading-restored': () => '',
  'author-footnote-marker-restored': () => '',
  'heading-marked': (c) => `${c} headings marked as headings`,
  'run-in-heading-split': (c) => `${c} heading that had run into the text set apart`,
  'list-item-restored': (c) => `${c} list items restored`,
  'list-marked': (c) => `${c} lists marked as lists`,
  'block-quotation-restored': (c) => `${c} block quotations restored`,
  'block-quotation-marked': (c) => `${c} quotations set off as block quotations`,
  'verse-marked': (c) => `${c} passage of verse set as verse`,
  'caption-removed': () => '', // counted with the removals
  'wiki-tag-removed': () => '', // counted with the removals
  'see-pointer-removed': () => '', // counted with the removals
  'extraction-debris-removed': () => '', // counted with the removals
  'nbsp-replaced': (c) => `${c} stray no-break spaces made ordinary spaces`,
  'notes-linked': () => '',
  'caption-italicized': () => '',
  'space-before-note-ref-removed': (c) => `${c} stray space before a note reference removed`,
  'note-refs-linked': (c) => `${c} note references linked to their notes`,
  'author-footnotes-linked': (c) => `${c} of the author’s own footnotes set as notes`,
  'notes-debris-repaired': (c) => `${c} lines of the notes repaired where the text extraction had broken them`,
  'notes-relocated': (c) => `${c} notes moved from under the wrong chapter heading to their own chapter`,
  'notes-renumbered': (c) => `${c} notes renumbered where the printed notes continued the previous chapter’s numbering`,
  'note-ref-repaired': (c) => `${c} note reference repaired`,
  'verse-set': (c) => `${c} passages of verse set as verse`,
  'epigraph-set': (c) => `${c} epigraphs set as epigraphs`,
  'quotes-curled': (c) => `${c} straight quotation marks and apostrophes made typographic`,
  'range-en-dash': (c) => `${c} hyphens in ranges of numbers made en dashes`,
  'em-dash-closed': (c) => `${c} spaced hyphens or dashes made closed-up em dashes`,
  ellipsis: (c) => `${c} runs of three full stops made ellipses`,
  'spaces-collapsed': (c) => `${c} runs of spaces made single`,
};

const REMOVED: Record<string, string> = {
  'wiki-tag': 'the wiki’s maintenance tags (“[citation needed]” and the like)',
  'see-pointer': 'the article’s internal pointers (“see § …”)',
  caption: 'captions of photographs the edition does not reproduce',
  contents: 'the contents list, keyed to the pages of the printed book',
  'name-index': 'the name index, keyed to the pages of the printed book',
  'subject-index': 'the subject index, keyed to the pages of the printed book',
  'title-page': 'the title and copyright pages and the back cover',
  'publisher-address': 'the publisher’s addresses',
  'facsimile-ocr': 'illegible text extracted from reproduced documents (facsimiles)',
  'page-number': 'page numbers of the printed book',
  'extraction-debris': 'debris of the text extraction (repeated headings, a barcode)',
};

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

function sentence(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')}; and ${items.at(-1)}`;
}

type Mark = EditorialMark & { unitId: string };

/** The editors' marks of one text, grouped as the note lists them, each at its place. */
function supplied(marks: Mark[], medium: Medium, locate: Locate, unitTitle: (id: string) => string): Element[] {
  const place = (m: Mark): ElementContent => {
    const folio = locate(m.id);
    const label = folio ? `p. ${folio}` : unitTitle(m.unitId);
    return medium === 'print' ? { type: 'text', value: label } : h('a', { href: `#${m.id}` }, label);
  };
  const groups: { title: (n: number) => string; marks: Mark[]; item: (m: Mark) => (ElementContent | string)[] }[] = [
    { title: (k) => `${n(k)} ${k === 1 ? 'heading' : 'headings'}, printed in square brackets`, marks: marks.filter((m) => m.kind === 'supplied' && m.where === 'heading'), item: (m) => [`“${m.text}”, `, place(m)] },
    { title: (k) => `${n(k)} ${k === 1 ? 'paragraph break' : 'paragraph breaks'} where the copy has none, each marked ¶`, marks: marks.filter((m) => m.kind === 'break'), item: (m) => [`before “${m.text} …”, `, place(m)] },
    { title: (k) => `${n(k)} ${k === 1 ? 'note marker' : 'note markers'} the copy lost, restored in square brackets`, marks: marks.filter((m) => m.kind === 'supplied' && m.where === 'note-marker'), item: (m) => [`${unitTitle(m.unitId)}, `, place(m)] },
    { title: (k) => `${n(k)} ${k === 1 ? 'word' : 'words'} supplied in square brackets`, marks: marks.filter((m) => m.kind === 'supplied' && m.where === 'text'), item: (m) => [`“${m.text}”, `, place(m)] },
    { title: (k) => `${n(k)} doubtful ${k === 1 ? 'reading' : 'readings'}, kept as the copy has ${k === 1 ? 'it' : 'them'} and marked [sic]`, marks: marks.filter((m) => m.kind === 'sic'), item: (m) => [`“${m.text}”, `, place(m), ` (${m.why})`] },
  ];
  const out: Element[] = [];
  for (const g of groups) {
    if (!g.marks.length) continue;
    out.push(h('p.supplied', [h('span.ed-label', `Supplied by the editors: ${g.title(g.marks.length)}.`), ' ', ...g.marks.flatMap((m, i) => [...g.item(m), i < g.marks.length - 1 ? '; ' : '.'])]));
  }
  return out;
}

export function renderNoteOnTexts(
  texts: TextInfo[],
  emendations: TextEmendations[],
  editorial: Map<string, Mark[]>,
  medium: Medium,
  locate: Locate,
  unitTitle: (id: string) => string,
): Element[] {
  const out: Element[] = [
    h('p', [
      'The texts are printed as their sources give them, with the changes listed here: what the editors supplied inside a text, which the text marks as theirs (headings and words in square brackets, paragraph breaks with ¶, doubtful readings with [sic]) and which is listed here at its place; the mechanical repairs the edition’s ingest rules made, counted by kind; what the editors removed, counted by kind; and every other change, one by one, with its place. Spelling, transliteration and wording are the sources’ own, errors included, except where a correction is listed below.',
    ]),
  ];
  for (const text of texts) {
    const e = emendations.find((x) => x.textId === text.id);
    const section: ElementContent[] = [h('h3', text.meta.title), h('p.provenance', [...provenance(text), ...(text.meta.original ? [` Original file: ${text.meta.original}.`] : [])])];
    if (text.meta.editors_note) section.push(h('p', [h('span.ed-label', 'Editors’ note.'), ` ${text.meta.editors_note}`]));
    section.push(...supplied(editorial.get(text.id) ?? [], medium, locate, unitTitle));
    if (!e) {
      section.push(h('p', 'No record of changes is available for this text.'));
      out.push(h('section.note-text', section));
      continue;
    }
    const mechanical = Object.entries(e.record.counts)
      .filter(([, c]) => c > 0)
      .map(([k, c]) => (MECHANICAL[k] ?? ((x: string) => `${k.replace(/-/g, ' ')}: ${x}`))(n(c)))
      .filter(Boolean);
    if (mechanical.length) section.push(h('p', `Mechanical repairs: ${sentence(mechanical)}.`));
    const byClass = new Map<string, { blocks: number; words: number }>();
    for (const r of e.record.removals) {
      const c = byClass.get(r.class) ?? { blocks: 0, words: 0 };
      c.blocks++;
      c.words += words(r.text);
      byClass.set(r.class, c);
    }
    if (byClass.size) {
      const items = [...byClass].map(([k, c]) => `${REMOVED[k] ?? k} (${n(c.blocks)} ${c.blocks === 1 ? 'place' : 'places'}, ${n(c.words)} words)`);
      section.push(h('p', `Removed: ${sentence(items)}.`));
    }
    if (e.changes.length) {
      section.push(h('p', `Corrected or changed by hand (${e.changes.length}):`));
      section.push(
        h(
          'ul.emendations',
          e.changes.map((c) => {
            const folio = locate(c.anchor);
            const where: ElementContent = medium === 'print' ? { type: 'text', value: folio ? `p. ${folio}` : unitTitle(c.unitId) } : h('a', { href: `#${c.anchor}` }, folio ? `p. ${folio}` : unitTitle(c.unitId));
            if (c.reason) return h('li', [where, `: “${c.reason.reads}” for “${c.reason.was}” (${c.reason.why})`]);
            if (!c.added) return h('li', [where, `: “${c.removed}” deleted`]);
            if (!c.removed) return h('li', [where, `: “${c.added}” added`]);
            return h('li', [where, `: “${c.added}” for “${c.removed}”`]);
          }),
        ),
      );
    } else {
      section.push(h('p', 'No change by hand.'));
    }
    out.push(h('section.note-text', section));
  }
  return out;
}
