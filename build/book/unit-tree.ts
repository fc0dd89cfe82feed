/**
 * The book's units as a tree — parts, texts, chapters — with the title each shows in a table of
 * contents. The print's outline and contents and the EPUB's navigation are all made from it.
 */
import { partLabel } from '../manuscript/load.js';
import type { Unit } from '../manuscript/units.js';

export interface UnitNode {
  unit: Unit;
  title: string;
  children: UnitNode[];
}

/** "Part Two: Sources and Testimony", or the unit's own title. */
export const contentsTitle = (unit: Unit) => (unit.kind === 'part' ? `${partLabel(unit.number)}: ${unit.title}` : unit.title);

/** Units nest by depth: each goes under the nearest shallower one before it. */
export function unitTree(units: Unit[]): UnitNode[] {
  const root: UnitNode[] = [];
  const stack: UnitNode[] = [];
  for (const unit of units) {
    const node: UnitNode = { unit, title: contentsTitle(unit), children: [] };
    while (stack.length && stack.at(-1)!.unit.depth >= unit.depth) stack.pop();
    (stack.at(-1)?.children ?? root).push(node);
    stack.push(node);
  }
  return root;
}
