/**
 * Quotation marks that face the wrong way: the slip that curling straight quotes by rule makes
 * where a quotation opens on punctuation or italics (`declared: ”*I am`) or closes after an
 * abbreviation (`letter ‘T.‘”`). Read on the file's lines, so that Markdown's own marks (`*`,
 * `[`) count as the characters around the quote, as a reader sees them; front matter and code
 * are skipped. Each is reported at its place with the mark it should be.
 */
import type { VFile } from 'vfile';

interface Rule {
  id: string;
  pattern: RegExp;
  reason: string;
  expected: string;
}

/** Where a mark opens: at the start, after a space, a bracket or a dash. */
const OPENS = String.raw`(?:^|(?<=[\s(\[—–/]))`;
/** What a closing mark follows: a letter or digit, punctuation that ends a phrase, italics. */
const ENDS = String.raw`(?<=[\p{L}\p{N}.,;:!?…*’)])`;

export const QUOTE_RULES: Rule[] = [
  {
    id: 'quote-direction',
    pattern: new RegExp(`${OPENS}”(?=[\\p{L}\\p{N}*‘(\\[…])`, 'gu'),
    reason: 'A closing double quotation mark where a quotation opens',
    expected: '“',
  },
  {
    id: 'quote-direction',
    pattern: new RegExp(`${ENDS}“(?=[\\s.,;:!?)\\]]|$)`, 'gu'),
    reason: 'An opening double quotation mark where a quotation closes',
    expected: '”',
  },
  {
    id: 'quote-direction',
    pattern: new RegExp(`(?<=[\\p{L}\\p{N}.,;:!?…])‘(?=[\\s”.,;:!?)\\]]|$)`, 'gu'),
    reason: 'An opening single quotation mark where a quotation closes',
    expected: '’',
  },
  {
    id: 'quote-direction',
    pattern: new RegExp(`(?:^|(?<=[\\s(\\[—–“]))’(?=\\p{Lu})`, 'gu'),
    reason: 'A closing single quotation mark where a quotation opens',
    expected: '‘',
  },
  {
    id: 'quote-in-word',
    pattern: /(?<=\p{L})[“”](?=\p{L})/gu,
    reason: 'A double quotation mark between two letters',
    expected: 'ʺ',
  },
];

export function lintQuotes(file: VFile) {
  const lines = String(file.value).split('\n');
  let inFront = lines[0] === '---';
  let inCode = false;
  lines.forEach((line, i) => {
    if (inFront) {
      if (i > 0 && line === '---') inFront = false;
      return;
    }
    if (/^\s*(```|~~~)/.test(line)) inCode = !inCode;
    if (inCode) return;
    for (const rule of QUOTE_RULES) {
      for (const m of line.matchAll(rule.pattern)) {
        const message = file.message(rule.reason, { place: { line: i + 1, column: m.index + 1 }, ruleId: rule.id, source: 'typography' });
        message.expected = [rule.expected];
        message.note =
          rule.id === 'quote-in-word'
            ? 'In a transliteration it is the hard sign: ʺ (U+02BA); in a word, an apostrophe ’.'
            : `Use ${rule.expected}; if the source itself prints it so, record that in check-ignore.yaml.`;
      }
    }
  });
}
