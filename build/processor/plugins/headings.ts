/**
 * Headings fit the book: pushed down to their level in the book's structure, and given
 * stable ASCII ids (the PDF outline and the EPUB's links need them), prefixed by the unit.
 */
import GithubSlugger from 'github-slugger';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const HEADING = /^h([1-6])$/;

/** ASCII slug: accents folded, anything else dropped. */
export function asciiSlug(text: string, slugger: GithubSlugger): string {
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const slug = slugger.slug(folded).replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return slug || 'section';
}

export const rehypeHeadings: Plugin<[], Root> = () => (tree: Root, file: VFile) => {
  const shift = file.data.headingShift ?? 0;
  const unit = file.data.unitId ?? 'doc';
  const slugger = new GithubSlugger();
  let first = true;
  visit(tree, 'element', (node: Element) => {
    const level = HEADING.exec(node.tagName);
    if (!level) return;
    node.tagName = `h${Math.min(6, Number(level[1]) + shift)}`;
    if (!node.properties.id) {
      // The unit's own title carries the unit id, so that `#rogovin-12` is the chapter's start.
      node.properties.id = first ? unit : `${unit}-${asciiSlug(toString(node), slugger)}`;
    }
    first = false;
  });
};
