/**
 * The date stamped into the outputs, taken from the manuscript and never from the clock, so that
 * the same manuscript gives the same files: SOURCE_DATE_EPOCH if set, else the last commit that
 * touched the manuscript folder, else the book's publication date.
 */
import { execFileSync } from 'node:child_process';

export function sourceDate(manuscript: string, bookDate: string, env: NodeJS.ProcessEnv = process.env): Date {
  if (env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH)) return new Date(Number(env.SOURCE_DATE_EPOCH) * 1000);
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: manuscript, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (/^\d+$/.test(out)) return new Date(Number(out) * 1000);
  } catch {
    // not a git checkout: fall through
  }
  const [y, m = '01', d = '01'] = bookDate.split('-');
  return new Date(`${y}-${m}-${d}T00:00:00Z`);
}
