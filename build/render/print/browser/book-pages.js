/*
 * The print worker's side in the page: one page hosts Paged.js once and lays out segment after
 * segment in it (loading Paged.js anew for every segment cost more than laying out a chapter),
 * then prepares the laid-out pages for print and reads back where everything landed.
 *
 *   window.__book.layOut(url, html) lay out the segment `html`, whose address is `url`; what landed where
 *   window.__book.finish(args)     fill in the segment's first folio and the folios it shows
 *   window.__book.snapshot()       the laid-out pages as static HTML, to print or preview later
 *   window.__book.restore(html)    put such a snapshot back, to print it
 *
 * Before print, the pages are prepared for the PDF's text layer and structure:
 *   - a soft hyphen where no line breaks is removed (it would stay in the text layer as U+00AD);
 *     each edited text node is checked to lie on the same lines after the edit, else restored;
 *   - running heads, folios and blank pages are hidden from the accessibility tree, so that
 *     Chromium leaves them out of the structure (the build marks them as artifacts);
 *   - the book's units, notes and Russian passages get roles that Chromium tags distinctly
 *     (Div, Art, Code), so that the build can give them their structure types (Sect, Note,
 *     Span with Lang); `skeleton` lists, in document order, every element Chromium tags, for
 *     the build to align with Chromium's structure tree.
 */
