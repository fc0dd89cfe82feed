/**
 * The editors' marks inside a text: what they added or doubt, marked as theirs in both editions
 * and listed at its place in the note on the texts.
 *
 *   :supplied[Background]      words the copy lacks, supplied by the editors: printed in [brackets]
 *   :supplied[[^a1]]           a note marker the copy lost, restored
 *   :break                     a paragraph break the copy did not have, placed by the editors
 *                              (at the start of the paragraph it opens): printed as a pilcrow
 *   :sic[anymous]{why="…"}     the copy's reading kept, though doubtful: printed with [sic]
 *
 * Each mark gets an id (`<unit>-ed<n>`) and is recorded in `file.data.editorial`.
 */
import type { Parent, PhrasingContent } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import type { EditorialMark } from '../data.js';

const KINDS = ['supplied', 'break', 'sic'] as const;
export const isEditorial = (name: string): name is EditorialMark['kind'] => (KINDS as readonly string[]).includes(name);

const text = (value: string): PhrasingContent => ({ type: 'text', value });
/** Brackets and labels that are the editors', not the text's: a class of their own. */
const mark = (value: string, children: PhrasingContent[] = [text(value)]): PhrasingContent =>
  ({ type: 'emphasis', children, data: { hName: 'span', hProperties: { className: ['ed-mark'] } } }) as PhrasingContent;

export function editorialMark(d: TextDirective, file: VFile, n: number, parent: Parent | undefined) {
  const inHeading = parent?.type === 'heading';
  const kind = d.name as EditorialMark['kind'];
  const id = `${file.data.unitId ?? 'doc'}-ed${n}`;
  const fail = (reason: string, note: string) => {
    const m = file.message(reason, { place: d.position, ruleId: 'editorial-syntax', source: 'markup' });
    m.fatal = true;
    m.note = note;
  };
  if (kind === 'break') {
    if (d.children.length) return fail('`:break` takes no text', 'Write `:break` at the start of the paragraph the editors begin.');
    // What the new paragraph begins with, for the list of breaks.
    const opening = parent ? toString(parent).trim().replace(/\s+/g, ' ').split(' ').slice(0, 7).join(' ') : '';
    d.data = { hName: 'span', hProperties: { id, className: ['ed-break'], title: 'Paragraph break supplied by the editors' } };
    d.children = [text('¶')];
    file.data.editorial!.push({ kind, id, text: opening, where: 'text' });
    return;
  }
  if (!d.children.length) return fail(`\`:${kind}\` without text`, `Write \`:${kind}[the words]\`.`);
  const words = toString(d);
  if (kind === 'supplied') {
    d.data = { hName: 'span', hProperties: { id, className: ['supplied'], title: 'Supplied by the editors' } };
    d.children = [mark('['), ...d.children, mark(']')];
    const marker = d.children.some((c) => c.type === 'footnoteReference');
    file.data.editorial!.push({ kind, id, text: words, where: marker ? 'note-marker' : inHeading ? 'heading' : 'text' });
    return;
  }
  const why = d.attributes?.why;
  if (!why) return fail('`:sic` needs the editors’ reason', 'Write `:sic[anymous]{why="…"}`: why the reading is doubtful, and what it may stand for.');
  d.data = { hName: 'span', hProperties: { id, className: ['sic'] } };
  d.children = [...d.children, text(' '), mark('', [text('['), { type: 'emphasis', children: [text('sic')] }, text(']')])];
  file.data.editorial!.push({ kind, id, text: words, why, where: 'text' });
}
