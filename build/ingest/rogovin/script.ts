/** Which alphabet a piece of text is written in: Cyrillic facsimiles stand out from the English text. */

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

export const cyrillicLetters = (text: string): number => count(text, /\p{Script=Cyrillic}/gu);
export const latinLetters = (text: string): number => count(text, /\p{Script=Latin}/gu);

/** More Cyrillic than Latin letters. */
export const isMostlyCyrillic = (text: string): boolean => cyrillicLetters(text) > latinLetters(text);
