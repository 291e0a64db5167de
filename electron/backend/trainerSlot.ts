/**
 * The one trainer the app's training channels share: a TrainerSupervisor and what it is busy with,
 * a single run (train:start) or an experiment training its runs in turn (experiment:start). One
 * thing trains at a time: each start asks `busyReason` first, and Stop reaches whichever runs.
 */
import { join } from 'node:path';
import type { BackendEvent } from '../../shared/ipc.ts';
import type { EngineName, GpuDoctorReport, TrainEvent } from '../../shared/train/events.ts';
import { TrainerSupervisor, type SpawnTrainer } from '../trainer/supervisor.ts';

export interface TrainingDeps {
  /** Runs are kept in <userDataDir>/runs. */
  userDataDir: string;
  /** Pushes an event to the UI; absent, events are dropped (tests of other channels). */
  broadcast?: (event: BackendEvent) => void;
  /** How trainer processes start (Electron: utilityProcessTrainer); default child_process.fork with tsx. */
  spawnTrainer?: SpawnTrainer;
  /** The trainer entry file, when the default next to the sources is not where it lives (bundles). */
  trainerEntry?: string;
  /** How long Stop waits before killing the trainer (ms). */
  stopGraceMs?: number;
}

/** What the trainer is busy with. `runId` is the run training now (an experiment's changes as it goes). */
export type Occupant =
  | { kind: 'run'; runId: string; stop(): void }
  | { kind: 'experiment'; experimentId: string; title: string; runId: string | undefined; stop(): void };

export class TrainerSlot {
  readonly supervisor: TrainerSupervisor;
  readonly runsDir: string;
  /** The engine the last run really loaded (from its started event). */
  confirmed: { engine: EngineName; label: string; gpuDoctor?: GpuDoctorReport } | undefined;
  private occupant: Occupant | undefined;

  constructor(private readonly deps: TrainingDeps) {
    this.runsDir = join(deps.userDataDir, 'runs');
    this.supervisor = new TrainerSupervisor({
      ...(deps.spawnTrainer ? { spawn: deps.spawnTrainer } : {}),
      ...(deps.trainerEntry ? { entry: deps.trainerEntry } : {}),
      ...(deps.stopGraceMs !== undefined ? { stopGraceMs: deps.stopGraceMs } : {}),
    });
  }

  get current(): Occupant | undefined {
    return this.occupant;
  }

  /** The run training now, if any (a single run, or the experiment's run in progress). */
  activeRunId(): string | undefined {
    return this.occupant?.runId;
  }

  /** Why `next` (e.g. "another run") cannot start now, or null when the trainer is free. */
  busyReason(next: string): string | null {
    const o = this.occupant;
    if (!o) return null;
    const what = o.kind === 'run' ? `run ${o.runId} is still training` : `the ${o.title} experiment ${o.experimentId} is still training${o.runId ? ` (now run ${o.runId})` : ''}`;
    return `${what}; stop it or wait for it to finish before starting ${next}`;
  }

  /** Takes the trainer for `occupant`; the caller has checked busyReason. */
  claim(occupant: Occupant): void {
    if (this.occupant) throw new Error(this.busyReason('anything else') ?? 'the trainer is busy');
    this.occupant = occupant;
  }

  /** Frees the trainer if `occupant` still holds it. */
  release(occupant: Occupant): void {
    if (this.occupant === occupant) this.occupant = undefined;
  }

  /** Notes what a run's events say about the whole trainer (the engine really loaded). */
  observe(event: TrainEvent): void {
    if (event.type === 'started') this.confirmed = { engine: event.engine, label: event.engineLabel, ...(event.gpuDoctor ? { gpuDoctor: event.gpuDoctor } : {}) };
  }

  broadcast(event: BackendEvent): void {
    try {
      this.deps.broadcast?.(event);
    } catch {
      // A window that is closing must not end the run.
    }
  }
}
