/**
 * The settings form's fields, read from TrainSettingsSchema itself (the schema is the single
 * source of truth): each field's control (choice, number, switch, nested object), its range and
 * default come from the zod definition; only the words people read (labels, help, option names)
 * live here. A field added to the schema appears in the form without touching this file.
 */
import type { z } from 'zod';
import { TrainSettingsSchema } from '../../shared/train/settings.ts';

export type FieldControl =
  | { type: 'choice'; options: readonly string[] }
  | { type: 'number'; min?: number; max?: number; exclusiveMin?: boolean; integer: boolean }
  | { type: 'switch' }
  | { type: 'object'; fields: SettingField[] }
  | { type: 'other' };

export interface SettingField {
  key: string;
  label: string;
  help?: string;
  control: FieldControl;
  defaultValue: unknown;
  /** The field may be left empty (no value: the schema's meaning of absent). */
  optional: boolean;
  /** The whole field can be switched off (null), e.g. early stopping. */
  nullable: boolean;
}

interface Words {
  label: string;
  help?: string;
  options?: Record<string, string>;
}

/** Labels and help for people; keys missing here fall back to the field name. */
export const WORDS: Record<string, Words> = {
  optimizer: { label: 'Optimizer', options: { sgd: 'SGD', momentum: 'SGD with momentum', adam: 'Adam', rmsprop: 'RMSProp' } },
  learningRate: { label: 'Learning rate', help: 'Step size of each update; too large diverges (NaN loss), too small learns slowly.' },
  momentum: { label: 'Momentum', help: 'For SGD with momentum and RMSProp.' },
  loss: { label: 'Loss', options: { auto: 'Auto (matches the output layer)', binaryCrossentropy: 'Binary cross-entropy', categoricalCrossentropy: 'Categorical cross-entropy', sparseCategoricalCrossentropy: 'Sparse categorical cross-entropy', meanSquaredError: 'Mean squared error' } },
  epochs: { label: 'Epochs' },
  batchSize: { label: 'Batch size' },
  validation: { label: 'Validate on', options: { split: 'Held-out split', test: 'The test set' } },
  validationSplit: { label: 'Validation split', help: 'Fraction of the training data held out; 0 turns validation off.' },
  shuffle: { label: 'Shuffle every epoch' },
  seed: { label: 'Seed', help: 'Same seed, same split, order, augmentation and initial weights.' },
  earlyStopping: { label: 'Early stopping', help: 'Stop when the watched number has not improved for `patience` epochs.' },
  patience: { label: 'Patience (epochs)' },
  monitor: { label: 'Watch', options: { val_loss: 'Validation loss', val_accuracy: 'Validation accuracy', loss: 'Training loss', accuracy: 'Training accuracy' } },
  minDelta: { label: 'Minimum improvement' },
  engine: { label: 'Engine', options: { auto: 'Auto (best available)', tensorflow: 'TensorFlow (your own, CPU or GPU)', 'tfjs-node-gpu': 'tfjs-node-gpu (CUDA GPU)', fastcpu: 'Fast CPU (wasm)', cpu: 'Plain CPU (slow)' } },
  limit: { label: 'Sample limit', help: 'Train on at most this many samples (every class kept); empty uses all.' },
  checkpoints: { label: 'Checkpoint every epoch', help: 'Needed to predict with the run and to resume it.' },
};

/** Settings with their own editor (augmentation) or fixed in this version (metrics). */
export const CUSTOM_FIELDS = new Set(['augmentation', 'metrics']);

type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } };

/** Unwraps default / optional / nullable / readonly, noting what was found on the way. */
function unwrap(schema: AnySchema): { inner: AnySchema; defaultValue: unknown; optional: boolean; nullable: boolean } {
  let s = schema;
  let defaultValue: unknown;
  let optional = false;
  let nullable = false;
  for (;;) {
    const def = s._zod.def;
    if (def.type === 'default') defaultValue ??= typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
    else if (def.type === 'optional') optional = true;
    else if (def.type === 'nullable') nullable = true;
    else if (def.type !== 'readonly') break;
    s = def.innerType as AnySchema;
  }
  return { inner: s, defaultValue, optional, nullable };
}

function controlOf(schema: AnySchema): FieldControl {
  const type = schema._zod.def.type;
  if (type === 'enum') return { type: 'choice', options: (schema as unknown as { options: string[] }).options };
  if (type === 'boolean') return { type: 'switch' };
  if (type === 'number') {
    const n = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
    // zod keeps positive() as an exclusive minimum of 0: the checks say which.
    const checks = (schema._zod.def.checks ?? []) as { _zod: { def: { check: string; inclusive?: boolean; value?: number } } }[];
    const exclusiveMin = checks.some((c) => c._zod.def.check === 'greater_than' && c._zod.def.inclusive === false);
    return {
      type: 'number',
      ...(n.minValue !== null && Number.isFinite(n.minValue) ? { min: n.minValue } : {}),
      ...(n.maxValue !== null && Number.isFinite(n.maxValue) && n.maxValue < Number.MAX_SAFE_INTEGER ? { max: n.maxValue } : {}),
      ...(exclusiveMin ? { exclusiveMin } : {}),
      integer: n.isInt,
    };
  }
  if (type === 'object') return { type: 'object', fields: fieldsOf((schema as unknown as { shape: Record<string, AnySchema> }).shape) };
  return { type: 'other' };
}

function fieldsOf(shape: Record<string, AnySchema>): SettingField[] {
  return Object.entries(shape).map(([key, schema]) => {
    const { inner, defaultValue, optional, nullable } = unwrap(schema);
    const words = WORDS[key];
    return { key, label: words?.label ?? key, ...(words?.help ? { help: words.help } : {}), control: controlOf(inner), defaultValue, optional, nullable };
  });
}

/** The fields of TrainSettingsSchema in schema order, custom-edited ones excluded. */
export function settingFields(): SettingField[] {
  return fieldsOf(TrainSettingsSchema.shape as unknown as Record<string, AnySchema>).filter((f) => !CUSTOM_FIELDS.has(f.key));
}

/** The label of an option of a choice field. */
export function optionLabel(key: string, option: string): string {
  return WORDS[key]?.options?.[option] ?? option;
}
