/**
 * Every rule `npm run check` applies, each with a manuscript that breaks it and one that keeps
 * it: the message, its place and its rule id.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../build/check.js';
import { formatMessages } from '../../build/output/reporter.js';
import { buildInto, fixture, messages } from '../helpers/build.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the small fixture, changed by `edit`; its check messages as compiler lines. */
async function checkWith(edit: (dir: string) => void = () => {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lint-'));
  scratch.push(dir);
  cpSync(fixture('small'), dir, { recursive: true });
  edit(dir);
  return formatMessages(await check(dir)).filter((l) => !l.startsWith('  '));
}

const change = (dir: string, file: string, from: string, to: string) => {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no “${from}”`);
  writeFileSync(path, text.replace(from, to));
};
const append = (dir: string, file: string, text: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8') + text);

describe('the clean fixture', () => {
  it('passes every rule', async () => {
    expect(await checkWith()).toEqual([]);
  });
});

describe('typography', () => {
  it('straight quotes', async () => {
    const out = await checkWith((d) => change(d, 'sources/essay.md', 'A second paragraph', 'A "second" paragraph'));
    expect(out).toEqual([
      expect.stringMatching(/sources\/essay\.md:18:3: warning: Straight double quote \[typography:straight-quote\]/),
      expect.stringMatching(/sources\/essay\.md:18:10: warning: Straight double quote \[typography:straight-quote\]/),
    ]);
  });
  it('a double hyphen', async () => {
    expect(await checkWith((d) => change(d, 'sources/essay.md', 'A second paragraph,', 'A second paragraph--'))).toEqual([
      expect.stringMatching(/essay\.md:18:19: warning: Double hyphen \[typography:double-hyphen\]/),
    ]);
  });
  it('a spaced hyphen for a dash', async () => {
    expect(await checkWith((d) => change(d, 'sources/essay.md', 'A second paragraph,', 'A second - paragraph,'))).toEqual([
      expect.stringMatching(/essay\.md:18:9: warning: Spaced hyphen used as a dash \[typography:spaced-hyphen\]/),
    ]);
  });
  it('leaves curly quotes, en and em dashes alone', async () => {
    expect(await checkWith((d) => change(d, 'sources/essay.md', 'A second paragraph,', 'A “second”—paragraph, 1936–38,'))).toEqual([]);
  });
});

describe('quotation marks facing the wrong way', () => {
  it('an opening mark set as a closing one, and a closing one as an opening one', async () => {
    const out = await checkWith((d) => change(d, 'sources/essay.md', 'A second paragraph,', 'He declared: ”*I am* here,” in a letter ‘T.‘” A second paragraph,'));
    expect(out).toEqual([
      expect.stringMatching(/essay\.md:18:14: warning: A closing double quotation mark where a quotation opens \[typography:quote-direction\]/),
      expect.stringMatching(/essay\.md:18:44: warning: An opening single quotation mark where a quotation closes \[typography:quote-direction\]/),
    ]);
  });
  it('a quotation mark between letters, as a hard sign curled', async () => {
    expect(await checkWith((d) => change(d, 'sources/essay.md', 'A second paragraph,', 'The s”ezd, a second paragraph,'))).toEqual([
      expect.stringMatching(/essay\.md:18:6: warning: A double quotation mark between two letters \[typography:quote-in-word\]/),
    ]);
  });
  it('leaves marks that face the right way alone', async () => {
    expect(await checkWith((d) => change(d, 'sources/essay.md', 'A second paragraph,', 'He declared: “*I am* here,” in a letter ‘T.’ sʺezd, a second paragraph,'))).toEqual([]);
  });
});

describe('notes', () => {
  it('a reference without a note is an error', async () => {
    expect(await checkWith((d) => change(d, 'sources/essay.md', '[^2]: The second note.\n', ''))).toEqual([
      expect.stringMatching(/essay\.md:18:\d+: error: Note reference `\[\^2\]` has no note \[notes:undefined-note\]/),
    ]);
  });
  it('a note without a reference is a warning', async () => {
    expect(await checkWith((d) => append(d, 'sources/essay.md', '[^3]: A note nobody refers to.\n'))).toEqual([
      expect.stringMatching(/essay\.md:\d+:1: warning: Note `\[\^3\]` is never referred to \[notes:unreferenced-note\]/),
    ]);
  });
});

describe('cross-references', () => {
  it('a dangling reference is an error at its place', async () => {
    expect(await checkWith((d) => change(d, 'front/introduction.md', 'text:essay', 'text:essays'))).toEqual([
      expect.stringMatching(/front\/introduction\.md:8:\d+: error: Cross-reference to `text:essays`, which is not in the book \[xref:dangling\]/),
    ]);
  });
});

describe('names and the apparatus', () => {
  const persons = `- id: smirnov-i-n
  heading: "Smirnov, Ivan Nikitich"
  forms: ["Smirnov", "I. N. Smirnov"]
  unverified: [heading]
- id: smirnov-a-p
  heading: "Smirnov, Aleksandr Petrovich"
  forms: ["Smirnov", "A. P. Smirnov"]
  unverified: [heading]
`;
  const unreferenced = (id: string) => expect.stringMatching(new RegExp(`apparatus/persons\\.yaml:\\d+:10: warning: \`${id}\` is mentioned nowhere in the texts \\[names:unreferenced-person\\]`));
  const withPersons = (d: string, text: string, extra = '') => {
    mkdirSync(join(d, 'apparatus'), { recursive: true });
    writeFileSync(join(d, 'apparatus', 'persons.yaml'), persons + extra);
    change(d, 'sources/book/ch02.md', 'The second chapter quotes a source.', text);
  };
  it('an ambiguous surname is a warning; a paragraph that names one of them settles it', async () => {
    expect(await checkWith((d) => withPersons(d, 'Smirnov spoke.'))).toEqual([
      expect.stringMatching(/ch02\.md:8:1: warning: Ambiguous mention `Smirnov`: smirnov-i-n or smirnov-a-p \[names:ambiguous-person\]/),
      unreferenced('smirnov-i-n'),
      unreferenced('smirnov-a-p'),
    ]);
    expect(await checkWith((d) => withPersons(d, 'I. N. Smirnov spoke; Smirnov was heard.'))).toEqual([unreferenced('smirnov-a-p')]);
  });
  it('an editor’s override settles it', async () => {
    expect(await checkWith((d) => withPersons(d, ':person[Smirnov]{id=smirnov-a-p} spoke.'))).toEqual([unreferenced('smirnov-i-n')]);
  });
  it('a person no text mentions is a warning unless the record says why', async () => {
    const extra = `- id: nobody-x
  heading: "Nobody, X."
  forms: ["Nobody"]
  unreferenced: "Named in the concordance only."
  unverified: [heading]
`;
    expect(await checkWith((d) => withPersons(d, 'I. N. Smirnov spoke.', extra))).toEqual([unreferenced('smirnov-a-p')]);
  });
  it('a schema error in the YAML points at the value', async () => {
    const out = await checkWith((d) => withPersons(d, 'I. N. Smirnov spoke.', '- id: Bad Id\n  heading: "X, Y"\n  forms: ["X"]\n'));
    expect(out).toEqual([expect.stringMatching(/apparatus\/persons\.yaml:9:7: error: expected a lowercase ASCII id .* \[apparatus:schema\]/)]);
  });
});

