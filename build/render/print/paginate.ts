/**
 * Pagination: Paged.js (the browser build that pagedjs-cli ships) in Chromium. A worker is one
 * Chromium with one page that loads Paged.js once and lays out segment after segment in it
 * (browser/book-pages.js); each laid-out segment is printed in place, or kept as a snapshot to
 * print later. Chromium loads nothing from the network: every request that is not for a local
 * file is blocked, and said.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type CDPSession, type HTTPRequest, type Page } from 'puppeteer';
import { CHROMIUM_ARGS } from './chromium.js';
import { type Kept, keptChromium } from './kept.js';
import { sha } from '../../cache/store.js';

const require = createRequire(import.meta.url);
/** Paged.js's browser build, as pagedjs-cli ships it. */
export const PAGED_JS = join(dirname(require.resolve('pagedjs-cli')), '..', 'dist', 'browser.js');
/** Our Paged.js handler against lost lines at page ends (see the file). */
export const KEEP_LAST_LINES = fileURLToPath(new URL('./browser/keep-last-lines.js', import.meta.url));
/** The worker's side in the page (see the file). */
export const BOOK_PAGES = fileURLToPath(new URL('./browser/book-pages.js', import.meta.url));

/** A rectangle on a page, in PDF points from the page's top left. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An element Chromium tags in the PDF's structure, as the page has it (see book-pages.js). */
export interface SkeletonEntry {
  type: string;
  page: number;
  /** Paged.js's id of the source element: the fragments of one element share it. */
  ref: string;
  /** A fragment that continues the element from an earlier page. */
  continues: boolean;
  unit?: string;
  id?: string;
  lang?: string;
  href?: string;
}

export interface LinkBox extends Box {
  page: number;
}

export interface Layout {
  pageCount: number;
  /** Page size in points. */
  width: number;
  height: number;
  /** First page (0-based, within the segment) and vertical position of every id. */
  anchors: Record<string, { page: number; y: number }>;
  /** Every link, in document order, with the boxes it occupies. */
  links: { href: string; text: string; label?: string; boxes: LinkBox[] }[];
  /** 0-based indexes of the pages Paged.js left blank. */
  blank: number[];
  /** The first numbered block (or book page: title-page, copyright, contents) on each page. */
  pageStarts: (string | undefined)[];
  /** Pages where Paged.js would have lost a line and our handler mended it; pages it could not mend. */
  mended: number;
  unmended: number[];
  /** Soft hyphens kept at line ends, dropped elsewhere, and text nodes left as they were. */
  softHyphens: { kept: number; dropped: number; restored: number };
  /** What Chromium will tag, in document order. */
  skeleton: SkeletonEntry[];
  /** Milliseconds in the page: clearing and parsing, Paged.js's layout, the soft hyphens' pass, reading back. */
  phases: { prepare: number; paged: number; hyphens: number; read: number };
}

export interface WorkerOptions {
  executablePath: string;
  /** Puppeteer's protocol timeout. */
  protocolTimeout?: number;
  /** A request that was blocked (not a local file). */
  onBlocked?: (url: string) => void;
  /** Chromium has started (or the kept one was found: `kept`) and Paged.js is loaded. */
  onReady?: (kept: boolean) => void;
  /** Use the kept Chromium if it is free (kept.ts), and give it back on close; `env` sets its idle time. */
  keep?: { env: NodeJS.ProcessEnv };
}

export interface Printed {
  pdf: Uint8Array;
  missing: string[];
  overflowing: number[];
}

/** What the kept Chromium's page is made of: a kept one serves builds with this code only. */
let hostCodeHash: string | undefined;
const hostCode = () => (hostCodeHash ??= sha(HOST, ...[PAGED_JS, KEEP_LAST_LINES, BOOK_PAGES].map((f) => readFileSync(f, 'utf8'))));

/**
 * The page that hosts Paged.js (which it loads with our code, in one navigation): empty; each
 * segment brings its stylesheet, and Paged.js loads its fonts.
 */
const HOST = [
  '<!doctype html><html><head><meta charset="utf-8">',
  '<script>window.PagedConfig = { auto: false };</script>',
  ...[PAGED_JS, KEEP_LAST_LINES, BOOK_PAGES].map((f) => `<script src="${pathToFileURL(f).href}"></script>`),
  '</head><body></body></html>',
].join('');

