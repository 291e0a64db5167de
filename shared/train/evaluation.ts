/**
 * Test-time evaluation over the bridge: an ensemble of kept runs (their class probabilities
 * averaged) or one run under 10-crop testing, each reported beside the single models with the
 * extra inference cost. Request schemas for 'evaluate:ensemble' / 'evaluate:multicrop' and the
 * report both sides read.
 */
import { z } from 'zod';
import { DataSpecSchema, type DataSpecInput } from './request.ts';

const runId = z.string().min(1).max(200);
/** Evaluate on at most this many images (taken round-robin over classes). */
const limit = z.number().int().min(1).max(10_000_000).optional();

/** Payload of 'evaluate:ensemble': 2 to 10 kept runs, on `data` or their own test data. */
export const EnsembleRequestSchema = z.object({
  runIds: z.array(runId).min(2).max(10),
  data: DataSpecSchema.optional(),
  limit,
});

/** Payload of 'evaluate:multicrop': one kept run; crop as a fraction of the side (default 0.875). */
export const MultiCropRequestSchema = z.object({
  runId,
  data: DataSpecSchema.optional(),
  limit,
  crop: z.number().gt(0).max(1).optional(),
  /** Add the five mirrored views (default true); false gives 5-crop testing. */
  mirrors: z.boolean().optional(),
});

/** One single model's score in a report: a member of an ensemble, or the single pass of multi-crop. */
export interface ModelScore {
  runId: string;
  /** The run's project name. */
  name: string;
  accuracy: number;
  loss: number;
  /** Seconds of its forward passes over the data. */
  seconds: number;
}

/** What 'evaluate:ensemble' and 'evaluate:multicrop' answer on success. */
export interface EvaluationReport {
  kind: 'ensemble' | 'multicrop';
  runIds: string[];
  /** The data evaluated on, and in words ("the MNIST test split"). */
  data: DataSpecInput;
  dataLabel: string;
  /** Why the data is what it is when that matters (e.g. no test set: the training data). */
  dataNote?: string;
  samples: number;
  classes: string[];
  /** Each member (ensemble) or the one-pass model (multi-crop). */
  singles: ModelScore[];
  /** The ensemble or the multi-crop average. */
  combined: { label: string; accuracy: number; loss: number; seconds: number };
  bestSingle: { runId: string; accuracy: number };
  meanSingleAccuracy: number;
  /** Forward passes per image: members of the ensemble, or views of multi-crop. */
  passesPerImage: number;
  /** Measured time of the combined evaluation / one pass of the best (or only) model. */
  timeRatio: number;
  /** Multi-crop only: each view alone, the crop in pixels and the model input. */
  views?: { view: string; accuracy: number }[];
  crop?: [number, number];
  inputShape?: number[];
  engine: string;
  /** Wall-clock seconds of the whole request (process start, loading, passes). */
  seconds: number;
}

export type EvaluationReply = { ok: true; report: EvaluationReport } | { ok: false; message: string; stopped?: true };

/** Mean accuracy of the mirrored views and of the plain ones (multi-crop with mirrors), or undefined. */
export function mirrorSplit(views: readonly { view: string; accuracy: number }[]): { plain: number; mirrored: number } | undefined {
  const mirrored = views.filter((v) => v.view.endsWith('mirrored'));
  const plain = views.filter((v) => !v.view.endsWith('mirrored'));
  if (mirrored.length === 0 || plain.length === 0) return undefined;
  const mean = (xs: typeof views) => xs.reduce((s, v) => s + v.accuracy, 0) / xs.length;
  return { plain: mean(plain), mirrored: mean(mirrored) };
}

/**
 * One plain sentence on why the combined evaluation did worse than the single model, read from
 * the numbers (never from the dataset's name), or undefined when it did not.
 */
export function whyWorse(r: Pick<EvaluationReport, 'kind' | 'combined' | 'bestSingle' | 'meanSingleAccuracy' | 'singles' | 'views'>): string | undefined {
  const points = (x: number) => `${(x * 100).toFixed(1)}%`;
  if (r.combined.accuracy >= r.bestSingle.accuracy) return undefined;
  if (r.kind === 'ensemble') {
    const worst = Math.min(...r.singles.map((s) => s.accuracy));
    if (r.bestSingle.accuracy - worst > 0.03) {
      return `The ensemble is below its best member (${points(r.bestSingle.accuracy)}): the weaker members (down to ${points(worst)}) pull the average down. Ensembles help most when members are about as good as each other and err on different images.`;
    }
    return `The ensemble is below its best member: these members make the same mistakes, so averaging them adds little; train members that differ more (other seeds, architectures or data orders).`;
  }
  // Multi-crop: the mirrors, the corner crops, or both, as the per-view accuracies show.
  const reasons: string[] = [];
  const split = r.views ? mirrorSplit(r.views) : undefined;
  if (split && split.plain - split.mirrored > 0.05) {
    reasons.push(
      `Mirrored views score ${points(split.mirrored)} on their own against ${points(split.plain)} for the unmirrored crops: this data changes meaning when flipped (a mirrored digit or letter is another symbol, or none), so the mirrors pull the average down; test without mirrors (5-crop), or train with flips only when flips keep the class.`,
    );
  }
  const centre = r.views?.find((v) => v.view === 'centre');
  const corners = r.views?.filter((v) => !v.view.endsWith('mirrored') && v.view !== 'centre') ?? [];
  if (centre && corners.length > 0) {
    const cornerMean = corners.reduce((s, v) => s + v.accuracy, 0) / corners.length;
    if (centre.accuracy - cornerMean > 0.03) {
      reasons.push(
        `${reasons.length ? 'Also, the' : 'The'} corner crops score ${points(cornerMean)} on their own against ${points(centre.accuracy)} for the centre: cropping cuts off parts of the object the model needs; a larger crop or training with random crops helps.`,
      );
    }
  }
  if (reasons.length) return reasons.join(' ');
  return `Multi-crop is below one pass on the whole image here: the model did not learn to handle shifted or mirrored views (it was not trained with such augmentation).`;
}
