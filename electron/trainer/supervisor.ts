/**
 * TrainerSupervisor: runs each trainer job in its own process and turns whatever happens to that
 * process into events. In browser mode and the CLI the process is child_process.fork; in Electron
 * the app injects a spawner built on utilityProcess.fork, so the same supervisor serves both. The
 * entry is the bundled dist/electron/trainer-child.cjs when the supervisor itself runs from that
 * bundle folder (the app), else electron/trainer/child.ts through tsx. Stop sends a message, then
 * kills after a grace period; an exit without a final event becomes an error (CRASH, or OOM when
 * the process ran out of memory); a training process silent for far too long is ended as HANG
 * (watchdog.ts). Training runs are recorded in runs/<runId>/run.json.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundleOrSource, execArgvFor } from '../launcher/childEntry.ts';
import { isFinal, type DoneEvent, type EngineName, type EpochEvent, type ErrorEvent, type TrainEvent } from '../../shared/train/events.ts';
import { runIdFromDate, type TrainerRequestInput } from '../../shared/train/request.ts';
import { FAULTS_ENV, type ChildMessage, type Faults, type ParentMessage } from './protocol.ts';
import { createRunRecorder } from './runs.ts';
import { tensorflowChildEnv, tensorflowEngineDir } from './engines/tensorflow/index.ts';
import { DEFAULT_WATCHDOG, HangWatchdog, hangMessage, type WatchdogSettings } from './watchdog.ts';

/** The file name of the bundled trainer entry (electron/launcher/buildElectron.ts writes it). */
export const TRAINER_BUNDLE = 'trainer-child.cjs';

/** The trainer entry in the TypeScript sources (runs through tsx). */
export const TRAINER_SOURCE_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));

/**
 * The trainer entry to use by default: the bundle next to the running code when there is one
 * (this module is then part of dist/electron/main.cjs), else the TypeScript source. A bundle in
 * dist/ is not used by source runs (CLI, tests): it may be older than the sources.
 */
export function defaultTrainerEntry(moduleUrl: string = import.meta.url): string {
  return bundleOrSource(moduleUrl, TRAINER_BUNDLE, TRAINER_SOURCE_ENTRY);
}

/**
 * The trainer entry file (see defaultTrainerEntry). NETWRIGHT_TRAINER_ENTRY names another one: the
 * test suite points it at a bundle built from the current sources when it starts (test/globalSetup.ts),
 * which starts in a tenth of the time the sources take through tsx.
 */
export const TRAINER_ENTRY = process.env.NETWRIGHT_TRAINER_ENTRY || defaultTrainerEntry();

export { execArgvFor };

/** A running trainer process, whatever started it. */
export interface TrainerProcess {
  pid?: number;
  send(message: ParentMessage): void;
  kill(): void;
  onMessage(listener: (message: ChildMessage) => void): void;
  /** Called once when the process has ended, with its exit code or the signal that ended it. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Output of the process (stdout and stderr), for crash reports. */
  onOutput?(listener: (text: string) => void): void;
}

export type SpawnTrainer = (entry: string, env: Record<string, string | undefined>) => TrainerProcess;

/** child_process.fork (with tsx for a TypeScript entry). */
export const forkTrainer: SpawnTrainer = (entry, env) => {
  const child = fork(entry, [], { execArgv: execArgvFor(entry), stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, ...env } });
  let exited = false;
  const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  const finish = (code: number | null, signal: string | null) => {
    if (exited) return;
    exited = true;
    for (const l of exitListeners) l(code, signal);
  };
  child.on('exit', (code, signal) => finish(code, signal));
  child.on('error', (e) => {
    // Spawn failures (ENOENT, EAGAIN) and send-after-exit: report once as an exit.
    if (child.pid === undefined) finish(null, `spawn failed: ${e.message}`);
  });
  return {
    pid: child.pid,
    send: (m) => {
      if (child.connected) child.send(m);
    },
    kill: () => child.kill('SIGKILL'),
    onMessage: (l) => child.on('message', (m) => l(m as ChildMessage)),
    onExit: (l) => exitListeners.push(l),
    onOutput: (l) => {
      child.stdout?.on('data', (d: Buffer) => l(d.toString()));
      child.stderr?.on('data', (d: Buffer) => l(d.toString()));
    },
  };
};