(() => {
  const PT = 72 / 96;
  const CONTENT = '.pagedjs_page_content';

  /** The elements Chromium tags with a type of their own, as the build aligns them. */
  function typeOf(el) {
    if (el.dataset.unit !== undefined && el.getAttribute('role') === 'group') return 'Div';
    const role = el.getAttribute('role');
    if (role === 'article') return 'Art';
    if (role === 'code') return 'Code';
    if (role === 'none' || role === 'presentation') return undefined;
    switch (el.tagName) {
      case 'P': return 'P';
      case 'H1': case 'H2': case 'H3': case 'H4': case 'H5': case 'H6': return el.tagName;
      case 'BLOCKQUOTE': return 'BlockQuote';
      case 'UL': case 'OL': return 'L';
      case 'LI': return 'LI';
      case 'TABLE': return 'Table';
      case 'TR': return 'TR';
      case 'TH': return 'TH';
      case 'TD': return 'TD';
      case 'A': return el.hasAttribute('href') ? 'Link' : undefined;
      default: return undefined;
    }
  }

  /**
   * Remove every soft hyphen at which no line breaks. Greedy line breaking does not move a line
   * when a break it did not take is removed; but a soft hyphen also keeps “f” and “i” apart, and
   * the ligature they form when it goes is narrower. So each edited text node is checked to lie on
   * the same lines after the edit; if it does not, the soft hyphens between ligature letters are
   * put back, and if that does not suffice, all of them.
   */
  function dropUnusedSoftHyphens(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const edits = [];
    let kept = 0;
    let dropped = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.data;
      if (!t.includes('\u00ad')) continue;
      range.selectNodeContents(n);
      const rects = [...range.getClientRects()].map((r) => [r.top, r.left]);
      // A text on one line breaks nowhere inside it: only a soft hyphen at its very end could be used.
      const oneLine = new Set(rects.map((r) => r[0])).size <= 1;
      let out = '';
      let changed = false;
      for (let i = 0; i < t.length; i++) {
        if (t[i] !== '\u00ad') {
          out += t[i];
          continue;
        }
        if (oneLine && i < t.length - 1) {
          out += '\u0001';
          changed = true;
          continue;
        }
        // A soft hyphen the line breaks at shows a hyphen, and the letter after it starts the next
        // line (its range then has a rectangle on a later line).
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const shy = range.getBoundingClientRect();
        let used = shy.width > 0;
        if (used && i + 1 < t.length) {
          range.setStart(n, i + 1);
          range.setEnd(n, i + 2);
          used = [...range.getClientRects()].some((r) => r.top > shy.top + shy.height / 2);
        }
        if (used) {
          out += '\u0000';
          kept++;
        } else {
          out += '\u0001';
          changed = true;
        }
      }
      if (!changed) continue;
      edits.push({ node: n, before: t, marked: out, rects });
    }
    // \u0000 marks a soft hyphen kept (a line breaks there), \u0001 one to drop.
    const apply = (marked, keepLigatures) => {
      let s = marked.replace(/\u0000/g, '\u00ad');
      if (keepLigatures) s = s.replace(/f\u0001(?=[fiklt])/gi, 'f\u00ad');
      return s.replace(/\u0001/g, '');
    };
    const sameLines = (e) => {
      range.selectNodeContents(e.node);
      const now = [...range.getClientRects()].map((r) => [r.top, r.left]);
      // The same lines: as many fragments, at the same heights, each line after the first starting
      // where it did. The first may start a hair further along (the text before it on its line,
      // another node, may have lost soft hyphens too: a fraction of a pixel of kerning).
      return (
        now.length === e.rects.length &&
        now.every((r, i) => Math.abs(r[0] - e.rects[i][0]) < 0.01 && Math.abs(r[1] - e.rects[i][1]) < (i === 0 ? 1 : 0.01))
      );
    };
    for (const e of edits) e.node.data = apply(e.marked, false);
    let restored = 0;
    for (const e of edits) {
      if (sameLines(e)) {
        dropped += (e.marked.match(/\u0001/g) || []).length;
        continue;
      }
      e.node.data = apply(e.marked, true);
      if (!sameLines(e)) e.node.data = e.before;
      const left = (e.node.data.match(/\u00ad/g) || []).length - (e.marked.match(/\u0000/g) || []).length;
      restored += left;
      dropped += (e.marked.match(/\u0001/g) || []).length - left;
    }
    return { kept, dropped, restored };
  }

  /** Roles and hiding for the PDF's structure (see above). */
  function markForStructure(pages) {
    for (const page of pages) {
      for (const m of page.querySelectorAll('.pagedjs_margin, .pagedjs_margin-content')) m.setAttribute('aria-hidden', 'true');
      if (page.classList.contains('pagedjs_blank_page')) page.setAttribute('aria-hidden', 'true');
      const area = page.querySelector(CONTENT);
      if (!area) continue;
      for (const el of area.querySelectorAll('.running-text')) el.setAttribute('aria-hidden', 'true');
      for (const el of area.querySelectorAll('section.unit, section#half-title, section#title-page, section#copyright, nav#contents')) {
        el.dataset.unit = el.dataset.unit || el.id;
        el.setAttribute('role', 'group');
      }
      for (const el of area.querySelectorAll('li.note')) el.setAttribute('role', 'article');
      for (const el of area.querySelectorAll('ol.note-list')) el.setAttribute('role', 'none');
      for (const el of area.querySelectorAll('span[lang]')) el.setAttribute('role', 'code');
      // A note reference, a glossary link, a backlink: in the PDF each is a Link (their DPUB roles
      // would make Chromium tag them as nothing).
      for (const el of area.querySelectorAll('a[href][role]')) el.removeAttribute('role');
    }
  }

  /** Every element Chromium will tag, in document order, with what the build needs to know of it. */
  function skeleton(pages) {
    const out = [];
    pages.forEach((page, index) => {
      const area = page.querySelector(CONTENT);
      if (!area || page.getAttribute('aria-hidden') === 'true') return;
      const walk = (el) => {
        if (el.getAttribute('aria-hidden') === 'true') return;
        const type = typeOf(el);
        if (type) {
          const entry = { type, page: index, ref: el.dataset.ref || '', continues: el.hasAttribute('data-split-from') };
          if (type === 'Div') entry.unit = el.dataset.unit;
          if (type === 'Art' && el.id) entry.id = el.id;
          if (type === 'Art' && !el.id && el.dataset.ref) entry.id = (chunkerSource(el.dataset.ref) || {}).id;
          if (type === 'Code') entry.lang = el.getAttribute('lang');
          if (type === 'Link') entry.href = el.getAttribute('href');
          out.push(entry);
        }
        for (const child of el.children) walk(child);
      };
      walk(area);
    });
    return out;
  }

  let source;
  /** The source element a fragment was cloned from (its id stays on the first fragment only). */
  function chunkerSource(ref) {
    return source && source.querySelector(`[data-ref="${ref}"]`);
  }

  /** Where things landed: anchors, links, page starts, blank pages; page size in points. */
  function readLayout(pages) {
    const anchors = {};
    const links = [];
    const blank = [];
    const pageStarts = [];
    const first = pages[0] && pages[0].getBoundingClientRect();
    const byElement = new Map();
    pages.forEach((page, index) => {
      const origin = page.getBoundingClientRect();
      if (page.classList.contains('pagedjs_blank_page')) blank.push(index);
      const start = page.querySelector(`${CONTENT} :is([data-b], #half-title, #title-page, #copyright, #contents)`);
      pageStarts.push(start ? (start.dataset.b || start.id) : undefined);
      for (const el of page.querySelectorAll(`${CONTENT} [id]`)) {
        if (el.id in anchors) continue;
        const r = el.getBoundingClientRect();
        anchors[el.id] = { page: index, y: (r.top - origin.top) * PT };
      }
      // Every link, in document order (as Chromium's structure has them), with its boxes.
      for (const a of page.querySelectorAll(`${CONTENT} a[href]`)) {
        if (a.closest('[aria-hidden="true"]')) continue;
        const href = a.getAttribute('href');
        // A link split across pages is one link: its fragments share the source's data-ref.
        const key = a.dataset.ref && a.hasAttribute('data-split-from') ? a.dataset.ref : undefined;
        let link = key && byElement.get(key);
        if (!link) {
          link = { href, text: a.textContent.replace(/\s+/g, ' ').trim(), label: a.getAttribute('aria-label') || undefined, boxes: [] };
          links.push(link);
          if (a.dataset.ref) byElement.set(a.dataset.ref, link);
        }
        for (const r of a.getClientRects()) {
          if (!r.width || !r.height) continue;
          link.boxes.push({ page: index, x: (r.left - origin.left) * PT, y: (r.top - origin.top) * PT, width: r.width * PT, height: r.height * PT });
        }
      }
    });
    return {
      pageCount: pages.length,
      width: (first ? first.width : 0) * PT,
      height: (first ? first.height : 0) * PT,
      anchors,
      links,
      blank,
      pageStarts,
      mended: window.__keptLines || 0,
      unmended: window.__lostLines || [],
    };
  }

  /** Run a callback as the next task, without waiting for a frame. */
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()();
  function nextTask(callback) {
    waiting.push(callback);
    channel.port2.postMessage(0);
  }

  /** Clear what the last segment left: its pages, Paged.js's styles, the handler's counters. */
  function clear() {
    // Every style in the page is Paged.js's (the host page has none): the stylesheets it inserted
    // and the one it fills rule by rule.
    for (const el of document.querySelectorAll('style, .pagedjs_pages')) el.remove();
    document.body.innerHTML = '';
    document.body.removeAttribute('style');
    document.documentElement.removeAttribute('style');
    window.__keptLines = 0;
    window.__lostLines = [];
  }

  /** The folder of the segment laid out last: what its pages' URLs (the fonts) point into. */
  let folder;
  /**
   * Stands for that folder in a snapshot: a build's folder is a staging folder, gone by the next
   * build, and a snapshot is printed in later builds (a restored page whose fonts did not load
   * would print in another face, its lines broken anew).
   */
  const FOLDER = 'book-folder:/';

  async function layOut(url, html) {
    const started = performance.now();
    clear();
    folder = new URL('.', url).href;
    const doc = new DOMParser().parseFromString(html, 'text/html');
    document.documentElement.lang = doc.documentElement.lang;
    document.title = doc.title;
    const base = new URL(url);
    const stylesheets = [];
    // A stylesheet from anywhere but a local file is not fetched (Paged.js would fail on it).
    const refused = [];
    for (const el of doc.querySelectorAll('link[rel="stylesheet"], style')) {
      if (el.tagName !== 'LINK') stylesheets.push({ [url]: el.textContent });
      else {
        const href = new URL(el.getAttribute('href'), base).href;
        if (/^(file|data):/.test(href)) stylesheets.push(href);
        else refused.push(href);
      }
    }
    const template = document.createElement('template');
    template.innerHTML = doc.body.innerHTML;
    source = template.content;
    // The polyfill's settings (the hyphen glyph keep-last-lines.js sets), for this previewer
    // alone. Paged.js checks whether a page overflows once `maxChars` characters are on it, and
    // after every node from then on; it means to use the length of the last pages, but writes the
    // first page's into the settings and keeps it for good (for a segment that opens with a
    // chapter's first page, or for every later segment sharing the settings, a few hundred
    // characters: a check for nearly every node). Here it is the last pages' length, page by page.
    let previewer;
    const settings = { ...window.PagedPolyfill.settings };
    Object.defineProperty(settings, 'maxChars', { get: () => previewer.chunker.maxChars, set: () => {}, enumerable: true });
    previewer = new window.Paged.Previewer(settings);
    // Paged.js lays out one page per animation frame; nothing here waits on painting (every
    // measure forces layout), so the next page starts as soon as the last is done.
    if (window.__book.fastTick) previewer.chunker.q.tick = nextTask;
    // Paged.js loads every face the stylesheet declares before it measures anything.
    const t0 = performance.now();
    await previewer.preview(template.content, stylesheets, document.body);
    const t1 = performance.now();
    source = previewer.chunker.source || template.content;
    const pages = [...document.querySelectorAll('.pagedjs_page')];
    closeRunningHeadStrings(pages);
    const softHyphens = dropUnusedSoftHyphens(document.querySelector('.pagedjs_pages'));
    const t2 = performance.now();
    markForStructure(pages);
    const layout = { ...readLayout(pages), softHyphens, skeleton: skeleton(pages), refused };
    // Where the time went, in milliseconds: clearing and parsing, Paged.js, the soft hyphens, reading back.
    layout.phases = { prepare: t0 - started, paged: t1 - t0, hyphens: t2 - t1, read: performance.now() - t2 };
    return layout;
  }

  /**
   * Paged.js writes the strings of running heads to each page unclosed (`"Title`). The page shows
   * them right (a string ends with its value), but serialised in a snapshot and parsed again,
   * each swallows the declarations after it: the head would read "; --pagedjs-string-…". Closed
   * here, they show the same and survive the snapshot.
   */
  function closeRunningHeadStrings(pages) {
    for (const page of pages) {
      for (const name of [...page.style]) {
        if (!name.startsWith('--pagedjs-string-')) continue;
        const value = page.style.getPropertyValue(name).trim();
        const closed = /^"(?:[^"\\]|\\.)*"$/s.test(value);
        if (value.startsWith('"') && !closed) page.style.setProperty(name, `${value}"`);
      }
    }
  }

  /**
   * The segment's first folio (the counter that margin boxes print), and the folios that other
   * segments' layout decided, written into the placeholders `[data-folio-of]`. Neither changes
   * the layout of a page's content, but a filled number may lengthen a line: pages whose content
   * now overflows are reported.
   */
  function finish({ startFolio, folios }) {
    const pages = document.querySelector('.pagedjs_pages');
    if (pages) {
      const reset = getComputedStyle(pages).counterReset;
      pages.style.counterReset = reset.replace(/(^|\s)page -?\d+/, `$1page ${startFolio - 1}`);
    }
    const missing = [];
    for (const el of document.querySelectorAll('[data-folio-of]')) {
      const id = el.dataset.folioOf;
      const folio = folios[id];
      if (folio === undefined) missing.push(id);
      else el.textContent = (el.dataset.folioPrefix || '') + folio;
    }
    const overflowing = [];
    document.querySelectorAll('.pagedjs_page').forEach((page, index) => {
      const area = page.querySelector(CONTENT);
      if (area && area.scrollHeight > area.clientHeight + 1) overflowing.push(index);
    });
    return { missing, overflowing };
  }

  /** The laid-out pages and the styles Paged.js made for them, as static HTML. */
  function snapshot() {
    // Each stylesheet as its rules say it, not as its text: Paged.js inserts some rules one by one
    // (what stands for sibling and nth-of-type selectors, the page counter), which the text lacks.
    const styles = [...document.querySelectorAll('style')]
      .map((s) => `<style>${[...s.sheet.cssRules].map((r) => r.cssText).join('\n').replace(/<\/style/gi, '<\\/style')}</style>`)
      .join('\n');
    const pages = document.querySelector('.pagedjs_pages');
    const json = JSON.stringify({ lang: document.documentElement.lang, title: document.title, styles, pages: pages ? pages.outerHTML : '' });
    return folder ? json.split(folder).join(FOLDER) : json;
  }

  /** Put a snapshot back, its URLs in the folder of `url`; resolves to the faces that did not load (none, or it must not be printed). */
  function restore(json, url) {
    clear();
    folder = new URL('.', url).href;
    const s = JSON.parse(json.split(FOLDER).join(folder));
    document.documentElement.lang = s.lang;
    document.title = s.title;
    document.head.insertAdjacentHTML('beforeend', s.styles);
    document.body.insertAdjacentHTML('beforeend', s.pages);
    // Styled and laid out now, so that the fonts the pages use are loading before they are awaited.
    void document.body.offsetHeight;
    return document.fonts.ready.then(() => [...document.fonts].filter((f) => f.status === 'error').map((f) => `${f.family} ${f.style} ${f.weight}`));
  }

  window.__book = { layOut, finish, snapshot, restore, fastTick: true };
})();
