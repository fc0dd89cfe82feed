/**
 * `npm run fuzz [-- --count 2000 --seed 1]`: the fuzz harness at length (the test suite runs a
 * few hundred mutations with a fixed seed). Prints every broken promise with the seed that
 * reproduces it, and the throughput.
 */
import { parseArgs } from 'node:util';
import { dispose, fuzzOnce, workspace } from './harness.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' } } });
const count = Number(values.count);
const first = Number(values.seed);
const ws = await workspace();
const started = performance.now();
let failed = 0;
const kinds = new Map<string, number>();
try {
  for (let seed = first; seed < first + count; seed++) {
    const outcome = await fuzzOnce(ws, seed);
    kinds.set(outcome.mutation.kind, (kinds.get(outcome.mutation.kind) ?? 0) + 1);
    if (outcome.problems.length) {
      failed++;
      console.log(`seed ${seed}: ${outcome.mutation.kind} in ${outcome.file} at ${outcome.mutation.at}`);
      for (const p of outcome.problems) console.log(`  ${p.split('\n').slice(0, 6).join('\n    ')}`);
    }
    if ((seed - first + 1) % 50 === 0) console.error(`${seed - first + 1} mutations, ${failed} with problems, ${(((seed - first + 1) / (performance.now() - started)) * 60_000).toFixed(0)} a minute`);
  }
} finally {
  dispose(ws);
}
const minutes = (performance.now() - started) / 60_000;
console.log(`${count} mutations (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${failed} with problems; ${(count / minutes).toFixed(0)} a minute`);
process.exitCode = failed ? 1 : 0;
