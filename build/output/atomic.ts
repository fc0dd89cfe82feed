/**
 * Outputs are staged in a private folder and moved into place only when a target succeeded,
 * so that a failed or interrupted build leaves what `dist/` held before.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { running } from '../running.js';

/**
 * What builds that were killed outright (SIGKILL, out of memory) left in the output folder: their
 * staging folders and half-swapped folders, named with their process ids. Removed by the next build.
 */
export function removeLeftovers(outDir: string) {
  for (const name of readdirSync(outDir)) {
    const pid = Number(/^\.staging-(\d+)-/.exec(name)?.[1] ?? /\.old-(\d+)$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !running(pid)) rmSync(join(outDir, name), { recursive: true, force: true });
  }
}

export class Staging {
  readonly dir: string;
  private readonly onSignal: () => void;

  constructor(readonly outDir: string) {
    mkdirSync(outDir, { recursive: true });
    removeLeftovers(outDir);
    this.dir = mkdtempSync(join(outDir, `.staging-${process.pid}-`));
    this.onSignal = () => {
      this.discard();
      process.exit(130);
    };
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  path(name: string) {
    return join(this.dir, name);
  }

  /** Move staged files (or folders) into the output folder, each replacing its old version at once. */
  commit(names: string[]) {
    for (const name of names) {
      const target = join(this.outDir, name);
      if (existsSync(target) && !name.includes('.')) {
        // A folder (fonts/): swap it out, then remove the old one.
        const old = `${target}.old-${process.pid}`;
        renameSync(target, old);
        renameSync(this.path(name), target);
        rmSync(old, { recursive: true, force: true });
      } else {
        renameSync(this.path(name), target);
      }
    }
  }

  discard() {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
