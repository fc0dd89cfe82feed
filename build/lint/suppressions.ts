/**
 * `manuscript/check-ignore.yaml`: suppressions of check messages, each with its reason. A
 * suppression that matches no message is itself reported, so that the file does not rot.
 *
 *   - rule: names:ambiguous-person      # source:ruleId, as `check` prints it
 *     file: sources/rogovin/ch12.md      # relative to the manuscript folder
 *     line: 34                           # optional: only at this line
 *     text: Yevdokimov                   # optional: only messages that mention this
 *     reason: The chapter speaks of both Yevdokimovs in one breath; settled in the text by context.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { z } from 'zod';
import { readYaml } from '../config/yaml-file.js';

const schema = z.array(
  z.strictObject({
    rule: z.string().regex(/^[a-z-]+:[a-z-]+$/, 'expected source:rule, such as names:ambiguous-person'),
    file: z.string().min(1),
    line: z.number().int().positive().optional(),
    text: z.string().min(1).optional(),
    reason: z.string().min(10, 'every suppression says why, in a sentence'),
  }),
);

export const SUPPRESSIONS_FILE = 'check-ignore.yaml';

/**
 * Drop suppressed messages from `files`; return the suppressions file (with its own messages).
 * `reportUnused: false` for a build, which runs only some of the check's rules.
 */
export function applySuppressions(manuscript: string, files: VFile[], { reportUnused = true } = {}): VFile | undefined {
  const path = join(manuscript, SUPPRESSIONS_FILE);
  if (!existsSync(path)) return undefined;
  const { file, data, place } = readYaml(path, schema, 'check', undefined, { emptyOk: true });
  if (!data) return file;
  const used = new Set<number>();
  for (const f of files) {
    const rel = relative(resolve(manuscript), resolve(f.path));
    f.messages = f.messages.filter((m) => {
      const i = data.findIndex(
        (s) => s.rule === `${m.source}:${m.ruleId}` && s.file === rel && (s.line === undefined || s.line === m.line) && (s.text === undefined || m.reason.includes(s.text)),
      );
      if (i < 0 || m.fatal) return true;
      used.add(i);
      return false;
    });
  }
  data.forEach((s, i) => {
    if (used.has(i) || !reportUnused) return;
    const m = file.message(`Suppression of \`${s.rule}\` in ${s.file} matches no message`, { place: place([i]), ruleId: 'unused-suppression', source: 'check' });
    m.note = 'The problem is gone: remove the suppression.';
  });
  return file;
}
