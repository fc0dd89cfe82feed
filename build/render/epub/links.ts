/**
 * Links in the EPUB: a link to `#id` points at the file the id ended up in; cross-references
 * name their target; attributes only the print needs are dropped.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { AnchorMap } from '../../book/anchors.js';

/** Data attributes are the print's (and epub-gen-memory would strip them with a warning). */
const PRINT_ONLY = /^data[A-Z]/;

/** Rewrite the links of `tree` (a copy of a unit's tree: it is changed in place). */
export function rewriteLinks(tree: Root, unitId: string, anchors: AnchorMap, fileOf: (unitId: string) => string): Root {
  visit(tree, 'element', (node: Element) => {
    const label = node.properties.dataLabel;
    for (const key of Object.keys(node.properties)) if (PRINT_ONLY.test(key)) delete node.properties[key];
    const href = node.properties.href;
    if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return;
    const id = href.slice(1);
    const anchor = anchors.get(id);
    if (anchor && anchor.unitId !== unitId) node.properties.href = `${fileOf(anchor.unitId)}#${id}`;
    if (typeof label === 'string' && (node.properties.className as string[] | undefined)?.includes('xref')) {
      node.children = [{ type: 'text', value: `see ${label}` }];
    }
  });
  return tree;
}
