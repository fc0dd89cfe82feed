/**
 * Outputs are staged in a private folder and moved into place only when a target succeeded,
 * so that a failed or interrupted build leaves what `dist/` held before.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export class Staging {
  readonly dir: string;
  private readonly onSignal: () => void;

  constructor(readonly outDir: string) {
    mkdirSync(outDir, { recursive: true });
    this.dir = mkdtempSync(join(outDir, '.staging-'));
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
