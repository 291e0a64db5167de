/**
 * fast-check arbitraries for valid graphs: one or two Inputs, a body of image layers of every
 * kind (with merges of earlier layers), optionally a head (Flatten / global pooling, Dense,
 * Dropout), random explicit names and frozen layers. Only graphs analyzeGraph accepts are kept.
 */
import fc from 'fast-check';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import type { GraphEdge, GraphNode, Project } from '../../../shared/graph/schema.ts';

const pair = (min: number, max: number) => fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));
const act = fc.constantFrom('linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu');
const pad = fc.constantFrom('valid', 'same');
const one = <T>(v: T) => fc.constant(v);

/** An image-to-image layer: kind and parameters (some left to their defaults). */
const imageLayer: fc.Arbitrary<{ kind: string; params: Record<string, unknown> }> = fc.oneof(
  fc.record({ kind: one('Conv2D'), params: fc.record({ filters: fc.integer({ min: 1, max: 6 }), kernelSize: pair(1, 3), strides: pair(1, 2), padding: pad, activation: act, useBias: fc.boolean() }, { requiredKeys: ['filters'] }) }),
  fc.record({ kind: one('Conv2D'), params: fc.record({ filters: fc.integer({ min: 1, max: 4 }), kernelSize: pair(1, 3), padding: one('same'), dilationRate: pair(1, 2) }) }),
  fc.record({ kind: one('DepthwiseConv2D'), params: fc.record({ kernelSize: pair(1, 3), padding: one('same'), depthMultiplier: fc.integer({ min: 1, max: 2 }), dilationRate: pair(1, 2), activation: act, useBias: fc.boolean() }, { requiredKeys: ['padding'] }) }),
  fc.record({ kind: one('SeparableConv2D'), params: fc.record({ filters: fc.integer({ min: 1, max: 4 }), kernelSize: pair(1, 3), padding: one('same'), depthMultiplier: fc.integer({ min: 1, max: 2 }), dilationRate: pair(1, 2) }, { requiredKeys: ['padding'] }) }),
  fc.record({ kind: one('BatchNormalization'), params: fc.record({ momentum: fc.constantFrom(0.9, 0.99), epsilon: fc.constantFrom(0.001, 1e-5), center: fc.boolean(), scale: fc.boolean() }, { requiredKeys: [] }) }),
  fc.record({ kind: one('Activation'), params: fc.record({ activation: fc.constantFrom('relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'leaky_relu', 'linear') }) }),
  fc.record({ kind: one('ReLU'), params: fc.record({ maxValue: fc.constantFrom(null, 6) }, { requiredKeys: [] }) }),
  fc.record({ kind: one('ZeroPadding2D'), params: fc.record({ padding: fc.tuple(pair(0, 2), pair(0, 2)) }, { requiredKeys: [] }) }),
  fc.record({ kind: fc.constantFrom('MaxPooling2D', 'AveragePooling2D'), params: fc.record({ poolSize: pair(1, 2), strides: pair(1, 2), padding: pad }, { requiredKeys: [] }) }),
  fc.record({ kind: one('LocalResponseNormalization'), params: fc.record({ depthRadius: fc.integer({ min: 0, max: 3 }), bias: fc.constantFrom(1, 2), alpha: fc.constantFrom(1e-4, 0.5), beta: fc.constantFrom(0.75, 1) }, { requiredKeys: [] }) }),
  fc.record({ kind: one('Dropout'), params: fc.record({ rate: fc.constantFrom(0, 0.25, 0.5) }) }),
);

type Layer = { kind: string; params: Record<string, unknown> };
const heads: Layer[] = [{ kind: 'Flatten', params: {} }, { kind: 'GlobalAveragePooling2D', params: {} }, { kind: 'GlobalMaxPooling2D', params: {} }, { kind: 'Reshape', params: { targetShape: [-1] } }];
const head: fc.Arbitrary<Layer[]> = fc.oneof(
  fc.constant<Layer[]>([]),
  fc.tuple(
    fc.constantFrom(...heads),
    fc.record({ kind: one('Dense'), params: fc.record({ units: fc.integer({ min: 1, max: 5 }), activation: act, useBias: fc.boolean() }, { requiredKeys: ['units'] }) }),
    fc.option(fc.record({ kind: one('Dropout'), params: fc.record({ rate: fc.constantFrom(0.1, 0.5) }) }), { nil: undefined }),
  ).map(([a, b, c]): Layer[] => (c ? [a, b, c] : [a, b])),
);

/** One step of the body: a layer on an earlier node, or a merge of two earlier nodes. */
const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: one('layer' as const), layer: imageLayer, from: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: one('merge' as const), kind: fc.constantFrom('Add', 'Concatenate'), a: fc.nat(), b: fc.nat() }) },
);

const extras = fc.record({ name: fc.option(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { nil: undefined, freq: 3 }), frozen: fc.boolean() });

/** A valid project (analyzeGraph ok) built from the steps above. */
export const validGraph: fc.Arbitrary<Project> = fc
  .record({
    shape: fc.tuple(fc.integer({ min: 4, max: 9 }), fc.integer({ min: 4, max: 9 }), fc.integer({ min: 1, max: 4 })),
    twoInputs: fc.boolean(),
    steps: fc.array(step, { minLength: 1, maxLength: 7 }),
    head,
    extras: fc.array(extras, { minLength: 12, maxLength: 12 }),
    modelName: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/),
  })
  .map(({ shape, twoInputs, steps, head: tail, extras: ex, modelName }) => {
    const nodes: GraphNode[] = [{ id: 'in_a', kind: 'Input', params: { shape: [...shape] }, position: { x: 0, y: 0 } }];
    if (twoInputs) nodes.push({ id: 'in_b', kind: 'Input', params: { shape: [...shape] }, position: { x: 200, y: 0 } });
    const edges: GraphEdge[] = [];
    const add = (kind: string, params: Record<string, unknown>, inputs: string[]) => {
      const i = nodes.length;
      const id = `n${i}`;
      const x = ex[i % ex.length]!;
      const node: GraphNode = { id, kind, params, position: { x: 0, y: 100 * i } };
      if (x.name !== undefined) node.name = `${x.name}_${i}`;
      if (x.frozen && kind !== 'Input') node.trainable = false;
      nodes.push(node);
      inputs.forEach((source, k) => edges.push({ id: `e${edges.length + 1}`, source, sourcePort: 'out', target: id, targetPort: inputs.length > 1 || kind === 'Add' || kind === 'Concatenate' ? `in${k}` : 'in' }));
      return id;
    };
    for (const s of steps) {
      const pick = (k: number) => nodes[k % nodes.length]!.id;
      if (s.type === 'layer') add(s.layer.kind, s.layer.params, [pick(s.from)]);
      else add(s.kind, {}, [pick(s.a), pick(s.b)]);
    }
    let last = nodes[nodes.length - 1]!.id;
    for (const h of tail) last = add(h.kind, h.params, [last]);
    return { schemaVersion: 1 as const, name: modelName, nodes, edges, groups: [] };
  })
  .filter((p) => analyzeGraph(p).ok);
