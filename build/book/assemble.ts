/**
 * The book-level transform: every file becomes hast (one processor, one fresh VFile each),
 * the anchors of the whole book are collected, and cross-references are resolved against
 * them. What comes out is the one tree per unit that both targets render.
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import type { Apparatus } from '../apparatus/load.js';
import type { BuildCache } from '../cache/index.js';
import { sha } from '../cache/store.js';
import { breathe } from '../breathe.js';
import type { Locate, Medium } from '../apparatus/locators.js';
import { renderConcordance } from '../apparatus/render-concordance.js';
import { renderGlossary } from '../apparatus/render-glossary.js';
import { renderIndex } from '../apparatus/render-index.js';
import { anchorsWithMarks, type BlockLines, blockLines, type EmendationMark, type EmendationSource, findEmendations, putMarks, type Reason, type TextEmendations } from '../apparatus/emendations.js';
import { renderNoteOnTexts } from '../apparatus/render-note-on-texts.js';
import { relative, resolve } from 'node:path';
import { numberBlocks } from './blocks.js';
import { editorsNote } from './front-pages.js';
import { fillFigures } from './edition-figures.js';
import { VERIFICATION_NOTE } from '../apparatus/unverified.js';
import { gatherMentions, type Mentions, mentionTagger, type UnitMentions } from './mentions.js';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { toHast } from '../processor/index.js';
import type { EditorialMark } from '../processor/data.js';
import type { Manuscript } from '../manuscript/load.js';
import type { Unit } from '../manuscript/units.js';
import { UnitTrees } from './unit-trees.js';
import { addAnchors, type AnchorMap, anchorForKey, anchorsIn } from './anchors.js';

export interface AssembledBook {
  manuscript: Manuscript;
  apparatus: Apparatus;
  /** hast per unit id, for units made from files and for generated units. */
  trees: UnitTrees;
  /**
   * For the trees that are exactly as the cache keeps them, the key that names their content:
   * later stages key their own results by it instead of hashing the tree.
   */
  treeKeys: Map<string, string>;
  /** The file units made afresh and those taken from the cache, by id. */
  made: string[];
  reused: string[];
  anchors: AnchorMap;
  mentions: Mentions;
  /** What the edition changed in each text; and reasons in emendations.yaml that match no change. */
  emendations: TextEmendations[];
  unusedReasons: Reason[];
  /** The generated units (apparatus), made again for each medium with its own locators. */
  generate: (unitId: string, medium: Medium, locate: Locate) => Root | undefined;
  /**
   * For each generated unit (with the cache on), the key of what it is made from besides the
   * folios it is told: with the folios it asked for, its tree for a medium is known without making it.
   */
  generatedKeys: Map<string, string>;
}

const SHIFT: Record<Unit['kind'], number> = { front: 0, part: 0, 'text-opener': 1, text: 1, chapter: 2, generated: 0 };

/** What a file unit becomes before the book is put together: kept in the cache by its inputs. */
interface PreparedUnit {
  mentions: UnitMentions;
  /** The editors' marks inside the unit's text. */
  editorial: EditorialMark[];
  /** Its notes: numbered, and the author's own (labelled a1, a2 …). */
  notes: { numbered: number; author: number };
  /** The keys of the figures about the edition it states. */
  figures: string[];
  xrefs: { to: string; id: string }[];
  /** The tree's ids and labels, in order. */
  anchors: [string, string][];
  /** Its numbered blocks and their lines: where a hand change is marked (emendations.ts). */
  blocks: BlockLines;
  /** The warnings its processing gave, given again on every build that reuses it. */
  warnings: { reason: string; place?: { line: number; column: number }; ruleId?: string; source?: string; note?: string }[];
}

/**
 * `cache`: each file unit's tagged tree and mentions are kept by the hash of the file, the
 * apparatus, the unit's place in the book and the toolchain; an unchanged unit is not parsed,
 * transformed or tagged again. Its warnings are kept with it and given again; a unit with an
 * error is never kept.
 */
