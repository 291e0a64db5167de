/**
 * What ensemble and multi-crop evaluation share: saved models loaded on an engine, data checked
 * against them (dataFit.ts) then loaded at a model's input size, class probabilities in chunks
 * (timed), and accuracy / log-loss of averaged probabilities against the labels.
 */
import type * as TF from '@tensorflow/tfjs';
import type { DataSpecInput } from '../../shared/train/request.ts';
import type { EnginePreference } from '../../shared/train/settings.ts';
import { conformDataset, loadDataset, type Dataset, type DataSpec } from '../trainer/data/index.ts';
import { selectEngine, type Engine } from '../trainer/engine.ts';
import { predictProbabilities } from '../trainer/evaluate.ts';
import { loadSavedModel, type SavedModel } from '../trainer/jobs.ts';
import { inputFor } from '../trainer/prepare.ts';
import { dataFit, misfitMessage, type RunsInput } from './dataFit.ts';

export interface EvaluationOptions {
  /** The engine to compute with (default 'auto'). */
  engine?: EnginePreference;
  /** Images per forward pass (default 64). */
  batchSize?: number;
  /** Evaluate on at most this many images (taken round-robin over classes). */
  limit?: number;
  signal?: AbortSignal;
}

/** Accuracy and mean negative log-likelihood of probability rows against labels. */
export interface Scores {
  accuracy: number;
  loss: number;
}

const EPSILON = 1e-7;

export async function loadEngine(preference: EnginePreference = 'auto'): Promise<Engine> {
  return selectEngine(preference);
}

/** Loads a run folder or model.json; the message names the path when it cannot. */
export async function loadModel(tf: typeof TF, path: string): Promise<SavedModel> {
  return loadSavedModel(tf, path);
}

/** Arrays are read as stored, then brought to each input size; image files are decoded straight to it. */
const isArrays = (spec: DataSpecInput) => spec.kind === 'mnist' || spec.kind === 'h5' || spec.kind === 'npy';

