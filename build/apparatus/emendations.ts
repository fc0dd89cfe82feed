/**
 * The list of emendations: what the edition changed in each text, found anew on every build.
 *
 * Ingest is reproducible, so the originals run through the ingest rules again give the
 * mechanical changes (counted by class) and the deliberate removals (counted by class, with
 * their words). A word-level comparison of that fresh ingest with the manuscript as it stands
 * gives every change made by hand since: each is listed with its place, which is marked in
 * the text (`<span id="emend-…">`) so that print can give its page and the EPUB a link.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { diffArrays } from 'diff';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { Ingester, IngestRecord, IngestResult } from '../ingest/record.js';
import { ingesters } from '../ingest/registry.js';
import type { Store } from '../cache/store.js';

export interface HandChange {
  /** Anchor of the mark in the text. */
  anchor: string;
  unitId: string;
  /** Manuscript file (relative to the manuscript folder) and line. */
  file: string;
  line: number;
  removed: string;
  added: string;
  /** A few words around, as the edition now reads. */
  context: string;
  /** The editors' reason, from emendations.yaml, with how the passage read and reads. */
  reason?: { was: string; reads: string; why: string };
}

/** `manuscript/emendations.yaml`: the editors' reasons for their hand changes. */
export const reasonsSchema = z.array(z.strictObject({ file: z.string().min(1), was: z.string().min(1), reads: z.string().min(1), reason: z.string().min(3) }));
export type Reason = z.infer<typeof reasonsSchema>[number];

export interface TextEmendations {
  textId: string;
  original: string;
  record: IngestRecord;
  changes: HandChange[];
}

interface Token {
  word: string;
  line: number;
}

/**
 * The editors' markup is not a change of the text: `:person[Smirnov]{id=…}` reads “Smirnov”, and
 * so does `:trial[…]{id=…}`, `:sic[…]{why=…}`. What the editors supply (`:supplied[…]`, `:break`)
 * is theirs and marked so: it is listed with the marks, not as a hand change.
 */
export function withoutEditorialMarkup(text: string): string {
  return text
    .replace(/:(?:person|trial|sic)\[((?:[^\][]|\[[^\]]*\])*)\]\{[^}]*\}/g, '$1')
    .replace(/:supplied\[((?:[^\][]|\[[^\]]*\])*)\]/g, '')
    .replace(/:break ?/g, '');
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  text.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(/\S+/g)) out.push({ word: m[0], line: i + 1 });
  });
  return out;
}

/** Hand changes in one file: the fresh ingest's words against the manuscript's. */
export function compareWords(ingested: string, current: string): Omit<HandChange, 'anchor' | 'unitId' | 'file'>[] {
  const a = tokens(ingested);
  const b = tokens(withoutEditorialMarkup(current));
  const parts = diffArrays(
    a.map((t) => t.word),
    b.map((t) => t.word),
  );
  const changes: Omit<HandChange, 'anchor' | 'unitId' | 'file'>[] = [];
  let ib = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      ib += part.count ?? part.value.length;
      continue;
    }
    // A removal followed by an addition is one replacement.
    const removed = part.removed ? part.value : [];
    const next = parts[i + 1];
    const added = part.added ? part.value : next?.added ? next.value : [];
    if (part.removed && next?.added) i++;
    const line = b[Math.min(ib, b.length - 1)]?.line ?? 1;
    const context = b.slice(Math.max(0, ib - 3), ib + added.length + 3).map((t) => t.word).join(' ');
    changes.push({ line, removed: removed.join(' '), added: added.join(' '), context });
    ib += added.length;
  }
  return changes;
}

export interface EmendationSource {
  textId: string;
  /** Path of the text in the manuscript (a file, or a folder). */
  path: string;
  original?: string;
  /** Units of the text by manuscript file path (relative to the manuscript folder). */
  unitsByFile: Map<string, string>;
}

/**
 * A fresh ingest of an original, kept in the cache by the hash of the original (and of the
 * toolchain, in the store's keys): the same original and rules give the same result.
 */
function freshIngest(ingester: Ingester, raw: string, store: Store | undefined): IngestResult {
  const key = store?.enabled ? store.key('ingest', raw) : undefined;
  const known = key ? store!.readJson<IngestResult>(key) : undefined;
  if (known) return known;
  const result = ingester.ingest(raw);
  if (key) store!.writeJson(key, result);
  return result;
}

/**
 * A unit's numbered blocks in document order, with the lines they span in its file and how many
 * of the unit's anchors come before a mark put at the block's start: where a hand change on a
 * line is marked, found without the tree (which the cache then need not read).
 */
export type BlockLines = [block: string, start: number, end: number, anchorsBefore: number][];

export function blockLines(tree: Root): BlockLines {
  const out: BlockLines = [];
  let anchors = 0;
  visit(tree, 'element', (node: Element) => {
    if (typeof node.properties.id === 'string') anchors++;
    const p = node.position;
    if (p && typeof node.properties.dataB === 'string') out.push([node.properties.dataB, p.start.line, p.end.line, anchors]);
  });
  return out;
}

