/**
 * The glossary: a definition list, one entry per term with its expansion, the edition's
 * definition, related terms and where the texts first use it (the locators of its first
 * mention in each chapter). An entry no text uses is not printed (`check` reports it).
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Mentions } from '../book/mentions.js';
import type { Apparatus } from './load.js';
import { type Locate, type Medium, renderLocators } from './locators.js';
import { prose } from './prose.js';
import { doubt, VERIFICATION_NOTE } from './unverified.js';

const collator = new Intl.Collator('en', { sensitivity: 'base', ignorePunctuation: true });

export function renderGlossary(apparatus: Apparatus, mentions: Mentions, medium: Medium, locate: Locate): Element[] {
  const terms = apparatus.glossary.map((g) => g.record).filter((t) => mentions.terms.has(t.id));
  const byId = new Map(terms.map((t) => [t.id, t]));
  terms.sort((a, b) => collator.compare(a.term, b.term));
  const items = terms.flatMap((t) => {
    const related = (t.related ?? []).filter((r) => byId.has(r));
    const dd: ElementContent[] = [
      h('p', [...(t.expansion ? [h('span.expansion', prose(t.expansion)), ...doubt(t, 'expansion'), { type: 'text', value: '. ' } as ElementContent] : []), { type: 'text', value: prose(t.definition) }, ...doubt(t, 'definition')]),
    ];
    if (related.length) {
      dd.push(h('p.related', [h('i', 'See also'), ' ', ...related.flatMap((r, i) => [...(i ? [', '] : []), h('a', { href: `#term-${r}` }, byId.get(r)!.term)])]));
    }
    dd.push(h('p.first-uses', ['First used: ', ...renderLocators(mentions.terms.get(t.id)!, medium, locate)]));
    return [h('dt', { id: `term-${t.id}` }, [h('dfn', t.term)]), h('dd', dd)];
  });
  return [h('p.glossary-intro', `Terms, offices and institutions the texts take for granted, with the Russian expanded where a term is an abbreviation; the definitions are the editors’. ${VERIFICATION_NOTE}`), h('dl.glossary', items)];
}
