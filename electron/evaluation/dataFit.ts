/**
 * Whether data fits trained models before they are evaluated on it, one rule for the app's kept
 * runs and the CLI's run folders / model.json files. Arrays (built-in MNIST, .h5, .npy) must hold
 * images of exactly the models' input shape (built-in MNIST going to 32x32 is zero-padded, as in
 * training); image files (folders, CSVs) are decoded and resized to the input as training does,
 * so their size is only said. The number of classes must be the models'. Problems refuse the
 * evaluation; notes are said beside the data.
 */
import { basename } from 'node:path';
import type { DataDescription } from '../../shared/ipc.ts';
import type { DataSpecInput } from '../../shared/train/request.ts';

/** A kept run (the app: by id and project name) or a model as the CLI was given it (its path). */
export type FitMember = { id: string; name: string } | { path: string };

/** What the fit needs of the models: who they are for the messages, what they take and predict. */
export interface RunsInput {
  runs: FitMember[];
  inputShape: number[];
  /** Class names, index = output; with `unnamedClasses`, only their number counts (a model.json without names). */
  classes: string[];
  unnamedClasses?: boolean;
}

export interface DataFit {
  problems: string[];
  notes: string[];
}

/** The data as a person finds it: the file or folder path (MNIST: built-in). */
export function dataWhere(spec: DataSpecInput): string {
  switch (spec.kind) {
    case 'mnist':
      return `built-in MNIST (${spec.split ?? 'train'} split)`;
    case 'npy':
      return `${spec.x} (labels ${basename(spec.y)})`;
    default:
      return spec.path;
  }
}

const dims = (shape: readonly number[]) => shape.join('x');

function listed(classes: readonly string[]): string {
  return classes.length > 6 ? `${classes.slice(0, 5).join(', ')}, …` : classes.join(', ');
}

function who(r: RunsInput): { text: string; verb: (one: string, many: string) => string } {
  const one = r.runs.length === 1;
  const label = (m: FitMember) => ('path' in m ? m.path : m.id);
  const first = r.runs[0]!;
  const noun = 'path' in first ? 'model' : 'run';
  const text = one ? ('path' in first ? `model ${first.path}` : `run ${first.id} (${first.name})`) : `the ${r.runs.length} ${noun}s (${r.runs.map(label).join(', ')})`;
  return { text, verb: (s, p) => (one ? s : p) };
}

/** The H x W x C a run's input takes images as (a flat input: undefined, only the size counts). */
function imageInput(inputShape: readonly number[]): [number, number, number] | undefined {
  if (inputShape.length === 3) return [inputShape[0]!, inputShape[1]!, inputShape[2]!];
  if (inputShape.length === 2) return [inputShape[0]!, inputShape[1]!, 1];
  return undefined;
}

/** Built-in MNIST digits zero-padded to `want` by the loader (LeNet-5's 32x32 convention, select.ts conformDataset). */
function paddedDigits(spec: DataSpecInput, shape: readonly number[], want: readonly number[]): boolean {
  const grow = want[0]! - shape[0]!;
  return spec.kind === 'mnist' && grow > 0 && grow % 2 === 0 && want[1]! - shape[1]! === grow && want[2] === shape[2];
}

/** Every way `data` (as data:describe reads it, without a model) does not fit the runs. */
export function dataFit(spec: DataSpecInput, data: Pick<DataDescription, 'count' | 'shape' | 'classes'>, runs: RunsInput): DataFit {
  const problems: string[] = [];
  const notes: string[] = [];
  const where = dataWhere(spec);
  const w = who(runs);
  if (data.count === 0) problems.push(`${where} holds no images.`);

  const [h, wd, c] = data.shape;
  const want = imageInput(runs.inputShape);
  const imageFiles = spec.kind === 'folder' || spec.kind === 'csv';
  const fits = want ? want.join('x') === dims(data.shape) : (runs.inputShape[0] ?? 0) === h * wd * c;
  if (!fits) {
    const takes = want ? dims(want) : `flat vectors of ${runs.inputShape[0]} values`;
    if (imageFiles) notes.push(`the images of ${where} (${dims(data.shape)}, the first one) are resized to ${takes} as in training`);
    else if (want && paddedDigits(spec, data.shape, want)) notes.push(`the ${dims(data.shape)} digits of ${where} are zero-padded to ${takes} as in training`);
    else problems.push(`${where} holds ${dims(data.shape)} images, but ${w.text} ${w.verb('takes', 'take')} ${takes}.`);
  }

  const k = data.classes.length;
  const n = runs.classes.length;
  if (k !== n) {
    const theirs = runs.unnamedClasses ? '' : ` (${listed(runs.classes)})`;
    problems.push(`${where} has ${k} class${k === 1 ? '' : 'es'} (${listed(data.classes)}), but ${w.text} ${w.verb('predicts', 'predict')} ${n}${theirs}.`);
  } else if (!runs.unnamedClasses && data.classes.join('\n') !== runs.classes.join('\n')) {
    notes.push(`its classes are named ${listed(data.classes)} where ${w.text} ${w.verb('says', 'say')} ${listed(runs.classes)}: label k is scored against output k`);
  }
  return { problems, notes };
}

/** The refusal for data with problems: the problems, then what data would fit. */
export function misfitMessage(fit: DataFit, runs: RunsInput): string {
  const want = imageInput(runs.inputShape);
  const shape = want ? `${dims(want)} images` : `images of ${runs.inputShape[0]} values`;
  return `${fit.problems.join(' ')} Choose data of ${shape} in ${runs.classes.length} classes.`;
}
