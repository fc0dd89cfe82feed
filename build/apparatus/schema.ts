/**
 * The editorial data's schemas: the name authority, the glossary and the concordance of trials.
 * Validated once at load; every problem is reported at the line and column of the bad value.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a lowercase ASCII id with hyphens, such as pyatakov-g-l');
const forms = z.array(z.string().min(1)).min(1);

/**
 * The record of the editors' verification: which facts of the record were checked, and against
 * what (a reference a reader can find: a work with its place, or a text of this edition with its
 * chapter); which could not be. The edition marks an unverified fact as such.
 */
const verification = <F extends string>(facts: readonly [F, ...F[]]) => ({
  verified: z
    .array(
      z.strictObject({
        facts: z.array(z.enum(facts)).min(1),
        against: z.string().min(8, 'name the reference: a work and its place, or a text of this edition and its chapter'),
      }),
    )
    .min(1)
    .optional(),
  unverified: z.array(z.enum(facts)).min(1).optional(),
});
export const PERSON_FACTS = ['heading', 'dates', 'note'] as const;
export const TERM_FACTS = ['expansion', 'definition'] as const;
export const TRIAL_FACTS = ['official', 'start', 'end', 'court', 'judge', 'prosecutor', 'defendants', 'defendants_total', 'verdict', 'verdicts', 'rehabilitation'] as const;

export const personSchema = z.strictObject({
  id,
  /** "Surname, Given Names": the index files under it. */
  heading: z.string().regex(/^[^,]+(, .+)?$/, 'expected "Surname, Given names"'),
  forms,
  dates: z.string().regex(/^(c\. )?(b\. |d\. )?\d{1,4}( BC)?(–(c\. )?\d{1,4}( BC| AD)?)?$/, 'expected dates such as 1890–1937, d. 1938, b. 1900 or c. 470–399 BC').optional(),
  note: z.string().min(1).optional(),
  /** Index headings that point here ("Piatakov, Yuri. See Pyatakov, …"). */
  see: z.array(z.string().min(1)).optional(),
  /** Phrases that contain a form but are not mentions of this person ("Kirov Works"). */
  not: z.array(z.string().min(1)).optional(),
  /** How a reader tells this person from another with the same name. */
  homonym_hint: z.string().min(1).optional(),
  /** A shared surname means this person unless a rule says otherwise (the editors' decision). */
  prefer: z.boolean().optional(),
  /** …or only in these units or texts (`rogovin-49`, `wikipedia`): “the chapter” rule. */
  prefer_in: z.array(z.string().regex(/^[a-z0-9-]+$/)).optional(),
  /** Trials at which the person was a defendant (trial ids). */
  defendant: z.array(id).optional(),
  /** No mention in the texts, and that is intended (a defendant named only in the concordance). */
  unreferenced: z.string().min(1).optional(),
  ...verification(PERSON_FACTS),
});
export type Person = z.infer<typeof personSchema>;

export const glossarySchema = z.array(
  z.strictObject({
    id,
    term: z.string().min(1),
    forms,
    expansion: z.string().min(1).optional(),
    definition: z.string().min(1),
    related: z.array(id).optional(),
    ...verification(TERM_FACTS),
  }),
);
export type Term = z.infer<typeof glossarySchema>[number];

/** A calendar date, ISO 8601: a day (1936-08-19) or, where only the month is known, a month (1941-07). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected an ISO 8601 date such as 1936-08-19, or a month such as 1941-07')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number | undefined];
    if (m < 1 || m > 12) return false;
    if (d === undefined) return true;
    return d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
  }, 'no such date in the calendar');

export const VERDICTS = ['death', 'life', 'prison', 'camp', 'exile', 'suspended', 'acquitted'] as const;

export const trialsSchema = z.array(
  z.strictObject({
    id,
    name: z.string().min(1),
    official: z.string().min(1).optional(),
    forms,
    start: isoDate.optional(),
    end: isoDate,
    court: z.string().min(1),
    judge: id.optional(),
    prosecutor: id.optional(),
    defendants: z.array(id),
    defendants_total: z.number().int('expected a whole number').positive('expected a count of 1 or more').optional(),
    verdict: z.string().min(1),
    /** How many defendants received each kind of sentence: counts that add up to no more than the defendants. */
    verdicts: z.partialRecord(z.enum(VERDICTS), z.number().int('expected a whole number').nonnegative('expected a count, 0 or more')).optional(),
    rehabilitation: z.string().min(1).optional(),
    discrepancies: z
      .array(
        z.strictObject({
          fact: z.string().min(1),
          claims: z.array(z.strictObject({ text: z.string().min(1), says: z.string().min(1) })).min(2),
        }),
      )
      .optional(),
    ...verification(TRIAL_FACTS),
  }),
);
export type Trial = z.infer<typeof trialsSchema>[number];

export const personsFileSchema = z.array(personSchema);
