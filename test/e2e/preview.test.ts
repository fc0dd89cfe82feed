/**
 * The preview, in a real browser: the print edition is the PDF itself in pdf.js's viewer; after a
 * save, the new PDF is shown where the reader was — the same page — with the corrected words on it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownText, startPreview, type Preview } from '../../build/preview.js';
import { findChromium, LOOPBACK_ARGS } from '../../build/render/print/chromium.js';
import { fixture } from '../helpers/build.js';

let dir: string;
let preview: Preview;
let browser: Browser;
let page: Page;

/** The text pdf.js gives for a page of the document the viewer shows now. */
const pageText = (n: number) => shownText(page, n);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reader-preview-test-'));
  cpSync(fixture('small'), join(dir, 'manuscript'), { recursive: true });
  preview = await startPreview({ manuscript: join(dir, 'manuscript'), port: 0, cacheDir: join(dir, '.cache'), log: () => {} });
  browser = await puppeteer.launch({ executablePath: findChromium()!, headless: true, args: LOOPBACK_ARGS });
  page = await browser.newPage();
  await page.setViewport({ width: 900, height: 1000 });
  await page.goto(`${preview.url}print/`);
  await page.waitForFunction(() => (window as any).__preview?.drawn?.[1] === 1, { timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the print preview', () => {
  it('shows the corrected page, as the PDF has it, on the page the reader was reading', async () => {
    // The page with the essay's first paragraph: the reader goes there.
    const count = await page.evaluate(() => (window as any).__preview.doc.numPages);
    let target = 0;
    for (let n = 1; n <= count && !target; n++) if ((await pageText(n)).includes('runs on for a while')) target = n;
    expect(target).toBeGreaterThan(1);
    await page.evaluate((n) => {
      const container = document.getElementById('container')!;
      container.scrollTop = (document.querySelectorAll('.page')[n - 1] as HTMLElement).offsetTop;
    }, target);
    await page.waitForFunction((n) => (window as any).__preview.drawn[n] === 1, { timeout: 30_000 }, target);
    expect(await page.evaluate(() => (window as any).__preview.viewer.currentPageNumber)).toBe(target);

    const essay = join(dir, 'manuscript', 'sources', 'essay.md');
    const built = preview.nextBuild();
    writeFileSync(essay, readFileSync(essay, 'utf8').replace('runs on for a while', 'goes on for a while'));
    const result = await built;
    expect(result.ok).toBe(true);
    await page.waitForFunction((n, v) => (window as any).__preview.drawn[n] === v, { timeout: 30_000 }, target, result.version);
    expect(await page.evaluate(() => (window as any).__preview.version)).toBe(result.version);
    expect(await pageText(target)).toContain('goes on for a while');
    // Still where the reader was.
    const current = await page.evaluate(() => (window as any).__preview.viewer.currentPageNumber);
    expect(current).toBe(target);
  });
});
