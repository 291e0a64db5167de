/**
 * ELK off the UI thread: elkjs' API half (elk-api.js) here, its layout engine (elk-worker.min.js) in
 * a Web Worker started on the first layout, so laying out ResNet-50 never freezes the app. One
 * layout at a time: elkjs cannot abort a layout and its worker answers in order, so a newer request
 * terminates the worker still busy with an older one (which rejects with LayoutSuperseded).
 */
import ELK, { type ELK as ElkApi, type ElkNode } from 'elkjs/lib/elk-api.js';
import type { ElkEngine } from '../../shared/diagram/elk.ts';

/** The rejection of a layout that a newer one replaced, or that `cancel` stopped: nobody waits for it. */
export class LayoutSuperseded extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'LayoutSuperseded';
  }
}

/** An ELK engine whose layouts run in a worker; see the module comment for the one-at-a-time rule. */
export interface WorkerElk extends ElkEngine {
  /** Stops the layout in progress, if any (it rejects with LayoutSuperseded). An idle worker stays for the next layout. */
  cancel(): void;
  /** Terminates the worker, busy or not; the next layout starts a new one. */
  dispose(): void;
  /** True from the first layout until `dispose` (or a worker failure). */
  readonly started: boolean;
}

/**
 * An engine that runs ELK in workers made by `startWorker` (in the app: `new Worker(url of
 * elk-worker.min.js)`). Nothing starts until the first `layout`.
 */
export function createWorkerElk(startWorker: () => Worker): WorkerElk {
  let elk: ElkApi | undefined;
  let job: { reject(reason: Error): void } | undefined;

  /** Ends the worker; the layout in progress (if any) rejects with `reason`. */
  const stop = (reason: Error) => {
    const pending = job;
    job = undefined;
    elk?.terminateWorker();
    elk = undefined;
    pending?.reject(reason);
  };

  const start = (): ElkApi => {
    const made: ElkApi = new ELK({
      workerFactory: () => {
        const worker = startWorker();
        // A script that fails to load or a crash in the worker: elk-api would wait forever.
        worker.onerror = (e: ErrorEvent | Event) => {
          if (elk !== made) return;
          const detail = 'message' in e && e.message ? e.message : 'its script could not be loaded';
          stop(new Error(`the layout worker stopped (${detail}); close and reopen the dialog to try again`));
        };
        return worker;
      },
    });
    return made;
  };

  return {
    get started() {
      return elk !== undefined;
    },
    layout(graph: ElkNode): Promise<ElkNode> {
      if (job) stop(new LayoutSuperseded('a newer layout replaced this one'));
      const engine = (elk ??= start());
      return new Promise<ElkNode>((resolve, reject) => {
        const mine = { reject };
        job = mine;
        engine.layout(graph).then(
          (laid) => {
            if (job !== mine) return;
            job = undefined;
            resolve(laid);
          },
          (e: unknown) => {
            if (job !== mine) return;
            job = undefined;
            reject(asError(e));
          },
        );
      });
    },
    cancel() {
      if (job) stop(new LayoutSuperseded('the layout was cancelled'));
    },
    dispose() {
      stop(new LayoutSuperseded('the layout was cancelled'));
    },
  };
}

/** ELK reports Java exceptions as plain objects that crossed the worker boundary. */
function asError(e: unknown): Error {
  if (e instanceof Error) return e;
  const message = typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  return new Error(message);
}
