/**
 * One voice: `npm run check`, `npm run build` and `npm run preview` print a broken manuscript's
 * messages in the same format — path from the working folder, line, column, severity, reason,
 * rule; the fix on the next line; a summary line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, TOOL_ROOT } from '../helpers/build.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

const tsx = join(TOOL_ROOT, 'node_modules', '.bin', 'tsx');
const cli = join(TOOL_ROOT, 'build', 'cli.ts');

/** The small fixture with a dangling cross-reference (an error) and a straight quote (a warning). */
function broken() {
  const dir = mkdtempSync(join(tmpdir(), 'one-voice-'));
  scratch.push(dir);
  cpSync(fixture('small'), join(dir, 'manuscript'), { recursive: true });
  const intro = join(dir, 'manuscript', 'front', 'introduction.md');
  writeFileSync(intro, readFileSync(intro, 'utf8').replace('chapter:book-2', 'chapter:book-7').replace('Read the essay first', 'Read the "essay" first'));
  return dir;
}

/** The lines that are messages, their fixes and the summary, from a command's output. */
const diagnostics = (out: string) => out.split('\n').filter((l) => /^\S+:\d+:\d+: (error|warning): |^  \S|^\d+ errors?, \d+ warnings?$/.test(l));

describe('every command speaks one format', () => {
  it('check and build print the same lines for the same error', () => {
    const dir = broken();
    const check = spawnSync(tsx, [cli, 'check', '--manuscript', 'manuscript', '--no-cache'], { cwd: dir, encoding: 'utf8' });
    const build = spawnSync(tsx, [cli, 'build', '--target', 'epub', '--manuscript', 'manuscript', '--no-cache'], { cwd: dir, encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(build.status).toBe(1);
    const fromCheck = diagnostics(check.stdout);
    const fromBuild = diagnostics(build.stderr);
    expect(fromCheck[0]).toMatch(/^manuscript\/front\/introduction\.md:8:\d+: error: Cross-reference to `chapter:book-7`, which is not in the book \[xref:dangling\]$/);
    expect(fromCheck[1]).toMatch(/^ {2}Check the kind and id/);
    expect(fromCheck.at(-1)).toMatch(/^1 error, \d+ warnings?$/);
    // The build runs fewer rules than the check (no typography): every line it prints, check prints.
    const errorLines = (lines: string[]) => lines.filter((l) => l.includes(': error: '));
    expect(errorLines(fromBuild)).toEqual(errorLines(fromCheck));
    expect(fromBuild.at(-1)).toBe('1 error, 0 warnings');
  });

  it('the preview prints them so too', async () => {
    const dir = broken();
    const child = spawn(tsx, [join(TOOL_ROOT, 'build', 'preview.ts'), '--manuscript', 'manuscript', '--port', '0'], { cwd: dir });
    let err = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no messages from the preview: ${err}`)), 60_000);
      child.stderr.on('data', (d) => {
        err += d;
        if (/\d+ errors?, \d+ warnings?/.test(err)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill();
    const lines = diagnostics(err);
    expect(lines[0]).toMatch(/^manuscript\/front\/introduction\.md:8:\d+: error: Cross-reference to `chapter:book-7`/);
    expect(lines.at(-1)).toMatch(/^1 error, \d+ warnings?$/);
  });
});
