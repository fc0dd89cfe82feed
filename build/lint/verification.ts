/**
 * The editors' verification record covers every fact of the apparatus: each fact a record has
 * (a person's heading, dates and note; a term's expansion and definition; a trial's dates, court,
 * officials, defendants and verdicts) is either verified against a named reference or marked
 * unverified, which the edition then shows.
 */
import type { Apparatus, Placed } from '../apparatus/load.js';
import { PERSON_FACTS, TERM_FACTS, TRIAL_FACTS } from '../apparatus/schema.js';

type Verifiable = Record<string, unknown> & { id: string; verified?: { facts: string[] }[]; unverified?: string[] };

export function unrecordedFacts(record: Verifiable, facts: readonly string[]): string[] {
  const recorded = new Set([...(record.verified ?? []).flatMap((v) => v.facts), ...(record.unverified ?? [])]);
  return facts.filter((f) => {
    const value = record[f];
    return value !== undefined && !(Array.isArray(value) && value.length === 0) && !recorded.has(f);
  });
}

export function lintVerification(apparatus: Apparatus) {
  const kinds: [Placed<unknown>[], readonly string[]][] = [
    [apparatus.persons, PERSON_FACTS],
    [apparatus.glossary, TERM_FACTS],
    [apparatus.trials, TRIAL_FACTS],
  ];
  for (const [records, facts] of kinds) {
    for (const p of records) {
      const record = p.record as Verifiable;
      const missing = unrecordedFacts(record, facts);
      if (!missing.length) continue;
      const m = p.file.message(`Not verified, nor marked unverified: ${missing.map((f) => `\`${f}\``).join(', ')} of \`${record.id}\``, {
        place: p.place(['id']),
        ruleId: 'unrecorded',
        source: 'verify',
      });
      m.note = 'Check each fact and say against what: `verified: [{facts: [dates, note], against: "Wikipedia (en), “Title”"}]`, or `text:<unit>` for a text of this edition; list what could not be checked in `unverified:`.';
    }
  }
}