/** Only what the book is made of may load: local files and inline data. */
export const isLocal = (url: string) => url.startsWith('file:') || url.startsWith('data:') || url.startsWith('about:');

export class PrintWorker {
  private browser?: Browser;
  private page?: Promise<Page>;
  private killOnExit?: () => void;
  private hostDir?: string;
  private session?: CDPSession;
  private kept?: Kept;

  constructor(private readonly options: WorkerOptions) {}

  /** Start Chromium and load Paged.js, if not yet: a build starts its workers while it reads the manuscript. */
  ready(): Promise<Page> {
    this.page ??= this.launch();
    return this.page;
  }

  private async launch(): Promise<Page> {
    // The kept Chromium, if this worker may use it and no other build holds it (kept.ts).
    const kept = this.options.keep ? await keptChromium(this.options.executablePath, CHROMIUM_ARGS, hostCode(), this.options.keep.env) : undefined;
    if (kept) {
      this.kept = kept;
      this.browser = kept.browser;
      const host = join(kept.dir, 'host.html');
      if (!existsSync(host)) writeFileSync(host, HOST);
      const page = await this.setUp();
      // Paged.js is loaded and its code compiled from the last build, unless the page is new.
      const loaded = kept.clean && page.url() === pathToFileURL(host).href && (await page.evaluate(() => 'Paged' in window && '__book' in window));
      if (!loaded) await page.goto(pathToFileURL(host).href);
      this.options.onReady?.(true);
      return page;
    }
    this.hostDir = mkdtempSync(join(tmpdir(), 'reader-print-'));
    const host = join(this.hostDir, 'host.html');
    writeFileSync(host, HOST);
    this.browser = await puppeteer.launch({
      executablePath: this.options.executablePath,
      headless: 'new',
      args: CHROMIUM_ARGS,
      // A profile folder made here, not by Puppeteer (which makes it asynchronously): Chromium is
      // spawned at once, and boots while the build reads and transforms the manuscript.
      userDataDir: join(this.hostDir, 'profile'),
      protocolTimeout: this.options.protocolTimeout ?? 30 * 60_000,
      // The build handles Ctrl-C itself (it discards what it staged); Puppeteer would exit first.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    // Whatever ends this process (Ctrl-C included) ends its Chromium too.
    const child = this.browser.process();
    this.killOnExit = () => child?.kill('SIGKILL');
    process.on('exit', this.killOnExit);
    const page = await this.setUp();
    await page.goto(pathToFileURL(host).href);
    this.options.onReady?.(false);
    return page;
  }

  /** The page Chromium opens with, as this build uses it. */
  private async setUp(): Promise<Page> {
    const page = (await this.browser!.pages())[0] ?? (await this.browser!.newPage());
    page.setDefaultTimeout(0);
    // Requests are not intercepted (Chromium's flags keep it offline): those for anything but a
    // local file are reported.
    page.on('request', (request: HTTPRequest) => {
      if (!isLocal(request.url())) this.options.onBlocked?.(request.url());
    });
    await page.emulateMediaType('print');
    return page;
  }

  /** Whether its Chromium has been asked to start. */
  get started() {
    return this.page !== undefined;
  }

  /**
   * Lay out the segment `html` (by default, the file's), as if it were at `file`, whose folder
   * holds what it links to; its pages stay in the page until the next.
   */
  async layOut(file: string, html = readFileSync(file, 'utf8')): Promise<Layout> {
    const page = await this.ready();
    // The HTML goes with the call: the page fetching a file goes through the browser process,
    // which is busy printing for the other worker (seconds, in a build).
    const { refused, ...layout } = await page.evaluate(
      (url, html) => (window as unknown as { __book: { layOut(u: string, h: string): Promise<Layout & { refused: string[] }> } }).__book.layOut(url, html),
      pathToFileURL(file).href,
      html,
    );
    for (const url of refused) this.options.onBlocked?.(url);
    return layout;
  }

  /** Print what the page holds, once its first folio and the book's folios are known. */
  async print(startFolio: number, folios: Record<string, string>): Promise<Printed> {
    const page = await this.ready();
    const { missing, overflowing } = await page.evaluate(
      (args) => (window as unknown as { __book: { finish(a: unknown): { missing: string[]; overflowing: number[] } } }).__book.finish(args),
      { startFolio, folios },
    );
    // Asked of Chromium directly, for the whole file in one message: Puppeteer's page.pdf() reads
    // it back in 16 KB chunks, a round trip each, which stall while this thread is busy (the
    // EPUB is made meanwhile). The parameters are those page.pdf() sends for these options.
    this.session ??= await page.target().createCDPSession();
    const { data } = await this.session.send('Page.printToPDF', {
      transferMode: 'ReturnAsBase64',
      landscape: false,
      displayHeaderFooter: false,
      headerTemplate: '',
      footerTemplate: '',
      printBackground: true,
      scale: 1,
      paperWidth: 8.5,
      paperHeight: 11,
      marginTop: 0,
      marginBottom: 0,
      marginLeft: 0,
      marginRight: 0,
      pageRanges: '',
      preferCSSPageSize: true,
    });
    return { pdf: Buffer.from(data, 'base64'), missing, overflowing };
  }

  /** The laid-out pages as static HTML (JSON with the styles), to print or show later. */
  async snapshot(): Promise<string> {
    const page = await this.ready();
    return page.evaluate(() => (window as unknown as { __book: { snapshot(): string } }).__book.snapshot());
  }

  /**
   * Put a snapshot back in the page, to print it, as if at `file` (whose folder holds the fonts
   * and what else its pages link to). Fails if a face its pages use did not load.
   */
  async restore(snapshot: string, file: string): Promise<void> {
    const page = await this.ready();
    const failed = await page.evaluate(
      (s, url) => (window as unknown as { __book: { restore(x: string, u: string): Promise<string[]> } }).__book.restore(s, url),
      snapshot,
      pathToFileURL(file).href,
    );
    if (failed.length) throw new Error(`the snapshot's pages could not load their fonts (${failed.join(', ')})`);
  }

  async close(): Promise<void> {
    const page = await this.page?.catch(() => undefined);
    if (this.kept) {
      // Kept for the next build: its pages emptied (they hold this build's last segment).
      await page?.evaluate(() => {
        for (const el of document.querySelectorAll('style, .pagedjs_pages')) el.remove();
        document.body.innerHTML = '';
      }).catch(() => undefined);
      // And its memory given back while it waits (a full build's layouts leave hundreds of MiB).
      await this.session?.send('HeapProfiler.collectGarbage').catch(() => undefined);
      await this.session?.send('Memory.simulatePressureNotification', { level: 'critical' }).catch(() => undefined);
      await this.kept.release();
      this.kept = undefined;
    } else await this.browser?.close();
    this.browser = undefined;
    this.page = undefined;
    this.session = undefined;
    if (this.killOnExit) process.off('exit', this.killOnExit);
    // Chromium's profile is in it: removed off this thread, as the book is put together meanwhile.
    if (this.hostDir) await rm(this.hostDir, { recursive: true, force: true });
  }
}

/** The workers: one Chromium each, as many as there are cores; started at once, in parallel. */
export class PrintPool {
  readonly workers: PrintWorker[];

  /** `keep`: the first worker uses the kept Chromium when it is free (kept.ts), with this environment's idle time. */
  constructor(executablePath: string, count = availableParallelism(), onBlocked?: (url: string) => void, onReady?: (worker: number, kept: boolean) => void, keep?: NodeJS.ProcessEnv) {
    this.workers = Array.from({ length: Math.max(1, count) }, (_, i) => new PrintWorker({ executablePath, onBlocked, onReady: onReady && ((kept) => onReady(i + 1, kept)), keep: keep && i === 0 ? { env: keep } : undefined }));
  }

  /** Launch the first `count` workers' Chromiums now (all, by default), without waiting; the others start when first used. */
  start(count = this.workers.length): this {
    for (const w of this.workers.slice(0, count)) void this.settle(w.ready());
    return this;
  }

  private settle(p: Promise<unknown>) {
    return p.catch(() => undefined); // a failed launch is said when the worker is first used
  }

  private closed?: Promise<void>;

  /** Close every Chromium (once: a second call waits on the first). */
  close(): Promise<void> {
    this.closed ??= Promise.all(this.workers.map((w) => w.close())).then(() => undefined);
    return this.closed;
  }
}
