/**
 * Which Chromium paginates the book: PUPPETEER_EXECUTABLE_PATH or CHROME_PATH if set, else the
 * first of chromium, chromium-browser, google-chrome on PATH. Puppeteer's own browser download
 * is never used.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CHROMIUM_HELP =
  'No Chromium found for the PDF. Install one (Debian: `apt-get install chromium`) or set PUPPETEER_EXECUTABLE_PATH to its executable.';

/**
 * The flags Chromium needs here: as root it needs --no-sandbox; the rest keep it offline and quiet.
 * Offline by a proxy that does not exist, which no address bypasses (not even this machine's):
 * every request but for a file or data fails at once, with no round trip through the build (as
 * intercepting each request would cost, while the build is busy).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--export-tagged-pdf',
  '--allow-file-access-from-files',
  '--font-render-hinting=none',
];

/** The same, for a Chromium that reads pages from this machine (the preview, in the tests and the bench): online to loopback. */
export const LOOPBACK_ARGS = CHROMIUM_ARGS.filter((a) => !a.startsWith('--proxy-'));

function executable(path: string) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const) {
    const path = env[name];
    if (path) return executable(path) ? path : undefined;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
      const path = join(dir, name);
      if (dir && executable(path)) return path;
    }
  }
  return undefined;
}
