/**
 * The kept Chromium: the first worker's Chromium outlives the build, in a detached process of its
 * own (keeper.ts), for the idle time (5 minutes unless READER_CHROMIUM_IDLE says other seconds),
 * so that the next build, an editor's correction a minute later, connects to it instead of
 * starting one: no start-up, Paged.js loaded and its code already compiled in the page. One build
 * uses it at a time (a lock); a build that finds it taken starts its own Chromium as before.
 * READER_KEEP_CHROMIUM=0 turns it off. A Chromium is kept per executable, flags and page code:
 * after a change to the code in the page, a new one is started and the old one ends when idle.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer';
import { sha } from '../../cache/store.js';
import { running } from '../../running.js';

const KEEPER = fileURLToPath(new URL('./keeper.ts', import.meta.url));
/**
 * The keeper is TypeScript, run by Node with tsx's loader, as the npm scripts run the build
 * (resolved with require: vitest's module runner has no import.meta.resolve).
 */
const tsxLoader = () => pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface Kept {
  browser: Browser;
  /** The folder the kept Chromium's files live in (its host page among them). */
  dir: string;
  /**
   * Whether the last build that used it gave it back (else it was killed mid-build, and its page
   * may still be at work on that build's layout: to be loaded afresh).
   */
  clean: boolean;
  /** Give it back for the next build (the page stays as it is). */
  release(): Promise<void>;
}

/** The environment a build keeps its Chromium with (its idle time), or none if it keeps none (READER_KEEP_CHROMIUM=0). */
export const keepingWith = (env: NodeJS.ProcessEnv = process.env) => (env.READER_KEEP_CHROMIUM === '0' ? undefined : env);

/**
 * The kept Chromium for `executablePath` with `flags` and the page code `code`, started if none
 * is running; undefined if another build holds it or it cannot be had (the caller starts its own).
 */
export async function keptChromium(executablePath: string, flags: string[], code: string, env: NodeJS.ProcessEnv = process.env): Promise<Kept | undefined> {
  const dir = join(tmpdir(), `reader-chromium-${userInfo().uid}-${sha(executablePath, JSON.stringify(flags), code).slice(0, 16)}`);
  const lock = join(dir, 'lock');
  mkdirSync(dir, { recursive: true });
  if (!takeLock(lock)) return undefined;
  const release = async (browser?: Browser) => {
    await browser?.disconnect();
    if (existsSync(dir)) {
      writeFileSync(join(dir, 'used'), '');
      if (browser) writeFileSync(join(dir, 'clean'), '');
    }
    rmSync(lock, { recursive: true, force: true });
  };
  try {
    const state = readState(dir) ?? (await startKeeper(dir, executablePath, flags, env));
    if (!state) {
      await release();
      return undefined;
    }
    const browser = await puppeteer.connect({ browserWSEndpoint: state.ws, protocolTimeout: 30 * 60_000 });
    utimesSync(join(dir, 'used'), new Date(), new Date());
    const clean = existsSync(join(dir, 'clean'));
    rmSync(join(dir, 'clean'), { force: true });
    return { browser, dir, clean, release: () => release(browser) };
  } catch {
    await release();
    return undefined;
  }
}

/** Take the lock (a folder, with the holder's pid in it) unless a running process holds it; one left by a process that is gone is taken over. */
export function takeLock(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return true;
    } catch {
      // Held: by a live build (or the keeper, closing), or left by one that was killed.
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8').trim());
      } catch {
        // being written this moment
        return false;
      }
      if (owner && running(owner)) return false;
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return false;
}

function readState(dir: string): { ws: string; pid: number } | undefined {
  try {
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { ws: string; pid: number };
    return running(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Start the keeper, detached, and wait until its Chromium listens (or it has given up). */
function startKeeper(dir: string, executablePath: string, flags: string[], env: NodeJS.ProcessEnv) {
  rmSync(join(dir, 'state.json'), { force: true });
  const idle = Number(env.READER_CHROMIUM_IDLE ?? 300);
  const child = spawn(process.execPath, ['--import', tsxLoader(), KEEPER, dir, String(Number.isFinite(idle) && idle > 0 ? idle : 300), executablePath, JSON.stringify(flags)], {
    detached: true,
    stdio: 'ignore',
    env: { ...env, PUPPETEER_SKIP_DOWNLOAD: '1' },
  });
  child.unref();
  return new Promise<{ ws: string; pid: number } | undefined>((resolve) => {
    let done = false;
    const finish = (state?: { ws: string; pid: number }) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      resolve(state);
    };
    child.on('exit', () => finish(readState(dir)));
    child.on('error', () => finish());
    const started = Date.now();
    const poll = setInterval(() => {
      const state = readState(dir);
      if (state) finish(state);
      else if (Date.now() - started > 20_000) finish();
    }, 10);
  });
}
