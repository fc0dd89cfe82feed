/**
 * The build cache: content-addressed stores in `.cache/<area>/`, one file per entry, named by
 * the hash of everything that decides its content.
 *
 * - A key names its content, and an entry is written to a private temporary name and renamed
 *   into place, so two builds at once cannot corrupt the cache: at worst both write the same
 *   bytes, and the second rename replaces the first.
 * - A read that finds nothing (never written, or pruned by another build meanwhile) is a miss.
 * - After a build, `prune` keeps each area to a budget: entries this build used stay; the
 *   others go oldest first, never one written in the last minutes (another build may be using it).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const sha = (...parts: (string | Uint8Array)[]) => {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p).update('\0');
  return hash.digest('hex');
};

export interface PruneResult {
  kept: number;
  removed: number;
  bytes: number;
}

export class Store {
  /** Entries read or written by this build: never pruned by it. */
  private readonly used = new Set<string>();

  /**
   * `dir` undefined: a store that keeps nothing (a build with --no-cache). `salt` goes into every
   * key made with `key()`: the toolchain's fingerprint, for results that depend on its code.
   */
  constructor(
    readonly dir: string | undefined,
    private readonly salt = '',
  ) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  /** The key of a result made from `parts` (and the salt). */
  key(...parts: (string | Uint8Array)[]) {
    return sha(this.salt, ...parts);
  }

  get enabled() {
    return this.dir !== undefined;
  }

  private path(name: string) {
    return this.dir && join(this.dir, name);
  }

  read(key: string, ext: string): Buffer | undefined {
    const p = this.path(`${key}.${ext}`);
    if (!p) return undefined;
    try {
      const content = readFileSync(p);
      this.touch(key, ext);
      return content;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Mark an entry as used by this build, and as recently used for every build's pruning. */
  touch(key: string, ext: string) {
    const p = this.path(`${key}.${ext}`);
    if (!p) return;
    try {
      const now = new Date();
      utimesSync(p, now, now);
      this.used.add(`${key}.${ext}`);
    } catch {
      // gone: reading it later is a miss
    }
  }

  readJson<T>(key: string, ext = 'json'): T | undefined {
    const content = this.read(key, ext);
    return content && (JSON.parse(content.toString('utf8')) as T);
  }

  write(key: string, ext: string, content: string | Uint8Array) {
    const p = this.path(`${key}.${ext}`);
    if (!p) return;
    const tmp = `${p}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, p);
    this.used.add(`${key}.${ext}`);
  }

  writeJson(key: string, value: unknown, ext = 'json') {
    this.write(key, ext, JSON.stringify(value));
  }

  /**
   * Keep the area within `budget(usedBytes)` bytes: remove entries this build did not use,
   * oldest first, but none touched in the last `graceMs`. Only an area this build used is pruned.
   */
  prune({ budget = (used: number) => 2 * used + 32 * 2 ** 20, graceMs = 10 * 60_000 } = {}): PruneResult | undefined {
    if (!this.dir || !this.used.size) return undefined;
    const entries = readdirSync(this.dir).flatMap((name) => {
      try {
        const s = statSync(join(this.dir!, name));
        return [{ name, size: s.size, mtime: s.mtimeMs }];
      } catch {
        return [];
      }
    });
    const usedBytes = entries.filter((e) => this.used.has(e.name)).reduce((n, e) => n + e.size, 0);
    let total = entries.reduce((n, e) => n + e.size, 0);
    const limit = budget(usedBytes);
    const now = Date.now();
    let removed = 0;
    const candidates = entries.filter((e) => !this.used.has(e.name) && now - e.mtime > graceMs).sort((a, b) => a.mtime - b.mtime);
    for (const e of candidates) {
      if (total <= limit) break;
      rmSync(join(this.dir, e.name), { force: true });
      total -= e.size;
      removed++;
    }
    return { kept: entries.length - removed, removed, bytes: total };
  }
}
