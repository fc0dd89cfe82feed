/**
 * Number the blocks of a unit (`data-b="rogovin-12.34"`), in document order. The print reads back
 * on which page each numbered block starts; the EPUB puts the print edition's page breaks at the
 * same blocks. Both render from the same trees, so the numbers agree.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export const BLOCKS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt', 'dd', 'blockquote', 'th', 'td']);

export function numberBlocks(unitId: string, tree: Root): Root {
  let n = 0;
  visit(tree, 'element', (node: Element) => {
    if (BLOCKS.has(node.tagName)) node.properties.dataB = `${unitId}.${++n}`;
  });
  return tree;
}