/** The part of Electron's utilityProcess the supervisor uses (injected: trainer code imports no electron). */
export interface UtilityProcessModule {
  fork(
    modulePath: string,
    args?: string[],
    options?: { env?: Record<string, string | undefined>; execArgv?: string[]; stdio?: 'pipe' | 'ignore' | 'inherit'; serviceName?: string },
  ): {
    pid?: number;
    postMessage(message: unknown): void;
    kill(): boolean;
    on(event: 'message', listener: (message: unknown) => void): void;
    on(event: 'exit', listener: (code: number) => void): void;
    stdout?: NodeJS.ReadableStream | null;
    stderr?: NodeJS.ReadableStream | null;
  };
}

/** A spawner for Electron: utilityProcess.fork with the same entry and protocol (execArgv: by default what the entry needs). */
export function utilityProcessTrainer(utilityProcess: UtilityProcessModule, execArgv?: string[]): SpawnTrainer {
  return (entry, env) => {
    const child = utilityProcess.fork(entry, [], { env: { ...process.env, ...env }, execArgv: execArgv ?? execArgvFor(entry), stdio: 'pipe', serviceName: 'Netwright trainer' });
    return {
      pid: child.pid,
      send: (m) => child.postMessage(m),
      kill: () => void child.kill(),
      onMessage: (l) => child.on('message', (m) => l(m as ChildMessage)),
      // utilityProcess reports only a code; a crash by signal shows as a non-zero code.
      onExit: (l) => child.on('exit', (code) => l(code, null)),
      onOutput: (l) => {
        child.stdout?.on('data', (d: Buffer) => l(d.toString()));
        child.stderr?.on('data', (d: Buffer) => l(d.toString()));
      },
    };
  };
}

export interface SupervisorOptions {
  spawn?: SpawnTrainer;
  entry?: string;
  /** How long Stop waits for the trainer to end by itself before killing it (ms). */
  stopGraceMs?: number;
  /** Record training runs in run.json (default true). */
  record?: boolean;
  /** The hang watchdog of training runs: limits (defaults DEFAULT_WATCHDOG), or false to turn it off. */
  watchdog?: Partial<WatchdogSettings> | false;
}

export interface TrainerJob {
  runId: string;
  /** Resolves with the job's final event; never rejects. */
  done: Promise<DoneEvent | ErrorEvent>;
  /** Ask the trainer to stop after the current batch; kill it if it has not ended after the grace period. */
  stop(): void;
  /** End the process now. */
  kill(): void;
  pid?: number;
}

export class TrainerSupervisor {
  private readonly running = new Set<TrainerJob>();

  constructor(private readonly options: SupervisorOptions = {}) {}

  /** Starts `request` in a new trainer process; `onEvent` receives every event, the final one last. */
  start(request: TrainerRequestInput, onEvent: (event: TrainEvent) => void = () => {}, extra: { faults?: Faults } = {}): TrainerJob {
    const runId = request.runId ?? runIdFromDate(new Date(), Math.random().toString(36).slice(2, 6));
    const req = { ...request, runId } as TrainerRequestInput;
    const record = req.type === 'train' && this.options.record !== false ? createRunRecorder(req.runsDir, runId, req) : undefined;
    const spawn = this.options.spawn ?? forkTrainer;
    // The tensorflow engine's CUDA libraries (a GPU build) must be on the library path at start.
    const env: Record<string, string | undefined> = { ...tensorflowChildEnv(tensorflowEngineDir()), ...(extra.faults ? { [FAULTS_ENV]: '1' } : {}) };
    const child = spawn(this.options.entry ?? TRAINER_ENTRY, env);
    const watchdogSettings = this.options.watchdog === false || req.type !== 'train' ? undefined : { ...DEFAULT_WATCHDOG, ...this.options.watchdog };

    let final: DoneEvent | ErrorEvent | undefined;
    let stopRequested = false;
    let killTimer: NodeJS.Timeout | undefined;
    let output = '';
    const epochs: EpochEvent[] = [];
    let position: { epoch?: number; batch?: number } = {};
    let lastBatchSeen: { epoch: number; batch: number } | undefined;
    let engine: EngineName = 'cpu';
    let resolveDone!: (e: DoneEvent | ErrorEvent) => void;
    const done = new Promise<DoneEvent | ErrorEvent>((r) => (resolveDone = r));

    // Evaluate and predict jobs report nothing until they finish, so only training is watched.
    const watchdog = watchdogSettings
      ? new HangWatchdog(watchdogSettings, (silentMs, state) => {
          if (final || stopRequested) return;
          deliver({ type: 'error', runId, code: 'HANG', message: hangMessage(silentMs, state, watchdogSettings), ...position });
          child.kill();
        })
      : undefined;
    const deliver = (event: TrainEvent) => {
      if (final) return;
      watchdog?.event(event);
      if (event.type === 'epoch') epochs.push(event);
      if (event.type === 'started') {
        engine = event.engine;
        // Training starts in this epoch: a crash before the first reported batch is still placed in it.
        position = { epoch: event.startEpoch };
      }
      if (event.type === 'batch') {
        position = { epoch: event.epoch, batch: event.batch };
        lastBatchSeen = { epoch: event.epoch, batch: event.batch };
      }
      if (event.type === 'epoch') position = { epoch: event.epoch + 1 };
      try {
        record?.(event);
      } catch (e) {
        // A full disk must not hide the run's events; say so once in the log.
        onEvent({ type: 'log', runId, level: 'warning', message: `could not write run.json: ${(e as Error).message}` });
      }
      if (isFinal(event)) {
        final = event;
        watchdog?.stop();
      }
      onEvent(event);
    };

    child.onOutput?.((text) => {
      output = (output + text).slice(-4000);
    });
    child.onMessage((message) => {
      if (message.type === 'ready') child.send({ type: 'start', request: req, ...(extra.faults ? { faults: extra.faults } : {}) });
      else if (message.type === 'event') deliver(message.event);
    });
    child.onExit((code, signal) => {
      if (killTimer) clearTimeout(killTimer);
      watchdog?.stop();
      this.running.delete(job);
      if (!final) {
        if (stopRequested) deliver(stoppedByKill(runId, epochs, engine, lastBatchSeen));
        else deliver(crashEvent(runId, code, signal, output, position));
      }
      resolveDone(final!);
    });

    const job: TrainerJob = {
      runId,
      done,
      pid: child.pid,
      stop: () => {
        if (final || stopRequested) return;
        stopRequested = true;
        watchdog?.stop();
        child.send({ type: 'stop' });
        killTimer = setTimeout(() => child.kill(), this.options.stopGraceMs ?? 30_000);
      },
      kill: () => child.kill(),
    };
    this.running.add(job);
    return job;
  }