export async function assemble(manuscript: Manuscript, apparatus: Apparatus, options: { cache?: BuildCache } = {}): Promise<AssembledBook> {
  const trees = new UnitTrees();
  const anchors: AnchorMap = new Map();
  const fileOf = new Map<string, VFile>();
  const store = options.cache?.units;
  const tag = mentionTagger(apparatus);
  const unitMentions: UnitMentions[] = [];
  const unitAnchors = new Map<string, [string, string][]>();
  const unitBlocks = new Map<string, BlockLines>();
  // The key that names each tree's content exactly, for the caches of later stages.
  const treeKeys = new Map<string, string>();
  const made: string[] = [];
  const reused: string[] = [];
  const editorial = new Map<string, EditorialMark[]>();
  const notesByText = new Map<string, { numbered: number; author: number }>();
  const withFigures: Unit[] = [];

  for (const unit of manuscript.units) {
    if (unit.kind !== 'front' && unit.kind !== 'text' && unit.kind !== 'chapter') continue;
    await breathe();
    const source = manuscript.sources.get(unit.id)!;
    unit.file.data.unitId = unit.id;
    unit.file.data.headingShift = SHIFT[unit.kind];
    unit.file.data.meta = unit.meta;
    const key = source.key && store?.enabled ? store.key('unit', source.key, apparatus.fingerprint, unit.id, unit.kind, unit.textId, JSON.stringify(unit.meta)) : undefined;
    // What the unit was, kept: its mentions and anchors now, its tree when asked for.
    let prepared = key ? store!.readJson<PreparedUnit>(key) : undefined;
    if (prepared) {
      unit.file.data.xrefs = prepared.xrefs;
      for (const w of prepared.warnings) Object.assign(unit.file.message(w.reason, { place: w.place, ruleId: w.ruleId, source: w.source }), w.note ? { note: w.note } : {});
      store!.touch(key!, 'hast.json');
      reused.push(unit.id);
      trees.set(unit.id, () => store!.readJson<Root>(key!, 'hast.json') ?? fail(unit.id));
    } else {
      made.push(unit.id);
      const before = unit.file.messages.length;
      const hast = await toHast(source.tree(), unit.file);
      // A single-file text's editors' note stands after its title, as a folder text's on its opening page.
      const note = unit.kind === 'text' ? editorsNote(unit.meta) : undefined;
      if (note) hast.children.splice(hast.children.findIndex((n) => n.type === 'element' && /^h[1-6]$/.test(n.tagName)) + 1, 0, note);
      // Mentions of persons, trials and glossary terms, tagged in the shared tree; then blocks numbered.
      const mentions = tag({ unit, tree: hast, file: unit.file });
      numberBlocks(unit.id, hast);
      const messages = unit.file.messages.slice(before);
      const warnings = messages.map((m) => ({
        reason: m.reason,
        place: m.line && m.column ? { line: m.line, column: m.column } : undefined,
        ruleId: m.ruleId,
        source: m.source,
        note: m.note,
      }));
      const notes = unit.file.data.notes ?? [];
      prepared = {
        mentions,
        editorial: unit.file.data.editorial ?? [],
        notes: { numbered: notes.filter((n) => !/^a\d+$/.test(n.label)).length, author: notes.filter((n) => /^a\d+$/.test(n.label)).length },
        figures: unit.file.data.figures ?? [],
        xrefs: unit.file.data.xrefs ?? [],
        anchors: anchorsIn(hast),
        blocks: blockLines(hast),
        warnings,
      };
      if (key && !messages.some((m) => m.fatal)) {
        store!.writeJson(key, hast, 'hast.json');
        store!.writeJson(key, prepared);
      }
      trees.set(unit.id, hast);
    }
    fileOf.set(unit.id, unit.file);
    unitMentions.push(prepared.mentions);
    if (prepared.editorial.length) editorial.set(unit.id, prepared.editorial);
    const count = notesByText.get(unit.textId) ?? { numbered: 0, author: 0 };
    notesByText.set(unit.textId, { numbered: count.numbered + prepared.notes.numbered, author: count.author + prepared.notes.author });
    if (prepared.figures.length) withFigures.push(unit);
    unitAnchors.set(unit.id, prepared.anchors);
    unitBlocks.set(unit.id, prepared.blocks);
    if (key) treeKeys.set(unit.id, key);
  }
  await breathe();
  const mentions = gatherMentions(unitMentions);
  // What the edition changed in each text, by class and by hand, marked where it stands.
  const found = manuscript.config.contents.back.includes('note-on-the-texts')
    ? findEmendations(manuscript.dir, emendationSources(manuscript), (id) => unitBlocks.get(id), apparatus.reasons.map((r) => r.record), options.cache?.ingest)
    : { texts: [], unusedReasons: [], marks: new Map<string, EmendationMark[]>() };
  // Each mark is put into its tree when the tree is first read (a tree the cache keeps and no
  // later stage reads is not read for it); the tree's key and anchors say the marks.
  for (const [unitId, marks] of found.marks) {
    trees.amend(unitId, (tree) => putMarks(tree, marks));
    const key = treeKeys.get(unitId);
    if (key) treeKeys.set(unitId, sha(key, JSON.stringify(marks)));
    unitAnchors.set(unitId, anchorsWithMarks(unitAnchors.get(unitId) ?? [], marks));
  }
  const emendations = found.texts;
  await breathe();
  const generate = generator(manuscript, apparatus, mentions, emendations, editorial);

  // Figures about the edition, stated in the editors' prose, computed from the data every build.
  const byText = editorialByText(manuscript, editorial);
  for (const unit of withFigures) {
    if (!('file' in unit)) continue;
    for (const node of fillFigures(trees.get(unit.id)!, { apparatus, emendations, notes: notesByText, editorial: byText })) {
      const m = unit.file.message(`\`:edition{of="${String(node.properties.dataOf)}"}\` names no figure of this book`, { place: node.position, ruleId: 'unknown-figure', source: 'markup' });
      m.fatal = true;
      m.note = 'Keys: notes:<text>, footnotes:<text>, joins:<text>, hand-changes:<text>, supplied:<text>, persons, terms, trials, trials:first, trials:last, trials:with-judge (or prosecutor, rehabilitation, verdicts, official). A text-based key needs that text, and joins and hand-changes the note on the texts.';
    }
    treeKeys.delete(unit.id);
  }
  // The apparatus's own trees, for their anchors (the targets of cross-references): made when
  // asked for. Their anchors are kept by what each is made from — the book's outline and the
  // data; the mentions (the index, the glossary, the concordance), or the emendations and the
  // editors' marks (the note on the texts) — and made again only when that changed.
  const book = store?.enabled ? sha(apparatus.fingerprint, JSON.stringify(manuscript.config), JSON.stringify(manuscript.units.map((u) => [u.id, u.kind, u.title])), JSON.stringify(manuscript.texts.map((t) => [t.id, t.meta]))) : undefined;
  const madeOf = (name: string) =>
    name === 'note-on-the-texts' ? sha(JSON.stringify(emendations), JSON.stringify([...editorial])) : (mentionsKey ??= sha(JSON.stringify(unitMentions)));
  let mentionsKey: string | undefined;
  const generatedKeys = new Map<string, string>();
  for (const unit of manuscript.units) {
    if (unit.kind !== 'generated') continue;
    trees.set(unit.id, () => generate(unit.id, 'epub', () => undefined)!);
    if (book) generatedKeys.set(unit.id, sha('generated', book, unit.id, unit.name, madeOf(unit.name)));
    const key = book ? store!.key('generated-anchors', book, unit.id, unit.name, madeOf(unit.name)) : undefined;
    const kept = key ? store!.readJson<[string, string][]>(key) : undefined;
    if (kept) unitAnchors.set(unit.id, kept);
    else {
      await breathe();
      const found = anchorsIn(trees.get(unit.id)!);
      unitAnchors.set(unit.id, found);
      if (key) store!.writeJson(key, found);
    }
  }

  for (const unitId of trees.ids()) {
    const found = unitAnchors.get(unitId) ?? anchorsIn(trees.get(unitId)!);
    addAnchors(unitId, found, anchors, (id, first) => {
      fileOf.get(unitId)?.message(`Anchor \`${id}\` is used twice (first in ${first.unitId})`, { ruleId: 'duplicate-anchor', source: 'xref' });
    });
  }
  // Units themselves are anchors too (a part, a text opener, a generated section).
  for (const unit of manuscript.units) {
    if (!anchors.has(unit.id)) anchors.set(unit.id, { id: unit.id, unitId: unit.id, label: unit.title });
    else anchors.get(unit.id)!.label ||= unit.title;
  }

  // Resolve cross-references: a dangling one stops the build at its place in the manuscript.
  for (const unit of manuscript.units) {
    if (!('file' in unit) || !unit.file.data.xrefs?.length) continue;
    const tree = trees.get(unit.id);
    if (!tree) continue;
    treeKeys.delete(unit.id);
    visit(tree, 'element', (node: Element) => {
      const to = node.properties.dataTo;
      if (node.tagName !== 'a' || typeof to !== 'string') return;
      const target = anchors.get(anchorForKey(to));
      if (!target) {
        const m = unit.file.message(`Cross-reference to \`${to}\`, which is not in the book`, {
          place: node.position,
          ruleId: 'dangling',
          source: 'xref',
        });
        m.fatal = true;
        m.note = 'Check the kind and id (book ids are listed in the apparatus files and chapter front matter).';
        return;
      }
      node.properties.href = `#${target.id}`;
      node.properties.dataLabel = target.label || target.id;
      node.children = [{ type: 'text', value: 'see' }];
    });
  }
  return { manuscript, apparatus, trees, treeKeys, made, reused, anchors, mentions, generate, generatedKeys, emendations, unusedReasons: found.unusedReasons };
}

