/**
 * What the UI or the CLI asks the trainer process to do: train a graph on data, evaluate a saved
 * model, or predict images. Requests cross a process boundary, so each has a zod schema the
 * trainer validates; the data specs mirror electron/trainer/data's DataSpec.
 */
import { z } from 'zod';
import { TrainSettingsSchema } from './settings.ts';

const path = z.string().min(1).max(4096);

/** Where samples come from: built-in MNIST, a course HDF5 file, class folders, a CSV, a .npy pair. */
export const DataSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mnist'), limit: z.number().int().min(1).optional(), split: z.enum(['train', 'test']).optional() }),
  z.object({ kind: z.literal('h5'), path, split: z.enum(['train', 'test']).optional() }),
  z.object({ kind: z.literal('folder'), path }),
  z.object({ kind: z.literal('csv'), path }),
  z.object({ kind: z.literal('npy'), x: path, y: path }),
]);
export type DataSpecInput = z.output<typeof DataSpecSchema>;

/** A saved model to start from: a run folder (its last checkpoint) or a tfjs model.json. */
export const WeightsSourceSchema = z.object({ path });

export const TrainRequestSchema = z.object({
  type: z.literal('train'),
  /** Folder name under `runsDir`; made from the date when absent. */
  runId: z.string().regex(/^[A-Za-z0-9_.-]{1,120}$/, 'letters, digits, _ . - (a folder name)').optional(),
  runsDir: path,
  /** The project graph (validated again by the trainer with ProjectSchema). */
  project: z.record(z.string(), z.unknown()),
  data: DataSpecSchema,
  /** A separate test set: evaluated at the end, and the validation data when settings.validation is 'test'. */
  testData: DataSpecSchema.optional(),
  settings: TrainSettingsSchema.default(TrainSettingsSchema.parse({})),
  /** Continue the run `runId` from its last checkpoint (the optimizer state restarts). */
  resume: z.boolean().optional(),
  /** Transfer learning: copy weights into layers whose names and shapes match. */
  initialWeights: WeightsSourceSchema.optional(),
});

export const EvaluateRequestSchema = z.object({
  type: z.literal('evaluate'),
  runId: z.string().max(120).optional(),
  /** A run folder or a model.json. */
  model: path,
  data: DataSpecSchema,
  batchSize: z.number().int().min(1).max(65_536).default(64),
  engine: TrainSettingsSchema.shape.engine,
  limit: z.number().int().min(1).optional(),
});

export const PredictRequestSchema = z.object({
  type: z.literal('predict'),
  runId: z.string().max(120).optional(),
  model: path,
  /** Image files (JPEG/PNG), resized to the model input. */
  images: z.array(path).min(1).max(10_000),
  engine: TrainSettingsSchema.shape.engine,
});

export const TrainerRequestSchema = z.discriminatedUnion('type', [TrainRequestSchema, EvaluateRequestSchema, PredictRequestSchema]);

export type TrainRequest = z.output<typeof TrainRequestSchema>;
export type TrainRequestInput = z.input<typeof TrainRequestSchema>;
export type EvaluateRequest = z.output<typeof EvaluateRequestSchema>;
export type PredictRequest = z.output<typeof PredictRequestSchema>;
export type TrainerRequest = z.output<typeof TrainerRequestSchema>;
export type TrainerRequestInput = z.input<typeof TrainerRequestSchema>;

/** A run id from a date: `2025-01-31T12-00-00-123Z` style, safe as a folder name. */
export function runIdFromDate(date: Date, suffix = ''): string {
  return `${date.toISOString().replace(/[:]/g, '-')}${suffix ? `-${suffix}` : ''}`;
}
