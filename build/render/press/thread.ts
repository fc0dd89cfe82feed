/**
 * The press PDF made on a thread of its own, so that it is made while the main thread makes the
 * EPUB: the conversion and its preflight are a few seconds of JavaScript that would otherwise
 * come after the EPUB's. The worker's side is at the bottom of this file.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { renderPress, type PressOptions, type PressResult } from './index.js';

export function renderPressOnThread(digital: Uint8Array, options: PressOptions): Promise<PressResult> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./thread-entry.mjs', import.meta.url), { workerData: { entry: import.meta.url, digital, options } });
    } catch {
      // No threads to be had: made here, after all.
      return void renderPress(digital, options).then(resolve, reject);
    }
    worker.once('message', (m: { result?: PressResult; error?: string }) => {
      void worker.terminate();
      if (m.result) resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.once('error', reject);
  });
}

if (!isMainThread && workerData?.entry === import.meta.url) {
  const { digital, options } = workerData as { digital: Uint8Array; options: PressOptions };
  renderPress(digital, options).then(
    (result) => parentPort!.postMessage({ result }, [result.pdf.buffer as ArrayBuffer]),
    (error: Error) => parentPort!.postMessage({ error: error.message }),
  );
}
