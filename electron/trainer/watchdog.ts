/**
 * The hang watchdog: a trainer process that is alive but sends nothing for far longer than its
 * work should take (a deadlock in a wasm thread pool, a promise that never settles) is reported
 * as HANG and ended. How long is "far longer" follows the phase the last event announced: data
 * loading reports progress, so a gap between loading events is judged on its own; during an
 * epoch the allowance scales with the slowest batch seen; after the last batch of an epoch it
 * also covers validation (or the final evaluation) and the checkpoint, in batches' worth of time.
 */
import type { StartedEvent, TrainEvent } from '../../shared/train/events.ts';

export interface WatchdogSettings {
  /** Allowed silence while the data loads (between loading events, and before the first one). */
  loadingMs: number;
  /** Allowed silence from `started` to the first timed batch (engine warm-up, kernel compilation). */
  firstBatchMs: number;
  /** Added to every scaled allowance (checkpoint writes, garbage collection, a busy machine). */
  minMs: number;
  /** How many of the slowest batch seen may pass without an event. */
  batchFactor: number;
}

/** Generous defaults: a real run is never ended by them, a hung one is within minutes of its batches. */
export const DEFAULT_WATCHDOG: WatchdogSettings = { loadingMs: 10 * 60_000, firstBatchMs: 30 * 60_000, minMs: 2 * 60_000, batchFactor: 20 };

/** Where the run is, as far as the events tell. */
export interface WatchState {
  phase: 'loading' | 'epoch' | 'between-epochs';
  /** Epoch and batch of the last batch event. */
  at: { epoch?: number; batch?: number };
  /** Slowest time per batch measured so far (ms), 0 before the first. */
  slowestBatchMs: number;
  /** Batches' worth of work after an epoch: validation or final evaluation chunks. */
  evaluationBatches: number;
}

/** The silence (ms) the watchdog allows in `state`. */
export function allowanceMs(state: WatchState, settings: WatchdogSettings): number {
  if (state.phase === 'loading') return settings.loadingMs;
  if (state.slowestBatchMs === 0) return settings.firstBatchMs;
  const batches = state.phase === 'epoch' ? 1 : 1 + state.evaluationBatches;
  return settings.minMs + settings.batchFactor * state.slowestBatchMs * batches;
}

/**
 * Follows one run's events and calls `onHang` (once) when the allowed silence passes without an
 * event. Timers and the clock are injectable for tests.
 */
export class HangWatchdog {
  private readonly state: WatchState = { phase: 'loading', at: {}, slowestBatchMs: 0, evaluationBatches: 0 };
  private mark: { at: number; epoch: number; batch: number } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastEventAt: number;
  private ended = false;

  constructor(
    private readonly settings: WatchdogSettings,
    private readonly onHang: (silentMs: number, state: Readonly<WatchState>) => void,
    private readonly clock: { now(): number; setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } = { now: () => performance.now(), setTimeout, clearTimeout },
  ) {
    this.lastEventAt = clock.now();
    this.arm();
  }

  /** Feeds an event of the run; resets the silence timer. */
  event(event: TrainEvent): void {
    if (this.ended) return;
    const now = this.clock.now();
    this.lastEventAt = now;
    const s = this.state;
    switch (event.type) {
      case 'loading':
        s.phase = 'loading';
        break;
      case 'started':
        s.phase = 'between-epochs';
        s.evaluationBatches = evaluationBatches(event);
        this.mark = { at: now, epoch: event.startEpoch, batch: 0 };
        break;
      case 'batch': {
        // Batch events are throttled: time per batch is the time since the last mark over the batches done since.
        const mark = this.mark && this.mark.epoch === event.epoch ? this.mark : { at: this.mark?.at ?? now, epoch: event.epoch, batch: 0 };
        if (event.batch > mark.batch) s.slowestBatchMs = Math.max(s.slowestBatchMs, (now - mark.at) / (event.batch - mark.batch));
        this.mark = { at: now, epoch: event.epoch, batch: event.batch };
        s.at = { epoch: event.epoch, batch: event.batch };
        s.phase = event.batch >= event.batches ? 'between-epochs' : 'epoch';
        break;
      }
      default:
        // epoch, checkpoint, weights, log, evaluated: batch timing restarts from here (not counting
        // validation or checkpoint writes as batch time); after an epoch event, at the next epoch.
        if (s.phase === 'loading' || !this.mark) break;
        s.phase = 'between-epochs';
        this.mark = event.type === 'epoch' ? { at: now, epoch: event.epoch + 1, batch: 0 } : { ...this.mark, at: now };
    }
    this.arm();
  }

  /** Stops watching (the run ended, or is being stopped). */
  stop(): void {
    this.ended = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The current state (for messages and tests). */
  get current(): Readonly<WatchState> {
    return this.state;
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const allowed = allowanceMs(this.state, this.settings);
    if (!Number.isFinite(allowed)) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.ended) return;
      this.ended = true;
      this.onHang(this.clock.now() - this.lastEventAt, this.state);
    }, allowed);
    // A watchdog alone must not keep the process (the CLI, a test) alive.
    (this.timer as { unref?: () => void }).unref?.();
  }
}

/** Chunks of evaluation after an epoch, in training batches: validation each epoch, the test set at the end. */
function evaluationBatches(started: StartedEvent): number {
  const { train, validation, test } = started.samples;
  const samples = Math.max(validation, test, validation === 0 && test === 0 ? train : 0);
  return Math.ceil(samples / Math.max(1, started.settings.batchSize));
}

/** The message of a HANG error, naming where the run was and what to do. */
export function hangMessage(silentMs: number, state: Readonly<WatchState>, settings: WatchdogSettings): string {
  const s = (ms: number) => `${Math.round(ms / 1000)} s`;
  const where =
    state.phase === 'loading'
      ? 'while loading the data'
      : state.at.epoch !== undefined
        ? `during epoch ${state.at.epoch} (last reported batch ${state.at.batch}${state.phase === 'between-epochs' ? ', then validation or a checkpoint' : ''})`
        : 'before the first batch';
  const pace = state.slowestBatchMs > 0 ? `; its slowest batch took ${(state.slowestBatchMs / 1000).toFixed(1)} s` : '';
  const limit = state.phase === 'loading' ? `loadingMs ${settings.loadingMs}` : state.slowestBatchMs === 0 ? `firstBatchMs ${settings.firstBatchMs}` : `minMs ${settings.minMs} + batchFactor ${settings.batchFactor} x the slowest batch`;
  return (
    `the trainer process sent nothing for ${s(silentMs)} ${where}${pace}, so it was taken as hung and ended. ` +
    `The editor and your project are unaffected; the checkpoints of finished epochs are kept. ` +
    `If the machine was very busy or the model is unusually slow, train again (resume from the last checkpoint) or raise the watchdog limit (${limit}).`
  );
}
