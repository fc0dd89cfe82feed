/** The text's flow, split at its chapter headings: one chapter per contents entry. */
import type { FlowItem } from './join-page-breaks.js';

export interface Chapter {
  key: string;
  line: number;
  items: FlowItem[];
}

export function splitChapters(flow: FlowItem[]): Chapter[] {
  const chapters: Chapter[] = [];
  for (const item of flow) {
    if (item.kind === 'heading') chapters.push({ key: item.key, line: item.line, items: [] });
    else if (chapters.length) chapters[chapters.length - 1]!.items.push(item);
    else throw new Error(`text before the first heading at line ${item.line}`);
  }
  return chapters;
}
