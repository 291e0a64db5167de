/**
 * The app's one ELK: a worker (workerElk.ts) running elkjs' elk-worker.min.js, shared by the
 * editor's auto-layout and the Export diagram preview, so the app ships one ELK build and starts
 * at most one layout worker, on the first layout.
 */
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { createWorkerElk } from './workerElk.ts';

// elk-worker.min.js is a classic worker script: served as a file of its own (?url), not bundled.
export const appElk = createWorkerElk(() => new Worker(elkWorkerUrl, { name: 'ELK layout' }));
