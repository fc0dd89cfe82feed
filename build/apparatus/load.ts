/**
 * Load the apparatus: `apparatus/persons/*.yaml` (or `apparatus/persons.yaml`), `glossary.yaml`
 * and `trials.yaml`, each validated at load, then checked against each other: unique ids; every
 * id a record names (a judge, a defendant, a trial, a related term) exists; counts and dates
 * agree; trials and persons agree on who stood trial where; verification records name facts the
 * record has. References to the book itself (units, texts) are checked once the book is loaded
 * (validate.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { VFile } from 'vfile';
import { sha, type Store } from '../cache/store.js';
import { readYaml } from '../config/yaml-file.js';
import { type Reason, reasonsSchema } from './emendations.js';
import type { Unit } from '../manuscript/units.js';
import { validateAgainstBook } from './validate.js';
import { glossarySchema, type Person, personsFileSchema, type Term, type Trial, trialsSchema } from './schema.js';

export interface Placed<T> {
  record: T;
  file: VFile;
  /** Where the record (or one of its fields) stands in its file. */
  place: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
  index: number;
}

export interface Apparatus {
  persons: Placed<Person>[];
  glossary: Placed<Term>[];
  trials: Placed<Trial>[];
  /** The editors' reasons for their hand changes (emendations.yaml, beside book.yaml). */
  reasons: Placed<Reason>[];
  files: VFile[];
  /** The hash of what the tagged trees depend on: ids, forms and the rules that settle homonyms. */
  fingerprint: string;
}

/** Files whose records did not load (their errors are said): ids they would hold are unknown, not absent. */
type Unloaded = Set<'persons' | 'glossary' | 'trials'>;

function load<T>(path: string, schema: import('zod').ZodType<T[]>, files: VFile[], store?: Store, kind?: 'persons' | 'glossary' | 'trials', unloaded?: Unloaded): Placed<T>[] {
  const { file, data, place } = readYaml(path, schema, 'apparatus', store);
  files.push(file);
  if (!data && kind) unloaded?.add(kind);
  return (data ?? []).map((record, index) => ({ record, file, index, place: (p) => place([index, ...p]) }));
}

function error(placed: Placed<unknown>, at: PropertyKey[], reason: string, ruleId: string, note?: string) {
  warning(placed, at, reason, ruleId, note).fatal = true;
}

function warning(placed: Placed<unknown>, at: PropertyKey[], reason: string, ruleId: string, note?: string) {
  const m = placed.file.message(reason, { place: placed.place(at), ruleId, source: 'apparatus' });
  if (note) m.note = note;
  return m;
}

const ADD_PERSON = 'Add a record to apparatus/persons, or correct the id.';

/**
 * Every id one record gives for another resolves; counts and dates agree with each other; and
 * what a trial and a person say of each other agrees (a warning: one of the two was forgotten).
 */
function crossCheck(
  persons: Placed<Person>[],
  glossary: Placed<Term>[],
  trials: Placed<Trial>[],
  personIds: Map<string, Placed<Person>>,
  termIds: Map<string, Placed<Term>>,
  trialIds: Map<string, Placed<Trial>>,
  unloaded: Unloaded,
) {
  for (const t of trials) {
    const r = t.record;
    const seen = new Set<string>();
    r.defendants.forEach((d, i) => {
      const person = personIds.get(d);
      if (!person && unloaded.has('persons')) return;
      if (!person) return error(t, ['defendants', i], `Defendant \`${d}\` is not in the name authority`, 'unknown-person', ADD_PERSON);
      if (seen.has(d)) return error(t, ['defendants', i], `Defendant \`${d}\` is listed twice`, 'duplicate-defendant', 'Remove the second.');
      seen.add(d);
      if (!person.record.defendant?.includes(r.id)) {
        warning(t, ['defendants', i], `\`${d}\` is a defendant of \`${r.id}\`, but the person's record does not list the trial`, 'defendant-mismatch', `Add \`${r.id}\` to \`defendant:\` of ${d} (${person.file.path}:${person.place(['id'])?.line}), or remove the defendant here.`);
      }
    });
    for (const role of ['judge', 'prosecutor'] as const) {
      const who = r[role];
      if (who && !personIds.has(who) && !unloaded.has('persons')) error(t, [role], `The ${role} \`${who}\` is not in the name authority`, 'unknown-person', ADD_PERSON);
    }
    if (r.start && r.start > r.end) error(t, ['start'], `The trial starts (${r.start}) after it ends (${r.end})`, 'dates', 'Correct `start` or `end`.');
    if (r.defendants_total !== undefined && r.defendants_total < r.defendants.length) {
      error(t, ['defendants_total'], `\`defendants_total\` is ${r.defendants_total}, but ${r.defendants.length} defendants are listed`, 'tally', 'The total counts every defendant, listed or not.');
    }
    const total = r.defendants_total ?? r.defendants.length;
    const sentenced = Object.values(r.verdicts ?? {}).reduce((a, b) => a + (b ?? 0), 0);
    if (r.verdicts && sentenced > total) {
      error(t, ['verdicts'], `The verdicts add up to ${sentenced}, more than the ${total} defendants`, 'tally', r.defendants_total === undefined ? 'Give `defendants_total`, or correct the counts.' : 'Correct the counts or `defendants_total`.');
    }
  }
  const headings = new Map(persons.map((p) => [p.record.heading, p]));
  for (const p of persons) {
    p.record.defendant?.forEach((d, i) => {
      const trial = trialIds.get(d);
      if (!trial && unloaded.has('trials')) return;
      if (!trial) return error(p, ['defendant', i], `Trial \`${d}\` is not in the concordance`, 'unknown-trial', 'Add the trial to apparatus/trials.yaml, or correct the id.');
      if (!trial.record.defendants.includes(p.record.id)) {
        warning(p, ['defendant', i], `\`${p.record.id}\` lists \`${d}\`, but the trial does not list the person among its defendants`, 'defendant-mismatch', `Add \`${p.record.id}\` to \`defendants:\` of ${d} (${trial.file.path}:${trial.place(['id'])?.line}), or remove it here.`);
      }
    });
    p.record.see?.forEach((see, i) => {
      const other = headings.get(see);
      if (other) {
        error(p, ['see', i], `“${see}” is the heading of ${other === p ? 'this record' : `\`${other.record.id}\``}: a see-reference under it would file two entries under one heading`, 'see-collision', 'A `see` heading is another spelling that points here; remove it or correct it.');
      } else if (!/^[^,]+(, .+)?$/.test(see)) {
        error(p, ['see', i], `“${see}” is not a heading (“Surname, Given names”)`, 'schema');
      }
    });
  }
  for (const g of glossary) {
    g.record.related?.forEach((r, i) => {
      if (!termIds.has(r) && !unloaded.has('glossary')) error(g, ['related', i], `Related term \`${r}\` is not in the glossary`, 'unknown-term', 'Add the entry to glossary.yaml, or correct the id.');
      else if (r === g.record.id) error(g, ['related', i], 'An entry is not related to itself', 'unknown-term');
    });
  }
}

