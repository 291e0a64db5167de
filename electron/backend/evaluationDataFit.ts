/**
 * Whether data fits kept runs before they are evaluated on it. Arrays (built-in MNIST, .h5, .npy)
 * must hold images of exactly the runs' input shape; image files (folders, CSVs) are decoded and
 * resized to the input as training does, so their size is only said. The number of classes must
 * be the runs'. Problems refuse the evaluation; notes are said beside the data.
 */
import { basename } from 'node:path';
import type { DataDescription } from '../../shared/ipc.ts';
import type { DataSpecInput } from '../../shared/train/request.ts';

/** What the fit needs of the runs: ids and names for the messages, what they take and predict. */
export interface RunsInput {
  runs: { id: string; name: string }[];
  inputShape: number[];
  classes: string[];
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
  const text = one ? `run ${r.runs[0]!.id} (${r.runs[0]!.name})` : `the ${r.runs.length} runs (${r.runs.map((x) => x.id).join(', ')})`;
  return { text, verb: (s, p) => (one ? s : p) };
}

/** The H x W x C a run's input takes images as (a flat input: undefined, only the size counts). */
function imageInput(inputShape: readonly number[]): [number, number, number] | undefined {
  if (inputShape.length === 3) return [inputShape[0]!, inputShape[1]!, inputShape[2]!];
  if (inputShape.length === 2) return [inputShape[0]!, inputShape[1]!, 1];
  return undefined;
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
    else problems.push(`${where} holds ${dims(data.shape)} images, but ${w.text} ${w.verb('takes', 'take')} ${takes}.`);
  }

  const k = data.classes.length;
  const n = runs.classes.length;
  if (k !== n) {
    problems.push(`${where} has ${k} class${k === 1 ? '' : 'es'} (${listed(data.classes)}), but ${w.text} ${w.verb('predicts', 'predict')} ${n} (${listed(runs.classes)}).`);
  } else if (data.classes.join('\n') !== runs.classes.join('\n')) {
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
