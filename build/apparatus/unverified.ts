/**
 * A fact of the apparatus that the editors could not check against a reference is printed with
 * a mark, in both editions, so that the edition claims no more than it knows: `[?]` after it.
 */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';

export const UNVERIFIED_MARK = '[?]';

/** The mark after `fact` of `record`, if the record lists it as unverified; else nothing. */
export function doubt(record: { unverified?: readonly string[] }, ...facts: string[]): ElementContent[] {
  if (!facts.some((f) => record.unverified?.includes(f))) return [];
  return [{ type: 'text', value: '\u00a0' }, h('span.unverified', { title: 'Not verified by the editors' }, UNVERIFIED_MARK)];
}

/** The sentence the apparatus's introductions give about the record. */
export const VERIFICATION_NOTE = `The editors checked each fact against a reference or a text of this edition, and the edition’s data (the apparatus file beside the book) names which; a fact they could not confirm is marked ${UNVERIFIED_MARK}.`;
