// The catalog as a whole: every kind has a table test in this folder, a schema whose defaults
// validate and whose fields are labelled, Keras' automatic name prefix (checked against the name
// tfjs gives the same class), and a node-face summary and explanation on a default layer.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { LAYERS } from '../../../shared/layers/index.ts';
import { createLayer } from '../../../shared/compile/toTfjs.ts';
import { LayerError } from '../../../shared/diagnostics.ts';
import { tf } from './harness.ts';

const dir = new URL('.', import.meta.url);
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'))
  .join('\n');

/** The description of a schema field, looking through .default() and similar wrappers. */
function describedAs(schema: z.ZodType): string | undefined {
  let s: z.ZodType | undefined = schema;
  while (s) {
    if (s.description) return s.description;
    s = (s as unknown as { _zod: { def: { innerType?: z.ZodType } } })._zod.def.innerType;
  }
  return undefined;
}

/** A default layer's output on the first input that suits it (image, then vector). */
function tryShapes(def: (typeof LAYERS)[keyof typeof LAYERS], p: never) {
  for (const x of [[9, 9, 4], [12]]) {
    const ins = Array.from({ length: Math.max(1, def.inputs.min) }, () => x);
    try {
      return { ins, out: def.inferShape(p, ins) };
    } catch (e) {
      if (!(e instanceof LayerError)) throw e;
    }
  }
  throw new Error(`${def.kind}: no default input works`);
}

describe.each(Object.entries(LAYERS))('%s', (key, def) => {
  it('has a table test in test/shared/layers', () => {
    const declared = key === 'Input' ? /describe\('Input equals tfjs'/ : new RegExp(`tableFor\\('${key}'`);
    expect(sources).toMatch(declared);
  });

  it('is registered under its Keras class name with valid, labelled defaults', () => {
    expect(def.kind).toBe(key);
    expect(def.namePrefix).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(def.inputs.min).toBeLessThanOrEqual(def.inputs.max);
    expect(def.params.safeParse({}).success).toBe(true);
    for (const [field, schema] of Object.entries(def.params.shape)) {
      expect(describedAs(schema as z.ZodType), `${key}.${field} has no label`).toBeTruthy();
    }
  });

  it('summarizes and explains a default layer', () => {
    const p = def.params.parse({}) as never;
    const { ins, out } = tryShapes(def, p);
    expect(typeof def.summarize(p)).toBe('string');
    expect(def.macs(p, ins, out)).toBeGreaterThanOrEqual(0);
    const count = def.paramCount(p, ins, out);
    expect(Number.isInteger(count.trainable) && Number.isInteger(count.nonTrainable)).toBe(true);
    for (const line of def.explain?.(p, ins, out) ?? []) expect(line).toMatch(/\d/);
  });

  // tfjs names an unnamed layer after its class, snake-cased as Keras does it, plus a uid
  // (`conv2d_Conv2D1`).
  it.skipIf(key === 'Input')('uses the name prefix tfjs derives from the class name', () => {
    const spec = def.tfjs(def.params.parse({}) as never);
    const layer = createLayer(tf, spec, undefined as unknown as string);
    const expected = key === 'Activation' && spec.factory === 'leakyReLU' ? 'leaky_re_lu' : def.namePrefix;
    expect(layer.name).toMatch(new RegExp(`^${expected}_[A-Za-z0-9]*\\d$`));
    expect(layer.name.slice(expected.length + 1).toLowerCase()).toMatch(new RegExp(`^${layer.getClassName().toLowerCase()}\\d+$`));
  });
});
