/**
 * The kept Chromium (build/render/print/kept.ts): the next build finds it started, prints the
 * same PDF as a build with a Chromium of its own, and it ends once idle. Each test has a Chromium
 * of its own to keep: a wrapper script under another path is another executable, so the other
 * tests' builds (which keep theirs for the default five minutes) do not share it.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../build/render/print/chromium.js';
import { running } from '../../build/running.js';
import { buildInto, fixture } from '../helpers/build.js';

const SLUG = 'small-reader';
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A Chromium under a path of its own (its kept Chromium is its own too). */
function ownChromium() {
  const dir = mkdtempSync(join(tmpdir(), 'own-chromium-'));
  scratch.push(dir);
  const exe = join(dir, 'chromium');
  writeFileSync(exe, `#!/bin/sh\nexec ${findChromium()!} "$@"\n`);
  chmodSync(exe, 0o755);
  return exe;
}

/** The kept Chromiums' folders, with their keepers' pids. */
const keptFolders = () =>
  readdirSync(tmpdir())
    .filter((n) => n.startsWith('reader-chromium-'))
    .map((n) => join(tmpdir(), n));

async function until(what: string, ok: () => boolean, seconds: number) {
  const end = Date.now() + seconds * 1000;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the kept Chromium', () => {
  it('serves the next build started, gives the same PDF as a Chromium of its own, and ends when idle', async () => {
    const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: ownChromium(), READER_CHROMIUM_IDLE: '4' };
    const before = new Set(keptFolders());
    const events: string[][] = [[], []];
    const first = await buildInto(fixture('small'), ['pdf'], { env, trace: (e) => events[0]!.push(e) });
    expect(first.ok).toBe(true);
    const mine = keptFolders().filter((d) => !before.has(d));
    expect(mine).toHaveLength(1);
    const keeper = JSON.parse(readFileSync(join(mine[0]!, 'state.json'), 'utf8')).pid as number;
    expect(running(keeper)).toBe(true);

    const second = await buildInto(fixture('small'), ['pdf'], { env, trace: (e) => events[1]!.push(e) });
    expect(second.ok).toBe(true);
    expect(events[1]).toContain('Chromium 1 ready (kept)');
    const own = await buildInto(fixture('small'), ['pdf'], { env: { ...env, READER_KEEP_CHROMIUM: '0' } });
    const pdf = (b: { out: string }) => readFileSync(join(b.out, `${SLUG}.pdf`));
    expect(pdf(second).equals(pdf(first))).toBe(true);
    expect(pdf(second).equals(pdf(own))).toBe(true);

    // Idle for its four seconds: the keeper closes it and takes its folder with it.
    await until('the keeper ends', () => !running(keeper) && !existsSync(mine[0]!), 30);
  });

  it('is not used by a build while another holds it, nor after a build that held it was killed, without loading its page afresh', async () => {
    const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: ownChromium(), READER_CHROMIUM_IDLE: '4' };
    const before = new Set(keptFolders());
    expect((await buildInto(fixture('small'), ['pdf'], { env })).ok).toBe(true);
    const [dir] = keptFolders().filter((d) => !before.has(d));
    // Held by a live process (this one): the build starts a Chromium of its own.
    mkdirSync(join(dir!, 'lock'));
    writeFileSync(join(dir!, 'lock', 'pid'), String(process.pid));
    const events: string[] = [];
    const held = await buildInto(fixture('small'), ['pdf'], { env, trace: (e) => events.push(e) });
    expect(held.ok).toBe(true);
    expect(events).toContain('Chromium 1 ready');
    // Held by a process that is gone, mid-build (no clean release): taken over, its page loaded anew.
    writeFileSync(join(dir!, 'lock', 'pid'), '999999999');
    rmSync(join(dir!, 'clean'), { force: true });
    events.length = 0;
    const after = await buildInto(fixture('small'), ['pdf'], { env, trace: (e) => events.push(e) });
    expect(after.ok).toBe(true);
    expect(events).toContain('Chromium 1 ready (kept)');
    expect(readFileSync(join(after.out, `${SLUG}.pdf`)).equals(readFileSync(join(held.out, `${SLUG}.pdf`)))).toBe(true);
  });
});