function fail(unitId: string): never {
  throw new Error(`The cached tree of ${unitId} is gone (another build pruned it?): build again.`);
}

/** The generated units' trees, for a medium and its way of locating mentions. */
function generator(manuscript: Manuscript, apparatus: Apparatus, mentions: Mentions, emendations: TextEmendations[], editorial: Map<string, EditorialMark[]>) {
  const byText = editorialByText(manuscript, editorial);
  const textLabel = (textId: string) => {
    const text = manuscript.texts.find((t) => t.id === textId);
    return text?.meta.short ?? (text ? textId.charAt(0).toUpperCase() + textId.slice(1) : textId === 'introduction' ? 'the Introduction' : textId);
  };
  const textOrder = ['introduction', ...manuscript.texts.map((t) => t.id)];
  return (unitId: string, medium: Medium, locate: Locate): Root | undefined => {
    const unit = manuscript.units.find((u) => u.id === unitId);
    if (!unit || unit.kind !== 'generated') return undefined;
    const title = h('h2', { id: unit.id }, unit.title);
    let body: Element[] = [];
    switch (unit.name) {
      case 'index':
        body = [h('p.ix-intro', INDEX_INTRO), ...renderIndex({ apparatus, mentions, units: manuscript.units, textLabel, medium, locate })];
        break;
      case 'glossary':
        body = renderGlossary(apparatus, mentions, medium, locate);
        break;
      case 'concordance':
        body = renderConcordance({ apparatus, mentions, textLabel, textOrder, medium, locate });
        break;
      case 'note-on-the-texts':
        body = renderNoteOnTexts(manuscript.texts, emendations, byText, medium, locate, (id) => manuscript.units.find((u) => u.id === id)?.title ?? id);
        break;
    }
    return numberBlocks(unit.id, { type: 'root', children: [title, ...body] });
  };
}

