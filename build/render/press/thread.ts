/**
 * The press PDF made on a thread of its own, so that it is made while the main thread makes the
 * EPUB: the conversion and its preflight are a few seconds of JavaScript that would otherwise
 * come after the EPUB's. The thread starts with the build (loading its modules while the book is
 * laid out) and waits for the digital PDF. The worker's side is at the bottom of this file.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { renderPress, type PressOptions, type PressResult } from './index.js';

export class PressThread {
  private worker?: Worker;

  constructor() {
    try {
      this.worker = new Worker(new URL('./thread-entry.mjs', import.meta.url), { workerData: { entry: import.meta.url } });
      this.worker.unref();
    } catch {
      // No threads to be had: the press PDF is made on the main thread, after all.
    }
  }

  render(digital: Uint8Array, options: PressOptions): Promise<PressResult> {
    const worker = this.worker;
    if (!worker) return renderPress(digital, options);
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      worker.once('error', failed);
      worker.once('message', (m: { result?: PressResult; error?: string }) => {
        worker.off('error', failed);
        if (m.result) resolve(m.result);
        else reject(new Error(m.error));
      });
      worker.postMessage({ digital, options });
    });
  }

  async close() {
    await this.worker?.terminate();
  }
}

if (!isMainThread && workerData?.entry === import.meta.url) {
  parentPort!.on('message', ({ digital, options }: { digital: Uint8Array; options: PressOptions }) => {
    renderPress(digital, options).then(
      (result) => parentPort!.postMessage({ result }, [result.pdf.buffer as ArrayBuffer]),
      (error: Error) => parentPort!.postMessage({ error: error.message }),
    );
  });
}
