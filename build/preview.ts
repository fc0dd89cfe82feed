/**
 * `npm run preview`: the book in a browser while you edit it, rebuilt on every save — the print
 * edition as the PDF itself, shown page by page with pdf.js, and the EPUB's chapters as the EPUB
 * has them.
 *
 *   npm run preview [-- --manuscript DIR --port 4173]
 *
 * A save runs the build (both editions, with the build's cache in .cache/ and Chromiums kept
 * open from one build to the next): a one-word correction lays out again only its chapter's
 * segment and what it moves, so the pages shown are the pages that will print, folios and all,
 * within seconds. The print page then loads the new PDF where the reader was: the same page, the
 * same place on it. A manuscript with errors shows them instead of the book. It serves on
 * localhost only.
 */
import { mkdtempSync, readFileSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import JSZip from 'jszip';
import type { Page } from 'puppeteer';
import { build } from './build.js';
import { loadBook } from './config/book.js';
import { report } from './output/reporter.js';
import { CHROMIUM_HELP, findChromium } from './render/print/chromium.js';
import { PrintPool } from './render/print/paginate.js';

const TOOL_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PDFJS = dirname(dirname(require.resolve('pdfjs-dist/build/pdf.mjs')));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
};

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Tells the page the book was built again: the new version's number. */
const EVENTS = `new EventSource('/events').onmessage = (e) => window.dispatchEvent(new CustomEvent('book', { detail: Number(e.data) }));`;
const RELOAD = `<script>${EVENTS} addEventListener('book', () => location.reload());</script>`;

/**
 * The print page: pdf.js's viewer on the book's PDF. On a new version it loads the new PDF and
 * returns to the page and the place on it the reader was at. `window.__preview` says which
 * version each page was last drawn from (for the benchmark).
 */
