/**
 * Markdown the book does not render is reported at its place, never dropped in silence: raw
 * HTML (an HTML comment excepted: it is the editors' own note and is meant to vanish), images,
 * links to anything but the web (http, https) and mail, a container directive left unclosed
 * (it would swallow the rest of the file), and headings deeper than the book's six levels.
 *
 * Runs on the Markdown tree, before anything else transforms it.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** Schemes a link in a text may have: nothing in the book loads or runs what a link names. */
export const SAFE_SCHEMES = ['http:', 'https:', 'mailto:'];

/** Why a link target is not allowed, or undefined if it is. */
export function unsafeLink(url: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url.trim())?.[1]?.toLowerCase();
  if (scheme) return SAFE_SCHEMES.includes(scheme) ? undefined : `a \`${scheme}\` link`;
  if (url.startsWith('#')) return 'a link to an anchor';
  return 'a link to a file';
}

const COMMENT = /^\s*<!--[\s\S]*?-->\s*$/;
const FENCE = /^\s*(>\s*)*:{3,}\s*$/;

export const remarkUnsupported: Plugin<[], Root> = () => (tree: Root, file: VFile) => {
  const error = (reason: string, place: unknown, ruleId: string, note: string) => {
    const m = file.message(reason, { place: place as never, ruleId, source: 'markup' });
    m.fatal = true;
    m.note = note;
  };
  const lines = String(file.value).split('\n');
  const shift = file.data.headingShift ?? 0;
  const definitions = new Map<string, string>();
  visit(tree, 'definition', (node) => {
    definitions.set(node.identifier, node.url);
  });
  visit(tree, (node) => {
    switch (node.type) {
      case 'html':
        if (!COMMENT.test(node.value)) {
          error(`Raw HTML \`${node.value.trim().slice(0, 40)}\` is not rendered: it would vanish from the book`, node.position, 'raw-html', 'Write it in Markdown (*italics*, > quotations, :::verse) or remove it; an HTML comment <!-- … --> is allowed and prints nothing.');
        }
        break;
      case 'image':
      case 'imageReference':
        error('An image is not rendered: the book has no figures', node.position, 'image', 'Remove the image, or describe it in words. An image from the web would also make the book load a remote resource.');
        break;
      case 'link':
      case 'linkReference': {
        const url = node.type === 'link' ? node.url : definitions.get(node.identifier);
        const why = url === undefined ? undefined : unsafeLink(url);
        if (why) {
          error(`Link to \`${url}\`: ${why} is not allowed in a text`, node.position, 'unsafe-link', `Links may go to ${SAFE_SCHEMES.map((s) => s.slice(0, -1)).join(', ')} addresses only; a reference inside the book is :see{to="chapter:…"}.`);
        }
        break;
      }
      case 'containerDirective': {
        const end = node.position?.end.line;
        if (end !== undefined && !FENCE.test(lines[end - 1] ?? '')) {
          file.data.unclosed = true;
          error(`\`:::${node.name}\` is never closed`, node.position?.start, 'unclosed-directive', `Close it with a line of ${':'.repeat(3)} (as many colons as it opened with); until then it runs to the end of the ${end >= lines.length - 1 ? 'file' : 'block around it'}.`);
        }
        break;
      }
      case 'heading':
        if (node.depth + shift > 6) {
          const m = file.message(`A heading of level ${node.depth} is level ${node.depth + shift} in the book, deeper than the six levels there are`, { place: node.position, ruleId: 'heading-depth', source: 'markup' });
          m.note = `Use at most ${'#'.repeat(6 - shift)} in this file; it prints as a level-6 heading.`;
        }
        break;
    }
  });
};
