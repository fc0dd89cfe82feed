/**
 * The loader fuzzed: a few hundred seeded mutations of copies of the real manuscript's YAML and
 * Markdown (lines deleted, doubled, swapped; files truncated or emptied; stray bytes; indentation;
 * broken directives and values), each run through `check` and an EPUB build. Every run ends in
 * outputs or in located messages, never in an exception, a stack trace or a half-written dist/.
 * `npm run fuzz` runs thousands (test/fuzz/run.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispose, fuzzOnce, type Outcome, workspace, type Workspace } from '../fuzz/harness.js';

const SEED = 20261201;
const COUNT = Number(process.env.FUZZ_COUNT ?? 200);

let ws: Workspace;
beforeAll(async () => {
  ws = await workspace();
});
afterAll(() => ws && dispose(ws));

describe('the loader, fuzzed', () => {
  it(`keeps every promise over ${COUNT} mutations of the real manuscript`, async () => {
    const started = performance.now();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < COUNT; i++) outcomes.push(await fuzzOnce(ws, SEED + i));
    const minutes = (performance.now() - started) / 60_000;
    const failed = outcomes.filter((o) => o.problems.length);
    const kinds = new Set(outcomes.map((o) => o.mutation.kind));
    console.log(
      `${COUNT} mutations of ${new Set(outcomes.map((o) => o.file)).size} files, ${kinds.size} kinds; ${outcomes.filter((o) => o.buildOk).length} built, ${outcomes.filter((o) => !o.buildOk).length} stopped with messages; ${(COUNT / minutes).toFixed(0)} a minute`,
    );
    expect(failed.map((o) => `seed ${o.seed}: ${o.mutation.kind} in ${o.file} at ${o.mutation.at}: ${o.problems.join('; ')}`)).toEqual([]);
    // The mutations reached both kinds of file and both endings.
    expect(kinds.size).toBeGreaterThanOrEqual(8);
    expect(outcomes.some((o) => o.file.endsWith('.yaml')) && outcomes.some((o) => o.file.endsWith('.md'))).toBe(true);
    expect(outcomes.some((o) => o.buildOk) && outcomes.some((o) => !o.buildOk)).toBe(true);
  });
});
