/**
 * Pagination: Paged.js in Chromium, through pagedjs-cli's Printer. The Printer is extended to
 * launch the Chromium we found with our flags and a protocol timeout fit for a whole book, and
 * to read back from the rendered pages where every anchor and every internal link landed: the
 * page map that the contents, the index and the PDF's links and outline are built from.
 */
import { fileURLToPath } from 'node:url';
import Printer from 'pagedjs-cli';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { CHROMIUM_ARGS } from './chromium.js';

/** Our Paged.js handler against lost lines at page ends (see the file). */
export const KEEP_LAST_LINES = fileURLToPath(new URL('./browser/keep-last-lines.js', import.meta.url));

/** A rectangle on a page, in PDF points from the page's top left. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  pageCount: number;
  /** Page size in points. */
  width: number;
  height: number;
  /** First page (0-based, within the segment) and vertical position of every id. */
  anchors: Record<string, { page: number; y: number }>;
  /** Every link to `#id`, with the boxes it occupies. */
  links: { href: string; page: number; box: Box }[];
  /** 0-based indexes of the pages Paged.js left blank. */
  blank: number[];
  /** The first numbered block (or book page: title-page, copyright, contents) on each page. */
  pageStarts: (string | undefined)[];
  /** Pages where Paged.js would have lost a line and our handler mended it; pages it could not mend. */
  mended: number;
  unmended: number[];
}

export interface PrinterOptions {
  executablePath: string;
  /** Puppeteer's protocol timeout; pagedjs-cli never raises the 180 s default. */
  protocolTimeout?: number;
  onPage?: (count: number) => void;
}

/** Runs in the page, after Paged.js: where things landed. */
function readLayout(): Layout {
  const PT = 72 / 96;
  const pages = [...document.querySelectorAll<HTMLElement>('.pagedjs_page')];
  const anchors: Layout['anchors'] = {};
  const links: Layout['links'] = [];
  const blank: number[] = [];
  const pageStarts: (string | undefined)[] = [];
  const first = pages[0]?.getBoundingClientRect();
  pages.forEach((page, index) => {
    const origin = page.getBoundingClientRect();
    if (page.classList.contains('pagedjs_blank_page')) blank.push(index);
    const start = page.querySelector<HTMLElement>('.pagedjs_page_content :is([data-b], #half-title, #title-page, #copyright, #contents)');
    pageStarts.push(start ? (start.dataset.b ?? start.id) : undefined);
    page.querySelectorAll<HTMLElement>('.pagedjs_page_content [id]').forEach((el) => {
      if (el.id in anchors) return;
      anchors[el.id] = { page: index, y: (el.getBoundingClientRect().top - origin.top) * PT };
    });
    page.querySelectorAll<HTMLAnchorElement>('.pagedjs_page_content a[href^="#"]').forEach((a) => {
      for (const r of a.getClientRects()) {
        if (!r.width || !r.height) continue;
        links.push({
          href: decodeURIComponent(a.getAttribute('href')!.slice(1)),
          page: index,
          box: { x: (r.left - origin.left) * PT, y: (r.top - origin.top) * PT, width: r.width * PT, height: r.height * PT },
        });
      }
    });
  });
  return {
    pageCount: pages.length,
    width: (first?.width ?? 0) * PT,
    height: (first?.height ?? 0) * PT,
    anchors,
    links,
    blank,
    pageStarts,
    mended: (window as unknown as { __keptLines?: number }).__keptLines ?? 0,
    unmended: (window as unknown as { __lostLines?: number[] }).__lostLines ?? [],
  };
}

/**
 * Runs in the page once every segment is laid out: the segment's first folio (the counter that
 * margin boxes print), and the folios that other segments' layout decided, written into the
 * placeholders `[data-folio-of]`. Neither changes the layout of a page's content, but a filled
 * number may lengthen a line: pages whose content now overflows are reported.
 */
function finishLayout(args: { startFolio: number; folios: Record<string, string> }) {
  const pages = document.querySelector<HTMLElement>('.pagedjs_pages');
  if (pages) {
    const reset = getComputedStyle(pages).counterReset;
    pages.style.counterReset = reset.replace(/(^|\s)page -?\d+/, `$1page ${args.startFolio - 1}`);
  }
  const missing: string[] = [];
  document.querySelectorAll<HTMLElement>('[data-folio-of]').forEach((el) => {
    const id = el.dataset.folioOf!;
    const folio = args.folios[id];
    if (folio === undefined) missing.push(id);
    else el.textContent = (el.dataset.folioPrefix ?? '') + folio;
  });
  const overflowing: number[] = [];
  document.querySelectorAll<HTMLElement>('.pagedjs_page').forEach((page, index) => {
    const area = page.querySelector<HTMLElement>('.pagedjs_page_content');
    if (area && area.scrollHeight > area.clientHeight + 1) overflowing.push(index);
  });
  return { missing, overflowing };
}

export interface LaidOut {
  layout: Layout;
  /** Print the laid-out segment, once its first folio and the book's folios are known. */
  print(startFolio: number, folios: Record<string, string>): Promise<{ pdf: Uint8Array; missing: string[]; overflowing: number[] }>;
  /** Close the page without printing (its PDF was in the cache). */
  discard(): Promise<void>;
}

export class BookPrinter extends Printer {
  private readonly launchOptions: PrinterOptions;
  declare browser: Browser | undefined;

  constructor(options: PrinterOptions) {
    super({ allowLocal: true, timeout: 0, closeAfter: false, additionalScripts: [KEEP_LAST_LINES] });
    this.launchOptions = options;
    if (options.onPage) this.on('page', () => options.onPage!(1));
  }

  override async setup(): Promise<Browser> {
    this.browser = await puppeteer.launch({
      executablePath: this.launchOptions.executablePath,
      headless: 'new',
      args: CHROMIUM_ARGS,
      protocolTimeout: this.launchOptions.protocolTimeout ?? 30 * 60_000,
      // The build handles Ctrl-C itself (it discards what it staged); Puppeteer would exit first.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    // Whatever ends this process (Ctrl-C included) ends its Chromium too.
    const child = this.browser.process();
    this.killOnExit = () => child?.kill('SIGKILL');
    process.on('exit', this.killOnExit);
    return this.browser;
  }

  private killOnExit?: () => void;

  /** Paginate one HTML file (by URL) and keep its page open until it is printed. */
  async layOut(url: string): Promise<LaidOut> {
    const page: Page = await this.render(url);
    const layout = await page.evaluate(readLayout);
    return {
      layout,
      discard: async () => {
        await page.close();
      },
      print: async (startFolio, folios) => {
        try {
          const { missing, overflowing } = await page.evaluate(finishLayout, { startFolio, folios });
          const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true, timeout: 0, margin: { top: 0, right: 0, bottom: 0, left: 0 } });
          return { pdf, missing, overflowing };
        } finally {
          await page.close();
        }
      },
    };
  }

  override async close(): Promise<void> {
    await this.browser?.close();
    this.browser = undefined;
    if (this.killOnExit) process.off('exit', this.killOnExit);
  }
}
