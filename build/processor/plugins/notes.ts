/**
 * Notes: GFM footnotes become endnotes of their chapter, linked both ways.
 *
 * The manuscript label is kept as the number the reader sees (`[^22]` shows 22), so the
 * book's own numbering survives; author's asterisk notes (`[^a1]`, `[^a2]`) show `*`, `**`.
 * A reference without a note is an error; a note nobody refers to is a warning.
 */
import type { FootnoteDefinition, Heading, Root, RootContent } from 'mdast';
import type { Plugin } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { NoteInfo } from '../data.js';

export interface Options {
  /** Heading of the notes section (default `Notes`). */
  heading?: string;
}

export function displayLabel(label: string): string {
  const star = /^a(\d+)$/.exec(label);
  return star ? '*'.repeat(Number(star[1])) : label;
}

const asciiLabel = (label: string) => label.replace(/[^A-Za-z0-9]/g, '_');

export const remarkNotes: Plugin<[Options?], Root> = (options = {}) => (tree: Root, file: VFile) => {
  const unit = file.data.unitId ?? 'doc';
  const definitions = new Map<string, FootnoteDefinition>();
  visit(tree, 'footnoteDefinition', (node, index, parent) => {
    const label = node.label ?? node.identifier;
    if (definitions.has(label)) {
      file.message(`Second note labelled \`${label}\``, { place: node.position, ruleId: 'duplicate-note', source: 'notes' }).fatal = true;
    } else definitions.set(label, node);
    if (parent && index !== undefined) {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    return undefined;
  });

  // An unclosed directive has swallowed part of the file: what seems missing is only misplaced,
  // and that error is said already.
  const quiet = file.data.unclosed === true;

  // A reference whose note is missing is not parsed as a reference at all: it stays as text.
  if (!quiet) visit(tree, 'text', (node) => {
    for (const m of node.value.matchAll(/\[\^([^\]\s]+)\]/g)) {
      const start = node.position?.start;
      const place = start && !node.value.slice(0, m.index).includes('\n') ? { line: start.line, column: start.column + m.index } : start;
      const message = file.message(`Note reference \`[^${m[1]}]\` has no note`, { place, ruleId: 'undefined-note', source: 'notes' });
      message.fatal = true;
      message.note = `Add \`[^${m[1]}]: …\` at the end of the file, or remove the reference.`;
    }
  });

  const notes = new Map<string, NoteInfo>();
  const refCount = new Map<string, number>();
  visit(tree, 'footnoteReference', (node, index, parent) => {
    const label = node.label ?? node.identifier;
    if (!definitions.has(label)) {
      if (quiet) return;
      const m = file.message(`Note reference \`[^${label}]\` has no note`, { place: node.position, ruleId: 'undefined-note', source: 'notes' });
      m.fatal = true;
      m.note = `Add \`[^${label}]: …\` at the end of the file, or remove the reference.`;
      return;
    }
    const info = notes.get(label) ?? {
      label,
      display: displayLabel(label),
      id: `${unit}-n${asciiLabel(label)}`,
      refId: `${unit}-r${asciiLabel(label)}`,
    };
    notes.set(label, info);
    const n = (refCount.get(label) ?? 0) + 1;
    refCount.set(label, n);
    const replacement = {
      type: 'noteReference',
      position: node.position,
      data: {
        hName: 'a',
        hProperties: {
          href: `#${info.id}`,
          id: n === 1 ? info.refId : `${info.refId}-${n}`,
          role: 'doc-noteref',
          'epub:type': 'noteref',
          className: ['noteref'],
        },
        hChildren: [{ type: 'text', value: info.display }],
      },
    } as unknown as RootContent;
    if (parent && index !== undefined) parent.children.splice(index, 1, replacement as never);
  });

  for (const [label, def] of definitions) {
    if (!notes.has(label) && !quiet) {
      const m = file.message(`Note \`[^${label}]\` is never referred to`, { place: def.position, ruleId: 'unreferenced-note', source: 'notes' });
      m.note = 'Add the reference in the text, or delete the note.';
    }
  }
  // Notes in the order of their first reference, as a reader meets them.
  const ordered = [...notes.values()];
  file.data.notes = ordered;
  if (!ordered.length) return;

  const heading: Heading = { type: 'heading', depth: 2, children: [{ type: 'text', value: options.heading ?? 'Notes' }] };
  const items = ordered.map((info) => {
    const def = definitions.get(info.label)!;
    const backlink = {
      type: 'noteBacklink',
      data: {
        hName: 'a',
        hProperties: { href: `#${info.refId}`, role: 'doc-backlink', className: info.display.startsWith('*') ? ['note-number', 'note-star'] : ['note-number'] },
        hChildren: [{ type: 'text', value: info.display }],
      },
    };
    const children = [...def.children];
    const first = children[0];
    if (first && first.type === 'paragraph') {
      children[0] = { ...first, children: [backlink as never, { type: 'text', value: ' ' }, ...first.children] };
    } else {
      children.unshift({ type: 'paragraph', children: [backlink as never] });
    }
    return {
      type: 'note',
      position: def.position,
      data: { hName: 'li', hProperties: { id: info.id, 'epub:type': 'endnote', className: ['note'] } },
      children,
    };
  });
  // The number each note shows is its own label, so the list carries no numbering of its own.
  const list = { type: 'noteList', data: { hName: 'ol', hProperties: { className: ['note-list'] } }, children: items };
  tree.children.push({
    type: 'notes',
    data: { hName: 'section', hProperties: { role: 'doc-endnotes', 'epub:type': 'endnotes', className: ['notes'] } },
    children: [heading, list],
  } as unknown as RootContent);
};
