/*
 * A Paged.js handler, run in the page: how a page ends.
 *
 * Paged.js 0.4 lays a page's content out in a column, lets what does not fit flow into a second
 * column beyond the page's edge, and breaks the page where that overflow begins. Now and then it
 * places the break too late: a line or two laid out beyond the edge stay on the page, where they
 * are never painted, and the next page starts after them (measured here: 29 lines in a
 * 700-page book; Paged.js issues #87 and #157). And where it breaks inside a word, it does so at
 * whatever letter overflowed, not at a syllable.
 *
 * After each page this handler finds where the page must end — at the first letter laid out
 * beyond the page, or where Paged.js broke a word — and ends it there properly: a word is broken
 * only at one of its soft hyphens (and shows a hyphen), otherwise it goes whole to the next page.
 * What it removes from the page, the next page starts with. `window.__keptLines` counts the pages
 * where text would have been lost; `window.__lostLines` lists any it could not mend, which the
 * build reports as an error.
 */
(() => {
  // The hyphen shown at a word broken at a page's end: a plain hyphen, which the book's font has
  // (not U+2011, Paged.js's default, which it lacks and Chromium would take from a system font).
  const HYPHEN = '-';

  /** Is the rectangle outside the page's visible area (in the overflow column, or below)? */
  const outside = (r, bounds) => r.width > 0 && (r.left >= bounds.right - 0.5 || r.top >= bounds.bottom - 0.5);

  /**
   * The first letter laid out beyond the page: [text node, offset], or undefined. What overflows
   * is the end of the page's content, in document order: the text nodes are tried from the last,
   * back to the first one that lies wholly on the page (usually the last one does).
   */
  function firstHiddenLetter(area) {
    const bounds = area.getBoundingClientRect();
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent.trim()) nodes.push(node);
    const beyond = (node) => {
      range.selectNodeContents(node);
      return [...range.getClientRects()].some((r) => outside(r, bounds));
    };
    let first = nodes.length;
    while (first > 0 && beyond(nodes[first - 1])) first--;
    for (const node of nodes.slice(first)) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        if (rects.length && outside(rects[0], bounds)) return [node, i];
      }
    }
    return undefined;
  }

  /** Take back the hyphens Paged.js appended at the page's end; the text nodes they ended. */
  function removeAppendedHyphens(area) {
    const ended = [];
    for (const el of area.querySelectorAll('.pagedjs_hyphen')) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let last;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n;
      if (last && last.textContent.endsWith(HYPHEN)) {
        last.textContent = last.textContent.slice(0, -1);
        el.classList.remove('pagedjs_hyphen');
        ended.push(last);
      }
    }
    return ended;
  }

  /** The source text node and offset that a rendered letter was cloned from. */
  function sourcePosition(node, offset, page, chunker) {
    const parent = node.parentElement;
    const ref = parent && parent.dataset.ref;
    const source = ref && chunker.source.querySelector(`[data-ref="${ref}"]`);
    if (!source) return undefined;
    const index = [...parent.childNodes].indexOf(node);
    const sourceNode = source.childNodes[index];
    if (!sourceNode || sourceNode.nodeType !== Node.TEXT_NODE) return undefined;
    // A text node this page began in the middle of starts at the previous break's offset.
    const start = page.startToken && page.startToken.node === sourceNode ? page.startToken.offset || 0 : 0;
    const sourceOffset = start + offset;
    const expected = node.textContent.slice(offset, offset + 12);
    if (!sourceNode.textContent.slice(sourceOffset).startsWith(expected)) return undefined;
    return [sourceNode, sourceOffset];
  }

  const WORD_CHAR = /[\p{L}\p{N}\u00ad’'-]/u;

  class KeepLastLines extends window.Paged.Handler {
    afterPageLayout(pageElement, page, breakToken, chunker) {
      const area = pageElement.querySelector('.pagedjs_page_content');
      if (!area || !breakToken) return;
      const hiddenAtFirst = firstHiddenLetter(area);
      if (!hiddenAtFirst && !area.querySelector('.pagedjs_hyphen')) return;
      // Where this page must end: at the first letter not painted, or where Paged.js broke a word.
      const ended = removeAppendedHyphens(area);
      let cut = firstHiddenLetter(area);
      if (!cut && ended.length) cut = [ended[ended.length - 1], ended[ended.length - 1].length];
      if (!cut) {
        window.__keptLines = (window.__keptLines || 0) + 1;
        return;
      }
      // A word is broken only at one of its soft hyphens, and then shows a hyphen; a word with
      // none before the cut goes whole to the next page.
      const [node] = cut;
      const text = node.textContent;
      let at = cut[1];
      let wordStart = at;
      while (wordStart > 0 && WORD_CHAR.test(text[wordStart - 1])) wordStart--;
      const soft = text.lastIndexOf('\u00ad', at - 1);
      const breakAt = soft >= wordStart && soft > wordStart ? soft + 1 : wordStart;
      const from = sourcePosition(node, breakAt, page, chunker);
      if (!from) {
        if (hiddenAtFirst) window.__lostLines = [...(window.__lostLines || []), Number(pageElement.dataset.pageNumber)];
        return;
      }
      const range = document.createRange();
      range.setStart(node, breakAt);
      range.setEndAfter(area.lastChild);
      range.deleteContents();
      if (breakAt > wordStart) {
        node.textContent += HYPHEN;
        node.parentElement.classList.add('pagedjs_hyphen');
      }
      // The shorter last word must not push the line off the page; if it does, the word goes whole.
      if (firstHiddenLetter(area) && breakAt > wordStart) {
        node.textContent = node.textContent.slice(0, wordStart);
        const whole = sourcePosition(node, wordStart, page, chunker);
        if (whole) [breakToken.node, breakToken.offset] = whole;
      } else {
        breakToken.node = from[0];
        breakToken.offset = from[1];
      }
      if (hiddenAtFirst) window.__keptLines = (window.__keptLines || 0) + 1;
      if (firstHiddenLetter(area)) window.__lostLines = [...(window.__lostLines || []), Number(pageElement.dataset.pageNumber)];
    }
  }

  window.Paged.registerHandlers(KeepLastLines);

  window.PagedPolyfill.settings.hyphenGlyph = HYPHEN;

  // Every face of the book's font, loaded before Paged.js measures anything: a subset fetched
  // halfway through (the first Cyrillic or accented letter) would change the metrics of lines
  // already measured.
  window.PagedConfig = window.PagedConfig || {};
  const before = window.PagedConfig.before;
  window.PagedConfig.before = async () => {
    await Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));
    await document.fonts.ready;
    if (before) await before();
  };
})();
