/**
 * `npm run preview`: the book in a browser while you edit it — the print layout paginated by
 * Paged.js in the page, and the EPUB's chapters as the EPUB has them — reloading on every save.
 *
 *   npm run preview [-- --manuscript DIR --port 4173]
 *
 * It serves on localhost only. On a change under the manuscript, styles or templates it runs
 * the same stages as the build (load, transform, assemble) and renders both previews again; a
 * manuscript with errors shows them instead of the book.
 */
import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import JSZip from 'jszip';
import { loadApparatus } from './apparatus/load.js';
import { assemble } from './book/assemble.js';
import { BuildCache } from './cache/index.js';
import { report } from './output/reporter.js';
import { sourceDate } from './config/source-date.js';
import { loadManuscript } from './manuscript/load.js';
import { renderEpub } from './render/epub/index.js';
import { bookFonts } from './render/fonts.js';
import { printDocument } from './render/print/document.js';
import { KEEP_LAST_LINES } from './render/print/paginate.js';

const TOOL_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PAGED_POLYFILL = join(dirname(require.resolve('pagedjs-cli')), '..', 'dist', 'browser.js');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/** What the server shows: files by path, rebuilt on every change. */
let files = new Map<string, Buffer | string>();
const clients = new Set<ServerResponse>();

/** Asks the page to reload when the book has been rendered again. */
const RELOAD = `<script>new EventSource('/events').onmessage = () => location.reload();</script>`;

async function render(manuscriptDir: string, cache: BuildCache) {
  const started = performance.now();
  const next = new Map<string, Buffer | string>();
  const loaded = loadManuscript(manuscriptDir, cache.units);
  const apparatus = loaded.ok ? loadApparatus(manuscriptDir, cache.yaml, loaded.manuscript.units) : undefined;
  const problems = loaded.ok ? [...loaded.manuscript.files, ...apparatus!.files] : loaded.files;
  if (!loaded.ok || problems.some((f) => f.messages.some((m) => m.fatal))) {
    const text = report(problems);
    console.error(text);
    next.set('/index.html', `<!doctype html><meta charset="utf-8"><title>Errors</title><pre>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>${RELOAD}`);
    files = next;
    return;
  }
  const book = await assemble(loaded.manuscript, apparatus!, { cache });
  const { config } = loaded.manuscript;
  const warnings = report(problems);
  if (warnings) console.error(warnings);

  // The print layout: the whole book as one document, paginated by Paged.js in the browser.
  const fonts = bookFonts();
  for (const f of fonts.files) next.set(`/print/fonts/${f.name}`, await readFile(f.path));
  next.set('/print/print.css', [fonts.css('fonts/'), await readFile(join(TOOL_ROOT, 'styles', 'print.css'), 'utf8')].join('\n'));
  next.set('/print/paged.js', await readFile(PAGED_POLYFILL, 'utf8'));
  next.set('/print/keep-last-lines.js', await readFile(KEEP_LAST_LINES, 'utf8'));
  const html = printDocument(book, { stylesheet: 'print.css' }).replace(
    '</head>',
    `<script>window.PagedConfig = { auto: true };</script><script src="paged.js"></script><script src="keep-last-lines.js"></script>${RELOAD}</head>`,
  );
  next.set('/print/index.html', html);

  // The EPUB's own files, as a reading system gets them.
  const epub = await renderEpub(book, { toolRoot: TOOL_ROOT, modified: sourceDate(manuscriptDir, config.date), cache: cache.epub });
  const zip = await JSZip.loadAsync(epub);
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    let content: Buffer | string = await entry.async('nodebuffer');
    if (name.endsWith('.xhtml')) content = content.toString('utf8').replace('</head>', `${RELOAD}</head>`);
    next.set(`/epub/${name}`, content);
  }
  const chapters = book.manuscript.units.map((u) => `<li><a href="/epub/OEBPS/${u.id}.xhtml">${u.title}</a></li>`).join('');
  next.set(
    '/index.html',
    `<!doctype html><meta charset="utf-8"><title>${config.title}: preview</title><h1>${config.title}</h1><p><a href="/print/index.html">The print layout</a> (Paged.js; takes a little while for the whole book)</p><h2>The EPUB’s chapters</h2><ul>${chapters}</ul>${RELOAD}`,
  );
  files = next;
  console.error(`rendered in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  const { values } = parseArgs({ options: { manuscript: { type: 'string', default: 'manuscript' }, port: { type: 'string', default: '4173' } } });
  const manuscriptDir = resolve(values.manuscript!);
  // The build's own cache (.cache/ beside dist/): a save re-renders only what changed.
  const cache = new BuildCache(resolve('.cache'), TOOL_ROOT);
  await render(manuscriptDir, cache);

  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const file = files.get(path === '/' ? '/index.html' : path.endsWith('/') ? `${path}index.html` : path);
    if (file === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/html; charset=utf-8' }).end(file);
  });
  server.listen(Number(values.port), '127.0.0.1', () => console.error(`preview on http://127.0.0.1:${values.port}/`));

  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      await render(manuscriptDir, cache).catch((e) => console.error(e));
      for (const c of clients) c.write('data: reload\n\n');
    }, 200);
  };
  for (const dir of [manuscriptDir, join(TOOL_ROOT, 'styles'), join(TOOL_ROOT, 'templates')]) watch(dir, { recursive: true }, changed);
}

await main();
