/**
 * `npm run check`: every manuscript diagnostic in one run, without rendering anything — schema
 * errors in the YAML, typography slips, note mismatches, dangling cross-references, ambiguous
 * mentions, unused glossary entries, persons no text mentions — less the suppressed ones.
 */
import { relative, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { loadApparatus } from './apparatus/load.js';
import { assemble } from './book/assemble.js';
import { lintApparatusUsage } from './lint/apparatus-usage.js';
import { applySuppressions } from './lint/suppressions.js';
import { lintTypography } from './lint/typography.js';
import { loadManuscript } from './manuscript/load.js';

export async function check(manuscriptDir: string): Promise<VFile[]> {
  const dir = resolve(manuscriptDir);
  const loaded = loadManuscript(dir);
  if (!loaded.ok) return loaded.files;
  const { manuscript } = loaded;
  for (const [unitId, source] of manuscript.sources) {
    const unit = manuscript.units.find((u) => u.id === unitId);
    if (unit && 'file' in unit) lintTypography(source.tree(), unit.file);
  }
  const apparatus = loadApparatus(dir);
  const files = [...manuscript.files, ...apparatus.files];
  if (!files.some((f) => f.messages.some((m) => m.fatal))) {
    const book = await assemble(manuscript, apparatus);
    const fileOf = (rel: string) => manuscript.files.find((f) => relative(dir, resolve(f.path)) === rel);
    lintApparatusUsage(apparatus, book.mentions, book.emendations, book.unusedReasons, fileOf);
  }
  const ignore = applySuppressions(dir, files);
  return ignore ? [...files, ignore] : files;
}

/** One line per message, as compilers print them: `file:line:column: severity: reason [source:rule]`. */
export function formatMessages(files: VFile[]): string[] {
  const lines: string[] = [];
  for (const f of files) {
    for (const m of [...f.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))) {
      const severity = m.fatal ? 'error' : 'warning';
      lines.push(`${f.path}:${m.line ?? 1}:${m.column ?? 1}: ${severity}: ${m.reason} [${m.source}:${m.ruleId}]`);
      if (m.note) lines.push(`  ${m.note}`);
    }
  }
  return lines;
}