  /** Jobs whose process has not ended yet. */
  jobs(): TrainerJob[] {
    return [...this.running];
  }

  /** Stops every running job (e.g. when the window closes). */
  stopAll(): void {
    for (const job of this.running) job.stop();
  }
}

/** The error event for a process that ended without saying it was done. */
export function crashEvent(runId: string, code: number | null, signal: string | null, output: string, at: { epoch?: number; batch?: number }): ErrorEvent {
  const tail = output.trim().split('\n').slice(-6).join('\n');
  const oom = /heap out of memory|Allocation failed|Cannot allocate memory|ENOMEM|out of memory/i.test(output);
  const how = signal ? `was ended by ${signal}` : `exited with code ${code}`;
  // Batch events are throttled, so the last one seen may lag the batch that was running.
  const where = at.epoch !== undefined ? ` during epoch ${at.epoch}${at.batch !== undefined ? ` (last reported batch ${at.batch})` : ''}` : '';
  const hint = oom
    ? 'It ran out of memory: use a smaller batch size, fewer samples or a smaller model.'
    : signal === 'SIGKILL'
      ? 'SIGKILL often means the system ran out of memory and killed it: try a smaller batch size.'
      : 'The editor and your project are unaffected; the checkpoints of finished epochs are kept.';
  return {
    type: 'error',
    runId,
    code: oom ? 'OOM' : 'CRASH',
    message: `the trainer process ${how}${where}. ${hint}${tail ? `\nLast output:\n${tail}` : ''}`,
    ...at,
  };
}

/** A run stopped by killing its process: the last batch the UI saw is where it stopped. */
function stoppedByKill(runId: string, epochs: EpochEvent[], engine: EngineName, lastBatch?: { epoch: number; batch: number }): DoneEvent {
  const last = epochs[epochs.length - 1];
  return {
    type: 'done',
    runId,
    history: epochs,
    final: { loss: last?.loss ?? null, accuracy: last?.accuracy ?? null, val_loss: last?.val_loss ?? null, val_accuracy: last?.val_accuracy ?? null },
    epochs: last?.epoch ?? 0,
    stoppedEarly: false,
    stopped: true,
    ...(lastBatch ? { stoppedAt: lastBatch } : {}),
    samplesPerSecond: epochs.length > 0 ? epochs.reduce((s, e) => s + e.samplesPerSecond, 0) / epochs.length : 0,
    seconds: epochs.reduce((s, e) => s + e.seconds, 0),
    engine,
  };
}
