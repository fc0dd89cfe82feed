/**
 * A seeded mutator of manuscript files: the slips an editor's hands, an editor's tools and a
 * bad copy make. Each mutation is a pure function of the file's bytes and the generator, so a
 * seed names a run exactly.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export type Rng = ReturnType<typeof xoroshiro128plus>;
export const rng = (seed: number) => xoroshiro128plus(seed);

const int = (r: Rng, from: number, to: number) => uniformInt(r, from, to);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, 0, items.length - 1)]!;

export interface Mutation {
  kind: string;
  /** Where, in words: `line 12`, `byte 4031`. */
  at: string;
  bytes: Buffer;
}

const lines = (b: Buffer) => b.toString('latin1').split('\n');
const join = (ls: string[]) => Buffer.from(ls.join('\n'), 'latin1');

/** Bytes an editor's keyboard, a bad paste or another encoding put into a file. */
const STRAY = [
  [0xe9], // é in Latin-1: not UTF-8
  [0x93], // a Windows-1252 curly quote
  [0xc3], // the first byte of a two-byte character, alone
  [0xff, 0xfe], // a UTF-16 byte-order mark
  [0x00], // NUL
  [0x07], // BEL
  [0x1b], // ESC
  [0xef, 0xbb, 0xbf], // a UTF-8 byte-order mark mid-file
  [0x09], // a tab
  [0x22], // "
  [0x3a], // :
  [0x5b], // [
  [0x5d], // ]
  [0x7b], // {
  [0x2a], // *
  [0x23, 0x20], // "# "
  [0x2d, 0x20], // "- "
  [0x3e, 0x20], // "> "
  [0x3c], // <
  [0xc2, 0xa0], // a no-break space
];

/** Marks of the manuscript's own syntax, which a mutation may damage. */
const SYNTAX = /:::|::|:see\{|:person\[|:trial\[|:supplied\[|\[\^|\]\{|\}|\[|\]|: |- |"|---/g;

const OPERATORS: Record<string, (b: Buffer, r: Rng) => Omit<Mutation, 'kind'>> = {
  'delete-line': (b, r) => {
    const ls = lines(b);
    const i = int(r, 0, ls.length - 1);
    ls.splice(i, 1);
    return { at: `line ${i + 1}`, bytes: join(ls) };
  },
  'duplicate-line': (b, r) => {
    const ls = lines(b);
    const i = int(r, 0, ls.length - 1);
    ls.splice(i, 0, ls[i]!);
    return { at: `line ${i + 1}`, bytes: join(ls) };
  },
  'swap-lines': (b, r) => {
    const ls = lines(b);
    if (ls.length < 2) return { at: 'nowhere', bytes: b };
    const i = int(r, 0, ls.length - 2);
    const j = int(r, 0, 1) ? i + 1 : int(r, 0, ls.length - 1);
    [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    return { at: `lines ${i + 1} and ${j + 1}`, bytes: join(ls) };
  },
  truncate: (b, r) => {
    const at = int(r, 0, b.length);
    return { at: `byte ${at}`, bytes: b.subarray(0, at) };
  },
  'stray-bytes': (b, r) => {
    const at = int(r, 0, b.length);
    const stray = Buffer.from(pick(r, STRAY));
    return { at: `byte ${at} (${[...stray].map((x) => x.toString(16).padStart(2, '0')).join(' ')})`, bytes: Buffer.concat([b.subarray(0, at), stray, b.subarray(at)]) };
  },
  indentation: (b, r) => {
    const ls = lines(b);
    const i = int(r, 0, ls.length - 1);
    const line = ls[i]!;
    if (int(r, 0, 1) && /^\s/.test(line)) ls[i] = line.replace(/^\s{1,2}/, '');
    else ls[i] = pick(r, [' ', '  ', '    ', '\t']) + line;
    return { at: `line ${i + 1}`, bytes: join(ls) };
  },
  'break-syntax': (b, r) => {
    const text = b.toString('latin1');
    const marks = [...text.matchAll(SYNTAX)];
    if (!marks.length) return { at: 'nowhere', bytes: b };
    const m = pick(r, marks);
    const how = pick(r, ['drop', 'double', 'first-only']);
    const replacement = how === 'drop' ? '' : how === 'double' ? m[0] + m[0] : m[0][0]!;
    return { at: `byte ${m.index} (${how} “${m[0]}”)`, bytes: Buffer.from(text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length), 'latin1') };
  },
  'change-value': (b, r) => {
    // A YAML value (or a Markdown line) replaced by something of the wrong kind.
    const ls = lines(b);
    const candidates = ls.map((l, i) => [l, i] as const).filter(([l]) => /:\s+\S/.test(l));
    if (!candidates.length) return { at: 'nowhere', bytes: b };
    const [line, i] = pick(r, candidates);
    ls[i] = line.replace(/(:\s+).*$/, `$1${pick(r, ['-3', '1936-13-45', 'yes', '[]', '{}', '', '~', '[a, b', '"unclosed', 'Not An Id', '12.5', '1e9'])}`);
    return { at: `line ${i + 1}`, bytes: join(ls) };
  },
  empty: () => ({ at: 'whole file', bytes: Buffer.alloc(0) }),
};

export const KINDS = Object.keys(OPERATORS);

export function mutate(bytes: Buffer, r: Rng): Mutation {
  const kind = pick(r, KINDS);
  return { kind, ...OPERATORS[kind]!(bytes, r) };
}

export { int, pick };
