/**
 * One small graph per layer variant for the Keras export test: Input(s) -> the layer ->
 * (Flatten ->) Dense (so even a weightless layer sits in a model that has something to train). Rows use
 * parameters away from the defaults where Keras' and tfjs' arguments could differ.
 */
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { ProjectInput } from '../../shared/graph/schema.ts';
import { LAYERS } from '../../shared/layers/index.ts';

interface KindRow {
  kind: string;
  params?: Record<string, unknown>;
  /** Sample shapes of the Inputs feeding the layer (one unless the kind merges). */
  inputs?: number[][];
  trainable?: false;
}

const IMAGE = [9, 9, 4];

const ROWS: Record<string, KindRow> = {
  'Conv2D same, strided, relu': { kind: 'Conv2D', params: { filters: 5, kernelSize: [3, 2], strides: [2, 1], padding: 'same', activation: 'relu' } },
  'Conv2D dilated, no bias, frozen': { kind: 'Conv2D', params: { filters: 3, kernelSize: [3, 3], dilationRate: [2, 2], useBias: false }, trainable: false },
  'Dense sigmoid, no bias': { kind: 'Dense', params: { units: 4, activation: 'sigmoid', useBias: false }, inputs: [[6]] },
  BatchNormalization: { kind: 'BatchNormalization', params: { momentum: 0.9, epsilon: 0.01 } },
  'BatchNormalization no center, frozen': { kind: 'BatchNormalization', params: { center: false }, trainable: false },
  'Activation softmax': { kind: 'Activation', params: { activation: 'softmax' } },
  'Activation leaky_relu': { kind: 'Activation', params: { activation: 'leaky_relu' } },
  'Activation selu': { kind: 'Activation', params: { activation: 'selu' } },
  ZeroPadding2D: { kind: 'ZeroPadding2D', params: { padding: [[1, 2], [0, 3]] } },
  'MaxPooling2D 3x3 /2 same': { kind: 'MaxPooling2D', params: { poolSize: [3, 3], strides: [2, 2], padding: 'same' } },
  'AveragePooling2D 3x2 /1': { kind: 'AveragePooling2D', params: { poolSize: [3, 2], strides: [1, 1] } },
  Flatten: { kind: 'Flatten' },
  Add: { kind: 'Add', inputs: [IMAGE, IMAGE, IMAGE] },
  Concatenate: { kind: 'Concatenate', inputs: [IMAGE, [9, 9, 2]] },
  // The channel axis counted with the batch, as keras.applications' InceptionV3 writes it.
  'Concatenate axis 3': { kind: 'Concatenate', params: { axis: 3 }, inputs: [IMAGE, [9, 9, 2]] },
  'ReLU max 6': { kind: 'ReLU', params: { maxValue: 6 } },
  Dropout: { kind: 'Dropout', params: { rate: 0.25 } },
  GlobalAveragePooling2D: { kind: 'GlobalAveragePooling2D' },
  GlobalMaxPooling2D: { kind: 'GlobalMaxPooling2D' },
  'Reshape -1': { kind: 'Reshape', params: { targetShape: [-1] } },
  'Reshape fixed': { kind: 'Reshape', params: { targetShape: [27, 12] } },
  'DepthwiseConv2D x2': { kind: 'DepthwiseConv2D', params: { kernelSize: [3, 3], depthMultiplier: 2, padding: 'same' } },
  'DepthwiseConv2D dilated': { kind: 'DepthwiseConv2D', params: { kernelSize: [3, 3], dilationRate: [2, 2] } },
  SeparableConv2D: { kind: 'SeparableConv2D', params: { filters: 6, kernelSize: [3, 3], strides: [2, 2], activation: 'tanh' } },
  'SeparableConv2D dilated x2': { kind: 'SeparableConv2D', params: { filters: 3, kernelSize: [3, 3], dilationRate: [2, 1], depthMultiplier: 2 } },
  LocalResponseNormalization: { kind: 'LocalResponseNormalization', params: { depthRadius: 1, bias: 1, alpha: 0.001, beta: 0.5 } },
  'Rescaling to -1..1': { kind: 'Rescaling', params: { scale: 1 / 127.5, offset: -1 } },
  // Squeeze-and-excitation: feature maps times per-channel weights.
  'Multiply broadcast 1x1xC': { kind: 'Multiply', inputs: [IMAGE, [1, 1, 4]] },
};

/**
 * Every kind with all of its parameters left at their defaults: the arguments the code leaves
 * out must be ones Keras 3 does not require and defaults the same way (its AveragePooling2D,
 * unlike tf.keras 2, has no default pool_size).
 */
function defaultRows(): Record<string, KindRow> {
  return Object.fromEntries(
    Object.values(LAYERS).map((def) => {
      const inputs = def.kind === 'Dense' ? [[6]] : Array.from({ length: Math.max(1, def.inputs.min) }, () => IMAGE);
      return [`${def.kind} defaults`, { kind: def.kind, inputs }];
    }),
  );
}

function graph(id: string, row: KindRow): ProjectInput {
  // The Input row is the bare Input(9x9x4) feeding the head.
  const shapes = row.kind === 'Input' ? [IMAGE] : (row.inputs ?? [IMAGE]);
  const inputs = shapes.map((shape, i) => ({ id: `in${i}`, kind: 'Input', params: { shape: [...shape] } }));
  const layer = row.kind === 'Input' ? inputs[0]! : { id: 'layer', kind: row.kind, params: structuredClone(row.params ?? {}), ...(row.trainable === false ? { trainable: false } : {}) };
  const project: ProjectInput = {
    schemaVersion: 1,
    name: `kind_${id.replace(/[^A-Za-z0-9]+/g, '_')}`,
    nodes: row.kind === 'Input' ? inputs : [...inputs, layer],
    edges: row.kind === 'Input' ? [] : inputs.map((n, i) => ({ id: `e${i}`, source: n.id, target: 'layer', targetPort: inputs.length > 1 ? `in${i}` : 'in' })),
  };
  // Dense takes flat vectors only, and Flatten refuses one: flatten only what is not flat yet.
  let last = layer.id;
  if (analyzeGraph(project).nodes.get(last)!.shape!.length > 1) {
    project.nodes.push({ id: 'flatten', kind: 'Flatten' });
    project.edges.push({ id: 'ef', source: last, target: 'flatten' });
    last = 'flatten';
  }
  project.nodes.push({ id: 'head', kind: 'Dense', params: { units: 3 } });
  project.edges.push({ id: 'eh', source: last, target: 'head' });
  return project;
}

/** Every row's graph by a readable id (`Conv2D same, strided, relu`). */
export function kindGraphs(): Map<string, ProjectInput> {
  return new Map(Object.entries({ ...defaultRows(), ...ROWS }).map(([id, row]) => [id, graph(id, row)]));
}