/** A verification record names only facts the record has, and no fact both ways. */
function checkVerification(records: Placed<Person | Term | Trial>[]) {
  for (const p of records) {
    const record = p.record as Record<string, unknown> & { verified?: { facts: string[] }[]; unverified?: string[] };
    const verified = new Set<string>();
    record.verified?.forEach((v, i) =>
      v.facts.forEach((fact, j) => {
        verified.add(fact);
        if (record[fact] === undefined) error(p, ['verified', i, 'facts', j], `\`${fact}\` is recorded as verified, but the record has no \`${fact}\``, 'verification', 'Remove it from `facts`.');
      }),
    );
    record.unverified?.forEach((fact, i) => {
      if (record[fact] === undefined) error(p, ['unverified', i], `\`${fact}\` is recorded as unverified, but the record has no \`${fact}\``, 'verification', 'Remove it from `unverified`.');
      else if (verified.has(fact)) error(p, ['unverified', i], `\`${fact}\` is recorded both as verified and as unverified`, 'verification', 'Keep the one that is true.');
    });
  }
}

/**
 * `store`: validated files kept by their text, so that an unchanged file is not parsed again.
 * `units`: the book's reading order, which the records' references to units and texts must name.
 */
export function loadApparatus(manuscript: string, store?: Store, units?: Unit[]): Apparatus {
  const dir = join(manuscript, 'apparatus');
  const files: VFile[] = [];
  const personFiles = existsSync(join(dir, 'persons'))
    ? readdirSync(join(dir, 'persons')).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, 'persons', f))
    : existsSync(join(dir, 'persons.yaml'))
      ? [join(dir, 'persons.yaml')]
      : [];
  const unloaded: Unloaded = new Set();
  const persons = personFiles.flatMap((f) => load(f, personsFileSchema, files, store, 'persons', unloaded));
  const glossary = existsSync(join(dir, 'glossary.yaml')) ? load(join(dir, 'glossary.yaml'), glossarySchema, files, store, 'glossary', unloaded) : [];
  const trials = existsSync(join(dir, 'trials.yaml')) ? load(join(dir, 'trials.yaml'), trialsSchema, files, store, 'trials', unloaded) : [];
  const reasons = existsSync(join(manuscript, 'emendations.yaml')) ? load(join(manuscript, 'emendations.yaml'), reasonsSchema, files, store) : [];
  // What the tagged trees depend on: the names and how they are told apart, not the notes, dates
  // or verdicts (a corrected identification tags no text again).
  const fingerprint = sha(
    'apparatus',
    JSON.stringify([
      persons.map(({ record: p }) => [p.id, p.forms, p.not, p.prefer, p.prefer_in, p.homonym_hint]),
      trials.map(({ record: t }) => [t.id, t.forms]),
      glossary.map(({ record: g }) => [g.id, g.forms]),
    ]),
  );

  const unique = <T extends { id: string }>(items: Placed<T>[], kind: string) => {
    const seen = new Map<string, Placed<T>>();
    for (const p of items) {
      const first = seen.get(p.record.id);
      if (first) {
        error(p, ['id'], `Duplicate ${kind} id \`${p.record.id}\` (first at ${first.file.path}:${first.place(['id'])?.line})`, 'duplicate-id', 'Ids must be unique; merge the two records or give one a `-2` suffix.');
      } else seen.set(p.record.id, p);
    }
    return seen;
  };
  const personIds = unique(persons, 'person');
  const termIds = unique(glossary, 'glossary');
  const trialIds = unique(trials, 'trial');

  // A file that did not load is said once; what others say of its records is not said again.
  crossCheck(persons, glossary, trials, personIds, termIds, trialIds, unloaded);
  checkVerification([...persons, ...glossary, ...trials]);
  const apparatus = { persons, glossary, trials, reasons, files, fingerprint };
  if (units) validateAgainstBook(apparatus, units);
  return apparatus;
}
