/** Read an EPUB's files, its links and its ids; run DAISY Ace on it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import JSZip from 'jszip';

export async function readEpub(file: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const files = new Map<string, string>();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir || !/\.(xhtml|opf|ncx|css|xml)$/.test(name)) continue;
    // epub-gen-memory's serializer writes every non-ASCII character as a numeric reference.
    const text = await entry.async('string');
    files.set(name, text.replace(/&#x([0-9A-Fa-f]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))));
  }
  return files;
}

/** Every internal href of every XHTML file, resolved to [file, id]. */
export function internalLinks(files: Map<string, string>) {
  const links: { from: string; href: string; file: string; id: string | undefined }[] = [];
  for (const [name, text] of files) {
    if (!name.endsWith('.xhtml')) continue;
    for (const m of text.matchAll(/\shref="([^"]+)"/g)) {
      const href = m[1]!;
      if (/^[a-z]+:/.test(href) || href.endsWith('.css')) continue;
      const [path, id] = href.split('#') as [string, string?];
      links.push({ from: name, href, file: path ? posix.join(posix.dirname(name), path) : name, id });
    }
  }
  return links;
}

export function idsOf(text: string): Set<string> {
  return new Set([...text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
}

export interface AceResult {
  outcome: string;
  violations: string[];
}

export function ace(epub: string, chromium: string): AceResult {
  const out = mkdtempSync(join(tmpdir(), 'ace-'));
  const bin = join(import.meta.dirname, '../../node_modules/.bin/ace-cli');
  const run = spawnSync(bin, ['-s', '-f', '-o', out, epub], { encoding: 'utf8', env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: chromium } });
  if (run.status !== 0) throw new Error(`Ace failed: ${run.stderr}\n${run.stdout}`);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const violations: string[] = [];
  for (const doc of report.assertions ?? []) {
    for (const a of doc.assertions ?? []) {
      violations.push(`${doc['earl:testSubject'].url}: ${a['earl:test']['dct:title']} (${a['earl:test']['earl:impact']}) ${a['earl:result']['dct:description']}`);
    }
  }
  return { outcome: report['earl:result']['earl:outcome'], violations };
}
