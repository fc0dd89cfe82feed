/**
 * Note references: superscript digits (`text.²²`) become GFM footnote references
 * (`text.[^22]`). A reference the extraction printed as `^{8†}` (note 8 and the author's
 * second footnote on the page) becomes `[^8]†`, and a bracketed dagger `[†]` a bare `†`,
 * for the author's footnotes to find.
 */

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUPERSCRIPT_RUN = new RegExp(`[${SUPERSCRIPT_DIGITS}]+`, 'gu');

const toNumber = (sup: string): number => Number([...sup].map((c) => SUPERSCRIPT_DIGITS.indexOf(c)).join(''));

export interface RefConversion {
  text: string;
  refs: number[];
  /** References printed in another form (`^{8†}`). */
  repaired: number;
  /** Spaces removed before a reference (`Trotsky)." ²`). */
  spaces: number;
}

export function convertNoteRefs(input: string): RefConversion {
  const refs: number[] = [];
  let repaired = 0;
  let spaces = 0;
  const text = input
    .replace(/\^\{(\d+)([^}]*)\}/g, (_, n: string, rest: string) => {
      repaired++;
      return `\u0000${n}\u0000${rest}`;
    })
    .replace(/\[([†‡])\]/g, '$1')
    .replace(SUPERSCRIPT_RUN, (sup) => `\u0000${toNumber(sup)}\u0000`)
    .replace(/(\S)[ \u00a0]+(?=\u0000)/g, (_, c: string) => {
      spaces++;
      return c;
    })
    .replace(/\u0000(\d+)\u0000/g, (_, n: string) => {
      refs.push(Number(n));
      return `[^${n}]`;
    });
  return { text, refs, repaired, spaces };
}
