/**
 * The manuscript's directives: `:::verse`, `::::epigraph`, `:see{to=…}`, `:person[…]{id=…}`,
 * `:trial[…]{id=…}`, and the editors' marks inside a text (see editorial.ts): `:supplied[…]`,
 * `:break`, `:sic[…]`.
 *
 * Verse keeps its lines (each soft line break becomes a `<br>`), stanzas are paragraphs.
 * A cross-reference becomes a link whose target is resolved later, over the whole book.
 * A text directive the manuscript did not mean (`4:30pm` is not one, but `word:word` may be)
 * is put back as plain text; an unknown block directive is an error.
 */
import type { Properties } from 'hast';
import type { Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { editorialMark, isEditorial } from './editorial.js';

type Directive = ContainerDirective | LeafDirective | TextDirective;

/** Split text at line endings, putting a break between the lines. */
function linesToBreaks(children: PhrasingContent[]): PhrasingContent[] {
  return children.flatMap((child): PhrasingContent[] => {
    if (child.type === 'text') {
      const parts = child.value.split('\n');
      return parts.flatMap((value, i) => (i === 0 ? [{ ...child, value }] : [{ type: 'break' }, { ...child, value }]));
    }
    if ('children' in child) return [{ ...child, children: linesToBreaks(child.children as PhrasingContent[]) } as PhrasingContent];
    return [child];
  });
}

function setData(node: Directive, hName: string, hProperties: Properties) {
  node.data = { ...node.data, hName, hProperties };
}

/** Put a directive the author did not mean back as the text it was written as. */
function asText(node: TextDirective): PhrasingContent {
  const label = node.children.length ? `[${toString(node)}]` : '';
  return { type: 'text', value: `:${node.name}${label}`, position: node.position };
}

export const remarkDirectives: Plugin<[], Root> = () => (tree: Root, file: VFile) => {
  const unit = file.data.unitId ?? 'doc';
  file.data.xrefs = [];
  file.data.editorial = [];
  file.data.figures = [];
  let xrefCount = 0;
  let marks = 0;

  visit(tree, (node, index, parent) => {
    if (node.type !== 'containerDirective' && node.type !== 'leafDirective' && node.type !== 'textDirective') return;
    const d = node as Directive;
    if (d.type === 'containerDirective' && d.name === 'verse') {
      setData(d, 'div', { className: ['verse'] });
      for (const child of d.children) {
        if (child.type === 'paragraph') {
          child.children = linesToBreaks(child.children);
          child.data = { ...child.data, hProperties: { className: ['stanza'] } };
        }
      }
      return;
    }
    if (d.type === 'containerDirective' && d.name === 'epigraph') {
      setData(d, 'div', { className: ['epigraph'], 'epub:type': 'epigraph', role: 'doc-epigraph' });
      const last = d.children.at(-1);
      if (last?.type === 'paragraph' && /^[—–]/.test(toString(last))) {
        (last as Paragraph).data = { hProperties: { className: ['attribution'] } };
      }
      return;
    }
    if (d.type === 'textDirective' && d.name === 'see') {
      const to = d.attributes?.to;
      if (!to || !/^[a-z]+:[a-z0-9-]+$/.test(to)) {
        const m = file.message('Cross-reference without a valid `to`', { place: d.position, ruleId: 'xref-syntax', source: 'xref' });
        m.fatal = true;
        m.note = 'Write `:see{to="trial:sixteen-1936"}`: a kind, a colon and an id.';
        return;
      }
      const id = `${unit}-x${++xrefCount}`;
      file.data.xrefs!.push({ to, id });
      setData(d, 'a', { className: ['xref'], id, dataTo: to, href: '#' });
      return;
    }
    if (d.type === 'textDirective' && d.name === 'person') {
      const id = d.attributes?.id;
      if (!id) {
        file.message('`:person` without `id`', { place: d.position, ruleId: 'person-syntax', source: 'names' }).fatal = true;
        return;
      }
      setData(d, 'span', { className: ['person-mention'], dataPerson: id });
      return;
    }
    if (d.type === 'textDirective' && d.name === 'trial') {
      const id = d.attributes?.id;
      if (!id || !d.children.length) {
        const m = file.message('`:trial` needs the words of the text and the trial’s id', { place: d.position, ruleId: 'trial-syntax', source: 'names' });
        m.fatal = true;
        m.note = 'Write `:trial[stood trial]{id=seventeen-1937}`: the words that refer to the trial, and its id in trials.yaml.';
        return;
      }
      setData(d, 'span', { className: ['trial-mention'], dataTrialOverride: id });
      return;
    }
    if (d.type === 'textDirective' && d.name === 'edition') {
      const of = d.attributes?.of;
      if (!of) {
        const m = file.message('`:edition` without `of`', { place: d.position, ruleId: 'edition-syntax', source: 'markup' });
        m.fatal = true;
        m.note = 'Write `:edition{of="notes:rogovin"}`; the keys are listed in docs/manuscript-format.md.';
        return;
      }
      // A figure about the edition, computed from the data when the book is assembled.
      file.data.figures!.push(of);
      setData(d, 'span', { className: ['edition-figure'], dataOf: of });
      d.children = [{ type: 'text', value: '…' }];
      return;
    }
    if (d.type === 'textDirective' && isEditorial(d.name)) {
      editorialMark(d, file, ++marks, parent);
      return;
    }
    if (d.type === 'textDirective' && parent && index !== undefined && !d.attributes?.to && !d.attributes?.id && !d.attributes?.of) {
      (parent.children as RootContent[]).splice(index, 1, asText(d) as RootContent);
      return;
    }
    const m = file.message(`Unknown directive \`${d.name}\``, { place: d.position, ruleId: 'unknown-directive', source: 'manuscript' });
    m.fatal = true;
    m.note = 'Known directives: :::verse, ::::epigraph, :see{to=…}, :person[…]{id=…}, :trial[…]{id=…}, :supplied[…], :break, :sic[…]{why=…}.';
  });
};
