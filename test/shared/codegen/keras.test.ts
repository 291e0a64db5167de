import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import type { ProjectInput } from '../../../shared/graph/schema.ts';
import { emitKeras, type Strategy } from '../../../shared/codegen/keras.ts';
import { templateLibrary, templateProjects } from './templateProjects.ts';
import { customs, editedResnet } from './fixtures.ts';
import { makeTempDir } from './tempDir.ts';
import { pyCompile, recordKeras, type PyRecord, type ToolResult } from './generated.ts';

const library = templateLibrary();
const templates = templateProjects(library);
const cases = [...templates, { id: 'customs', project: customs }, { id: 'resnet50_edited', project: editedResnet(templates.find((c) => c.id === 'resnet50')!.project) }];

type LayerRecord = Extract<PyRecord, { class: string }>;

/** Python's view of a value after JSON: tuples are lists. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

/**
 * The layers tfjs builds for the graph, in Keras' own serialization (model.toJSON(): Keras
 * class names and snake_case argument names) - the reference the Python calls are held to.
 */
function kerasReference(project: ProjectInput) {
  const model = compileToTfjs(tf, project);
  const json = model.toJSON(null, false) as { config: { layers: Array<{ class_name: string; name: string; config: Record<string, unknown>; inbound_nodes: unknown[][][] }> } };
  model.dispose();
  return json.config.layers.map((l) => ({
    className: l.class_name === 'InputLayer' ? 'Input' : l.class_name,
    name: l.name,
    config: l.config,
    inputs: (l.inbound_nodes[0] ?? []).map((n) => n[0] as string),
  }));
}

const sources = new Map<string, string>();
for (const c of cases) sources.set(c.id, emitKeras(c.project, { blocks: library }));
const STRATEGIES: Strategy[] = ['default', 'mirrored', 'multiworker'];
const happy = cases.find((c) => c.id === 'happy_model')!;
for (const s of STRATEGIES) {
  sources.set(`happy_${s}`, emitKeras(happy.project, { strategy: s, training: { optimizer: 'rmsprop', learningRate: 0.01, epochs: 3, batchSize: 8 } }));
}

describe('emitKeras', () => {
  const tmp = makeTempDir('codegen-py');
  const files = new Map([...sources.keys()].map((k) => [k, join(tmp.dir, `${k}.py`)]));
  let compiled: ToolResult;
  let recorded: ReturnType<typeof recordKeras>;

  beforeAll(() => {
    for (const [k, text] of sources) writeFileSync(files.get(k)!, text);
    compiled = pyCompile([...files.values()]);
    recorded = recordKeras([...files.values()]);
  });
  afterAll(() => tmp.remove());

  it('every module parses with python3 -m py_compile', () => {
    expect(compiled.output).toBe('');
    expect(compiled.status).toBe(0);
  });

  it('every module runs main() against the recording TensorFlow', () => {
    expect(recorded.result.status, recorded.result.output).toBe(0);
    expect(Object.keys(recorded.records)).toHaveLength(files.size);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s: the layers it builds are our layers, with tfjs\' Keras arguments', (id, c) => {
    const records = recorded.records[files.get(id)!]!;
    const layers = records.filter((r): r is LayerRecord => 'class' in r);
    const reference = kerasReference(c.project);
    // Same layers, classes and wiring, in an order where every input comes first.
    expect(layers.map((l) => l.kwargs.name).sort()).toEqual(reference.map((r) => r.name).sort());
    const seen = new Set<string>();
    for (const l of layers) {
      const ref = reference.find((r) => r.name === l.kwargs.name)!;
      expect(l.class, ref.name).toBe(ref.className);
      expect(l.inputs, ref.name).toEqual(ref.inputs);
      for (const input of l.inputs) expect(seen.has(input), `${ref.name} uses ${input} before it exists`).toBe(true);
      seen.add(ref.name);
      // Every argument written is one tfjs serializes under the same Keras name, with the same value.
      for (const [key, value] of Object.entries(l.kwargs)) {
        if (key === 'name') continue;
        if (ref.className === 'Input') {
          expect(key).toBe('shape');
          expect(value).toEqual((ref.config.batch_input_shape as unknown[]).slice(1));
          continue;
        }
        expect(Object.keys(ref.config), `${ref.name}: ${key}`).toContain(key);
        // tfjs serializes Reshape's -1 as null (it rewrites the array); Keras keeps -1.
        const expected = ref.className === 'Reshape' && key === 'target_shape' ? (ref.config[key] as unknown[]).map((d) => d ?? -1) : ref.config[key];
        expect(value, `${ref.name}.${key}`).toEqual(plain(expected));
      }
    }
    const model = records.find((r): r is Extract<PyRecord, { model: string }> => 'model' in r)!;
    expect(model.model).toBe((c.project.name ?? 'model').replace(/[^A-Za-z0-9_.\-/]/g, '_'));
  });

  it.each(STRATEGIES.map((s) => [s]))('strategy %s: the model is built and compiled inside strategy.scope()', (s) => {
    const records = recorded.records[files.get(`happy_${s}`)!]!;
    const kinds = records.map((r) => Object.keys(r).find((k) => ['strategy', 'scope', 'model', 'compile', 'summary'].includes(k)) ?? 'layer');
    const condensed = kinds.filter((k, i) => k !== 'layer' || kinds[i - 1] !== 'layer');
    expect(condensed).toEqual(['strategy', 'scope', 'layer', 'model', 'compile', 'scope', 'summary']);
    expect(records[0]).toEqual({ strategy: { default: 'default', mirrored: 'MirroredStrategy', multiworker: 'MultiWorkerMirroredStrategy' }[s] });
    const compile = records.find((r): r is Extract<PyRecord, { compile: unknown }> => 'compile' in r)!.compile;
    expect(compile).toEqual({ optimizer: { class: 'RMSprop', kwargs: { learning_rate: 0.01, momentum: 0.9 } }, loss: 'binary_crossentropy', metrics: ['accuracy'] });
    expect(sources.get(`happy_${s}`)).toContain('return model.fit(xs, ys, epochs=3, batch_size=8, validation_split=0.2)');
  });
});
