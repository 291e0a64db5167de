/**
 * TrainerSupervisor with real child processes (fork; the trainer bundle test/globalSetup.ts builds): a run streamed from the child and
 * recorded in run.json, Stop within one batch, crashes (exit code, SIGABRT) reported as CRASH
 * while this process lives on; and with fake processes: kill after the stop grace period, and the
 * Electron utilityProcess adapter.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../shared/train/events.ts';
import { listRuns, loadRun } from '../../../electron/trainer/runs.ts';
import { TRAINER_SOURCE_ENTRY, TrainerSupervisor, utilityProcessTrainer, type TrainerProcess, type UtilityProcessModule } from '../../../electron/trainer/supervisor.ts';
import type { ChildMessage, ParentMessage } from '../../../electron/trainer/protocol.ts';
import { lenetProject, mlpProject, mnistMlpProject, patchNpy, tempDir } from './fixtures.ts';

const mlpRequest = (runsDir: string, settings: Record<string, unknown> = {}) => ({
  type: 'train' as const,
  runsDir,
  project: mnistMlpProject() as Record<string, unknown>,
  data: { kind: 'mnist' as const },
  settings: { engine: 'cpu' as const, epochs: 2, batchSize: 50, limit: 300, learningRate: 0.005, ...settings },
});

/** The tiny synthetic set as .npy files: quick to load in a child process. */
const patchRequest = (runsDir: string, settings: Record<string, unknown> = {}) => ({
  type: 'train' as const,
  runsDir,
  project: mlpProject(3) as Record<string, unknown>,
  data: patchNpy(300, 3),
  settings: { engine: 'cpu' as const, epochs: 2, batchSize: 10, ...settings },
});

describe('TrainerSupervisor with a forked trainer process', () => {
  it('streams a run from the child and keeps it on disk (run.json, listRuns, loadRun)', async () => {
    const runsDir = tempDir();
    const events: TrainEvent[] = [];
    const job = new TrainerSupervisor().start({ ...mlpRequest(runsDir), runId: 'child-run' }, (e) => events.push(e));
    const done = await job.done;
    expect(done, JSON.stringify(done)).toMatchObject({ type: 'done', epochs: 2, engine: 'cpu', stopped: false });
    // Loading progress first (MNIST reports when it is read), then started.
    const firstOther = events.findIndex((e) => e.type !== 'loading');
    expect(firstOther).toBeGreaterThan(0);
    expect(events[firstOther]!.type).toBe('started');
    expect(events[firstOther - 1]).toMatchObject({ type: 'loading', role: 'training' });
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([1, 2]);
    expect(events.at(-1)).toBe(done);
    expect(job.pid).not.toBe(process.pid);

    const record = loadRun(runsDir, 'child-run');
    expect(record.status).toBe('done');
    expect(record.curves.map((c) => c.epoch)).toEqual([1, 2]);
    expect(record.settings).toMatchObject({ epochs: 2, batchSize: 50, optimizer: 'adam' });
    expect((record.project as { name: string }).name).toBe('mnist_mlp');
    expect(record.evaluated?.confusion).toHaveLength(10);
    expect(record.final?.val_accuracy).toBe(record.curves[1]!.val_accuracy);
    expect(listRuns(runsDir)).toEqual([expect.objectContaining({ id: 'child-run', status: 'done', epochs: 2, name: 'mnist_mlp', engine: 'cpu' })]);
  });

  it('also trains from the TypeScript sources through tsx, as npm start and the CLI do', async () => {
    // The suite's other runs start from the bundle (test/globalSetup.ts); this one takes the sources.
    const events: TrainEvent[] = [];
    const job = new TrainerSupervisor({ entry: TRAINER_SOURCE_ENTRY, record: false }).start({ ...patchRequest(tempDir()), runId: 'source-run' }, (e) => events.push(e));
    const done = await job.done;
    expect(done, JSON.stringify(done)).toMatchObject({ type: 'done', epochs: 2, engine: 'cpu', stopped: false });
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
  });

  it('Stop ends the run within one batch (LeNet, plain cpu: slow batches)', async () => {
    const runsDir = tempDir();
    const events: TrainEvent[] = [];
    const request = { ...mlpRequest(runsDir, { epochs: 1, batchSize: 16, limit: 320 }), project: lenetProject() as Record<string, unknown> };
    const job = new TrainerSupervisor().start(request, (e) => {
      events.push(e);
      // Batch 1 is reported after it trained, while batch 2 is running.
      if (e.type === 'batch' && e.batch === 1) job.stop();
    });
    const done = await job.done;
    expect(done).toMatchObject({ type: 'done', stopped: true });
    if (done.type !== 'done') return;
    expect(done.stoppedAt!.epoch).toBe(1);
    expect(done.stoppedAt!.batch).toBeLessThanOrEqual(2);
    expect(events.some((e) => e.type === 'epoch' || e.type === 'evaluated')).toBe(false);
    expect(loadRun(runsDir, job.runId).status).toBe('stopped');
  });

  it('reports a trainer that exits mid-run as CRASH, naming the exit code, and records it', async () => {
    const runsDir = tempDir();
    const job = new TrainerSupervisor().start(patchRequest(runsDir), () => {}, { faults: { at: { epoch: 1, batch: 3 }, kind: 'exit', code: 3 } });
    const done = await job.done;
    expect(done).toMatchObject({ type: 'error', code: 'CRASH', epoch: 1 });
    expect(done.type === 'error' && done.message).toMatch(/the trainer process exited with code 3 during epoch 1.*editor and your project are unaffected/s);
    expect(loadRun(runsDir, job.runId)).toMatchObject({ status: 'crashed', error: { code: 'CRASH' } });
  });

  it('reports a native abort (SIGABRT) as CRASH', async () => {
    const job = new TrainerSupervisor().start(patchRequest(tempDir()), () => {}, { faults: { at: { epoch: 1, batch: 1 }, kind: 'abort' } });
    const done = await job.done;
    expect(done).toMatchObject({ type: 'error', code: 'CRASH' });
    expect(done.type === 'error' && done.message).toMatch(/was ended by SIGABRT/);
  });

  it('passes request errors from the child through as events', async () => {
    const job = new TrainerSupervisor().start({ ...patchRequest(tempDir()), data: { kind: 'h5', path: '/nonexistent/file.h5' } });
    const done = await job.done;
    expect(done).toMatchObject({ type: 'error', code: 'DATA' });
    expect(done.type === 'error' && done.message).toContain('/nonexistent/file.h5');
  });
});

