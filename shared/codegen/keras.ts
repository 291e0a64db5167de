/**
 * emitKeras: the graph as a Python module building the same model with the tf.keras functional
 * API (Keras class and argument names, Keras layer names, each output shape in a comment), and a
 * tf.distribute strategy switch so the model trains on one GPU, several (MirroredStrategy) or
 * several machines (MultiWorkerMirroredStrategy).
 */
import type { ProjectInput } from '../graph/schema.ts';
import type { TemplateLibrary } from '../templates/expand.ts';
import { formatCount } from '../layers/common.ts';
import { kerasShape } from '../shape.ts';
import { customClassesPy, pythonCustomClass } from './customLayerSources.ts';
import { kerasArgName, kerasClassName, kerasPrunedConfig, kerasValue } from './layerSpecs.ts';
import { pyLiteral, quote } from './literals.ts';
import { planModel, type Plan, type PlannedLayer } from './plan.ts';
import { emitPyTraining, resolveTraining, type TrainingOptionsInput } from './training.ts';
import { inlinePlan, planGroups, type GroupPlan } from './groupsPlan.ts';
import { pyAutoNamer, pyHelper, callArgs } from './helpersEmit.ts';
import { namedUnits } from './variables.ts';

export const STRATEGIES = ['default', 'mirrored', 'multiworker'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface KerasOptions {
  /** Training set-up compiled into the model (optimizer, loss, metrics, epochs, batch size). */
  training?: TrainingOptionsInput;
  /** Distribution strategy: one device (default), MirroredStrategy, MultiWorkerMirroredStrategy. */
  strategy?: Strategy;
  /** The block templates by id; with them, block instances become helper functions (see emitTypeScript). */
  blocks?: TemplateLibrary;
  /**
   * The trained weights are saved next to the module as this file (electron/import/kerasWeightsH5.ts):
   * the module then also defines `load_trained_weights(model, path=None)`, and main() calls it.
   */
  trainedWeights?: string;
}

/**
 * `load_trained_weights(model, path)`: one HDF5 group per layer name, datasets "0", "1", ... in
 * get_weights() order, set by name with every shape checked first, so a file that does not fit
 * the model fails naming the layer instead of loading half of it.
 */
function trainedWeightsLoader(file: string): string[] {
  return [
    `TRAINED_WEIGHTS = ${quote(file)}`,
    '',
    '',
    'def load_trained_weights(model, path=None):',
    '    """Sets the weights trained in Netwright into model by layer name; path defaults to',
    '    TRAINED_WEIGHTS next to this file. Needs h5py (it ships with TensorFlow)."""',
    '    import os',
    '    import h5py',
    '    if path is None:',
    "        here = globals().get('__file__')",
    '        path = os.path.join(os.path.dirname(os.path.abspath(here)) if here else os.getcwd(), TRAINED_WEIGHTS)',
    "    with h5py.File(path, 'r') as f:",
    "        fmt = f.attrs.get('format')",
    "        if (fmt.decode() if isinstance(fmt, bytes) else fmt) != 'netwright-keras-weights-1':",
    "            raise ValueError(f'{path}: not a Netwright weights file (format {fmt!r})')",
    '        names = set(f.keys())',
    '        staged = []',
    '        for layer in model.layers:',
    '            expected = layer.get_weights()',
    '            if not expected:',
    '                continue',
    '            if layer.name not in names:',
    "                raise ValueError(f'{path}: no weights for layer {layer.name!r}, which has {len(expected)}')",
    '            group = f[layer.name]',
    '            given = [group[str(i)][()] for i in range(len(group.keys()))]',
    '            if len(given) != len(expected):',
    "                raise ValueError(f'{path}: layer {layer.name!r} has {len(expected)} weights; the file holds {len(given)}')",
    '            for i, (e, g) in enumerate(zip(expected, given)):',
    '                if tuple(e.shape) != tuple(g.shape):',
    "                    raise ValueError(f'{path}: layer {layer.name!r} weight {i} has shape {tuple(e.shape)}; the file holds {tuple(g.shape)}')",
    '            staged.append((layer, given))',
    '            names.discard(layer.name)',
    '        if names:',
    "            raise ValueError(f'{path}: the file holds weights for layers the model does not have: {sorted(names)}')",
    '        for layer, given in staged:',
    '            layer.set_weights(given)',
    '    return model',
  ];
}

/** `conv0 = layers.Conv2D(filters=32, kernel_size=(7, 7), name='conv0')(zero_padding2d)  # (None, 64, 64, 32)`. */
function layerStatement(layer: PlannedLayer, variable: string, inputs: string[]): string {
  const shape = `  # ${kerasShape(layer.shape)}`;
  if (layer.kind === 'Input') {
    return `    ${variable} = layers.Input(shape=${pyLiteral(layer.spec.config.shape)}, name=${quote(layer.name)})${shape}`;
  }
  const args = Object.entries(kerasPrunedConfig(layer.spec)).map(([k, v]) => `${kerasArgName(k)}=${pyLiteral(kerasValue(k, v))}`);
  if (!layer.trainable) args.push('trainable=False');
  args.push(`name=${quote(layer.name)}`);
  const custom = pythonCustomClass(layer.spec.factory);
  const cls = custom ?? `layers.${kerasClassName(layer.spec)}`;
  const arg = inputs.length === 1 ? inputs[0]! : `[${inputs.join(', ')}]`;
  return `    ${variable} = ${cls}(${args.join(', ')})(${arg})${shape}`;
}

/** The body of build_model(): one statement per layer or block call. */
function buildBody(plan: Plan, groups: GroupPlan): string[] {
  const vars = new Map<string, string>();
  const body: string[] = groups.autoNames ? ['    _auto_name_counts.clear()'] : [];
  for (const { unit, variable: v, outputId } of namedUnits(plan, groups, 'py')) {
    vars.set(outputId, v);
    if (unit.type === 'call') {
      const c = unit.call;
      const args = [...c.inputs.map((id) => vars.get(id)!), ...callArgs(c, 'py')];
      body.push(`    ${v} = ${c.helper.pyName}(${args.join(', ')})  # ${kerasShape(plan.byId.get(c.output)!.shape)}`);
      continue;
    }
    const layer = plan.byId.get(unit.id)!;
    body.push(layerStatement(layer, v, layer.inputIds.map((id) => vars.get(id)!)));
  }
  const list = (ids: string[]) => (ids.length === 1 ? vars.get(ids[0]!)! : `[${ids.map((id) => vars.get(id)!).join(', ')}]`);
  body.push(`    return tf.keras.Model(inputs=${list(plan.inputs)}, outputs=${list(plan.outputs)}, name=${quote(plan.modelName)})`);
  return body;
}

const STRATEGY_CODE: Record<Strategy, string[]> = {
  default: ['    # One device: the GPU when TensorFlow sees one, otherwise the CPU.', '    return tf.distribute.get_strategy()'],
  mirrored: ['    # Every GPU of this machine holds a replica; gradients are all-reduced each step.', '    return tf.distribute.MirroredStrategy()'],
  multiworker: [
    '    # Several machines: each worker runs this script with TF_CONFIG describing the cluster,',
    '    # e.g. {"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 0}}.',
    '    return tf.distribute.MultiWorkerMirroredStrategy()',
  ],
};

function header(plan: Plan, strategy: Strategy): string[] {
  const t = plan.analysis.totals;
  return [
    `"""${plan.modelName}: generated by Netwright from the graph of the same name.`,
    '',
    `${formatCount(t.total)} parameters (${formatCount(t.trainable)} trainable, ${formatCount(t.nonTrainable)} non-trainable).`,
    `Distribution strategy: ${strategy}. Run with python3; needs TensorFlow 2.`,
    '"""',
    'import tensorflow as tf',
    'from tensorflow.keras import layers',
    '',
    '',
  ];
}

/**
 * The Python module for `project`: `build_model()` with the Keras functional API,
 * `make_strategy()` for `options.strategy`, optional `compile_model` / `train` functions, an
 * optional `load_trained_weights()` (options.trainedWeights), and a `main()` that builds (and
 * compiles) the model inside `strategy.scope()`, loads the trained weights, prints its summary.
 * Throws CompileError on a graph with errors.
 */
export function emitKeras(project: ProjectInput, options: KerasOptions = {}): string {
  const plan = planModel(project);
  const strategy = options.strategy ?? 'default';
  if (!STRATEGY_CODE[strategy]) throw new Error(`unknown strategy "${String(strategy)}"; use one of ${STRATEGIES.join(', ')}`);
  const training = options.training ? resolveTraining(options.training, plan.analysis) : undefined;
  const groups = options.blocks ? planGroups(plan.project, plan, options.blocks) : inlinePlan(plan);
  const out: string[] = header(plan, strategy);
  out.push(...customClassesPy(plan.customClasses));
  out.push(...pyAutoNamer(groups));
  for (const h of groups.helpers) out.push(...pyHelper(h), '', '');
  out.push(
    'def build_model():',
    `    """Builds ${plan.modelName} with the Keras functional API."""`,
    ...buildBody(plan, groups),
    '',
    '',
    'def make_strategy():',
    `    """The tf.distribute strategy the model is built and trained under (${strategy})."""`,
    ...STRATEGY_CODE[strategy],
    '',
    '',
  );
  if (training) out.push(...emitPyTraining(training), '', '');
  if (options.trainedWeights !== undefined) out.push(...trainedWeightsLoader(options.trainedWeights), '', '');
  out.push(
    'def main():',
    '    strategy = make_strategy()',
    '    # Variables (weights, optimizer slots) must be created inside the strategy scope.',
    '    with strategy.scope():',
    '        model = build_model()',
    ...(training ? ['        compile_model(model)'] : []),
    ...(options.trainedWeights !== undefined ? ['        load_trained_weights(model)'] : []),
    '    model.summary()',
    ...(training ? ['    # Train with: train(model, xs, ys); with several replicas batch_size is the global batch.'] : []),
    '    return model',
    '',
    '',
    "if __name__ == '__main__':",
    '    main()',
    '',
  );
  return out.join('\n');
}
