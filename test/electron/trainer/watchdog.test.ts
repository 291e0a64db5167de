/**
 * The hang watchdog: allowances per phase (loading, first batch, within an epoch, after it),
 * scaled by the slowest batch; the supervisor ends a silent trainer as HANG (fake processes with
 * short limits, and a real forked trainer blocked in Atomics.wait) and leaves a slow but talking
 * one alone.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { StartedEvent, TrainEvent } from '../../../shared/train/events.ts';
import { TrainerSupervisor, type TrainerProcess } from '../../../electron/trainer/supervisor.ts';
import { allowanceMs, HangWatchdog, type WatchdogSettings } from '../../../electron/trainer/watchdog.ts';
import type { ChildMessage, ParentMessage } from '../../../electron/trainer/protocol.ts';
import { loadRun } from '../../../electron/trainer/runs.ts';
import { mlpProject, patchNpy, tempDir } from './fixtures.ts';

const LIMITS: WatchdogSettings = { loadingMs: 1000, firstBatchMs: 5000, minMs: 100, batchFactor: 10 };

/** A fake clock whose timers fire when `advance` passes them. */
function fakeClock() {
  let t = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  return {
    now: () => t,
    setTimeout: ((fn: () => void, ms: number) => {
      const id = next++;
      timers.push({ at: t + ms, fn, id });
      return id as unknown as NodeJS.Timeout;
    }) as unknown as typeof setTimeout,
    clearTimeout: ((id: number) => {
      timers = timers.filter((x) => x.id !== id);
    }) as unknown as typeof clearTimeout,
    advance(ms: number) {
      t += ms;
      for (const timer of timers.filter((x) => x.at <= t)) {
        timers = timers.filter((x) => x !== timer);
        timer.fn();
      }
    },
  };
}

const started = (over: Partial<StartedEvent> = {}): StartedEvent =>
  ({ type: 'started', runId: 'w', startEpoch: 1, epochs: 2, batchesPerEpoch: 10, samples: { train: 100, validation: 40, test: 0 }, settings: { batchSize: 10 }, ...over }) as StartedEvent;
const batch = (epoch: number, b: number, batches = 10): TrainEvent => ({ type: 'batch', runId: 'w', epoch, batch: b, batches, loss: 1, acc: 0.5 });

describe('HangWatchdog', () => {
  it('allows loadingMs while loading, firstBatchMs before a batch is timed, then minMs + factor x slowest batch', () => {
    const clock = fakeClock();
    const hangs: number[] = [];
    const w = new HangWatchdog(LIMITS, (silent) => hangs.push(silent), clock);
    expect(allowanceMs(w.current, LIMITS)).toBe(1000);
    clock.advance(900);
    w.event({ type: 'loading', runId: 'w', role: 'training', done: 10, total: 100 });
    clock.advance(900);
    expect(hangs).toEqual([]);
    w.event(started());
    expect(allowanceMs(w.current, LIMITS)).toBe(5000);
    clock.advance(4000); // the first batch compiles kernels: slow but allowed
    w.event(batch(1, 1));
    expect(w.current.slowestBatchMs).toBe(4000);
    clock.advance(300);
    w.event(batch(1, 4)); // throttled: 3 batches in 300 ms
    expect(w.current.slowestBatchMs).toBe(4000);
    expect(w.current.phase).toBe('epoch');
    expect(allowanceMs(w.current, LIMITS)).toBe(100 + 10 * 4000);
    expect(hangs).toEqual([]);
  });

  it('after the last batch of an epoch also allows validation, in batches of work', () => {
    const clock = fakeClock();
    const w = new HangWatchdog(LIMITS, () => {}, clock);
    w.event(started());
    clock.advance(20);
    w.event(batch(1, 1));
    clock.advance(180);
    w.event(batch(1, 10));
    expect(w.current.slowestBatchMs).toBe(20);
    expect(w.current.phase).toBe('between-epochs');
    // 40 validation samples at batch size 10: 4 batches of work, plus the current one.
    expect(allowanceMs(w.current, LIMITS)).toBe(100 + 10 * 20 * 5);
    clock.advance(500); // validation
    w.event({ type: 'epoch', runId: 'w', epoch: 1, epochs: 2, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5, samplesPerSecond: 1, etaSeconds: 1, seconds: 1 });
    clock.advance(700); // checkpoint
    w.event({ type: 'checkpoint', runId: 'w', epoch: 1, path: '/x' });
    clock.advance(30);
    // Neither the validation nor the checkpoint counted as batch time.
    w.event(batch(2, 1));
    expect(w.current.slowestBatchMs).toBe(30);
    expect(w.current.at).toEqual({ epoch: 2, batch: 1 });
  });

  it('fires once, with the silence and where the run was, when nothing comes within the allowance', () => {
    const clock = fakeClock();
    const hangs: { silent: number; at: unknown; phase: string }[] = [];
    const w = new HangWatchdog(LIMITS, (silent, state) => hangs.push({ silent, at: { ...state.at }, phase: state.phase }), clock);
    w.event(started());
    clock.advance(10);
    w.event(batch(1, 1));
    clock.advance(10);
    w.event(batch(1, 2));
    clock.advance(199);
    expect(hangs).toEqual([]);
    clock.advance(1);
    expect(hangs).toEqual([{ silent: 200, at: { epoch: 1, batch: 2 }, phase: 'epoch' }]);
    clock.advance(10_000);
    w.event(batch(1, 3));
    clock.advance(10_000);
    expect(hangs).toHaveLength(1);
  });

  it('stop() ends the watch', () => {
    const clock = fakeClock();
    let fired = false;
    const w = new HangWatchdog(LIMITS, () => (fired = true), clock);
    w.stop();
    clock.advance(60_000);
    expect(fired).toBe(false);
  });
});

