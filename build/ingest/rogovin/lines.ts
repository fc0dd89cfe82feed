/**
 * Lines and blocks of a raw text. A block is a run of non-blank lines; the blank lines
 * around it are counted, because a run of several blank lines is where the extraction
 * left out a picture. Line numbers are 1-based, as in the original.
 */

export interface SourceLine {
  n: number;
  text: string;
}

export interface Block {
  lines: SourceLine[];
  /** Blank lines between this block and the previous one (or the start of the range). */
  blankBefore: number;
  /** Blank lines between this block and the next one (or the end of the range). */
  blankAfter: number;
}

/** A line with nothing but white space counts as blank. */
export const isBlank = (text: string): boolean => text.trim() === '';

/** The lines of a raw text, numbered from 1. */
export function toLines(raw: string): SourceLine[] {
  return raw.split(/\r?\n/).map((text, i) => ({ n: i + 1, text }));
}

/** The blocks of `lines` (any slice of the original). */
export function toBlocks(lines: SourceLine[]): Block[] {
  const blocks: Block[] = [];
  let current: SourceLine[] = [];
  let blanks = 0;
  for (const line of lines) {
    if (isBlank(line.text)) {
      if (current.length) {
        blocks.push({ lines: current, blankBefore: blanks, blankAfter: 0 });
        current = [];
        blanks = 0;
      }
      blanks++;
    } else {
      current.push(line);
    }
  }
  if (current.length) blocks.push({ lines: current, blankBefore: blanks, blankAfter: 0 });
  else if (blocks.length) blocks[blocks.length - 1]!.blankAfter = blanks;
  for (let i = 0; i + 1 < blocks.length; i++) blocks[i]!.blankAfter = blocks[i + 1]!.blankBefore;
  return blocks;
}

/** The block's lines joined by newlines, as they stand in the original. */
export const blockText = (block: Block): string => block.lines.map((l) => l.text).join('\n');

/** The block's first line number. */
export const blockLine = (block: Block): number => block.lines[0]!.n;

/** Lower-case letters and digits only: for comparing headings and titles across their typography. */
export const normalizeTitle = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
