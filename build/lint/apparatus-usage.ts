/**
 * The apparatus against the texts: a glossary entry no text uses, a person no text mentions
 * (unless marked `unreferenced` with a reason), a person marked unreferenced who is mentioned.
 */
import type { Apparatus } from '../apparatus/load.js';
import type { Mentions } from '../book/mentions.js';

export function lintApparatusUsage(apparatus: Apparatus, mentions: Mentions) {
  for (const g of apparatus.glossary) {
    if (mentions.terms.has(g.record.id)) continue;
    const m = g.file.message(`Glossary entry \`${g.record.id}\` is used by no text`, { place: g.place(['forms']), ruleId: 'unused-term', source: 'glossary' });
    m.note = 'Add the form the texts use to `forms`, or remove the entry.';
  }
  for (const p of apparatus.persons) {
    const mentioned = mentions.persons.has(p.record.id);
    if (!mentioned && !p.record.unreferenced) {
      const m = p.file.message(`\`${p.record.id}\` is mentioned nowhere in the texts`, { place: p.place(['forms']), ruleId: 'unreferenced-person', source: 'names' });
      m.note = 'Add the form the texts use to `forms`, or say why the record stays with `unreferenced: <reason>`.';
    }
    if (mentioned && p.record.unreferenced) {
      const m = p.file.message(`\`${p.record.id}\` is marked unreferenced but is mentioned`, { place: p.place(['unreferenced']), ruleId: 'unreferenced-mentioned', source: 'names' });
      m.note = 'Remove `unreferenced`.';
    }
  }
}
