import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createLayer } from '../../../shared/compile/toTfjs.ts';
import { LAYERS } from '../../../shared/layers/index.ts';
import { ACTIVATIONS } from '../../../shared/layers/common.ts';
import type { LayerDef } from '../../../shared/layers/types.ts';
import { kerasClassName, prunedConfig } from '../../../shared/codegen/layerSpecs.ts';
import { templateProjects } from './templateProjects.ts';

/** Alternative values to try for a parameter; the kind's schema keeps the valid ones. */
function candidates(v: unknown): unknown[] {
  if (typeof v === 'boolean') return [!v];
  if (typeof v === 'number') return [v + 1, v * 2, v / 2, 1, 0, 3];
  if (typeof v === 'string') return ['same', 'valid', ...ACTIVATIONS];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return [v.map((x) => x + 1), v.map(() => 1), v.map(() => 3), v.map((x, i) => x + i + 1)];
  if (Array.isArray(v) && v.every(Array.isArray)) return [v.map((p: number[]) => p.map((x) => x + 1)), v.map((p: number[], i) => p.map((x, j) => x + i + 2 * j))];
  if (v === null) return [6, 0.5];
  return [];
}

/** Defaults, one-parameter variations of them, and every configuration the templates use. */
function variants(def: LayerDef): Record<string, unknown>[] {
  const base = def.params.parse({}) as Record<string, unknown>;
  const out = [base];
  for (const [key, value] of Object.entries(base)) {
    for (const c of candidates(value)) {
      const parsed = def.params.safeParse({ ...base, [key]: c });
      if (parsed.success) out.push(parsed.data as Record<string, unknown>);
    }
  }
  for (const t of templateProjects()) {
    for (const n of t.project.nodes) {
      if (n.kind === def.kind) out.push(def.params.parse(n.params) as Record<string, unknown>);
    }
  }
  return out;
}

const kinds = Object.values(LAYERS as Record<string, LayerDef>).filter((d) => d.kind !== 'Input');

describe('generated code leaves out exactly the arguments equal to tfjs defaults', () => {
  it.each(kinds.map((d) => [d.kind, d] as const))('%s: the pruned config builds the same layer as the full one', (_kind, def) => {
    const configs = variants(def);
    // Kinds with parameters are tried with variations of each.
    if (Object.keys(configs[0]!).length > 0) expect(configs.length).toBeGreaterThan(Object.keys(configs[0]!).length);
    for (const p of configs) {
      const spec = def.tfjs(p as never);
      const full = createLayer(tf, spec, 'layer_under_test');
      const pruned = createLayer(tf, { factory: spec.factory, config: prunedConfig(spec) }, 'layer_under_test');
      expect(pruned.getConfig(), `${def.kind} ${JSON.stringify(p)}`).toEqual(full.getConfig());
      // The Keras class the Python export writes is the class tfjs serializes the layer as.
      expect(kerasClassName(spec), def.kind).toBe(full.getClassName());
    }
  });

  it('leaves out strides that equal the pool size, and only then', () => {
    expect(prunedConfig({ factory: 'maxPooling2d', config: { poolSize: [3, 3], strides: [3, 3], padding: 'valid' } })).toEqual({ poolSize: [3, 3] });
    expect(prunedConfig({ factory: 'maxPooling2d', config: { poolSize: [3, 3], strides: [2, 2], padding: 'valid' } })).toEqual({ poolSize: [3, 3], strides: [2, 2] });
    expect(prunedConfig({ factory: 'maxPooling2d', config: { poolSize: [2, 2], strides: [2, 2], padding: 'same' } })).toEqual({ padding: 'same' });
  });
});
