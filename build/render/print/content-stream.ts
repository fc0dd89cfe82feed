/**
 * A PDF content stream as statements (operands and their operator), and the one edit the book's
 * PDF needs of it: whatever Chromium painted outside any marked content (the running heads,
 * folios and rules it was told to leave out of the structure) becomes an artifact, so that every
 * mark on a page is either content of the structure tree or declared an artifact (PDF/UA-1, 7.1).
 *
 * Knows the syntax (ISO 32000-1, 7.8.2 and 7.3), not the meaning, of operators beyond the marked-
 * content ones and what paints.
 */

export interface Statement {
  /** Offsets of the statement's first operand (or operator) and of the end of its operator. */
  start: number;
  end: number;
  operator: string;
}

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** The statements of a content stream (given as latin1 text, one character a byte). */
export function statements(s: string): Statement[] {
  const out: Statement[] = [];
  let i = 0;
  let start = -1;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (WHITE.has(c)) {
      i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === 0x25) {
      // a comment, to the end of the line
      while (i < n && s[i] !== '\n' && s[i] !== '\r') i++;
      continue;
    }
    if (c === 0x28) {
      // a literal string, with nested parentheses and escapes
      let depth = 0;
      for (; i < n; i++) {
        const d = s[i];
        if (d === '\\') i++;
        else if (d === '(') depth++;
        else if (d === ')' && --depth === 0) {
          i++;
          break;
        }
      }
      continue;
    }
    if (c === 0x3c) {
      if (s[i + 1] === '<') {
        // a dictionary: skip to its matching >>, across nested ones and strings
        let depth = 0;
        while (i < n) {
          if (s.startsWith('<<', i)) {
            depth++;
            i += 2;
          } else if (s.startsWith('>>', i)) {
            depth--;
            i += 2;
            if (depth === 0) break;
          } else if (s[i] === '(') {
            let d = 0;
            for (; i < n; i++) {
              if (s[i] === '\\') i++;
              else if (s[i] === '(') d++;
              else if (s[i] === ')' && --d === 0) {
                i++;
                break;
              }
            }
          } else i++;
        }
      } else {
        i = s.indexOf('>', i) + 1 || n; // a hex string
      }
      continue;
    }
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      i++;
      continue;
    }
    if (c === 0x2f) {
      // a name
      i++;
      while (i < n && !WHITE.has(s.charCodeAt(i)) && !DELIM.has(s.charCodeAt(i))) i++;
      continue;
    }
    // a number or an operator
    const at = i;
    while (i < n && !WHITE.has(s.charCodeAt(i)) && !DELIM.has(s.charCodeAt(i))) i++;
    const word = s.slice(at, i);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) || word === 'true' || word === 'false' || word === 'null') continue;
    if (word === 'BI') {
      // an inline image: to its EI
      const ei = s.indexOf('EI', i);
      i = ei < 0 ? n : ei + 2;
      out.push({ start, end: i, operator: 'BI' });
      start = -1;
      continue;
    }
    out.push({ start, end: i, operator: word });
    start = -1;
  }
  return out;
}

/** Operators that paint, and so must be marked content or an artifact. */
const PAINTS = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh', 'Do', 'BI', 'Tj', 'TJ', "'", '"']);

/**
 * The stream with every run of painting outside marked content wrapped in `/Artifact BMC … EMC`.
 * A run is a whole text object (BT … ET) or the statements from a path's first construction to
 * its painting; state changes between runs stay outside. Returns undefined if nothing changed.
 */
export function markArtifacts(s: string): { text: string; artifacts: number } | undefined {
  const st = statements(s);
  let depth = 0;
  const runs: [number, number][] = [];
  let runStart = -1;
  let inText = false;
  let textStart = -1;
  let textMarked = false;
  let textDepth = 0;
  for (let k = 0; k < st.length; k++) {
    const op = st[k]!.operator;
    if (op === 'BDC' || op === 'BMC') depth++;
    else if (op === 'EMC') depth = Math.max(0, depth - 1);
    if (op === 'BT') {
      inText = true;
      textStart = k;
      textMarked = false;
      textDepth = depth;
      continue;
    }
    if (inText) {
      // Marked content that is in the structure (an MCID); a Span that only carries ActualText
      // (Chromium's small capitals) does not make the text part of the structure.
      if (op === 'BDC' && /\/MCID\b/.test(s.slice(st[k]!.start, st[k]!.end))) textMarked = true;
      if (op === 'ET') {
        inText = false;
        // A text object outside marked content, with no structured content inside, is an artifact, whole.
        if (textDepth === 0 && !textMarked && st.slice(textStart, k).some((x) => PAINTS.has(x.operator))) runs.push([textStart, k]);
      }
      continue;
    }
    if (depth > 0) {
      runStart = -1;
      continue;
    }
    // Outside text: a path from its construction (m, re) to its painting.
    if (op === 'm' || op === 're') {
      if (runStart < 0) runStart = k;
    } else if (PAINTS.has(op)) {
      runs.push([runStart < 0 ? k : runStart, k]);
      runStart = -1;
    } else if (op === 'n') runStart = -1; // a clipping path, not painted
  }
  if (!runs.length) return undefined;
  let text = '';
  let at = 0;
  for (const [a, b] of runs) {
    text += `${s.slice(at, st[a]!.start)}/Artifact BMC\n${s.slice(st[a]!.start, st[b]!.end)}\nEMC`;
    at = st[b]!.end;
  }
  return { text: text + s.slice(at), artifacts: runs.length };
}