/** An in-memory trainer process: answers start with a started event and batches, ignores stop. */
function hungTrainer(log: ParentMessage[]): TrainerProcess & { exitCalls: number } {
  const bus = new EventEmitter();
  const fake = {
    exitCalls: 0,
    pid: 424242,
    send: (m: ParentMessage) => {
      log.push(m);
      if (m.type === 'start') {
        const runId = (m.request as { runId: string }).runId;
        bus.emit('message', { type: 'event', event: { type: 'batch', runId, epoch: 1, batch: 1, batches: 9, loss: 1, acc: 0.5 } } satisfies ChildMessage);
      }
    },
    kill: () => {
      fake.exitCalls++;
      setImmediate(() => bus.emit('exit', null, 'SIGKILL'));
    },
    onMessage: (l: (m: ChildMessage) => void) => bus.on('message', l),
    onExit: (l: (code: number | null, signal: string | null) => void) => bus.on('exit', l),
  };
  setImmediate(() => bus.emit('message', { type: 'ready', pid: 424242 }));
  return fake;
}

describe('TrainerSupervisor with fake processes', () => {
  it('kills a trainer that does not stop within the grace period and reports the run as stopped', async () => {
    const log: ParentMessage[] = [];
    let proc: ReturnType<typeof hungTrainer> | undefined;
    const sup = new TrainerSupervisor({ spawn: () => (proc = hungTrainer(log)), stopGraceMs: 20, record: false });
    const job = sup.start({ ...mlpRequest(tempDir()), runId: 'hung' }, (e) => e.type === 'batch' && job.stop());
    expect(sup.jobs()).toEqual([job]);
    const done = await job.done;
    expect(log.map((m) => m.type)).toEqual(['start', 'stop']);
    expect(proc!.exitCalls).toBe(1);
    expect(done).toMatchObject({ type: 'done', runId: 'hung', stopped: true, epochs: 0 });
    expect(sup.jobs()).toEqual([]);
  });

  it('an unexpected SIGKILL is reported as a likely out-of-memory crash', async () => {
    const log: ParentMessage[] = [];
    let proc: ReturnType<typeof hungTrainer> | undefined;
    const job = new TrainerSupervisor({ spawn: () => (proc = hungTrainer(log)), record: false }).start(mlpRequest(tempDir()), (e) => e.type === 'batch' && proc!.kill());
    const done = await job.done;
    expect(done).toMatchObject({ type: 'error', code: 'CRASH', epoch: 1, batch: 1 });
    expect(done.type === 'error' && done.message).toMatch(/ended by SIGKILL.*ran out of memory/s);
  });

  it('drives an Electron utilityProcess through the same protocol', async () => {
    const forks: { path: string; options: unknown }[] = [];
    const posted: unknown[] = [];
    const utilityProcess: UtilityProcessModule = {
      fork(path, _args, options) {
        forks.push({ path, options });
        const child = new EventEmitter() as EventEmitter & ReturnType<UtilityProcessModule['fork']>;
        child.pid = 7;
        child.postMessage = (m: unknown) => {
          posted.push(m);
          const req = (m as { request?: { runId: string } }).request;
          if (req) {
            child.emit('message', { type: 'event', event: { type: 'error', runId: req.runId, code: 'DATA', message: 'fake' } });
            child.emit('exit', 0);
          }
        };
        child.kill = () => true;
        setImmediate(() => child.emit('message', { type: 'ready', pid: 7 }));
        return child;
      },
    };
    const job = new TrainerSupervisor({ spawn: utilityProcessTrainer(utilityProcess), record: false, entry: TRAINER_SOURCE_ENTRY }).start({ ...mlpRequest(tempDir()), runId: 'u1' });
    const done = await job.done;
    expect(done).toEqual({ type: 'error', runId: 'u1', code: 'DATA', message: 'fake' });
    expect(forks[0]!.path).toMatch(/electron\/trainer\/child\.ts$/);
    expect(forks[0]!.options).toMatchObject({ execArgv: ['--import', 'tsx'], serviceName: 'Netwright trainer' });
    expect(posted[0]).toMatchObject({ type: 'start', request: { runId: 'u1', type: 'train' } });
  });
});
