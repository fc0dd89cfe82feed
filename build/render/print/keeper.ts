/**
 * The kept Chromium's keeper (see kept.ts): a detached process that starts one Chromium, says
 * where it listens, and closes it once no build has used it for the idle time.
 *
 *   node --import tsx keeper.ts <state folder> <idle seconds> <executable> <flags as JSON>
 *
 * The state folder holds `state.json` (the DevTools endpoint and this process's pid, written
 * once Chromium is up), `used` (touched by each build that gives it back), `lock/` (held by the
 * build using it). Before it closes Chromium the keeper takes the lock itself, so that no build
 * connects to a Chromium that is closing.
 */
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { takeLock } from './kept.js';

const [dir, idleArg, executablePath, flags] = process.argv.slice(2) as [string, string, string, string];
const idle = Number(idleArg) * 1000;

let browser: Browser | undefined;
let ending = false;
async function end(code: number) {
  if (ending) return;
  ending = true;
  await browser?.close().catch(() => undefined);
  // Out of the way at once (a build coming now makes the folder afresh), then removed: Chromium's
  // helpers may still be writing to its profile for a moment after it has gone.
  try {
    const gone = `${dir}.ended-${process.pid}`;
    renameSync(dir, gone);
    rmSync(gone, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch {
    // left for the system's temporary-file cleaning; the next build starts afresh without it
  }
  process.exit(code);
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void end(0));

try {
  browser = await puppeteer.launch({
    executablePath,
    headless: 'new',
    args: JSON.parse(flags) as string[],
    userDataDir: join(dir, 'profile'),
    protocolTimeout: 30 * 60_000,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
} catch {
  await end(1);
}
browser!.on('disconnected', () => void end(0));
writeFileSync(join(dir, 'used'), '');
writeFileSync(join(dir, 'state.tmp'), JSON.stringify({ ws: browser!.wsEndpoint(), pid: process.pid }));
renameSync(join(dir, 'state.tmp'), join(dir, 'state.json'));

setInterval(
  () => {
    let used = 0;
    try {
      used = statSync(join(dir, 'used')).mtimeMs;
    } catch {
      // the folder was removed: end
    }
    if (Date.now() - used >= idle && takeLock(join(dir, 'lock'))) void end(0);
  },
  Math.min(2000, Math.max(200, idle / 4)),
);