/** The editors' marks of each text, in reading order, with the unit each stands in. */
function editorialByText(manuscript: Manuscript, editorial: Map<string, EditorialMark[]>) {
  const byText = new Map<string, (EditorialMark & { unitId: string })[]>();
  for (const u of manuscript.units) {
    const marks = editorial.get(u.id);
    if (!marks || !('textId' in u) || !u.textId) continue;
    byText.set(u.textId, [...(byText.get(u.textId) ?? []), ...marks.map((m) => ({ ...m, unitId: u.id }))]);
  }
  return byText;
}

/** Each text's units by manuscript file, for placing emendations. */
function emendationSources(manuscript: Manuscript): EmendationSource[] {
  return manuscript.texts.map((t) => {
    const unitsByFile = new Map<string, string>();
    for (const u of manuscript.units) {
      if ((u.kind === 'text' || u.kind === 'chapter' || u.kind === 'text-opener') && u.textId === t.id) {
        unitsByFile.set(relative(manuscript.dir, resolve(u.file.path)), u.id);
      }
    }
    return { textId: t.id, path: t.path, original: t.meta.original, unitsByFile };
  });
}

const INDEX_INTRO = `Persons named in the texts and the introduction, under the spelling of the name authority; each text keeps its own spelling, and other spellings point here. Dates and identifications are the editors’. ${VERIFICATION_NOTE} Entries with many references are divided by text and chapter.`;
