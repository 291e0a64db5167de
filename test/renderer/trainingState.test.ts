/**
 * The training panel's pure parts against independent references: the run view folded from a
 * real run's events equals what the trainer itself reports at the end (done.history, evaluated)
 * and what it keeps in run.json; the ETA before and after the first epoch; the settings form's
 * fields agree with TrainSettingsSchema (every key, every range, every option); settings problems
 * land on the field they concern; curve alignment for uPlot.
 */
import { describe, expect, it } from 'vitest';
import { runTraining } from '../../electron/trainer/run.ts';
import { createRunRecorder, loadRun } from '../../electron/trainer/runs.ts';
import { TrainSettingsSchema } from '../../shared/train/settings.ts';
import type { DoneEvent, EvaluatedEvent, TrainEvent } from '../../shared/train/events.ts';
import { dataSpec, parseSettings, testSpec } from '../../renderer/training/actions.ts';
import { align, applyEvent, formatDuration, fromRecord, newRun, progressOf } from '../../renderer/training/runState.ts';
import { CUSTOM_FIELDS, settingFields } from '../../renderer/training/settingsFields.ts';
import { mlpProject, patchDataset, tempDir } from '../electron/trainer/fixtures.ts';

describe('the run view, folded from a real run', () => {
  it('equals the trainer\'s own account (done.history, evaluated) and the kept run.json', async () => {
    const runsDir = tempDir();
    const data = patchDataset(200, 3);
    const request = { type: 'train' as const, runId: 'ui-run', runsDir, project: mlpProject(3) as Record<string, unknown>, data: { kind: 'mnist' as const }, settings: { engine: 'cpu' as const, epochs: 3, batchSize: 20, learningRate: 0.01 } };
    const record = createRunRecorder(runsDir, 'ui-run', request);
    const events: TrainEvent[] = [];
    await runTraining(request, (e) => {
      events.push(e);
      record(e);
    }, new AbortController().signal, { loadDataset: async () => data, batchIntervalMs: 0 });

    let view = newRun('ui-run', 'tiny_mlp', 0);
    const fractions: number[] = [];
    events.forEach((e, i) => {
      view = applyEvent(view, e, 1000 * (i + 1));
      const p = progressOf(view, 1000 * (i + 1));
      if (p) fractions.push(p.fraction);
    });
    const done = events.at(-1) as DoneEvent;
    expect(done.type).toBe('done');
    expect(view.phase).toBe('done');
    expect(view.epochs).toEqual(done.history.map(({ type: _t, runId: _r, epochs: _e, ...rest }) => rest));
    const evaluated = events.find((e): e is EvaluatedEvent => e.type === 'evaluated')!;
    expect(view.evaluated?.confusion).toEqual(evaluated.confusion);
    expect(view.done?.final).toEqual(done.final);
    // 160 training samples in batches of 20: 8 batch points per epoch, on the epoch axis.
    expect(view.batches).toHaveLength(24);
    expect(view.batches.map((b) => b.x).slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((b) => b / 8));
    // Progress only moves forward and ends at 100%.
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    // Events of another run change nothing.
    expect(applyEvent(view, { ...done, runId: 'other' })).toBe(view);

    const kept = fromRecord(loadRun(runsDir, 'ui-run'));
    expect(kept).toMatchObject({ runId: 'ui-run', name: 'tiny_mlp', live: false, phase: 'done' });
    expect(kept.epochs).toEqual(view.epochs);
    expect(kept.evaluated?.confusion).toEqual(evaluated.confusion);
    expect(kept.done?.final).toEqual(done.final);
  });

  it('estimates the ETA from the batches so far, then from the last epoch\'s pace', () => {
    let run = newRun('r', 'm', 0);
    run = applyEvent(run, { type: 'started', runId: 'r', runDir: '/x', engine: 'cpu', engineLabel: 'cpu', memoryEstimate: {} as never, samples: { train: 100, validation: 0, test: 0 }, classes: ['a', 'b'], inputShape: [2], loss: 'categoricalCrossentropy', lossReason: '', settings: TrainSettingsSchema.parse({ epochs: 2, batchSize: 10 }), startEpoch: 1, epochs: 2, batchesPerEpoch: 10, params: { total: 1, trainable: 1, nonTrainable: 0 }, warnings: [] }, 0);
    run = applyEvent(run, { type: 'batch', runId: 'r', epoch: 1, batch: 1, batches: 10, loss: 1, acc: 0.5 }, 1000);
    run = applyEvent(run, { type: 'batch', runId: 'r', epoch: 1, batch: 5, batches: 10, loss: 1, acc: 0.5 }, 3000);
    // 4 batches in 2 s: 0.5 s a batch, 15 batches to go.
    expect(progressOf(run, 3000)).toMatchObject({ fraction: 0.25, epoch: 1, batch: 5, batches: 10, etaSeconds: 7.5, samplesPerSecond: 20 });
    run = applyEvent(run, { type: 'epoch', runId: 'r', epoch: 1, epochs: 2, loss: 1, accuracy: 0.5, val_loss: null, val_accuracy: null, samplesPerSecond: 50, etaSeconds: 2, seconds: 2 }, 5000);
    // The last epoch took 2 s for 10 batches; 10 to go.
    expect(progressOf(run, 5000)).toMatchObject({ fraction: 0.5, etaSeconds: 2, samplesPerSecond: 50 });
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(4000)).toBe('1 h 7 min');
  });
});

