/**
 * A build that is interrupted (Ctrl-C) or whose Chromium crashes leaves the output folder as it
 * was: the same files, byte for byte, and no staging folder behind.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInto, fixture, messages, TOOL_ROOT } from '../helpers/build.js';

/** Every file under `dir` with the hash of its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

let out: string;
let before: Record<string, string>;

beforeAll(async () => {
  const result = await buildInto(fixture('small'));
  expect(result.ok).toBe(true);
  out = result.out;
  before = snapshot(out);
});

describe('a build that does not finish', () => {
  it('leaves the outputs untouched when interrupted with Ctrl-C', async () => {
    // Change the manuscript, so that a finished build would change the outputs.
    const manuscript = mkdtempSync(join(tmpdir(), 'interrupted-'));
    const { cpSync } = await import('node:fs');
    cpSync(fixture('small'), manuscript, { recursive: true });
    const essay = join(manuscript, 'sources', 'essay.md');
    writeFileSync(essay, readFileSync(essay, 'utf8').replace('a while', 'a long while'));

    // As `npm run build` runs it: one Node process with tsx's loader. (The tsx command runs the
    // build in a child and, when the child does not answer a relayed signal within 30 ms — a busy
    // build does not — kills it outright, in the middle of its clean-up.)
    const child = spawn(process.execPath, ['--import', 'tsx', join(TOOL_ROOT, 'build', 'cli.ts'), 'build', '--no-cache', '--manuscript', manuscript, '--out', out], {
      cwd: TOOL_ROOT,
      stdio: 'ignore',
    });
    // Interrupt it while it paginates: once the stylesheet has been staged for Paged.js.
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const staging = readdirSync(out).find((n) => n.startsWith('.staging-'));
        if (staging && readdirSync(join(out, staging)).some((n) => n.endsWith('.print.css'))) {
          clearInterval(poll);
          child.kill('SIGINT');
          resolve();
        } else if (Date.now() - started > 60_000) {
          clearInterval(poll);
          reject(new Error('the build never started writing'));
        }
      }, 25);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 130 : null))));
    expect(code).toBe(130);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(out).filter((n) => n.startsWith('.staging-'))).toEqual([]);
  });

  it('leaves the outputs untouched when Chromium crashes, and says so', async () => {
    const fake = join(mkdtempSync(join(tmpdir(), 'crash-')), 'chromium');
    writeFileSync(fake, '#!/bin/sh\necho "crashed" >&2\nexit 139\n');
    chmodSync(fake, 0o755);
    const result = await buildInto(fixture('small'), ['pdf'], { out, env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: fake } });
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual([expect.stringContaining('The PDF could not be made')]);
    expect(snapshot(out)).toEqual(before);
  });
});
