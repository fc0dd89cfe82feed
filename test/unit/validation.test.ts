/**
 * Nothing wrong passes silently: each kind of damage gives a located message (an error where the
 * book would be wrong, a warning where it is merely suspicious), and the same manuscript without
 * the damage gives none. Every case is a copy of the small fixture with an apparatus or a text
 * changed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../build/check.js';
import { firstInvalidByte } from '../../build/config/read-text.js';
import { formatMessages } from '../../build/output/reporter.js';
import { fixture } from '../helpers/build.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Files {
  persons?: string;
  trials?: string;
  glossary?: string;
  /** Replace text in a file of the fixture: [file, from, to]. */
  edit?: [string, string, string | Buffer][];
}

/** The check's messages (first lines only) for the small fixture with these files. */
async function checkWith(files: Files) {
  const dir = mkdtempSync(join(tmpdir(), 'validate-'));
  scratch.push(dir);
  cpSync(fixture('small'), dir, { recursive: true });
  mkdirSync(join(dir, 'apparatus'), { recursive: true });
  if (files.persons !== undefined) writeFileSync(join(dir, 'apparatus', 'persons.yaml'), files.persons);
  if (files.trials !== undefined) writeFileSync(join(dir, 'apparatus', 'trials.yaml'), files.trials);
  if (files.glossary !== undefined) writeFileSync(join(dir, 'apparatus', 'glossary.yaml'), files.glossary);
  for (const [file, from, to] of files.edit ?? []) {
    const path = join(dir, file);
    const text = readFileSync(path);
    const at = text.indexOf(from);
    if (at < 0) throw new Error(`${file} has no “${from}”`);
    writeFileSync(path, Buffer.concat([text.subarray(0, at), Buffer.from(to), text.subarray(at + Buffer.byteLength(from))]));
  }
  return formatMessages(await check(dir)).filter((l) => !l.startsWith('  '));
}

// A person the texts mention (the fixture's chapter 2 names Trotsky), verified.
const trotsky = `- id: trotsky-l-d
  heading: "Trotsky, Lev Davidovich"
  forms: ["Trotsky"]
  dates: "1879–1940"
  verified:
    - {facts: [heading, dates], against: "text:book-2"}
`;
const judge = `- id: ulrikh-v-v
  heading: "Ulrikh, Vasily Vasilyevich"
  forms: ["Ulrikh"]
  unreferenced: "Named in the concordance only."
  defendant: [one-1936]
  verified:
    - {facts: [heading], against: "Wikipedia (en), “Vasili Ulrikh”"}
`;
const trial = (extra = '', defendants = '[ulrikh-v-v]') => `- id: one-1936
  name: "Trial of One"
  forms: ["Trial of One"]
  start: "1936-08-19"
  end: "1936-08-24"
  court: "Military Collegium"
  defendants: ${defendants}
  verdict: "All sentenced."
  verified:
    - {facts: [start, end, court, defendants, verdict], against: "Wikipedia (en), “Moscow trials”"}
${extra}`;

const errors = (lines: string[]) => lines.filter((l) => l.includes(': error: '));

