/** The output folder after builds that were killed outright: the next build removes what they left, and only that. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Staging } from '../../build/output/atomic.js';

describe('staging', () => {
  it('removes the staging and half-swapped folders of builds that are gone, not those of running ones nor the outputs', () => {
    const out = mkdtempSync(join(tmpdir(), 'staging-'));
    const gone = 999_999_999;
    for (const name of [`.staging-${gone}-abc`, `fonts.old-${gone}`, `.staging-${process.ppid}-def`, 'fonts']) mkdirSync(join(out, name));
    writeFileSync(join(out, 'book.pdf'), '%PDF');
    const staging = new Staging(out);
    expect(readdirSync(out).sort()).toEqual([`.staging-${process.ppid}-def`, staging.dir.split('/').at(-1)!, 'book.pdf', 'fonts'].sort());
    staging.discard();
    expect(existsSync(staging.dir)).toBe(false);
  });
});
