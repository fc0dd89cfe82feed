/**
 * Typography slips in the manuscript's text: straight quotes, a double hyphen, a spaced hyphen
 * for a dash. Each is reported at its place with the character it should be.
 */
import type { Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

interface Rule {
  id: string;
  pattern: RegExp;
  reason: (match: string) => string;
  expected: (match: string) => string[];
}

export const TYPOGRAPHY_RULES: Rule[] = [
  {
    id: 'straight-quote',
    pattern: /["']/g,
    reason: (m) => `Straight ${m === '"' ? 'double' : 'single'} quote`,
    expected: (m) => (m === '"' ? ['“', '”'] : ['‘', '’']),
  },
  { id: 'double-hyphen', pattern: /--/g, reason: () => 'Double hyphen', expected: () => ['—'] },
  { id: 'spaced-hyphen', pattern: /(?<=\S) - (?=\S)/g, reason: () => 'Spaced hyphen used as a dash', expected: () => ['—'] },
];

export function lintTypography(tree: Root, file: VFile) {
  visit(tree, (node) => {
    if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'yaml' || node.type === 'html') return SKIP;
    if (node.type !== 'text' || !node.position) return undefined;
    for (const rule of TYPOGRAPHY_RULES) {
      for (const m of node.value.matchAll(rule.pattern)) {
        const before = node.value.slice(0, m.index);
        const lines = before.split('\n');
        const start = node.position.start;
        const place = lines.length === 1 ? { line: start.line, column: start.column + m.index } : { line: start.line + lines.length - 1, column: lines.at(-1)!.length + 1 };
        const message = file.message(rule.reason(m[0]), { place, ruleId: rule.id, source: 'typography' });
        message.expected = rule.expected(m[0]);
        message.note = `Use ${rule.expected(m[0]).join(' or ')}.`;
      }
    }
    return undefined;
  });
}
