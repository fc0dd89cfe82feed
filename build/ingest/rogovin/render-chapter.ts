/**
 * A chapter file's Markdown body: the heading from the contents list, the text, then the
 * notes (`[^1]: …`) and the author's footnotes (`[^a1]: …`) as GFM footnote definitions.
 */
import type { LinkedChapter } from './link-chapter.js';
import { entryHeading, type ContentsEntry } from './parse-contents.js';
import { escapeDirectiveColons, escapeParagraph, renderCaption, renderDefinition, renderVerse } from './render-markdown.js';

export function renderChapter(entry: ContentsEntry, linked: LinkedChapter, notes: Map<number, { text: string }>, captions: 'keep' | 'remove'): string {
  const parts: string[] = [`# ${entryHeading(entry)}`];
  for (const item of linked.chapter.items) {
    if (item.kind === 'paragraph') parts.push(item.list ? escapeDirectiveColons(item.text) : escapeParagraph(item.text));
    else if (item.kind === 'verse') parts.push(renderVerse(item.lines, item.attribution));
    else if (item.kind === 'caption' && captions === 'keep') parts.push(renderCaption(item.lines.join(' ')));
  }
  for (const n of [...notes.keys()].sort((a, b) => a - b)) parts.push(renderDefinition(String(n), notes.get(n)!.text));
  linked.footnotes.forEach((text, k) => parts.push(renderDefinition(`a${k + 1}`, text)));
  return parts.join('\n\n') + '\n';
}
