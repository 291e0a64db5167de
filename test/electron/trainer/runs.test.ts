/**
 * Run records on disk: run.json follows the events (curves, evaluation, outcome), a resumed run
 * keeps its earlier curves, crashes are recorded, and runs are listed newest first.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunRecorder, listRuns, loadRun } from '../../../electron/trainer/runs.ts';
import { crashEvent } from '../../../electron/trainer/supervisor.ts';
import type { EpochEvent, StartedEvent } from '../../../shared/train/events.ts';
import { defaultSettings } from '../../../shared/train/settings.ts';
import { mlpProject, tempDir } from './fixtures.ts';

const request = (runsDir: string, resume = false) => ({ type: 'train' as const, runsDir, project: mlpProject(3) as Record<string, unknown>, data: { kind: 'mnist' as const }, settings: { epochs: 3 }, ...(resume ? { resume } : {}) });

function started(runId: string, startEpoch = 1): StartedEvent {
  return {
    type: 'started', runId, runDir: '', engine: 'cpu', engineLabel: 'cpu', memoryEstimate: { parameters: 1, batchSize: 1, activationsPerSample: 1, bytes: { weights: 0, gradients: 0, optimizer: 0, activations: 0, data: 0, total: 0 }, fits: true, message: '' },
    samples: { train: 8, validation: 2, test: 0 }, classes: ['a', 'b', 'c'], inputShape: [8, 8, 1], loss: 'categoricalCrossentropy', lossReason: '', settings: defaultSettings(), startEpoch, epochs: 3, batchesPerEpoch: 1, params: { total: 1, trainable: 1, nonTrainable: 0 }, warnings: [],
  };
}
const epoch = (runId: string, n: number, acc: number): EpochEvent => ({ type: 'epoch', runId, epoch: n, epochs: 3, loss: 1 / n, accuracy: acc, val_loss: 1 / n, val_accuracy: acc, samplesPerSecond: 10, etaSeconds: 0, seconds: 1 });

describe('run records', () => {
  it('follow the events, keep earlier curves on resume, and list newest first', () => {
    const dir = tempDir();
    const rec = createRunRecorder(dir, 'a', request(dir));
    expect(loadRun(dir, 'a').status).toBe('running');
    rec(started('a'));
    rec(epoch('a', 1, 0.5));
    rec(epoch('a', 2, 0.6));
    rec({ type: 'batch', runId: 'a', epoch: 3, batch: 1, batches: 1, loss: 1, acc: 1 });
    rec({ type: 'error', runId: 'a', ...crashEventFields() });
    const crashed = loadRun(dir, 'a');
    expect(crashed).toMatchObject({ status: 'crashed', engine: 'cpu', classes: ['a', 'b', 'c'], error: { code: 'CRASH' } });
    expect(crashed.curves.map((c) => c.epoch)).toEqual([1, 2]);
    expect(crashed.settings).toMatchObject({ optimizer: 'adam', epochs: 10 });

    // Resume from the checkpoint of epoch 1: epoch 2 is trained again and replaces the old one.
    const again = createRunRecorder(dir, 'a', request(dir, true));
    again(started('a', 2));
    again(epoch('a', 2, 0.7));
    again(epoch('a', 3, 0.8));
    again({ type: 'done', runId: 'a', history: [], final: { loss: 1 / 3, accuracy: 0.8, val_loss: 1 / 3, val_accuracy: 0.8 }, epochs: 3, stoppedEarly: false, stopped: false, samplesPerSecond: 10, seconds: 2, engine: 'cpu' });
    const done = loadRun(dir, 'a');
    expect(done.status).toBe('done');
    expect(done.error).toBeUndefined();
    expect(done.curves.map((c) => [c.epoch, c.val_accuracy])).toEqual([[1, 0.5], [2, 0.7], [3, 0.8]]);
    expect(done.createdAt).toBe(crashed.createdAt);

    const b = createRunRecorder(dir, 'b', request(dir));
    b(started('b'));
    const runs = listRuns(dir);
    expect(runs.map((r) => r.id)).toEqual(['b', 'a']);
    expect(runs[1]).toMatchObject({ status: 'done', epochs: 3, val_accuracy: 0.8, name: 'tiny_mlp', engine: 'cpu' });
    expect(readdirSync(join(dir, 'a')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses ids that are not folder names and names missing runs', () => {
    const dir = tempDir();
    expect(() => loadRun(dir, '../etc')).toThrow('"../etc" is not a run id');
    expect(() => loadRun(dir, 'nope')).toThrow(`${join(dir, 'nope', 'run.json')}: no such run`);
    expect(listRuns(join(dir, 'missing'))).toEqual([]);
  });

  it('classifies a V8 heap exhaustion as OOM with advice', () => {
    const e = crashEvent('r', null, 'SIGABRT', '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n', { epoch: 2, batch: 7 });
    expect(e).toMatchObject({ code: 'OOM', epoch: 2, batch: 7 });
    expect(e.message).toMatch(/^the trainer process was ended by SIGABRT during epoch 2 \(last reported batch 7\)\. It ran out of memory: use a smaller batch size/);
    expect(e.message).toContain('JavaScript heap out of memory');
  });
});

function crashEventFields() {
  const { type: _t, runId: _r, ...rest } = crashEvent('a', 1, null, '', { epoch: 3, batch: 1 });
  return rest;
}
