/**
 * Trials a text refers to without naming them ("In January 1937, more Bolsheviks stood trial"):
 * the concordance finds a trial by its names, so such a sentence would be missed in silence.
 * A sentence with a word of trials in it (trial, tried, court, dock, sentenced, verdict), no
 * trial tagged in it, and a clue to one of the concordance's trials — its month and year, or a
 * defendant named — is a candidate. The editors tag it (`:trial[stood trial]{id=…}`) or dismiss
 * it in check-ignore.yaml with their reason; until then it is a warning.
 *
 * Runs on a unit's tree once its mentions are tagged; knows the trials' dates and defendants.
 */
import type { Element, Root, Text } from 'hast';
import type { VFile } from 'vfile';
import type { Trial } from '../apparatus/schema.js';

const TRIAL_WORD = /\b(trials?|tried|court|dock|sentenced|sentences?|verdicts?)\b/i;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_YEAR = new RegExp(`\\b(${MONTHS.join('|')})(?:\\s+\\d{1,2})?,?\\s+(\\d{4})\\b`, 'g');
const BLOCK = /^(p|li|td|th|dd|dt)$/;

interface Piece {
  start: number;
  end: number;
  node: Text;
  /** The person and trial mentions the text stands in. */
  person?: string;
  trial?: string;
}

/** A block's text, with where each text node and mention stands in it; nested blocks apart. */
function flatten(block: Element): { text: string; pieces: Piece[] } {
  let text = '';
  const pieces: Piece[] = [];
  const walk = (node: Element, person?: string, trial?: string) => {
    for (const child of node.children) {
      if (child.type === 'text') {
        pieces.push({ start: text.length, end: text.length + child.value.length, node: child, person, trial });
        text += child.value;
      } else if (child.type === 'element' && !BLOCK.test(child.tagName) && child.tagName !== 'section') {
        const p = typeof child.properties.dataPerson === 'string' && child.properties.dataPerson !== 'none' ? child.properties.dataPerson : person;
        const t = typeof child.properties.dataTrial === 'string' ? child.properties.dataTrial : trial;
        walk(child, p, t);
      }
    }
  };
  walk(block);
  return { text, pieces };
}

function blocks(tree: Root): Element[] {
  const out: Element[] = [];
  const visit = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (/^h[1-6]$/.test(child.tagName)) continue;
      if (BLOCK.test(child.tagName)) out.push(child);
      visit(child);
    }
  };
  visit(tree);
  return out;
}

const monthYear = (iso: string | undefined) => {
  if (!iso) return undefined;
  const [y, m] = iso.split('-');
  return `${MONTHS[Number(m) - 1]} ${y}`;
};

export function findUnnamedTrials(tree: Root, file: VFile, trials: Trial[], defendantsOf: Map<string, string[]>) {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const byMonth = new Map<string, string[]>();
  for (const t of trials) {
    for (const d of new Set([monthYear(t.start), monthYear(t.end)])) if (d) byMonth.set(d, [...(byMonth.get(d) ?? []), t.id]);
  }
  for (const block of blocks(tree)) {
    const { text, pieces } = flatten(block);
    if (!TRIAL_WORD.test(text)) continue;
    for (const { segment, index } of segmenter.segment(text)) {
      if (!TRIAL_WORD.test(segment)) continue;
      const end = index + segment.length;
      const inside = pieces.filter((p) => p.end > index && p.start < end);
      if (inside.some((p) => p.trial)) continue;
      const clues = new Map<string, Set<string>>();
      const clue = (trial: string, why: string) => clues.set(trial, (clues.get(trial) ?? new Set()).add(why));
      for (const m of segment.matchAll(MONTH_YEAR)) for (const t of byMonth.get(`${m[1]} ${m[2]}`) ?? []) clue(t, `${m[1]} ${m[2]}`);
      for (const p of inside) for (const t of p.person ? (defendantsOf.get(p.person) ?? []) : []) clue(t, p.node.value);
      if (!clues.size) continue;
      // Located at the sentence's first text from the manuscript; text the build supplied (a
      // note's number) has no place, and then the block's start stands for it.
      const first = inside.find((p) => p.node.position);
      const at = first?.node.position?.start;
      const offset = first ? Math.max(0, index - first.start) : 0;
      const opening = segment.trim().split(/\s+/).slice(0, 6).join(' ');
      const m = file.message(`“${opening} …”: a sentence about a trial that names none; perhaps ${[...clues].map(([t, why]) => `\`${t}\` (${[...why].join(', ')})`).join(' or ')}`, {
        place: at && first && !first.node.value.slice(0, offset).includes('\n') ? { line: at.line, column: at.column + offset } : (at ?? block.position?.start),
        ruleId: 'unnamed-trial',
        source: 'names',
      });
      m.note = 'Tag the words that refer to it, :trial[the trial]{id=…}, so that the concordance finds it; or dismiss it in check-ignore.yaml (rule, file, text) with the reason.';
    }
  }
}
