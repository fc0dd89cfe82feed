/**
 * Messages as the cache keeps them with a result, to be given again, at the same places, by a
 * build or check that reuses the result.
 */
import type { VFile } from 'vfile';

export interface KeptMessage {
  reason: string;
  line?: number;
  column?: number;
  ruleId?: string;
  source?: string;
  note?: string;
  expected?: string[];
}

/** The messages of `file` from the `from`-th on. */
export const keepMessages = (file: VFile, from = 0): KeptMessage[] =>
  file.messages.slice(from).map((m) => ({ reason: m.reason, line: m.line, column: m.column, ruleId: m.ruleId, source: m.source, note: m.note, expected: m.expected }));

/** Give kept messages again on `file`. */
export function replayMessages(file: VFile, kept: KeptMessage[]) {
  for (const k of kept) {
    const m = file.message(k.reason, { place: k.line ? { line: k.line, column: k.column ?? 1 } : undefined, ruleId: k.ruleId, source: k.source });
    if (k.note) m.note = k.note;
    if (k.expected) m.expected = k.expected;
  }
}
