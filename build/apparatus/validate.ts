/**
 * The apparatus against the book it belongs to: what a record says of the book's own parts
 * resolves. A person's `prefer_in` names units or texts of the book; a verification `against:
 * text:<unit>` names a unit. Run once the reading order is loaded, before anything is built.
 */
import type { Unit } from '../manuscript/units.js';
import type { Apparatus, Placed } from './load.js';

export function validateAgainstBook(apparatus: Apparatus, units: Unit[]) {
  const unitIds = new Set(units.map((u) => u.id));
  const textIds = new Set(units.flatMap((u) => ('textId' in u && u.textId ? [u.textId] : [])));
  const fail = (p: Placed<unknown>, at: PropertyKey[], reason: string, note: string) => {
    const m = p.file.message(reason, { place: p.place(at), ruleId: 'unknown-unit', source: 'apparatus' });
    m.fatal = true;
    m.note = note;
  };
  const known = `Units are ids such as ${[...unitIds].filter((id) => id !== [...unitIds][0]).slice(0, 3).join(', ')}; texts are ${[...textIds].slice(0, 5).join(', ')}.`;
  for (const p of apparatus.persons) {
    p.record.prefer_in?.forEach((where, i) => {
      if (!unitIds.has(where) && !textIds.has(where)) fail(p, ['prefer_in', i], `\`prefer_in\` names \`${where}\`, which is neither a unit nor a text of the book`, known);
    });
  }
  for (const p of [...apparatus.persons, ...apparatus.glossary, ...apparatus.trials] as Placed<{ verified?: { against: string }[] }>[]) {
    p.record.verified?.forEach((v, i) => {
      const unit = /^text:(.*)$/.exec(v.against)?.[1];
      if (unit !== undefined && !unitIds.has(unit)) fail(p, ['verified', i, 'against'], `\`${v.against}\`: the book has no unit \`${unit}\``, `Name the chapter the fact stands in: text:rogovin-12, text:wikipedia. ${known}`);
    });
  }
}