describe('suppressions', () => {
  it('silence a message, with a reason; an unused one is reported', async () => {
    const ignore = (reason: string, line: number) => `- rule: typography:straight-quote\n  file: sources/essay.md\n  line: ${line}\n  reason: ${reason}\n`;
    const quoted = (d: string) => change(d, 'sources/essay.md', 'A second paragraph', 'A "second paragraph');
    expect(await checkWith((d) => (quoted(d), writeFileSync(join(d, 'check-ignore.yaml'), ignore('The source prints a straight quote here.', 18))))).toEqual([]);
    expect(await checkWith((d) => writeFileSync(join(d, 'check-ignore.yaml'), ignore('The source prints a straight quote here.', 18)))).toEqual([
      expect.stringMatching(/check-ignore\.yaml:1:3: warning: Suppression of `typography:straight-quote` in sources\/essay\.md matches no message \[check:unused-suppression\]/),
    ]);
    expect(await checkWith((d) => (quoted(d), writeFileSync(join(d, 'check-ignore.yaml'), ignore('why', 18))))).toEqual([
      expect.stringMatching(/essay\.md:18:3: warning: Straight double quote/),
      expect.stringMatching(/check-ignore\.yaml:4:11: error: every suppression says why, in a sentence/),
    ]);
  });
  it('hold for the build too, which never reports one unused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-build-'));
    scratch.push(dir);
    cpSync(fixture('small'), dir, { recursive: true });
    mkdirSync(join(dir, 'apparatus'));
    writeFileSync(join(dir, 'apparatus', 'persons.yaml'), '- id: smirnov-i-n\n  heading: "Smirnov, Ivan Nikitich"\n  forms: ["Smirnov"]\n- id: smirnov-a-p\n  heading: "Smirnov, Aleksandr Petrovich"\n  forms: ["Smirnov"]\n');
    change(dir, 'sources/book/ch02.md', 'The second chapter quotes a source.', 'Smirnov spoke.');
    const ambiguous = (r: Awaited<ReturnType<typeof buildInto>>) => messages(r).filter((m) => m.includes('Ambiguous mention'));
    expect(ambiguous(await buildInto(dir, ['epub']))).toHaveLength(1);
    writeFileSync(
      join(dir, 'check-ignore.yaml'),
      '- rule: names:ambiguous-person\n  file: sources/book/ch02.md\n  text: Smirnov\n  reason: Either Smirnov could have spoken; the source does not say.\n' +
        '- rule: typography:straight-quote\n  file: sources/essay.md\n  reason: A rule the build does not run, so never reported unused by it.\n',
    );
    const built = await buildInto(dir, ['epub']);
    expect(built.ok).toBe(true);
    expect(messages(built)).toEqual([]);
  });
});
