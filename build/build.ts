/**
 * The build, top to bottom: load the manuscript → parse and transform every file → assemble the
 * book → render each target (EPUB, print PDF) → move the outputs into place.
 *
 * Every problem is a message on the file it concerns; any fatal one stops the build before
 * anything is written. Outputs are staged and moved into dist/ only when their target succeeded.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { VFile } from 'vfile';
import { assemble } from './book/assemble.js';
import { sourceDate } from './config/source-date.js';
import { loadManuscript } from './manuscript/load.js';
import { Staging } from './output/atomic.js';
import { renderEpub } from './render/epub/index.js';
import { CHROMIUM_HELP, findChromium } from './render/print/chromium.js';
import { renderPdf } from './render/print/index.js';

export type Target = 'epub' | 'pdf';

export interface BuildOptions {
  manuscript: string;
  out: string;
  targets: Target[];
  /** The toolchain's root (templates/, styles/). */
  toolRoot: string;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Pagination: how many Chromiums at once, and how much text per body segment. */
  print?: { workers?: number; segmentChars?: number };
}

export interface BuildResult {
  ok: boolean;
  /** Every file with its messages, for the reporter. */
  files: VFile[];
  /** Paths written into the output folder. */
  outputs: string[];
  /** Seconds per stage. */
  timings: Record<string, number>;
  pageCount?: number;
}

const hasFatal = (files: VFile[]) => files.some((f) => f.messages.some((m) => m.fatal));

export async function build(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  const time = async <T>(stage: string, run: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      timings[stage] = (performance.now() - started) / 1000;
    }
  };
  const manuscriptDir = resolve(options.manuscript);

  // 1. Load: book.yaml and every file of the reading order.
  const loaded = await time('load', () => loadManuscript(manuscriptDir));
  if (!loaded.ok) return { ok: false, files: loaded.files, outputs: [], timings };
  const { manuscript } = loaded;
  const { config } = manuscript;

  // 2–3. Parse, transform and assemble the book: one tree per unit, shared by both targets.
  const book = await time('transform', () => assemble(manuscript));
  if (hasFatal(manuscript.files)) return { ok: false, files: manuscript.files, outputs: [], timings };

  const date = sourceDate(manuscriptDir, config.date, options.env);
  const staging = new Staging(resolve(options.out));
  const outputs: string[] = [];
  const report = new VFile({ path: 'build' });
  let pageCount: number | undefined;
  try {
    // 4a. Print PDF (first, so that the EPUB can carry the print edition's page-list).
    if (options.targets.includes('pdf')) {
      const chromium = findChromium(options.env);
      if (!chromium) {
        report.message(CHROMIUM_HELP, { ruleId: 'no-browser', source: 'pdf' }).fatal = true;
      } else {
        const result = await time('pdf', () =>
          renderPdf(book, { toolRoot: options.toolRoot, workDir: staging.dir, slug: config.slug, chromium, date, log, ...options.print }),
        );
        Object.assign(timings, result.timings);
        pageCount = result.pageCount;
        writeFileSync(staging.path(`${config.slug}.pdf`), result.pdf);
        staging.commit([`${config.slug}.pdf`, ...result.printFiles]);
        outputs.push(`${config.slug}.pdf`, ...result.printFiles);
        log(`PDF: ${result.pageCount} pages`);
      }
    }
    // 4b. EPUB.
    if (options.targets.includes('epub')) {
      const epub = await time('epub', () => renderEpub(book, { toolRoot: options.toolRoot, modified: date }));
      writeFileSync(staging.path(`${config.slug}.epub`), epub);
      staging.commit([`${config.slug}.epub`]);
      outputs.push(`${config.slug}.epub`);
    }
  } finally {
    staging.discard();
  }
  const files = [...manuscript.files, ...(report.messages.length ? [report] : [])];
  return { ok: !hasFatal(files), files, outputs, timings, pageCount };
}