/** A fake trainer: after start, runs `script` (events with delays in ms), then stays silent unless it ends. */
function scriptedTrainer(script: [number, (runId: string) => TrainEvent][], log: { kills: number }): TrainerProcess {
  const bus = new EventEmitter();
  let killed = false;
  const fake: TrainerProcess = {
    pid: 31337,
    send: (m: ParentMessage) => {
      if (m.type !== 'start') return;
      const runId = (m.request as { runId: string }).runId;
      void (async () => {
        for (const [delay, make] of script) {
          await new Promise((r) => setTimeout(r, delay));
          if (killed) return;
          const event = make(runId);
          bus.emit('message', { type: 'event', event } satisfies ChildMessage);
          if (event.type === 'done') setImmediate(() => bus.emit('exit', 0, null));
        }
      })();
    },
    kill: () => {
      log.kills++;
      killed = true;
      setImmediate(() => bus.emit('exit', null, 'SIGKILL'));
    },
    onMessage: (l) => bus.on('message', l),
    onExit: (l) => bus.on('exit', l),
  };
  setImmediate(() => bus.emit('message', { type: 'ready', pid: 31337 } satisfies ChildMessage));
  return fake;
}

const req = (runsDir: string) => ({ type: 'train' as const, runsDir, project: mlpProject(3) as Record<string, unknown>, data: { kind: 'mnist' as const }, settings: { epochs: 1, batchSize: 10 } });
const ev = (e: Omit<TrainEvent, 'runId'>) => (runId: string) => ({ ...e, runId }) as TrainEvent;

describe('TrainerSupervisor watchdog', () => {
  it('ends a trainer that goes silent mid-epoch as HANG, kills it and records the run as crashed', async () => {
    const log = { kills: 0 };
    const runsDir = tempDir();
    const script: [number, (runId: string) => TrainEvent][] = [
      [5, ev(started({ batchesPerEpoch: 10 }))],
      [10, ev(batch(1, 1))],
      [10, ev(batch(1, 2))],
      // ... and then nothing: the process is alive but stuck.
    ];
    const events: TrainEvent[] = [];
    const sup = new TrainerSupervisor({ spawn: () => scriptedTrainer(script, log), watchdog: { loadingMs: 2000, firstBatchMs: 2000, minMs: 150, batchFactor: 5 } });
    const job = sup.start({ ...req(runsDir), runId: 'hang1' }, (e) => events.push(e));
    const done = await job.done;
    expect(done).toMatchObject({ type: 'error', code: 'HANG', runId: 'hang1', epoch: 1, batch: 2 });
    expect(done.type === 'error' && done.message).toMatch(/sent nothing for \d+ s during epoch 1 \(last reported batch 2\).*taken as hung and ended.*editor and your project are unaffected/s);
    expect(log.kills).toBe(1);
    expect(events.at(-1)).toBe(done);
    expect(loadRun(runsDir, 'hang1')).toMatchObject({ status: 'crashed', error: { code: 'HANG' } });
  });

  it('leaves a slow trainer alone while it keeps reporting (loading progress, then batches)', async () => {
    const log = { kills: 0 };
    const loading = (done: number): [number, (runId: string) => TrainEvent] => [60, ev({ type: 'loading', role: 'training', done, total: 10 } as Omit<TrainEvent, 'runId'>)];
    const script: [number, (runId: string) => TrainEvent][] = [
      // Loading takes 600 ms in all, longer than loadingMs, but reports progress within it.
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(loading),
      [5, ev(started({ batchesPerEpoch: 4, samples: { train: 40, validation: 0, test: 0 } }))],
      [40, ev(batch(1, 1, 4))],
      [40, ev(batch(1, 2, 4))],
      [40, ev(batch(1, 3, 4))],
      [40, ev(batch(1, 4, 4))],
      [5, ev({ type: 'done', history: [], final: { loss: 1, accuracy: 0.5, val_loss: null, val_accuracy: null }, epochs: 1, stoppedEarly: false, stopped: false, samplesPerSecond: 1, seconds: 1, engine: 'cpu' } as Omit<TrainEvent, 'runId'>)],
    ];
    const sup = new TrainerSupervisor({ spawn: () => scriptedTrainer(script, log), record: false, watchdog: { loadingMs: 400, firstBatchMs: 500, minMs: 200, batchFactor: 3 } });
    const done = await sup.start(req(tempDir())).done;
    expect(done).toMatchObject({ type: 'done', stopped: false });
    expect(log.kills).toBe(0);
  });

  it('ends a real trainer process blocked in Atomics.wait (no CPU, no events) as HANG', async () => {
    const job = new TrainerSupervisor({ record: false, watchdog: { loadingMs: 120_000, firstBatchMs: 120_000, minMs: 1500, batchFactor: 10 } }).start(
      { type: 'train', runsDir: tempDir(), project: mlpProject(3) as Record<string, unknown>, data: patchNpy(300, 3), settings: { engine: 'cpu', epochs: 2, batchSize: 10 } },
      () => {},
      { faults: { at: { epoch: 1, batch: 3 }, kind: 'hang' } },
    );
    const done = await job.done;
    expect(done).toMatchObject({ type: 'error', code: 'HANG', epoch: 1 });
  });
});
