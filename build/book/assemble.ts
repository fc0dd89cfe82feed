/**
 * The book-level transform: every file becomes hast (one processor, one fresh VFile each),
 * the anchors of the whole book are collected, and cross-references are resolved against
 * them. What comes out is the one tree per unit that both targets render.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { toHast } from '../processor/index.js';
import type { Manuscript } from '../manuscript/load.js';
import type { Unit } from '../manuscript/units.js';
import { type AnchorMap, anchorForKey, collectAnchors } from './anchors.js';

export interface AssembledBook {
  manuscript: Manuscript;
  /** hast per unit id, for units made from files and for generated units. */
  trees: Map<string, Root>;
  anchors: AnchorMap;
}

const SHIFT: Record<Unit['kind'], number> = { front: 0, part: 0, 'text-opener': 1, text: 1, chapter: 2, generated: 0 };

/** Generated units (apparatus) register their hast here before assembly; none exist yet. */
export type GeneratedRenderer = (book: Manuscript) => Root;

export async function assemble(manuscript: Manuscript, generated: Partial<Record<string, GeneratedRenderer>> = {}): Promise<AssembledBook> {
  const trees = new Map<string, Root>();
  const anchors: AnchorMap = new Map();
  const fileOf = new Map<string, VFile>();

  for (const unit of manuscript.units) {
    if (unit.kind === 'front' || unit.kind === 'text' || unit.kind === 'chapter') {
      const tree = manuscript.trees.get(unit.id)!;
      unit.file.data.unitId = unit.id;
      unit.file.data.headingShift = SHIFT[unit.kind];
      unit.file.data.meta = unit.meta;
      const hast = await toHast(tree, unit.file);
      unit.hast = hast;
      trees.set(unit.id, hast);
      fileOf.set(unit.id, unit.file);
    } else if (unit.kind === 'generated') {
      const render = generated[unit.name];
      if (render) trees.set(unit.id, render(manuscript));
    }
  }

  for (const [unitId, tree] of trees) {
    collectAnchors(unitId, tree, anchors, (id, first) => {
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
  return { manuscript, trees, anchors };
}