describe('the apparatus, validated at load', () => {
  it('a clean apparatus gives no message', async () => {
    expect(await checkWith({ persons: trotsky + judge, trials: trial() })).toEqual([]);
  });

  it('a judge, prosecutor or defendant who is not in the name authority is an error at the id', async () => {
    const out = await checkWith({ persons: trotsky + judge, trials: trial('  judge: "nobody-x"\n  prosecutor: "nobody-y"\n', '[ulrikh-v-v, nobody-z]') });
    expect(out).toEqual([
      expect.stringMatching(/trials\.yaml:7:28: error: Defendant `nobody-z` is not in the name authority \[apparatus:unknown-person\]/),
      expect.stringMatching(/trials\.yaml:11:10: error: The judge `nobody-x` is not in the name authority \[apparatus:unknown-person\]/),
      expect.stringMatching(/trials\.yaml:12:15: error: The prosecutor `nobody-y` is not in the name authority/),
    ]);
  });

  it('a trial a person names that the concordance lacks is an error', async () => {
    const out = await checkWith({ persons: trotsky + judge.replace('[one-1936]', '[one-1936, two-1937]'), trials: trial() });
    expect(out).toEqual([expect.stringMatching(/persons\.yaml:11:25: error: Trial `two-1937` is not in the concordance \[apparatus:unknown-trial\]/)]);
  });

  it('a defendant and a person record that disagree are a warning, both ways', async () => {
    expect(await checkWith({ persons: trotsky + judge.replace('  defendant: [one-1936]\n', ''), trials: trial() })).toEqual([
      expect.stringMatching(/trials\.yaml:7:16: warning: `ulrikh-v-v` is a defendant of `one-1936`, but the person's record does not list the trial \[apparatus:defendant-mismatch\]/),
    ]);
    expect(await checkWith({ persons: trotsky + judge, trials: trial('', '[]') })).toEqual([
      expect.stringMatching(/persons\.yaml:11:15: warning: `ulrikh-v-v` lists `one-1936`, but the trial does not list the person/),
    ]);
  });

  it('a date that is not a calendar date, or a trial that ends before it starts, is an error', async () => {
    expect(errors(await checkWith({ persons: trotsky + judge, trials: trial().replace('1936-08-24', '1936-02-30') }))).toEqual([
      expect.stringMatching(/trials\.yaml:5:8: error: no such date in the calendar at `0\.end` \[apparatus:schema\]/),
    ]);
    expect(errors(await checkWith({ persons: trotsky + judge, trials: trial().replace('1936-08-24', 'August 1936') }))).toEqual([expect.stringMatching(/trials\.yaml:5:8: error: expected an ISO 8601 date/)]);
    expect(errors(await checkWith({ persons: trotsky + judge, trials: trial().replace('1936-08-24', '1936-07') }))).toEqual([
      expect.stringMatching(/trials\.yaml:4:10: error: The trial starts \(1936-08-19\) after it ends \(1936-07\) \[apparatus:dates\]/),
    ]);
  });

  it('tallies are counts that add up to no more than the defendants', async () => {
    expect(errors(await checkWith({ persons: trotsky + judge, trials: trial('  verdicts: {death: 2}\n') }))).toEqual([
      expect.stringMatching(/trials\.yaml:11:13: error: The verdicts add up to 2, more than the 1 defendants \[apparatus:tally\]/),
    ]);
    expect(errors(await checkWith({ persons: trotsky + judge, trials: trial('  verdicts: {death: -1}\n') }))).toEqual([expect.stringMatching(/error: expected a count, 0 or more at `0\.verdicts\.death`/)]);
    expect(errors(await checkWith({ persons: trotsky + judge, trials: trial('  verdicts: {hanged: 1}\n') }))).toEqual([expect.stringMatching(/trials\.yaml:11:13: error: Unrecognized key: "hanged" at `0\.verdicts`/)]);
    expect(errors(await checkWith({ persons: trotsky + judge, trials: trial('  defendants_total: 1.5\n') }))).toEqual([expect.stringMatching(/error: expected a whole number at `0\.defendants_total`/)]);
    expect(await checkWith({ persons: trotsky + judge, trials: trial('  defendants_total: 3\n  verdicts: {death: 2, acquitted: 1}\n') })).toEqual([
      expect.stringMatching(/warning: Not verified, nor marked unverified: `defendants_total`, `verdicts` of `one-1936` \[verify:unrecorded\]/),
    ]);
  });

  it('a see-reference that is another record’s heading is an error', async () => {
    const out = await checkWith({ persons: trotsky.replace('  dates:', '  see: ["Ulrikh, Vasily Vasilyevich"]\n  dates:') + judge, trials: trial() });
    expect(errors(out)).toEqual([expect.stringMatching(/persons\.yaml:4:9: error: “Ulrikh, Vasily Vasilyevich” is the heading of `ulrikh-v-v`.* \[apparatus:see-collision\]/)]);
  });

  it('a related term that is not in the glossary is an error', async () => {
    const glossary = `- id: nkvd\n  term: NKVD\n  forms: ["NKVD"]\n  definition: "The police."\n  related: [ogpu]\n  unverified: [definition]\n`;
    expect(errors(await checkWith({ persons: trotsky, glossary }))).toEqual([expect.stringMatching(/glossary\.yaml:5:13: error: Related term `ogpu` is not in the glossary \[apparatus:unknown-term\]/)]);
  });

  it('prefer_in and a verification against a text name units of the book', async () => {
    const out = await checkWith({ persons: trotsky.replace('text:book-2', 'text:book-9').replace('  dates:', '  prefer_in: [book-3]\n  dates:') });
    expect(errors(out)).toEqual([
      expect.stringMatching(/persons\.yaml:4:15: error: `prefer_in` names `book-3`, which is neither a unit nor a text of the book \[apparatus:unknown-unit\]/),
      expect.stringMatching(/persons\.yaml:7:42: error: `text:book-9`: the book has no unit `book-9` \[apparatus:unknown-unit\]/),
    ]);
  });

  it('a verification record names facts the record has, each one way', async () => {
    expect(errors(await checkWith({ persons: trotsky.replace('[heading, dates]', '[heading, dates, note]') }))).toEqual([
      expect.stringMatching(/persons\.yaml:6:32: error: `note` is recorded as verified, but the record has no `note` \[apparatus:verification\]/),
    ]);
    expect(errors(await checkWith({ persons: `${trotsky}  unverified: [dates]\n` }))).toEqual([expect.stringMatching(/persons\.yaml:7:16: error: `dates` is recorded both as verified and as unverified/)]);
  });

  it('a fact neither verified nor marked unverified is a warning', async () => {
    expect(await checkWith({ persons: trotsky.replace('[heading, dates]', '[heading]') })).toEqual([
      expect.stringMatching(/persons\.yaml:1:7: warning: Not verified, nor marked unverified: `dates` of `trotsky-l-d` \[verify:unrecorded\]/),
    ]);
  });
});

describe('bytes', () => {
  it('a byte that is not UTF-8 is an error at its line and column, in Markdown and in YAML', async () => {
    expect(await checkWith({ edit: [['sources/essay.md', 'A second paragraph', Buffer.from([0x41, 0x20, 0xe9, 0x20])]] })).toEqual([
      expect.stringMatching(/sources\/essay\.md:18:3: error: Not valid UTF-8: byte 0xE9 \[manuscript:not-text\]/),
    ]);
    expect(await checkWith({ persons: trotsky, edit: [['apparatus/persons.yaml', 'Lev', Buffer.from([0x4c, 0x93, 0x76])]] })).toEqual([
      expect.stringMatching(/apparatus\/persons\.yaml:2:23: error: Not valid UTF-8: byte 0x93 \[apparatus:not-text\]/),
    ]);
  });
  it('a control character is an error at its place', async () => {
    expect(await checkWith({ edit: [['sources/essay.md', 'A second', 'A\u0007second']] })).toEqual([
      expect.stringMatching(/essay\.md:18:2: error: A control character \(U\+0007\) that no text has/),
    ]);
  });
  it('finds the first bad byte, and none in well-formed text', () => {
    expect(firstInvalidByte(Buffer.from('Пётр “Stalin”'))).toBe(-1);
    expect(firstInvalidByte(Buffer.from([0x41, 0xc3]))).toBe(1); // a two-byte character cut short
    expect(firstInvalidByte(Buffer.from([0xe0, 0x80, 0x80]))).toBe(0); // overlong
    expect(firstInvalidByte(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
  });
});

describe('Markdown the book does not render', () => {
  const para = 'A second paragraph';
  it('raw HTML is an error; an HTML comment is not', async () => {
    expect(await checkWith({ edit: [['sources/essay.md', para, 'A <span>second</span> paragraph']] })).toEqual([
      expect.stringMatching(/essay\.md:18:3: error: Raw HTML `<span>` is not rendered: it would vanish from the book \[markup:raw-html\]/),
      expect.stringMatching(/essay\.md:18:15: error: Raw HTML `<\/span>`/),
    ]);
    expect(await checkWith({ edit: [['sources/essay.md', `${para}`, `<!-- checked against the print -->\n\n${para}`]] })).toEqual([]);
  });
  it('an image is an error', async () => {
    expect(await checkWith({ edit: [['sources/essay.md', para, '![a map](https://example.com/map.png) A paragraph']] })).toEqual([
      expect.stringMatching(/essay\.md:18:1: error: An image is not rendered: the book has no figures \[markup:image\]/),
    ]);
  });
  it('a link is allowed to the web and to mail, to nothing else', async () => {
    expect(await checkWith({ edit: [['sources/essay.md', para, 'A [second](https://example.org/) [paragraph](mailto:ed@example.org)']] })).toEqual([]);
    expect(await checkWith({ edit: [['sources/essay.md', para, 'A [second](javascript:alert(1)) [paragraph](../../secret.md)']] })).toEqual([
      expect.stringMatching(/essay\.md:18:3: error: Link to `javascript:alert\(1\)`: a `javascript:` link is not allowed in a text \[markup:unsafe-link\]/),
      expect.stringMatching(/essay\.md:18:33: error: Link to `\.\.\/\.\.\/secret\.md`: a link to a file is not allowed/),
    ]);
  });
  it('a container directive left open is an error at its opening', async () => {
    expect(await checkWith({ edit: [['sources/essay.md', 'The murderer and peasant-slayer.\n:::\n', 'The murderer and peasant-slayer.\n\n']] })).toEqual([
      expect.stringMatching(/essay\.md:20:1: error: `:::verse` is never closed \[markup:unclosed-directive\]/),
    ]);
  });
  it('a heading deeper than the book’s six levels is a warning', async () => {
    expect(await checkWith({ edit: [['sources/essay.md', '## A Section', '###### A Section']] })).toEqual([
      expect.stringMatching(/essay\.md:16:1: warning: A heading of level 6 is level 7 in the book, deeper than the six levels there are \[markup:heading-depth\]/),
    ]);
  });
});

describe('a YAML slip', () => {
  it('reports the first problems of its file, not a cascade', async () => {
    const broken = Array.from({ length: 40 }, (_, i) => `- id: p${i}\n  heading: "P${i}, X"\n  forms: ["P${i}"\n`).join('');
    const out = await checkWith({ persons: broken });
    expect(out.length).toBeLessThanOrEqual(4);
    expect(out[0]).toMatch(/persons\.yaml:\d+:\d+: error: .* \[apparatus:malformed\]/);
    expect(out.at(-1)).toMatch(/error: …and \d+ more problems in this file from here on, not shown \[apparatus:more\]/);
  });
  it('an apparatus file emptied is a warning', async () => {
    expect(await checkWith({ persons: '# nothing yet\n' })).toEqual([expect.stringMatching(/persons\.yaml:1:1: warning: The file has no records \[apparatus:empty\]/)]);
  });
  it('an empty book.yaml is an error at its start; an empty list of suppressions is nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-'));
    scratch.push(dir);
    cpSync(fixture('small'), dir, { recursive: true });
    writeFileSync(join(dir, 'book.yaml'), '');
    writeFileSync(join(dir, 'check-ignore.yaml'), '# no suppressions yet\n');
    expect(formatMessages(await check(dir)).filter((l) => !l.startsWith('  '))).toEqual([expect.stringMatching(/book\.yaml:1:1: error: The file is empty \[book:empty\]/)]);
  });
});
