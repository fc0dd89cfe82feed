/**
 * Every anchor of the book and the unit it lives in: what EPUB links need to find their file,
 * and what cross-references resolve against.
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

export interface Anchor {
  id: string;
  unitId: string;
  /** A title for links that name their target: the heading's text, or the element's text. */
  label: string;
}

export type AnchorMap = Map<string, Anchor>;

/** The ids of a tree's elements, in document order, each with its label (a heading's text). */
export function anchorsIn(tree: Root): [id: string, label: string][] {
  const found: [string, string][] = [];
  visit(tree, 'element', (node: Element) => {
    const id = node.properties.id;
    if (typeof id === 'string') found.push([id, /^h[1-6]$/.test(node.tagName) ? toString(node) : '']);
  });
  return found;
}

/** Add a unit's anchors to the book's; an id already taken is reported through `duplicate`. */
export function addAnchors(unitId: string, found: [string, string][], into: AnchorMap, duplicate: (id: string, first: Anchor) => void) {
  for (const [id, label] of found) {
    const first = into.get(id);
    if (first) duplicate(id, first);
    else into.set(id, { id, unitId, label });
  }
}

/** The anchor id a cross-reference key names: `trial:sixteen-1936` → `trial-sixteen-1936`. */
export function anchorForKey(key: string): string {
  const [kind, id = ''] = key.split(':') as [string, string?];
  switch (kind) {
    case 'text':
    case 'chapter':
    case 'apparatus':
      return id;
    case 'note': {
      // note:rogovin-12-5 → rogovin-12-n5
      const m = /^(.*)-([a-z0-9]+)$/.exec(id);
      return m ? `${m[1]}-n${m[2]}` : id;
    }
    default:
      return `${kind}-${id}`;
  }
}
