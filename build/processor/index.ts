/**
 * The one Markdown processor of the toolchain: Markdown → mdast → hast, shared by every
 * target. Targets part only after this (EPUB chapters, the print document).
 */
import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { remarkDirectives } from './plugins/directives.js';
import { rehypeHeadings } from './plugins/headings.js';
import { rehypeLangRu } from './plugins/lang.js';
import { remarkNotes } from './plugins/notes.js';
import { remarkUnsupported } from './plugins/unsupported.js';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective);

const transformer = unified()
  // What the book cannot render is reported first, while the tree is as the editor wrote it.
  .use(remarkUnsupported)
  // Directives next: they turn verse and cross-references into nodes the later steps keep.
  .use(remarkDirectives)
  .use(remarkNotes)
  .use(remarkRehype)
  .use(rehypeHeadings)
  .use(rehypeLangRu);

/** Parse a manuscript file; the front matter stays as the tree's first node. */
export function parse(file: VFile): MdastRoot {
  return parser.parse(file);
}

/** Transform a parsed file into hast. Messages land on `file`. */
export async function toHast(tree: MdastRoot, file: VFile): Promise<HastRoot> {
  return (await transformer.run(tree, file)) as HastRoot;
}
