/**
 * The ingester for Vadim Z. Rogovin, *1937: Stalin's Year of Terror* (Mehring Books, 1998):
 * the whole book as extracted from print, cut into a folder of chapter files.
 *
 * It drops the title and copyright pages, the contents list, the indexes and the back cover;
 * takes chapter numbers and titles from the contents list; joins paragraphs cut at page
 * breaks (mending words broken with a hyphen by the corpus's own spelling); removes the OCR
 * of facsimiles; links the notes and the author's footnotes as GFM footnotes; sets verse and
 * epigraphs; then applies the house typography. Every removal and every mechanical change is
 * recorded in `rogovin/ingest.yaml`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import YAML from 'yaml';
import type { Ingester, IngestedFile, IngestRecord, IngestResult, Removal } from '../record.js';
import { emptyCounts, typographize } from '../typography.js';
import { assignNoteRuns, toRuns } from './assign-note-runs.js';
import { classifyUnits } from './classify-units.js';
import { joinPageBreaks, type FlowItem } from './join-page-breaks.js';
import { joinLines, type Frequencies } from './join-text.js';
import { facsimileSpans, lostMarkers, notCaptions, type FacsimileSpan, type LostMarker, type ProseLine } from './known-damage.js';
import { linkChapter, restoreLostMarkers } from './link-chapter.js';
import { toBlocks, toLines, type SourceLine } from './lines.js';
import { backMatterRemovals, frontMatterRemovals, wholePartRemovals } from './matter-removals.js';
import type { ContentsEntry } from './parse-contents.js';
import { parseNotes } from './parse-notes.js';
import { renderChapter } from './render-chapter.js';
import { slice, splitRegions } from './split-regions.js';
import { splitChapters } from './split-chapters.js';
import { verifyNotes, type ChapterNotes } from './verify-notes.js';
import { wordFrequency } from './word-frequency.js';

export const ORIGINAL = '004_edfce4248c73e742.txt';
const FOLDER = 'rogovin';

export const metadata = {
  title: '1937: Stalin’s Year of Terror',
  author: 'Vadim Z. Rogovin',
  translator: 'Frederick S. Choate',
  publisher: 'Mehring Books',
  date: '1998',
  kind: 'monograph',
};

export interface RogovinOptions {
  /** Captions of the book's pictures and facsimiles: kept as italic paragraphs, or removed (class `caption`). */
  captions: 'keep' | 'remove';
  facsimiles: FacsimileSpan[];
  lostMarkers: LostMarker[];
  notCaptions: ProseLine[];
}

export const defaultOptions: RogovinOptions = { captions: 'remove', facsimiles: facsimileSpans, lostMarkers, notCaptions };

export interface RogovinReport {
  /** Mismatches between note references and notes, and notes that fit nowhere. */
  problems: string[];
  /** Mismatches the rules resolved from the data (displaced or misnumbered notes). */
  resolved: string[];
  hyphens: { head: string; tail: string; decision: string; line: number }[];
  joinLines: { cut: number; next: number }[];
  notesPerChapter: { key: string; refs: number; notes: number; markers: number; footnotes: number }[];
}

export interface RogovinResult extends IngestResult {
  report: RogovinReport;
}

const fileOf = (key: string): string => `${key}.md`;
const chapterValue = (e: ContentsEntry): string | number => e.number ?? e.key;

function bump(counts: Record<string, number>, key: string, by = 1) {
  if (by) counts[key] = (counts[key] ?? 0) + by;
}

const frontMatter = (data: Record<string, unknown>): string => `---\n${YAML.stringify(data, { lineWidth: 0 })}---\n`;

