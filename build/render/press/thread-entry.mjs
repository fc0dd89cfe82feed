// A worker thread's way into the toolchain's TypeScript: tsx's loader registered in this thread,
// then the worker's own module (workerData.entry). See build/render/press/thread.ts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
