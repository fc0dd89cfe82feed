/**
 * The date stamped into the outputs, taken from the manuscript and never from the clock, so that
 * the same manuscript gives the same files: SOURCE_DATE_EPOCH if set, else the last commit that
 * touched the manuscript folder, else the book's publication date.
 */
import { execFile } from 'node:child_process';

/**
 * When the last commit touched the manuscript folder (seconds since the epoch), or undefined
 * outside a git checkout; asked of git as the build starts, without waiting on it.
 */
export function lastCommit(manuscript: string, env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  if (env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: manuscript, encoding: 'utf8' }, (error, out) => {
      const seconds = out?.trim();
      resolve(!error && /^\d+$/.test(seconds) ? Number(seconds) : undefined);
    });
  });
}

export function sourceDate(bookDate: string, committed: number | undefined, env: NodeJS.ProcessEnv = process.env): Date {
  if (env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH)) return new Date(Number(env.SOURCE_DATE_EPOCH) * 1000);
  if (committed !== undefined) return new Date(committed * 1000);
  const [y, m = '01', d = '01'] = bookDate.split('-');
  return new Date(`${y}-${m}-${d}T00:00:00Z`);
}