export function ingestRogovin(raw: string, corpus: string[], options: RogovinOptions = defaultOptions): RogovinResult {
  const counts: Record<string, number> = {};
  const problems: string[] = [];
  const lines = toLines(raw);
  const regions = splitRegions(lines, metadata.title);
  const front = slice(lines, regions.front);
  const rights = front.find((l) => l.text.trim().startsWith('©'))?.text.trim() ?? '';
  const removals: Removal[] = [
    ...frontMatterRemovals(front),
    ...wholePartRemovals(slice(lines, regions.contents), 'contents'),
    ...wholePartRemovals(slice(lines, regions.nameIndex), 'name-index'),
    ...wholePartRemovals(slice(lines, regions.subjectIndex), 'subject-index'),
    ...backMatterRemovals(slice(lines, regions.back)),
  ];
  const freq: Frequencies = { book: wordFrequency([raw]), corpus: wordFrequency([...corpus, raw]) };

  // The text: classified, joined across page breaks, split into chapters.
  const units = classifyUnits(toBlocks(slice(lines, regions.body)), regions.entries, options.facsimiles, options.notCaptions);
  const joined = joinPageBreaks(units, freq);
  removals.push(...joined.removals);
  bump(counts, 'page-break-join', joined.joins);
  bump(counts, 'page-break-hyphen-dropped', joined.hyphens.filter((h) => h.decision === 'dropped').length);
  bump(counts, 'page-break-hyphen-kept', joined.hyphens.filter((h) => h.decision === 'kept').length);
  for (const h of joined.lineHyphens) bump(counts, `line-break-hyphen-${h.decision}`);
  const flow = joined.flow.map((item): FlowItem => {
    if (item.kind !== 'caption') return item;
    if (options.captions === 'remove') {
      removals.push({ class: 'caption', text: item.lines.join('\n'), line: item.line });
      return item;
    }
    const { text, hyphens } = joinLines(item.lines, freq);
    for (const h of hyphens) bump(counts, `line-break-hyphen-${h.decision}`);
    bump(counts, 'caption-italicized');
    return { ...item, lines: [text] };
  });
  const restored = restoreLostMarkers(splitChapters(flow), options.lostMarkers);
  bump(counts, 'author-footnote-marker-restored', restored.restored);
  problems.push(...restored.missed);
  const linked = restored.chapters.map(linkChapter);
  for (const l of linked) {
    bump(counts, 'note-refs-linked', l.refs.length);
    bump(counts, 'note-ref-repaired', l.repaired);
    bump(counts, 'space-before-note-ref-removed', l.spaces);
    bump(counts, 'author-footnotes-linked', Math.min(l.markers, l.footnotes.length));
  }
  bump(counts, 'verse-set', flow.filter((i) => i.kind === 'verse').length);
  bump(counts, 'epigraph-set', flow.filter((i) => i.kind === 'verse' && i.attribution !== undefined).length);

  // The notes, to their chapters.
  const noteLines: SourceLine[] = slice(lines, { from: regions.notes.from + 1, to: regions.notes.to });
  const parsed = parseNotes(noteLines, regions.entries, freq);
  bump(counts, 'notes-debris-repaired', parsed.repaired);
  const order = linked.map((l) => l.chapter.key);
  const refCount = new Map(linked.map((l) => [l.chapter.key, l.refs.length ? Math.max(...l.refs) : 0]));
  const assignment = assignNoteRuns(toRuns(parsed.items), order, refCount, freq);
  bump(counts, 'notes-relocated', assignment.relocated);
  bump(counts, 'notes-renumbered', assignment.renumbered);
  for (const d of assignment.duplicates) removals.push({ class: 'extraction-debris', text: d.text, line: d.line });
  problems.push(...assignment.unplaced);

  const checks: ChapterNotes[] = linked.map((l) => ({
    key: l.chapter.key,
    refs: l.refs,
    notes: [...(assignment.notes.get(l.chapter.key)?.keys() ?? [])],
    markers: l.markers,
    footnotes: l.footnotes.length,
  }));
  problems.push(...verifyNotes(checks));
  bump(counts, 'notes-linked', checks.reduce((s, c) => s + c.notes.length, 0));

  // The files.
  const typo = emptyCounts();
  const files: IngestedFile[] = linked.map((l) => {
    const entry = regions.entries.find((e) => e.key === l.chapter.key)!;
    const body = typographize(renderChapter(entry, l, assignment.notes.get(l.chapter.key) ?? new Map(), options.captions), typo);
    return { path: `${FOLDER}/${fileOf(entry.key)}`, content: frontMatter({ original: ORIGINAL, chapter: chapterValue(entry) }) + '\n' + body };
  });
  const index = frontMatter({ ...metadata, rights, original: ORIGINAL, language: 'en', chapters: order.map(fileOf) });
  files.unshift({ path: `${FOLDER}/index.md`, content: index });
  for (const [k, v] of Object.entries(typo)) bump(counts, k, v);

  const record: IngestRecord = { original: ORIGINAL, counts, removals: removals.sort((a, b) => a.line - b.line) };
  return {
    files,
    recordPath: `${FOLDER}/ingest.yaml`,
    record,
    report: {
      problems,
      resolved: assignment.resolved,
      hyphens: joined.hyphens,
      joinLines: joined.joinLines,
      notesPerChapter: checks.map((c) => ({ key: c.key, refs: c.refs.length, notes: c.notes.length, markers: c.markers, footnotes: c.footnotes })),
    },
  };
}

/** The other originals, for the word-frequency table (next to this module's manuscript). */
function loadCorpus(): string[] {
  const dir = fileURLToPath(new URL('../../../manuscript/originals/', import.meta.url));
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.txt') && f !== ORIGINAL)
      .map((f) => readFileSync(join(dir, f), 'utf8'));
  } catch {
    return [];
  }
}

export const rogovin: Ingester = {
  original: ORIGINAL,
  ingest(raw: string): IngestResult {
    const result = ingestRogovin(raw, loadCorpus());
    return {
      ...result,
      notes: [...result.report.resolved.map((r) => `resolved: ${r}`), ...result.report.problems.map((p) => `MISMATCH: ${p}`)],
    };
  },
};
