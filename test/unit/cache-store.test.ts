/**
 * The cache's store: entries named by their content's key, written whole or not at all, read
 * as a miss when gone, and pruned to a budget without touching what a build uses.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolFingerprint } from '../../build/cache/fingerprint.js';
import { Store } from '../../build/cache/store.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'store-'));
  scratch.push(d);
  return d;
};
const MiB = 2 ** 20;
const age = (path: string, minutes: number) => {
  const t = new Date(Date.now() - minutes * 60_000);
  utimesSync(path, t, t);
};

describe('a store', () => {
  it('gives back what was written under a key, and nothing for another key', () => {
    const store = new Store(dir(), 'salt');
    const key = store.key('unit', 'text');
    store.writeJson(key, { a: 1 });
    expect(store.readJson(key)).toEqual({ a: 1 });
    expect(store.readJson(store.key('unit', 'other text'))).toBeUndefined();
    // The salt (the toolchain's fingerprint) is part of every key.
    expect(new Store(undefined, 'other salt').key('unit', 'text')).not.toBe(key);
  });

  it('leaves no temporary files behind, and reads a removed entry as a miss', () => {
    const d = dir();
    const store = new Store(d);
    store.write('k', 'json', '{}');
    expect(readdirSync(d)).toEqual(['k.json']);
    rmSync(join(d, 'k.json'));
    expect(store.read('k', 'json')).toBeUndefined();
  });

  it('keeps nothing without a folder', () => {
    const store = new Store(undefined);
    store.write('k', 'json', '{}');
    expect(store.enabled).toBe(false);
    expect(store.read('k', 'json')).toBeUndefined();
  });
});

describe('pruning', () => {
  it('removes unused entries oldest first, down to the budget, and keeps the used and the recent', () => {
    const d = dir();
    const names = ['old-1', 'old-2', 'old-3', 'recent'];
    for (const n of names) writeFileSync(join(d, `${n}.bin`), Buffer.alloc(MiB));
    age(join(d, 'old-1.bin'), 300);
    age(join(d, 'old-2.bin'), 200);
    age(join(d, 'old-3.bin'), 100);
    const store = new Store(d);
    store.write('used', 'bin', Buffer.alloc(MiB));
    age(join(d, 'used.bin'), 400); // used by this build, however old
    // Budget: 3 MiB. Entries: 5 MiB. The two oldest unused go; "recent" is in its grace time.
    const result = store.prune({ budget: () => 3 * MiB });
    expect(readdirSync(d).sort()).toEqual(['old-3.bin', 'recent.bin', 'used.bin']);
    expect(result).toEqual({ kept: 3, removed: 2, bytes: 3 * MiB });
  });

  it('does not prune an area the build did not use', () => {
    const d = dir();
    writeFileSync(join(d, 'x.bin'), Buffer.alloc(MiB));
    age(join(d, 'x.bin'), 300);
    expect(new Store(d).prune({ budget: () => 0 })).toBeUndefined();
    expect(readdirSync(d)).toEqual(['x.bin']);
  });

  it('keeps everything within the default budget', () => {
    const d = dir();
    writeFileSync(join(d, 'x.bin'), Buffer.alloc(MiB));
    age(join(d, 'x.bin'), 300);
    const store = new Store(d);
    store.write('y', 'bin', 'y');
    expect(store.prune()?.removed).toBe(0);
  });
});

describe('the toolchain’s fingerprint', () => {
  it('changes with a template, a stylesheet or the locked library versions', () => {
    const root = dir();
    for (const d of ['templates/epub', 'styles']) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, 'templates/epub/chapter.xhtml.ejs'), '<body><%- content %></body>');
    writeFileSync(join(root, 'styles/print.css'), 'p { margin: 0 }');
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3}');
    const prints = [toolFingerprint(root)];
    expect(toolFingerprint(root)).toBe(prints[0]);
    writeFileSync(join(root, 'templates/epub/chapter.xhtml.ejs'), '<body class="x"><%- content %></body>');
    prints.push(toolFingerprint(root));
    writeFileSync(join(root, 'styles/print.css'), 'p { margin: 1pt }');
    prints.push(toolFingerprint(root));
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}');
    prints.push(toolFingerprint(root));
    expect(new Set(prints).size).toBe(4);
  });
});
