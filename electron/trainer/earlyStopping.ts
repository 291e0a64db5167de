/**
 * Early stopping as Keras' EarlyStopping callback does it: watch one epoch value (val_loss
 * falling, val_accuracy rising, ...) and stop after `patience` epochs without an improvement of
 * more than `minDelta`. A resumed run starts from the best value of its earlier epochs.
 */
import type { EpochEvent } from '../../shared/train/events.ts';
import type { TrainSettings } from '../../shared/train/settings.ts';

type Rule = NonNullable<TrainSettings['earlyStopping']>;

export class EarlyStopping {
  private best = Number.NaN;
  private wait = 0;

  constructor(
    private readonly rule: Rule,
    history: readonly EpochEvent[] = [],
  ) {
    for (const h of history) {
      const v = h[rule.monitor];
      if (v !== null && (Number.isNaN(this.best) || this.improves(v, 0))) this.best = v;
    }
  }

  /** Records an epoch; returns a message when training should stop now, else undefined. */
  update(event: EpochEvent): string | undefined {
    const value = event[this.rule.monitor];
    if (value === null) return undefined;
    if (Number.isNaN(this.best) || this.improves(value, this.rule.minDelta)) {
      this.best = value;
      this.wait = 0;
      return undefined;
    }
    if (++this.wait < this.rule.patience) return undefined;
    return `early stopping after epoch ${event.epoch}: ${this.rule.monitor} did not improve for ${this.rule.patience} epoch(s) (best ${this.best.toFixed(4)})`;
  }

  private improves(value: number, minDelta: number): boolean {
    return this.rule.monitor.endsWith('loss') ? value < this.best - minDelta : value > this.best + minDelta;
  }
}
