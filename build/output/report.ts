/**
 * The build report: a terminal summary and `dist/<slug>.report.html` — pages per part, what
 * changed since the last build (pages moved, index locators changed, new warnings), and the time
 * of each stage. The previous build's page map and apparatus data, still in dist/, are the
 * baseline.
 */
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { formatMessage } from './reporter.js';
import type { Unit } from '../manuscript/units.js';

export interface PageMapLike {
  pages: { folio: string; block?: string }[];
  anchors: Record<string, { folio: string; pdfPage: number }>;
}

export interface ApparatusLike {
  persons: { id: string; locators: { anchor: string; page?: string }[] }[];
}

export interface ReportInput {
  title: string;
  units: Unit[];
  timings: Record<string, number>;
  files: VFile[];
  pageMap?: PageMapLike;
  previousPageMap?: PageMapLike;
  apparatus?: ApparatusLike;
  previousApparatus?: ApparatusLike;
  previousWarnings?: string[];
}

export interface Report {
  text: string;
  html: string;
  warnings: string[];
}

const warningsOf = (files: VFile[]) => files.flatMap((f) => f.messages.filter((m) => !m.fatal).map((m) => formatMessage(f, m)[0]!));

/** Pages of each part (and of the front and back matter), from where each part's first page is. */
function pagesPerPart(units: Unit[], map: PageMapLike): { title: string; pages: number }[] {
  const starts = units
    .filter((u) => u.kind === 'part' || u.kind === 'front' || u.kind === 'generated')
    .map((u) => ({ title: u.title, page: map.anchors[u.id]?.pdfPage }))
    .filter((s): s is { title: string; page: number } => s.page !== undefined)
    .sort((a, b) => a.page - b.page);
  return starts.map((s, i) => ({ title: s.title, pages: (starts[i + 1]?.page ?? map.pages.length + 1) - s.page }));
}

export function buildReport(input: ReportInput): Report {
  const warnings = warningsOf(input.files);
  const lines: string[] = [];
  const rows: { label: string; value: string }[] = [];
  const add = (label: string, value: string) => {
    rows.push({ label, value });
    lines.push(`${label}: ${value}`);
  };

  const map = input.pageMap;
  const parts = map ? pagesPerPart(input.units, map) : [];
  if (map) add('Pages', `${map.pages.length} (${parts.map((p) => `${p.title} ${p.pages}`).join(', ')})`);
  if (map && input.previousPageMap) {
    const prev = input.previousPageMap;
    const moved = Object.entries(map.anchors).filter(([id, a]) => prev.anchors[id] && prev.anchors[id]!.folio !== a.folio).length;
    add('Since the last build', `${map.pages.length - prev.pages.length >= 0 ? '+' : ''}${map.pages.length - prev.pages.length} pages; ${moved} anchors on another page`);
  }
  if (input.apparatus && input.previousApparatus) {
    const before = new Map(input.previousApparatus.persons.map((p) => [p.id, p.locators.map((l) => l.page ?? l.anchor).join(',')]));
    const changed = input.apparatus.persons.filter((p) => before.get(p.id) !== p.locators.map((l) => l.page ?? l.anchor).join(',')).length;
    add('Index entries whose locators changed', String(changed));
  }
  const previous = new Set(input.previousWarnings ?? []);
  const fresh = warnings.filter((w) => !previous.has(w));
  add('Warnings', `${warnings.length}${input.previousWarnings ? ` (${fresh.length} new)` : ''}`);
  add('Time per stage', Object.entries(input.timings).filter(([k]) => !k.startsWith('layout-body-')).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', '));

  const html = unified()
    .use(rehypeStringify)
    .stringify({
      type: 'root',
      children: [
        { type: 'doctype' },
        h('html', { lang: 'en' }, [
          h('head', [h('meta', { charset: 'utf-8' }), h('title', `Build report: ${input.title}`), h('style', 'body{font:15px/1.5 sans-serif;margin:2em;max-width:60em}td,th{text-align:left;padding:.2em .6em;vertical-align:top}li{font-family:monospace;font-size:13px}')]),
          h('body', [
            h('h1', `Build report: ${input.title}`),
            h('table', rows.map((r) => h('tr', [h('th', r.label), h('td', r.value)]))),
            ...(parts.length ? [h('h2', 'Pages per part'), h('table', parts.map((p) => h('tr', [h('td', p.title), h('td', String(p.pages))])))] : []),
            h('h2', `New warnings (${fresh.length})`),
            h('ul', fresh.map((w) => h('li', w))),
            h('h2', 'Time per stage'),
            h('table', Object.entries(input.timings).map(([k, v]) => h('tr', [h('td', k), h('td', `${v.toFixed(2)} s`)]))),
          ]),
        ]),
      ],
    });
  return { text: lines.join('\n'), html, warnings };
}
