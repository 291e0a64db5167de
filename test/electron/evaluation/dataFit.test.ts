// The data-fit rule shared by the app's evaluation channels and the CLI's evaluation core
// (electron/evaluation/dataFit.ts): the wording for kept runs (id and name) and for models given
// by path, classes a model.json does not name, and built-in MNIST going to 32x32 (zero-padded by
// the loader as in training: a note, not a refusal). Each expected sentence is written by hand.
import { describe, expect, it } from 'vitest';
import { dataFit, misfitMessage, type RunsInput } from '../../../electron/evaluation/dataFit.ts';
import type { DataDescription } from '../../../shared/ipc.ts';
import type { DataSpecInput } from '../../../shared/train/request.ts';

const digitClasses = Array.from({ length: 10 }, (_, i) => String(i));
const npy: DataSpecInput = { kind: 'npy', x: '/d/x.npy', y: '/d/y.npy' };
type Data = Pick<DataDescription, 'count' | 'shape' | 'classes'>;
const patches: Data = { count: 60, shape: [8, 8, 1], classes: ['0', '1', '2'] };

describe('dataFit', () => {
  it('kept runs are named by id and project name, as the Train view has always said', () => {
    const runs: RunsInput = { runs: [{ id: 'r1', name: 'cnn' }], inputShape: [28, 28, 1], classes: digitClasses };
    const fit = dataFit(npy, patches, runs);
    expect(fit.problems).toEqual([
      '/d/x.npy (labels y.npy) holds 8x8x1 images, but run r1 (cnn) takes 28x28x1.',
      '/d/x.npy (labels y.npy) has 3 classes (0, 1, 2), but run r1 (cnn) predicts 10 (0, 1, 2, 3, 4, …).',
    ]);
    expect(misfitMessage(fit, runs)).toMatch(/ Choose data of 28x28x1 images in 10 classes\.$/);
  });

  it('models given by path are named by it; unnamed classes are only counted', () => {
    const one: RunsInput = { runs: [{ path: '/m/model.json' }], inputShape: [28, 28, 1], classes: digitClasses, unnamedClasses: true };
    expect(dataFit(npy, patches, one).problems).toEqual([
      '/d/x.npy (labels y.npy) holds 8x8x1 images, but model /m/model.json takes 28x28x1.',
      '/d/x.npy (labels y.npy) has 3 classes (0, 1, 2), but model /m/model.json predicts 10.',
    ]);
    const two: RunsInput = { runs: [{ path: '/m/a' }, { path: '/m/b' }], inputShape: [28, 28, 1], classes: digitClasses };
    expect(dataFit(npy, patches, two).problems[0]).toBe('/d/x.npy (labels y.npy) holds 8x8x1 images, but the 2 models (/m/a, /m/b) take 28x28x1.');
    // Same count, other names: a note for named classes, nothing for unnamed ones.
    const letters: Data = { count: 60, shape: [28, 28, 1], classes: 'abcdefghij'.split('') };
    expect(dataFit(npy, letters, two)).toEqual({ problems: [], notes: ['its classes are named a, b, c, d, e, … where the 2 models (/m/a, /m/b) say 0, 1, 2, 3, 4, …: label k is scored against output k'] });
    expect(dataFit(npy, letters, one)).toEqual({ problems: [], notes: [] });
  });

  it('built-in MNIST into a 32x32x1 input is padded as in training; other arrays and sizes are refused', () => {
    const lenet: RunsInput = { runs: [{ id: 'l', name: 'lenet5' }], inputShape: [32, 32, 1], classes: digitClasses };
    const mnist: Data = { count: 100, shape: [28, 28, 1], classes: digitClasses };
    expect(dataFit({ kind: 'mnist', split: 'test' }, mnist, lenet)).toEqual({ problems: [], notes: ['the 28x28x1 digits of built-in MNIST (test split) are zero-padded to 32x32x1 as in training'] });
    expect(dataFit(npy, mnist, lenet).problems).toEqual(['/d/x.npy (labels y.npy) holds 28x28x1 images, but run l (lenet5) takes 32x32x1.']);
    // Odd growth, or other channels, is not what the loader pads.
    for (const inputShape of [[31, 31, 1], [32, 32, 3], [32, 30, 1]]) {
      expect(dataFit({ kind: 'mnist' }, mnist, { ...lenet, inputShape }).problems).toEqual([`built-in MNIST (train split) holds 28x28x1 images, but run l (lenet5) takes ${inputShape.join('x')}.`]);
    }
  });
});
