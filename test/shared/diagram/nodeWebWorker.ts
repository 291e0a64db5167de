/**
 * A Web Worker shape (postMessage / onmessage / terminate) over a Node worker thread that runs a
 * classic worker script as a browser would: at the top level, with `self` as its global scope and
 * no CommonJS `module`. Lets tests drive elkjs' elk-api.js against its real elk-worker file in a
 * real second thread, messages crossing by structured clone as they do in Chromium.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Inside the thread: a `self` that posts to the parent, then the script run in the global scope. */
const BOOT = `(() => {
  // In a function: names declared here must not collide with the script's own top-level names.
  const { parentPort, workerData } = require('node:worker_threads');
  globalThis.self = globalThis;
  self.postMessage = (message) => parentPort.postMessage(message);
  parentPort.on('message', (data) => self.onmessage && self.onmessage({ data }));
  require('node:vm').runInThisContext(workerData.source, { filename: workerData.filename });
})();`;

export interface WebWorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((error: Error) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Starts the classic worker script at `file` in a new thread. */
export function nodeWebWorker(file: string): WebWorkerLike {
  const thread = new Worker(BOOT, { eval: true, workerData: { source: readFileSync(file, 'utf8'), filename: file } });
  const worker: WebWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (message) => thread.postMessage(message),
    terminate: () => void thread.terminate(),
  };
  thread.on('message', (data: unknown) => worker.onmessage?.({ data }));
  thread.on('error', (error: Error) => worker.onerror?.(error));
  return worker;
}
