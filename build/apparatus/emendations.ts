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
 * Emendations of every text whose original and ingester are known, with marks put into the
 * unit trees at the place of each hand change.
 */
export function findEmendations(
  manuscript: string,
  sources: EmendationSource[],
  trees: { get(unitId: string): Root | undefined },
  reasons: Reason[] = [],
  store?: Store,
): { texts: TextEmendations[]; unusedReasons: Reason[] } {
  const result: TextEmendations[] = [];
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
      // Numbered within the unit: a change in one chapter leaves every other chapter's marks as they were.
      let ordinal = 0;
      for (const c of compareWords(ingested, current)) {
        const anchor = `emend-${unitId}-${++ordinal}`;
        const r = reasonLines.find(({ at }) => at.includes(c.line))?.x;
        if (r) used.add(r);
        const reason = r ? { was: r.was, reads: r.reads, why: r.reason } : undefined;
        if (markAt(trees.get(unitId), c.line, anchor)) changes.push({ ...c, anchor, unitId, file: rel, reason });
      }
    }
    result.push({ textId: source.textId, original: source.original!, record: fresh.record, changes });
  }
  return { texts: result, unusedReasons: reasons.filter((r) => !used.has(r)) };
}


/** Put an empty marked span at the start of the block that holds `line`. */
function markAt(tree: Root | undefined, line: number, anchor: string): boolean {
  if (!tree) return false;
  let target: Element | undefined;
  visit(tree, 'element', (node: Element) => {
    const p = node.position;
    if (!p || typeof node.properties.dataB !== 'string') return;
    if (p.start.line <= line && p.end.line >= line) target = node;
  });
  if (!target) return false;
  target.children.unshift({ type: 'element', tagName: 'span', properties: { id: anchor, className: ['emendation'] }, children: [] });
  return true;
}
