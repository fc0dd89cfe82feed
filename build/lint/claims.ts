/**
 * The editors' own prose (the introduction) states facts; its record of checks, `<file>.checks.yaml`
 * beside it, says which claim was checked against what:
 *
 *   - says: "681,692 sentenced to death"          # words of the prose, exactly
 *     against: "Getty, Rittersporn and Zemskov, American Historical Review 98 (1993), p. 1024"
 *
 * A sentence that states a figure or a date (it has a digit) must hold a checked claim, unless
 * its figures are all the edition's own, computed (`:edition{…}`); a claim whose words the prose
 * no longer has is stale. An unverifiable claim is rewritten or left out, not kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { z } from 'zod';
import { readYaml, shownPath } from '../config/yaml-file.js';
import type { Store } from '../cache/store.js';
import { type KeptMessage, keepMessages, replayMessages } from '../cache/messages.js';
import type { Manuscript } from '../manuscript/load.js';

export const claimsSchema = z.array(
  z.strictObject({
    says: z.string().min(3),
    against: z.string().min(8, 'name the reference: a work and its place, or a text of this edition and its chapter'),
  }),
);

export const claimsPath = (markdownPath: string) => markdownPath.replace(/\.md$/, '.checks.yaml');

/** Prose as a reader reads it: the cross-references and figures reduced to nothing. */
const plain = (s: string) => s.replace(/\s+/g, ' ').replace(/[“”]/g, '"').replace(/[‘’]/g, "'");

export function lintClaims(tree: Root, file: VFile, path: string): VFile | undefined {
  const checksPath = claimsPath(path);
  // No record yet is an empty one: every claim is unchecked.
  const record = existsSync(checksPath) ? readYaml(checksPath, claimsSchema, 'verify') : undefined;
  if (record && !record.data) return record.file;
  const data = record?.data ?? [];
  const checks = record?.file;
  const place = record?.place ?? (() => undefined);
  const used = new Set<number>();
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  visit(tree, (node) => {
    if (node.type !== 'paragraph' && node.type !== 'listItem') return undefined;
    // The paragraph's text without the edition's computed figures, which need no check.
    const withoutFigures = structuredClone(node);
    visit(withoutFigures, 'textDirective', (d) => {
      if (d.name === 'edition' || d.name === 'see') d.children = [];
    });
    const text = plain(toString(withoutFigures));
    for (const { segment } of segmenter.segment(text)) {
      const hits = data.flatMap((c, i) => (segment.includes(plain(c.says)) ? [i] : []));
      hits.forEach((i) => used.add(i));
      if (!/\d/.test(segment) || hits.length) continue;
      const m = file.message(`A sentence that states a figure or a date with no checked claim: “${segment.trim().split(' ').slice(0, 8).join(' ')} …”`, {
        place: node.position?.start,
        ruleId: 'unchecked-claim',
        source: 'verify',
      });
      m.note = `Check it and add \`- says: "<its words>"\` with \`against:\` to ${checksPath.split('/').slice(-2).join('/')}; or rewrite it.`;
    }
    return 'skip';
  });
  data.forEach((c, i) => {
    if (used.has(i) || !checks) return;
    const m = checks.message(`The prose no longer says “${c.says}”`, { place: place([i, 'says']), ruleId: 'stale-claim', source: 'verify' });
    m.note = 'Correct `says` to the words the prose now has, or remove the entry.';
  });
  return checks;
}

/**
 * Every front-matter unit against its record of checks: the files with messages (the records).
 * `store`: the result is kept by the prose and the record as they are; the same two give the
 * same warnings again without reading either (the build's; `check` reads afresh).
 */
export function lintFrontClaims(manuscript: Manuscript, store?: Store): VFile[] {
  const records: VFile[] = [];
  for (const unit of manuscript.units) {
    const source = manuscript.sources.get(unit.id);
    if (unit.kind !== 'front' || !source || !('file' in unit)) continue;
    const path = resolve(unit.file.path);
    const checksPath = claimsPath(path);
    const checksText = existsSync(checksPath) ? readFileSync(checksPath) : undefined;
    const key = store?.enabled && source.key ? store.key('claims', source.key, checksText ?? '') : undefined;
    const known = key ? store!.readJson<{ prose: KeptMessage[]; record?: KeptMessage[] }>(key) : undefined;
    if (known) {
      replayMessages(unit.file, known.prose);
      if (known.record) {
        const record = new VFile({ path: shownPath(checksPath), value: checksText!.toString('utf8') });
        replayMessages(record, known.record);
        records.push(record);
      }
      continue;
    }
    const before = unit.file.messages.length;
    const record = lintClaims(source.tree(), unit.file, path);
    if (record) records.push(record);
    const fatal = [...unit.file.messages.slice(before), ...(record?.messages ?? [])].some((m) => m.fatal);
    if (key && !fatal) store!.writeJson(key, { prose: keepMessages(unit.file, before), record: record && keepMessages(record) });
  }
  return records;
}