describe('the settings form', () => {
  const fields = settingFields();
  const shape = TrainSettingsSchema.shape as Record<string, unknown>;

  it('has a field for every setting of the schema (or its own editor)', () => {
    expect([...fields.map((f) => f.key), ...CUSTOM_FIELDS].sort()).toEqual(Object.keys(shape).sort());
    expect(Object.fromEntries(fields.map((f) => [f.key, f.defaultValue ?? null]))).toEqual(
      Object.fromEntries(fields.map((f) => [f.key, (TrainSettingsSchema.parse({}) as Record<string, unknown>)[f.key] ?? null])),
    );
  });

  it('ranges, whole numbers and options are the ones the schema enforces', () => {
    const accepts = (key: string, value: unknown) => TrainSettingsSchema.safeParse({ [key]: value }).success;
    for (const f of fields) {
      const c = f.control;
      if (c.type === 'number') {
        if (c.min !== undefined) {
          expect(accepts(f.key, c.min), `${f.key} = min ${c.min}`).toBe(!c.exclusiveMin);
          expect(accepts(f.key, c.min - 1), `${f.key} below min`).toBe(false);
          expect(accepts(f.key, c.min + 1), `${f.key} above min`).toBe(c.max === undefined || c.min + 1 <= c.max);
        }
        if (c.max !== undefined) {
          expect(accepts(f.key, c.max), `${f.key} = max`).toBe(true);
          expect(accepts(f.key, c.max * 1.5 + 1), `${f.key} above max`).toBe(false);
        }
        const fraction = (c.min ?? 0) + (c.max !== undefined ? Math.min(0.5, (c.max - (c.min ?? 0)) / 2) : 0.5);
        expect(accepts(f.key, fraction), `${f.key} = ${fraction}`).toBe(!c.integer);
      }
      if (c.type === 'choice') for (const o of c.options) expect(accepts(f.key, o), `${f.key} = ${o}`).toBe(true);
      if (c.type === 'choice') expect(accepts(f.key, 'no-such-option')).toBe(false);
    }
    const early = fields.find((f) => f.key === 'earlyStopping')!;
    expect(early.nullable).toBe(true);
    expect(early.control.type === 'object' && early.control.fields.map((f) => f.key)).toEqual(['patience', 'monitor', 'minDelta']);
  });

  it('puts each problem on the field it concerns, nested ones by their path', () => {
    const bad = parseSettings({ learningRate: -1, epochs: 2.5, earlyStopping: { patience: 0 } });
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.issues).sort()).toEqual(['earlyStopping.patience', 'epochs', 'learningRate']);
    const good = parseSettings({ epochs: 2, limit: 1000 });
    expect(good.ok && good.value).toMatchObject({ epochs: 2, limit: 1000, optimizer: 'adam', batchSize: 32 });
  });
});

describe('the data form', () => {
  it('builds the data specs the trainer reads, and says what is missing', () => {
    expect(dataSpec({ kind: 'mnist', path: '', y: '' })).toEqual({ ok: true, spec: { kind: 'mnist' } });
    expect(dataSpec({ kind: 'folder', path: ' /d/signs ', y: '' })).toEqual({ ok: true, spec: { kind: 'folder', path: '/d/signs' } });
    expect(dataSpec({ kind: 'npy', path: '/d/x.npy', y: '' })).toEqual({ ok: false, message: expect.stringContaining('labels file (y.npy)') });
    expect(dataSpec({ kind: 'h5', path: '', y: '' })).toEqual({ ok: false, message: 'Choose a .h5 file.' });
    expect(testSpec({ source: { kind: 'mnist', path: '', y: '' }, test: 'split', testPath: '' })).toEqual({ kind: 'mnist', split: 'test' });
    expect(testSpec({ source: { kind: 'h5', path: '/d/train.h5', y: '' }, test: 'file', testPath: '/d/test.h5' })).toEqual({ kind: 'h5', path: '/d/test.h5' });
    expect(testSpec({ source: { kind: 'h5', path: '/d/train.h5', y: '' }, test: 'none', testPath: '/d/test.h5' })).toBeUndefined();
  });
});

describe('curve data for uPlot', () => {
  it('aligns series on the union of their x values, with gaps for missing and non-finite values', () => {
    expect(align([[{ x: 1, y: 2 }, { x: 2, y: 1 }], [{ x: 0.5, y: 3 }, { x: 2, y: Infinity }]])).toEqual([
      [0.5, 1, 2],
      [null, 2, 1],
      [3, null, null],
    ]);
  });
});
