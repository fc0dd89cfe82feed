/**
 * Load the apparatus: `apparatus/persons/*.yaml` (or `apparatus/persons.yaml`), `glossary.yaml`
 * and `trials.yaml`, each validated at load, then checked against each other: unique ids, and
 * every id a record names (a defendant, a related term) exists.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { VFile } from 'vfile';
import { sha, type Store } from '../cache/store.js';
import { readYaml } from '../config/yaml-file.js';
import { type Reason, reasonsSchema } from './emendations.js';
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
  /** The hash of the files' text: what the tagged trees depend on. */
  fingerprint: string;
}

function load<T>(path: string, schema: import('zod').ZodType<T[]>, files: VFile[], store?: Store): Placed<T>[] {
  const { file, data, place } = readYaml(path, schema, 'apparatus', store);
  files.push(file);
  return (data ?? []).map((record, index) => ({ record, file, index, place: (p) => place([index, ...p]) }));
}

function error(placed: Placed<unknown>, at: PropertyKey[], reason: string, ruleId: string, note?: string) {
  const m = placed.file.message(reason, { place: placed.place(at), ruleId, source: 'apparatus' });
  m.fatal = true;
  if (note) m.note = note;
}

/** `store`: validated files kept by their text, so that an unchanged file is not parsed again. */
export function loadApparatus(manuscript: string, store?: Store): Apparatus {
  const dir = join(manuscript, 'apparatus');
  const files: VFile[] = [];
  const personFiles = existsSync(join(dir, 'persons'))
    ? readdirSync(join(dir, 'persons')).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, 'persons', f))
    : existsSync(join(dir, 'persons.yaml'))
      ? [join(dir, 'persons.yaml')]
      : [];
  const persons = personFiles.flatMap((f) => load(f, personsFileSchema, files, store));
  const glossary = existsSync(join(dir, 'glossary.yaml')) ? load(join(dir, 'glossary.yaml'), glossarySchema, files, store) : [];
  const trials = existsSync(join(dir, 'trials.yaml')) ? load(join(dir, 'trials.yaml'), trialsSchema, files, store) : [];
  const tagged = files.length;
  const reasons = existsSync(join(manuscript, 'emendations.yaml')) ? load(join(manuscript, 'emendations.yaml'), reasonsSchema, files, store) : [];
  // The emendations' reasons do not shape the tagged trees; the other files do.
  const fingerprint = sha('apparatus', ...files.slice(0, tagged).map((f) => String(f.value)));

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

  for (const t of trials) {
    t.record.defendants.forEach((d, i) => {
      if (!personIds.has(d)) error(t, ['defendants', i], `Defendant \`${d}\` is not in the name authority`, 'unknown-person', 'Add a record to apparatus/persons, or correct the id.');
    });
    for (const role of ['judge', 'prosecutor'] as const) {
      const who = t.record[role];
      if (who && !personIds.has(who)) error(t, [role], `The ${role} \`${who}\` is not in the name authority`, 'unknown-person', 'Add a record to apparatus/persons, or correct the id.');
    }
  }
  for (const g of glossary) {
    g.record.related?.forEach((r, i) => {
      if (!termIds.has(r)) error(g, ['related', i], `Related term \`${r}\` is not in the glossary`, 'unknown-term');
    });
  }
  for (const p of persons) {
    p.record.defendant?.forEach((d, i) => {
      if (trials.length && !trialIds.has(d)) {
        const m = p.file.message(`Trial \`${d}\` is not in the concordance`, { place: p.place(['defendant', i]), ruleId: 'unknown-trial', source: 'apparatus' });
        m.note = 'Add the trial to apparatus/trials.yaml or drop it here.';
      }
    });
  }
  return { persons, glossary, trials, reasons, files, fingerprint };
}