/** The arrays of `spec` as stored (at most `limit` images), read once through `cache`. */
async function storedArrays(spec: DataSpecInput, options: EvaluationOptions, cache: Map<string, Dataset>): Promise<Dataset> {
  const hit = cache.get('stored');
  if (hit) return hit;
  const ds = await loadDataset(spec as DataSpec, { ...(options.limit ? { limit: options.limit } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  cache.set('stored', ds);
  return ds;
}

/**
 * The dataset at the model's input size (loaded once per distinct size through `cache`), as
 * loadDataset brings it there: arrays conformed (MNIST to 32x32 zero-padded), files resized.
 */
export async function dataFor(saved: SavedModel, spec: DataSpecInput, options: EvaluationOptions, cache: Map<string, Dataset>): Promise<Dataset> {
  const { targetShape } = inputFor(saved.inputShape);
  const key = targetShape ? targetShape.join('x') : 'flat';
  const hit = cache.get(key);
  if (hit) return hit;
  let ds: Dataset;
  if (isArrays(spec)) {
    const stored = await storedArrays(spec, options, cache);
    ds = targetShape ? conformDataset(stored, targetShape, { padDigits: spec.kind === 'mnist' }) : stored;
  } else {
    ds = await loadDataset(spec as DataSpec, { ...(targetShape ? { targetShape } : {}), ...(options.limit ? { limit: options.limit } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  }
  if (ds.count === 0) throw new Error(`${ds.source}: the data holds no images`);
  cache.set(key, ds);
  return ds;
}

/** A model to evaluate and the path it was given as (a run folder or model.json), which messages name. */
export interface Member {
  path: string;
  saved: SavedModel;
}

/** The classes a model predicts: its saved names, else one per output column (one sigmoid unit: two). */
function classesOf(saved: SavedModel): { classes: string[]; unnamedClasses?: true } {
  if (saved.classes) return { classes: saved.classes };
  const n = saved.head.units === 1 ? 2 : saved.head.units;
  return { classes: Array.from({ length: n }, (_, i) => String(i)), unnamedClasses: true };
}

/**
 * Refuses `spec` before anything is predicted unless it fits every member (dataFit: arrays hold
 * images of exactly the input shape, the data has as many classes as the models predict); the
 * message names the data and the members, grouped by what they take. Arrays are checked as
 * stored, image files as decoded for the input (their size is never a problem). Resolves with
 * the fit's notes (images resized or padded as in training, classes named differently).
 */
export async function refuseMisfit(spec: DataSpecInput, members: readonly Member[], options: EvaluationOptions, cache: Map<string, Dataset>): Promise<string[]> {
  const groups = new Map<string, { first: SavedModel; input: RunsInput }>();
  for (const m of members) {
    const named = classesOf(m.saved);
    const key = JSON.stringify([m.saved.inputShape, named.classes, !!named.unnamedClasses]);
    const group = groups.get(key);
    if (group) group.input.runs.push({ path: m.path });
    else groups.set(key, { first: m.saved, input: { runs: [{ path: m.path }], inputShape: m.saved.inputShape, ...named } });
  }
  const refusals: string[] = [];
  const notes = new Set<string>();
  for (const { first, input } of groups.values()) {
    const data = isArrays(spec) ? await storedArrays(spec, options, cache) : await dataFor(first, spec, options, cache);
    const fit = dataFit(spec, data, input);
    if (fit.problems.length > 0) refusals.push(misfitMessage(fit, input));
    for (const note of fit.notes) notes.add(note);
  }
  if (refusals.length > 0) throw new Error(refusals.join(' '));
  return [...notes];
}

/**
 * Class probabilities of `count` images produced by `image(i)` (each already at the model's input
 * size), `batchSize` at a time. One sigmoid unit becomes two columns, as predict shows it.
 */
export async function probabilities(tf: typeof TF, saved: SavedModel, count: number, image: (i: number) => Uint8Array, batchSize: number, signal?: AbortSignal): Promise<Float64Array[]> {
  const rows: Float64Array[] = [];
  for (let from = 0; from < count; from += batchSize) {
    signal?.throwIfAborted();
    const to = Math.min(count, from + batchSize);
    const first = image(from);
    const pixels = new Uint8Array((to - from) * first.length);
    pixels.set(first, 0);
    for (let i = from + 1; i < to; i++) pixels.set(image(i), (i - from) * first.length);
    for (const r of predictProbabilities(tf, saved.model, pixels, to - from, saved.inputShape)) rows.push(Float64Array.from(r));
    // Let an abort (or the UI's messages) in between chunks.
    await new Promise((r) => setImmediate(r));
  }
  return rows;
}

/** The sample `i` of a dataset as its own byte array view. */
export function sampleOf(ds: Dataset, i: number): Uint8Array {
  const size = ds.shape[0] * ds.shape[1] * ds.shape[2];
  return ds.images.subarray(i * size, (i + 1) * size);
}

/** The element-wise mean of several probability tables (same rows and columns). */
export function meanProbabilities(tables: readonly Float64Array[][]): Float64Array[] {
  const n = tables[0]!.length;
  return Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(tables[0]![i]!.length);
    for (const t of tables) for (let k = 0; k < row.length; k++) row[k]! += t[i]![k]! / tables.length;
    return row;
  });
}

/** Accuracy (argmax = label) and mean -log p(label), probabilities clipped to [1e-7, 1 - 1e-7]. */
export function score(rows: readonly Float64Array[], labels: ArrayLike<number>): Scores {
  let correct = 0;
  let nll = 0;
  rows.forEach((row, i) => {
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
    const label = labels[i]!;
    if (best === label) correct++;
    nll -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, row[label] ?? 0)));
  });
  return { accuracy: correct / rows.length, loss: nll / rows.length };
}

/** Seconds since `start` (performance.now() milliseconds). */
export function since(start: number): number {
  return (performance.now() - start) / 1000;
}
