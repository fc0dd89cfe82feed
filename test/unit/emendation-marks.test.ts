/**
 * The marks of hand changes are placed from a unit's block lines (kept in the cache), not from
 * its tree: the tree is marked only when a later stage reads it. What the cache says must be what
 * the tree, once marked, holds: the same blocks marked, the same anchors in the same order.
 */
import type { Element, ElementContent, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { anchorsWithMarks, blockLines, type EmendationMark, placeMark, putMarks } from '../../build/apparatus/emendations.js';
import { anchorsIn } from '../../build/book/anchors.js';

/** An element numbered as a block (`data-b`), spanning lines `from`–`to` of its file. */
const block = (tagName: string, b: string, from: number, to: number, children: ElementContent[] = [], id?: string): Element => ({
  type: 'element',
  tagName,
  properties: { dataB: b, ...(id ? { id } : {}) },
  children,
  position: { start: { line: from, column: 1 }, end: { line: to, column: 1 } },
});
const text = (value: string): ElementContent => ({ type: 'text', value });
const span = (id: string): Element => ({ type: 'element', tagName: 'span', properties: { id }, children: [text(id)] });

/** A chapter: a heading, a paragraph with a mention, a quotation holding a paragraph, a closing paragraph. */
const chapter = (): Root => ({
  type: 'root',
  children: [
    block('h2', 'c.1', 1, 1, [text('Title')], 'c-title'),
    block('p', 'c.2', 3, 5, [text('Words '), span('c-p1'), text(' more')]),
    block('blockquote', 'c.3', 7, 10, [block('p', 'c.4', 8, 9, [text('Quoted')], 'c-q')]),
    block('p', 'c.5', 12, 12, [text('End')], 'c-end'),
  ],
});

describe('emendation marks', () => {
  const blocks = blockLines(chapter());
  // Two changes in one paragraph, one inside the quotation, one between blocks, one at the end.
  const lines: [number, string][] = [[4, 'emend-c-1'], [5, 'emend-c-2'], [8, 'emend-c-3'], [11, 'emend-c-4'], [12, 'emend-c-5']];
  const marks = lines.map(([line, anchor]) => placeMark(blocks, line, anchor)).filter((m): m is EmendationMark => !!m);

  it('go to the innermost block holding the line, and nowhere when no block holds it', () => {
    expect(marks.map((m) => [m.anchor, m.block])).toEqual([
      ['emend-c-1', 'c.2'],
      ['emend-c-2', 'c.2'],
      ['emend-c-3', 'c.4'],
      ['emend-c-5', 'c.5'],
    ]);
  });

  it('stand at the start of their block, the later change first', () => {
    const tree = chapter();
    putMarks(tree, marks);
    const [, p, quote, end] = tree.children as Element[];
    const ids = (e: Element) => e.children.flatMap((c) => (c.type === 'element' && typeof c.properties.id === 'string' ? [c.properties.id] : []));
    expect(ids(p!)).toEqual(['emend-c-2', 'emend-c-1', 'c-p1']);
    expect(ids((quote!.children[0] as Element))).toEqual(['emend-c-3']);
    expect(ids(end!)).toEqual(['emend-c-5']);
  });

  it('are listed among the anchors where the marked tree has them', () => {
    const tree = chapter();
    const before = anchorsIn(tree);
    putMarks(tree, marks);
    expect(anchorsWithMarks(before, marks)).toEqual(anchorsIn(tree));
    expect(anchorsIn(tree).map(([id]) => id)).toEqual(['c-title', 'emend-c-2', 'emend-c-1', 'c-p1', 'c-q', 'emend-c-3', 'c-end', 'emend-c-5']);
  });
});
