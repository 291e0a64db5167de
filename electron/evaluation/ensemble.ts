/**
 * Ensembles at test time: several finished runs (or model.json files) predict the same images
 * and their class probabilities are averaged. Reported beside each member's own accuracy, with
 * the cost: one forward pass per member per image, and the measured time against the best
 * member alone.
 */
import type { DataSpecInput } from '../../shared/train/request.ts';
import type { Dataset } from '../trainer/data/index.ts';
import type { SavedModel } from '../trainer/jobs.ts';
import { dataFor, loadEngine, loadModel, meanProbabilities, probabilities, refuseMisfit, sampleOf, score, since, type EvaluationOptions, type Scores } from './predict.ts';

export interface EnsembleMember extends Scores {
  path: string;
  /** Seconds of this member's forward passes over the data. */
  seconds: number;
}

export interface EnsembleResult {
  samples: number;
  classes: string[];
  members: EnsembleMember[];
  ensemble: Scores & { seconds: number };
  /** The most accurate member, what you would deploy without the ensemble. */
  best: EnsembleMember;
  /** Mean accuracy of the members. */
  meanAccuracy: number;
  cost: {
    /** Forward passes per image: one per member. */
    forwardPassesPerImage: number;
    /** Measured ensemble time / the best member's time. */
    timeRatio: number;
  };
  engine: string;
  /** What the data check noted (images resized as in training, classes named differently). */
  dataNotes: string[];
}

/**
 * Evaluates the average of the members' predicted probabilities on `data`. The data must fit
 * every member (refuseMisfit: arrays of exactly its input shape, its number of classes); image
 * files reach each member at its own input size.
 */
export async function evaluateEnsemble(paths: readonly string[], data: DataSpecInput, options: EvaluationOptions = {}): Promise<EnsembleResult> {
  if (paths.length === 0) throw new Error('an ensemble needs at least one run or model.json');
  const engine = await loadEngine(options.engine);
  const tf = engine.tf;
  const batchSize = options.batchSize ?? 64;
  const cache = new Map<string, Dataset>();
  const models: SavedModel[] = [];
  try {
    for (const p of paths) models.push(await loadModel(tf, p));
    const dataNotes = await refuseMisfit(data, models.map((saved, i) => ({ path: paths[i]!, saved })), options, cache);
    const tables = [];
    const members: EnsembleMember[] = [];
    let reference: Dataset | undefined;
    let columns = -1;
    for (const saved of models) {
      const ds = await dataFor(saved, data, options, cache);
      if (reference && (ds.count !== reference.count || ds.labels.some((l, i) => l !== reference!.labels[i]))) {
        throw new Error(`${saved.path}: its data (${ds.count} images) does not line up with the first member's (${reference.count}); give members the same data`);
      }
      reference ??= ds;
      const start = performance.now();
      const rows = await probabilities(tf, saved, ds.count, (i) => sampleOf(ds, i), batchSize, options.signal);
      const seconds = since(start);
      const width = rows[0]!.length;
      if (columns >= 0 && width !== columns) {
        throw new Error(`${saved.path}: predicts ${width} classes, but ${models[0]!.path} predicts ${columns}; ensemble members must share their classes`);
      }
      columns = width;
      tables.push(rows);
      members.push({ path: saved.path, seconds, ...score(rows, ds.labels) });
    }
    const start = performance.now();
    const averaged = meanProbabilities(tables);
    const ensembleSeconds = members.reduce((s, m) => s + m.seconds, 0) + since(start);
    const best = members.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
    return {
      samples: reference!.count,
      classes: models[0]!.classes ?? reference!.classes,
      members,
      ensemble: { ...score(averaged, reference!.labels), seconds: ensembleSeconds },
      best,
      meanAccuracy: members.reduce((s, m) => s + m.accuracy, 0) / members.length,
      cost: { forwardPassesPerImage: members.length, timeRatio: ensembleSeconds / Math.max(best.seconds, 1e-9) },
      engine: engine.name,
      dataNotes,
    };
  } finally {
    for (const m of models) m.model.dispose();
  }
}
