/**
 * The apparatus against the texts: a glossary entry no text uses, a person no text mentions
 * (unless marked `unreferenced` with a reason), a person marked unreferenced who is mentioned.
 */
import type { Apparatus } from '../apparatus/load.js';
import type { VFile } from 'vfile';
import type { Reason, TextEmendations } from '../apparatus/emendations.js';
import type { Mentions } from '../book/mentions.js';

export function lintApparatusUsage(apparatus: Apparatus, mentions: Mentions, emendations: TextEmendations[], unusedReasons: Reason[], fileOf: (rel: string) => VFile | undefined) {
  for (const e of emendations) {
    for (const c of e.changes) {
      if (c.reason) continue;
      const file = fileOf(c.file);
      const m = file?.message(`Hand change without a reason: “${c.removed}” → “${c.added}”`, { place: { line: c.line, column: 1 }, ruleId: 'no-reason', source: 'emendations' });
      if (m) m.note = 'Say why in emendations.yaml (file, was, reads, reason), or undo the change.';
    }
  }
  for (const r of apparatus.reasons) {
    if (!unusedReasons.includes(r.record)) continue;
    const m = r.file.message(`Reason for a change that is not in the text: “${r.record.reads}”`, { place: r.place(['reads']), ruleId: 'unused-reason', source: 'emendations' });
    m.note = 'The passage does not read so (any more): correct `reads`, or remove the entry.';
  }
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
