/**
 * House typography for ingested text: curly quotes and apostrophes, en dashes in
 * ranges, closed-up em dashes, the ellipsis character, single spaces.
 *
 * Pure and line-preserving: it never joins or splits lines, so an ingester can run it
 * on a whole Markdown file. Counts what it changed, by class, for the ingest record.
 */
import smartquotes from 'smartquotes';

export interface TypographyCounts {
  'quotes-curled': number;
  'range-en-dash': number;
  'em-dash-closed': number;
  'ellipsis': number;
  'spaces-collapsed': number;
}

export function emptyCounts(): TypographyCounts {
  return { 'quotes-curled': 0, 'range-en-dash': 0, 'em-dash-closed': 0, 'ellipsis': 0, 'spaces-collapsed': 0 };
}

/** Replace every match of `re` in `text` by `by`, adding the number of matches to `counts[key]`. */
function count(text: string, re: RegExp, by: string, counts: TypographyCounts, key: keyof TypographyCounts): string {
  return text.replace(re, (...m) => {
    counts[key]++;
    return by.replace(/\$(\d)/g, (_, i: string) => String(m[Number(i)] ?? ''));
  });
}

export function typographize(input: string, counts: TypographyCounts = emptyCounts()): string {
  let text = input;
  // Ellipses: three spaced or unspaced full stops.
  text = count(text, /\.\s?\.\s?\./g, '…', counts, 'ellipsis');
  // Parenthetical dashes: a spaced hyphen, a spaced en dash, a double hyphen or a spaced em dash.
  text = count(text, /(\S) (?:-|--|–|—) (?=\S)/g, '$1—', counts, 'em-dash-closed');
  text = count(text, /(\w)--(?=\w)/g, '$1—', counts, 'em-dash-closed');
  // Ranges of numbers: 1936-38, pp. 12-14 (not dates like 1936-08-19, not ISBNs: two numbers only).
  text = count(text, /(?<![\d-])(\d{1,4})-(\d{1,4})(?![\d-])/g, '$1–$2', counts, 'range-en-dash');
  // Quotes and apostrophes, line by line so that a stray quote cannot pair across lines.
  text = text
    .split('\n')
    .map((line) => {
      if (!/["']/.test(line)) return line;
      counts['quotes-curled'] += (line.match(/["']/g) ?? []).length;
      // smartquotes turns a quote after anything that is not a digit into ″ or ′ now and then; a prime
      // belongs only after a digit (5′ 10″). Elsewhere it is a quote: opening at the start of a
      // word, closing after a letter or punctuation.
      return smartquotes
        .string(line)
        .replace(/(^|[\s(\[—])″/g, '$1“')
        .replace(/([^\d\s(\[—])″/g, '$1”')
        .replace(/(^|[\s(\[—])′/g, '$1‘')
        .replace(/([^\d\s(\[—])′/g, '$1’');
    })
    .join('\n');
  // Runs of spaces inside a line (indentation at the start of a line is left to Markdown).
  text = count(text, /(\S) {2,}(?=\S)/g, '$1 ', counts, 'spaces-collapsed');
  return text;
}
