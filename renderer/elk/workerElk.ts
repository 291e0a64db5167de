/**
 * ELK off the UI thread: elkjs' API half (elk-api.js) here, its layout engine (elk-worker.min.js) in
 * one Web Worker started on the first layout and shared by every caller. elkjs cannot abort a
 * layout and its worker answers in order, so stopping a layout in flight terminates the worker; the
 * layouts other callers still wait for are posted again, in their order, to a new one.
 */
import ELK, { type ELK as ElkApi, type ElkNode } from 'elkjs/lib/elk-api.js';
import type { ElkEngine } from '../../shared/diagram/elk.ts';

export type { ElkEngine };

/** The rejection of a layout that a newer one replaced, or that `cancel` stopped: nobody waits for it. */
export class LayoutSuperseded extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'LayoutSuperseded';
  }
}

/**
 * One caller's share of the worker (the diagram preview): a newer layout supersedes its older one
 * still in flight, which rejects with LayoutSuperseded. The layouts of other callers go on.
 */
export interface ElkLane extends ElkEngine {
  /** Stops this lane's layout in flight, if any (it rejects with LayoutSuperseded); an idle worker stays. */
  cancel(): void;
}

/** ELK in a worker. Its own `layout` is never stopped by anyone (the editor's auto-layout). */
export interface WorkerElk extends ElkEngine {
  /** A lane of its own on this worker; see {@link ElkLane}. */
  lane(): ElkLane;
  /** Terminates the worker, busy or not; every layout in flight rejects with LayoutSuperseded. */
  dispose(): void;
  /** True while a worker is up: from the first layout until it is terminated or fails. */
  readonly started: boolean;
}

interface Job {
  graph: ElkNode;
  resolve(laid: ElkNode): void;
  reject(reason: Error): void;
}

/**
 * An engine that runs ELK in workers made by `startWorker` (in the app: `new Worker(url of
 * elk-worker.min.js)`, renderer/elk/appElk.ts). Nothing starts until the first layout.
 */
export function createWorkerElk(startWorker: () => Worker): WorkerElk {
  let elk: ElkApi | undefined;
  /** The layouts posted to the current worker and not answered yet, oldest first. */
  const inFlight = new Set<Job>();

  const start = (): ElkApi => {
    const made: ElkApi = new ELK({
      workerFactory: () => {
        const worker = startWorker();
        // A script that fails to load or a crash in the worker: elk-api would wait forever.
        worker.onerror = (e: ErrorEvent | Event) => {
          if (elk !== made) return;
          const detail = 'message' in e && e.message ? e.message : 'its script could not be loaded';
          failAll(new Error(`the ELK layout worker stopped (${detail}); try again: the next layout starts a new worker`));
        };
        return worker;
      },
    });
    return made;
  };

  const post = (job: Job) => {
    const engine = (elk ??= start());
    inFlight.add(job);
    // An answer from a worker terminated since, or for a job stopped since, is dropped.
    const settle = (done: () => void) => {
      if (elk === engine && inFlight.delete(job)) done();
    };
    engine.layout(job.graph).then(
      (laid) => settle(() => job.resolve(laid)),
      (e: unknown) => settle(() => job.reject(asError(e))),
    );
  };

  /** Ends the worker; every layout in flight rejects with `reason`. */
  const failAll = (reason: Error) => {
    const jobs = [...inFlight];
    inFlight.clear();
    elk?.terminateWorker();
    elk = undefined;
    for (const job of jobs) job.reject(reason);
  };

  /** Stops one layout in flight: the worker goes, the others are posted again to a new one. */
  const stop = (job: Job, reason: Error) => {
    if (!inFlight.delete(job)) return;
    const others = [...inFlight];
    inFlight.clear();
    elk?.terminateWorker();
    elk = undefined;
    for (const other of others) post(other);
    job.reject(reason);
  };

  return {
    get started() {
      return elk !== undefined;
    },
    layout(graph: ElkNode): Promise<ElkNode> {
      return new Promise<ElkNode>((resolve, reject) => post({ graph, resolve, reject }));
    },
    lane(): ElkLane {
      let current: Job | undefined;
      return {
        layout(graph: ElkNode): Promise<ElkNode> {
          if (current) stop(current, new LayoutSuperseded('a newer layout replaced this one'));
          return new Promise<ElkNode>((resolve, reject) => {
            const job: Job = {
              graph,
              resolve: (laid) => (current === job && (current = undefined), resolve(laid)),
              reject: (reason) => (current === job && (current = undefined), reject(reason)),
            };
            current = job;
            post(job);
          });
        },
        cancel() {
          if (current) stop(current, new LayoutSuperseded('the layout was cancelled'));
        },
      };
    },
    dispose() {
      failAll(new LayoutSuperseded('the layout was cancelled'));
    },
  };
}

/** ELK reports Java exceptions as plain objects that crossed the worker boundary. */
function asError(e: unknown): Error {
  if (e instanceof Error) return e;
  const message = typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  return new Error(message);
}