/** Where a hand change is marked: the innermost (last in document order) block that holds its line. */
export interface EmendationMark {
  anchor: string;
  block: string;
  /** The mark's place among the unit's anchors. */
  anchorsBefore: number;
}

/** Where the mark of a change on `line` goes: the innermost block that holds the line; none if no block does. */
export function placeMark(blocks: BlockLines, line: number, anchor: string): EmendationMark | undefined {
  const block = blocks.findLast(([, start, end]) => start <= line && end >= line);
  return block && { anchor, block: block[0], anchorsBefore: block[3] };
}

/** A unit's anchors (as `anchorsIn` lists them) with its marks among them, each where `putMarks` puts it. */
export function anchorsWithMarks(anchors: [string, string][], marks: EmendationMark[]): [string, string][] {
  const out = [...anchors];
  // From the last place to the first, so that each place counts the anchors before any mark.
  const ordered = marks.map((m, i) => ({ m, i })).sort((a, b) => b.m.anchorsBefore - a.m.anchorsBefore || a.i - b.i);
  for (const { m } of ordered) out.splice(m.anchorsBefore, 0, [m.anchor, '']);
  return out;
}

/** Put each mark, an empty span, at the start of its block. */
export function putMarks(tree: Root, marks: EmendationMark[]) {
  const at = new Map<string, EmendationMark[]>();
  for (const m of marks) at.set(m.block, [...(at.get(m.block) ?? []), m]);
  visit(tree, 'element', (node: Element) => {
    const here = typeof node.properties.dataB === 'string' ? at.get(node.properties.dataB) : undefined;
    // Marked in turn, each before the one marked earlier, as they were put one by one.
    for (const m of here ?? []) node.children.unshift({ type: 'element', tagName: 'span', properties: { id: m.anchor, className: ['emendation'] }, children: [] });
  });
}

/**
 * Emendations of every text whose original and ingester are known, with the place where each
 * hand change is marked in its unit (`marks`, by unit id; put into the trees by `putMarks`).
 */
export function findEmendations(
  manuscript: string,
  sources: EmendationSource[],
  blocksOf: (unitId: string) => BlockLines | undefined,
  reasons: Reason[] = [],
  store?: Store,
): { texts: TextEmendations[]; unusedReasons: Reason[]; marks: Map<string, EmendationMark[]> } {
  const result: TextEmendations[] = [];
  const marks = new Map<string, EmendationMark[]>();
  const used = new Set<Reason>();
  for (const source of sources) {
    const ingester = Object.values(ingesters).find((i) => i.original === source.original);
    const originalPath = join(manuscript, 'originals', source.original ?? '');
    if (!ingester || !existsSync(originalPath)) continue;
    const fresh = freshIngest(ingester, readFileSync(originalPath, 'utf8'), store);
    const changes: HandChange[] = [];
    for (const file of fresh.files) {
      const rel = join('sources', file.path);
      const path = join(manuscript, rel);
      const unitId = source.unitsByFile.get(rel);
      if (!existsSync(path) || !unitId) continue;
      const current = readFileSync(path, 'utf8');
      const ingested = withoutEditorialMarkup(file.content);
      if (withoutEditorialMarkup(current) === ingested) continue;
      // The lines on which each of the file's reasons reads as it says.
      const lines = current.split('\n');
      const reasonLines = reasons
        .filter((x) => x.file === rel)
        .map((x) => ({ x, at: lines.flatMap((l, i) => (l.includes(x.reads) ? [i + 1] : [])) }));
      const blocks = blocksOf(unitId) ?? [];
      const unitMarks: EmendationMark[] = [];
      // Numbered within the unit: a change in one chapter leaves every other chapter's marks as they were.
      let ordinal = 0;
      for (const c of comparedWords(ingested, current, store)) {
        const anchor = `emend-${unitId}-${++ordinal}`;
        const r = reasonLines.find(({ at }) => at.includes(c.line))?.x;
        if (r) used.add(r);
        const reason = r ? { was: r.was, reads: r.reads, why: r.reason } : undefined;
        const mark = placeMark(blocks, c.line, anchor);
        if (!mark) continue;
        unitMarks.push(mark);
        changes.push({ ...c, anchor, unitId, file: rel, reason });
      }
      if (unitMarks.length) marks.set(unitId, unitMarks);
    }
    result.push({ textId: source.textId, original: source.original!, record: fresh.record, changes });
  }
  return { texts: result, unusedReasons: reasons.filter((r) => !used.has(r)), marks };
}

/** `compareWords`, kept in the cache by the two texts: a correction compares its own file again, not every file with a hand change. */
function comparedWords(ingested: string, current: string, store: Store | undefined) {
  const key = store?.enabled ? store.key('compare-words', ingested, current) : undefined;
  const known = key ? store!.readJson<ReturnType<typeof compareWords>>(key) : undefined;
  if (known) return known;
  const result = compareWords(ingested, current);
  if (key) store!.writeJson(key, result);
  return result;
}

