/**
 * The trainer process' entry point (child_process.fork in browser mode and the CLI, Electron's
 * utilityProcess.fork in the app). It receives one request, runs it with runJob, streams every
 * event to the parent and exits; a crash here ends only this process, never the editor.
 */
import type { TrainEvent } from '../../shared/train/events.ts';
import { runJob } from './jobs.ts';
import { FAULTS_ENV, type ChildMessage, type Faults, type ParentMessage } from './protocol.ts';

interface Port {
  post(message: ChildMessage): Promise<void>;
  onMessage(listener: (message: ParentMessage) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

/** Electron's utility process talks through process.parentPort; a forked Node child through process.send. */
function parentPort(): Port | undefined {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      post: async (m) => electronPort.postMessage(m),
      onMessage: (listener) => electronPort.on('message', (e) => listener(e.data as ParentMessage)),
    };
  }
  if (process.send) {
    return {
      post: (m) => new Promise((resolve) => process.send!(m, undefined, undefined, () => resolve())),
      onMessage: (listener) => process.on('message', (m) => listener(m as ParentMessage)),
    };
  }
  return undefined;
}

/**
 * Test faults at a given batch. An exit first lets the events already sent reach the parent (as
 * they would have, had the process died a moment later): process.exit drops queued IPC messages.
 */
function injectFault(faults: Faults | undefined, flushed: () => Promise<void>): ((epoch: number, batch: number) => Promise<void>) | undefined {
  if (!faults || process.env[FAULTS_ENV] !== '1') return undefined;
  return async (epoch, batch) => {
    if (epoch !== faults.at.epoch || batch !== faults.at.batch) return;
    if (faults.kind === 'abort') process.abort();
    await flushed();
    // Blocks after the events already sent have left, so the parent has timed the first batch.
    if (faults.kind === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    process.exit(faults.code ?? 1);
  };
}

const port = parentPort();
if (!port) {
  process.stderr.write('electron/trainer/child.ts is the trainer process; start it through TrainerSupervisor\n');
  process.exit(2);
}
const controller = new AbortController();
let started = false;
port.onMessage((message) => {
  if (message.type === 'stop') {
    controller.abort();
    return;
  }
  if (message.type !== 'start' || started) return;
  started = true;
  // IPC keeps order, so waiting for the last send flushes them all.
  let lastSend = Promise.resolve();
  const emit = (event: TrainEvent) => {
    lastSend = port.post({ type: 'event', event });
  };
  const onBatch = injectFault(message.faults, () => lastSend);
  void runJob(message.request, emit, controller.signal, onBatch ? { onBatch } : {}).then(async () => {
    await lastSend;
    process.exit(0);
  });
});
// The parent went away (fork mode): nobody listens, so stop.
process.on('disconnect', () => process.exit(0));
void port.post({ type: 'ready', pid: process.pid });
