/**
 * `netwright export <file|template> --lang ts|keras`: the TypeScript (tfjs) or Python (Keras)
 * source that builds the graph's model, optionally with the training set-up, to stdout or a file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CompileError } from '../../../shared/compile/toTfjs.ts';
import { emitKeras, STRATEGIES, type Strategy } from '../../../shared/codegen/keras.ts';
import { emitTypeScript } from '../../../shared/codegen/typescript.ts';
import { parseJsonSafely } from '../../../shared/graph/safeJson.ts';
import { parseCommandArgs, templateParams, TEMPLATE_OPTIONS } from '../args.ts';
import type { Command } from '../io.ts';
import { resolveProject, type Resolved } from '../resolveProject.ts';
import { validateProject } from '../../../shared/graph/load.ts';
import { exportTrainedKerasWeights, exportTrainedModel, isRunFolder, kerasWeightsPath } from '../../import/trainedModel.ts';
import { loadTemplateLibrary } from '../../templates.ts';

const HELP = `usage: netwright export <project.json|template|run folder> --lang ts|keras [-o FILE]
                        [--strategy default|mirrored|multiworker] [--training SETTINGS.json]
                        [--optimizer NAME] [--lr X] [--loss NAME] [--epochs N] [--batch-size N]
                        [--weights RUN|model.json] [--inline]
                        [--input HxWxC] [--classes N] [--param name=value ...]

Writes the code that builds the model: TypeScript for @tensorflow/tfjs (--lang ts, exports
buildModel()) or Python for tf.keras (--lang keras, build_model() and a tf.distribute strategy).
  -o, --output   write to FILE instead of stdout
  --strategy     Keras only: default (one device), mirrored (all GPUs of this machine),
                 multiworker (several machines, TF_CONFIG)
  --training     add the training set-up from a settings file (the trainer's JSON settings);
  --optimizer, --lr, --loss, --epochs, --batch-size   ... or from these flags (they win)
  --weights      save the trained weights of a training run folder or a model.json next to
                 FILE: with --lang ts a tfjs model (model.json + weights.bin) and the module
                 exports loadTrainedModel(); with --lang keras <FILE name>.weights.h5 (HDF5,
                 needs h5py) and the module defines load_trained_weights(model), which main()
                 calls. Given a run folder as the model, its graph and its latest checkpoint
                 are used.
  --inline       write block instances layer by layer instead of as helper functions
  --input, --classes, --param   template parameters, as for 'netwright summary'`;

type Values = Record<string, string | boolean | string[] | undefined>;

/** The training options from --training and the flags; undefined when none were given. */
function trainingOptions(v: Values): { ok: true; training?: Record<string, unknown> } | { ok: false; message: string } {
  let training: Record<string, unknown> | undefined;
  if (typeof v.training === 'string') {
    let text: string;
    try {
      text = readFileSync(resolve(v.training), 'utf8');
    } catch (e) {
      return { ok: false, message: `${v.training}: cannot read: ${(e as Error).message}` };
    }
    const json = parseJsonSafely(text);
    if (!json.ok) return { ok: false, message: `${v.training}${json.path ? ` at ${json.path}` : ''}: ${json.message}` };
    if (json.value === null || typeof json.value !== 'object' || Array.isArray(json.value)) return { ok: false, message: `${v.training}: training settings are one JSON object` };
    training = { ...(json.value as Record<string, unknown>) };
  }
  const flags: Array<[string, string, 'number' | 'string']> = [
    ['optimizer', 'optimizer', 'string'],
    ['lr', 'learningRate', 'number'],
    ['loss', 'loss', 'string'],
    ['epochs', 'epochs', 'number'],
    ['batch-size', 'batchSize', 'number'],
  ];
  for (const [flag, key, type] of flags) {
    const raw = v[flag];
    if (typeof raw !== 'string') continue;
    const value = type === 'number' ? Number(raw) : raw;
    if (type === 'number' && (raw.trim() === '' || !Number.isFinite(value))) return { ok: false, message: `--${flag} expects a number; received "${raw}"` };
    training = { ...training, [key]: value };
  }
  return { ok: true, ...(training ? { training } : {}) };
}

/** The graph a training run folder recorded (runs/<id>/run.json). */
function runProject(folder: string): Resolved {
  const path = join(resolve(folder), 'run.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, message: `${path}: cannot read: ${(e as Error).message}` };
  }
  const json = parseJsonSafely(text);
  if (!json.ok) return { ok: false, message: `${path}: ${json.message}` };
  const loaded = validateProject((json.value as { project?: unknown } | null)?.project);
  if (!loaded.ok) return { ok: false, message: `${path} at project${loaded.error.path ? `.${loaded.error.path}` : ''}: ${loaded.error.message}` };
  return { ok: true, project: loaded.project, path };
}