const PRINT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Print preview</title>
<link rel="stylesheet" href="/pdfjs/web/pdf_viewer.css">
<style>body{margin:0;background:#777}#container{position:absolute;inset:0;overflow:auto}#status{position:fixed;right:8px;bottom:8px;z-index:9;font:12px sans-serif;background:#fff;padding:2px 6px}</style>
</head><body><div id="container"><div id="viewer" class="pdfViewer"></div></div><div id="status">loading…</div>
<script type="module">
import * as pdfjsLib from '/pdfjs/build/pdf.mjs';
globalThis.pdfjsLib = pdfjsLib;
pdfjsLib.GlobalWorkerOptions.workerSrc = '/pdfjs/build/pdf.worker.mjs';
const { EventBus, PDFViewer, PDFLinkService } = await import('/pdfjs/web/pdf_viewer.mjs');
const container = document.getElementById('container');
const status = document.getElementById('status');
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const viewer = new PDFViewer({ container, viewer: document.getElementById('viewer'), eventBus, linkService, textLayerMode: 1 });
linkService.setViewer(viewer);
const state = (window.__preview = { version: 0, drawn: {}, doc: undefined, viewer });
eventBus.on('pagerendered', (e) => { state.drawn[e.pageNumber] = state.version; });
let loading = Promise.resolve();
async function load(version) {
  // Where the reader is: the page, and how far down it.
  const page = viewer.pagesCount ? viewer.currentPageNumber : Number(sessionStorage.getItem('page') || 1);
  const view = viewer.pagesCount ? viewer.getPageView(page - 1) : undefined;
  const within = view ? (container.scrollTop - view.div.offsetTop) / view.div.offsetHeight : 0;
  const scale = viewer.pagesCount ? viewer.currentScaleValue : 'page-width';
  const data = new Uint8Array(await (await fetch('/print/book.pdf?v=' + version)).arrayBuffer());
  // pdf.js keeps one page count for all its documents: the old one goes before the new one comes.
  viewer.setDocument(null);
  linkService.setDocument(null);
  await state.doc?.destroy();
  const doc = await pdfjsLib.getDocument({ data }).promise;
  await new Promise((done) => {
    eventBus.on('pagesinit', function init() {
      eventBus.off('pagesinit', init);
      viewer.currentScaleValue = scale;
      const target = viewer.getPageView(Math.min(page, doc.numPages) - 1);
      container.scrollTop = target.div.offsetTop + within * target.div.offsetHeight;
      done();
    });
    state.version = version;
    state.drawn = {};
    state.doc = doc;
    viewer.setDocument(doc);
    linkService.setDocument(doc);
  });
  status.textContent = 'version ' + version + ' · ' + doc.numPages + ' pages';
}
addEventListener('book', (e) => { loading = loading.then(() => load(e.detail)); });
addEventListener('beforeunload', () => {
  sessionStorage.setItem('page', String(viewer.currentPageNumber));
});
const first = await (await fetch('/version')).json();
if (first > 0) loading = loading.then(() => load(first)); else status.textContent = 'no PDF yet';
${EVENTS}
</script></body></html>`;

export interface PreviewOptions {
  manuscript: string;
  /** 0: any free port. */
  port?: number;
  cacheDir?: string;
  log?: (line: string) => void;
}

export interface Preview {
  url: string;
  /** Resolves when the build after the next change is served, with its version and seconds. */
  nextBuild(): Promise<{ version: number; seconds: number; ok: boolean }>;
  close(): Promise<void>;
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const log = options.log ?? ((line: string) => console.error(line));
  const manuscriptDir = resolve(options.manuscript);
  const out = mkdtempSync(join(tmpdir(), 'reader-preview-'));
  const cacheDir = options.cacheDir ?? resolve('.cache');
  const chromium = findChromium();
  if (!chromium) log(CHROMIUM_HELP);
  const pool = chromium ? new PrintPool(chromium, undefined, (url) => log(`blocked: ${url} (not a local file)`)).start(1) : undefined;

  /** What the server shows: files by path, replaced whole after each build. */
  let files = new Map<string, Buffer | string>();
  let version = 0;
  const clients = new Set<ServerResponse>();
  let waiting: ((r: { version: number; seconds: number; ok: boolean }) => void)[] = [];

  async function render() {
    const started = performance.now();
    const slug = loadBook(manuscriptDir).config?.slug ?? 'book';
    const result = await build({ manuscript: manuscriptDir, out, targets: chromium ? ['epub', 'pdf'] : ['epub'], toolRoot: TOOL_ROOT, cacheDir, pool, log: () => {} });
    const next = new Map<string, Buffer | string>();
    const text = report(result.files);
    if (text) log(text);
    if (!result.ok) {
      next.set('/index.html', `<!doctype html><meta charset="utf-8"><title>Errors</title><pre>${escape(text)}</pre>${RELOAD}`);
      next.set('/print/index.html', next.get('/index.html')!);
    } else {
      if (chromium) {
        next.set('/print/index.html', PRINT_PAGE);
        next.set('/print/book.pdf', readFileSync(join(out, `${slug}.pdf`)));
      }
      const zip = await JSZip.loadAsync(readFileSync(join(out, `${slug}.epub`)));
      const chapters: string[] = [];
      for (const [name, entry] of Object.entries(zip.files)) {
        if (entry.dir) continue;
        let content: Buffer | string = await entry.async('nodebuffer');
        if (name.endsWith('.xhtml')) {
          content = content.toString('utf8').replace('</head>', `${RELOAD}</head>`);
          const title = /<title>([^<]*)<\/title>/.exec(content)?.[1];
          if (!name.endsWith('nav.xhtml')) chapters.push(`<li><a href="/epub/${name}">${title ?? name}</a></li>`);
        }
        next.set(`/epub/${name}`, content);
      }
      next.set(
        '/index.html',
        `<!doctype html><meta charset="utf-8"><title>Preview</title><h1>Preview</h1><p>${chromium ? '<a href="/print/">The print edition</a>, as the PDF has it' : 'No Chromium, so no print edition'}.</p><h2>The EPUB’s chapters</h2><ul>${chapters.join('')}</ul>${RELOAD}`,
      );
    }
    files = next;
    version++;
    const seconds = (performance.now() - started) / 1000;
    log(`version ${version}: ${result.ok ? 'built' : 'failed'} in ${seconds.toFixed(1)} s`);
    for (const c of clients) c.write(`data: ${version}\n\n`);
    const told = waiting;
    waiting = [];
    for (const w of told) w({ version, seconds, ok: result.ok });
  }

  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (path === '/version') return void res.writeHead(200, { 'content-type': 'application/json' }).end(String(files.has('/print/book.pdf') ? version : 0));
    if (path.startsWith('/pdfjs/') && /^\/pdfjs\/(build|web)\/[\w./-]+$/.test(path) && !path.includes('..')) {
      try {
        return void res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(join(PDFJS, path.slice('/pdfjs/'.length))));
      } catch {
        return void res.writeHead(404).end('not found');
      }
    }
    const file = files.get(path === '/' ? '/index.html' : path.endsWith('/') ? `${path}index.html` : path);
    if (file === undefined) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(file);
  });

  await render();
  const port = await new Promise<number>((done) => server.listen(options.port ?? 4173, '127.0.0.1', () => done((server.address() as { port: number }).port)));

  // Saves come in bursts (an editor's "save all", a formatter): one build after the last of them;
  // a save during a build starts the next one when it ends.
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (queued) return;
      queued = true;
      running = running.then(async () => {
        queued = false;
        await render().catch((e: Error) => log(`the preview could not be built: ${e.message}`));
      });
    }, 50);
  };
  const watchers: FSWatcher[] = [manuscriptDir, join(TOOL_ROOT, 'styles'), join(TOOL_ROOT, 'templates')].map((dir) => watch(dir, { recursive: true }, changed));

  return {
    url: `http://127.0.0.1:${port}/`,
    nextBuild: () => new Promise((done) => waiting.push(done)),
    async close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      for (const c of clients) c.end();
      await running;
      await new Promise((done) => server.close(done));
      await pool?.close();
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/**
 * For a browser driven by the tests and the benchmark: the text of page `n` of the PDF the print
 * preview shows now (pdf.js's, lines joined by spaces).
 */
export function shownText(page: Page, n: number): Promise<string> {
  return page.evaluate(async (n) => {
    const doc = (window as unknown as { __preview: { doc: { getPage(n: number): Promise<{ getTextContent(): Promise<{ items: { str: string; hasEOL?: boolean }[] }> }> } } }).__preview.doc;
    const content = await (await doc.getPage(n)).getTextContent();
    return content.items.map((i) => i.str + (i.hasEOL ? ' ' : '')).join('').replace(/\s+/g, ' ');
  }, n);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { manuscript: { type: 'string', default: 'manuscript' }, port: { type: 'string', default: '4173' } } });
  const preview = await startPreview({ manuscript: values.manuscript!, port: Number(values.port) });
  console.error(`preview on ${preview.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void preview.close().then(() => process.exit(signal === 'SIGINT' ? 130 : 143)));
}