const EXPORT_OPTIONS = {
  lang: { type: 'string' },
  output: { type: 'string', short: 'o' },
  strategy: { type: 'string' },
  training: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  loss: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  inline: { type: 'boolean' },
  weights: { type: 'string' },
  ...TEMPLATE_OPTIONS,
} as const;

export const exportCommand: Command = {
  description: 'write TypeScript (tfjs) or Python (Keras) code that builds the model',
  async run(args, io) {
    const parsed = parseCommandArgs('export', args, EXPORT_OPTIONS, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const [file] = parsed.positionals;
    if (!file || (v.lang !== 'ts' && v.lang !== 'keras')) {
      io.err(v.lang === undefined || !file ? HELP : `netwright export: --lang must be ts or keras; received "${v.lang}"`);
      return 2;
    }
    if (v.strategy !== undefined && !(STRATEGIES as readonly string[]).includes(v.strategy)) {
      io.err(`netwright export: --strategy must be one of ${STRATEGIES.join(', ')}; received "${v.strategy}"`);
      return 2;
    }
    if (v.strategy !== undefined && v.lang !== 'keras') {
      io.err('netwright export: --strategy applies to --lang keras only (tfjs trains on one device)');
      return 2;
    }
    const params = templateParams(v);
    if (!params.ok) {
      io.err(`netwright export: ${params.message}`);
      return 2;
    }
    const training = trainingOptions(v);
    if (!training.ok) {
      io.err(`netwright export: ${training.message}`);
      return 2;
    }
    const fromRun = isRunFolder(file);
    const weights = v.weights ?? (fromRun ? file : undefined);
    if (weights !== undefined && v.output === undefined) {
      io.err(
        v.lang === 'ts'
          ? 'netwright export: a trained model is exported with -o FILE (model.json and weights.bin go next to FILE)'
          : 'netwright export: trained weights are exported with -o FILE.py (FILE.weights.h5 goes next to it)',
      );
      return 2;
    }
    const weightsFile = weights !== undefined && v.lang === 'keras' ? kerasWeightsPath(resolve(v.output!)) : undefined;
    const resolved = fromRun ? runProject(file) : resolveProject(file, params.params);
    if (!resolved.ok) {
      io.err(`netwright export: ${resolved.message}`);
      return 2;
    }
    const blocks = v.inline ? undefined : loadTemplateLibrary().templates;
    let code: string;
    try {
      code =
        v.lang === 'ts'
          ? emitTypeScript(resolved.project, { blocks, training: training.training, ...(weights !== undefined ? { trainedModel: 'model.json' } : {}) })
          : emitKeras(resolved.project, { blocks, training: training.training, strategy: v.strategy as Strategy | undefined, ...(weightsFile !== undefined ? { trainedWeights: basename(weightsFile) } : {}) });
    } catch (e) {
      if (e instanceof CompileError) {
        for (const d of e.analysis.diagnostics) io.err(`${resolved.path}: ${d.severity} ${d.code}${d.nodeId ? ` at node "${d.nodeId}"` : ''}: ${d.message}`);
        io.err('netwright export: the graph has errors; fix them (netwright summary shows them) and export again');
        return 1;
      }
      io.err(`netwright export: ${(e as Error).message}`);
      return 2;
    }
    if (v.output === undefined) {
      io.out(code.replace(/\n$/, ''));
      return 0;
    }
    const out = resolve(v.output);
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, code);
    } catch (e) {
      io.err(`netwright export: cannot write ${out}: ${(e as Error).message}`);
      return 2;
    }
    io.err(`wrote ${out}`);
    if (weights !== undefined && weightsFile !== undefined) {
      const tf = await import('@tensorflow/tfjs');
      const trained = await exportTrainedKerasWeights(tf, resolved.project, weights, weightsFile);
      if (!trained.ok) {
        io.err(`netwright export: ${trained.message}`);
        return 2;
      }
      io.err(`wrote ${trained.weightsFile}`);
    } else if (weights !== undefined) {
      const tf = await import('@tensorflow/tfjs');
      const trained = await exportTrainedModel(tf, resolved.project, weights, dirname(out));
      if (!trained.ok) {
        io.err(`netwright export: ${trained.message}`);
        return 2;
      }
      io.err(`wrote ${trained.modelJson} and ${trained.weightsBin}`);
    }
    return 0;
  },
};
