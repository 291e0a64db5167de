import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { importModelJson, type ImportResult } from '../../../shared/import/index.ts';
import { importModelFile } from '../../../electron/import/importModel.ts';
import { templateLibrary, templateProjects } from '../../shared/codegen/templateProjects.ts';
import { makeTempDir } from '../../shared/codegen/tempDir.ts';
import { writeKerasH5 } from './kerasFormats.ts';

const templates = templateProjects(templateLibrary());

/** An import either succeeds with a graph free of errors, or fails with a located, plain message. */
function expectResultOrClearError(r: ImportResult): void {
  if (r.ok) {
    expect(analyzeGraph(r.model.project).ok).toBe(true);
    return;
  }
  expect(typeof r.error.path).toBe('string');
  expect(r.error.message.length).toBeGreaterThan(0);
  expect(r.error.message).not.toMatch(/^internal error/);
}

/** tfjs' model.json (topology + manifest) and weight bytes for a template. */
async function savedModel(id: string): Promise<{ json: Record<string, unknown>; weights: Uint8Array }> {
  const model = compileToTfjs(tf, templates.find((c) => c.id === id)!.project);
  let out!: { json: Record<string, unknown>; weights: Uint8Array };
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      out = { json: { format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }, weights: new Uint8Array(a.weightData as ArrayBuffer) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return out;
}

/** Every [path, value] position inside a JSON value, for mutation. */
function positions(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => positions(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) positions(v, [...path, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

/** Values a hostile file puts where a model expects something else. */
const hostileValue = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -1, 0, 0.5, 1e9, '', '../../etc/passwd', 'Lambda', null, true, [], {}, [null], [[1, 2], [3]], { class_name: '__tuple__', items: [1e308] }),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('hostile model files give a graph or a clear error, never a crash', () => {
  const tmp = makeTempDir('import-hostile');
  let happy: Awaited<ReturnType<typeof savedModel>>;
  let block: Awaited<ReturnType<typeof savedModel>>;
  beforeAll(async () => {
    happy = await savedModel('happy_model');
    block = await savedModel('resnet_identity_block');
  });
  afterAll(() => tmp.remove());

  it('any JSON value', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (v) => expectResultOrClearError(await importModelJson(JSON.stringify(v) ?? 'null'))), { numRuns: 300 });
  });

  it('a real model.json with one value anywhere replaced by a wrong type or a huge number', async () => {
    const targets = [happy.json, block.json, (happy.json as { modelTopology: unknown }).modelTopology as Record<string, unknown>];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.nat(), hostileValue, async (json, pick, value) => {
        const all = positions(json);
        const mutated = setAt(json, all[pick % all.length]!, value);
        expectResultOrClearError(await importModelJson(JSON.stringify(mutated)));
      }),
      { numRuns: 200 },
    );
  });

  it('__proto__, constructor and prototype keys anywhere are refused, and nothing is polluted', async () => {
    const text = JSON.stringify(happy.json);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.nat(), async (key, pick) => {
        const at = [...text.matchAll(/\{/g)].map((m) => m.index);
        const i = at[pick % at.length]!;
        const empty = text[i + 1] === '}';
        const evil = `${text.slice(0, i + 1)}"${key}": {"polluted": true, "isAdmin": true}${empty ? '' : ', '}${text.slice(i + 1)}`;
        const r = await importModelJson(evil);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.error.message).toContain(`refusing key "${key}"`);
        expect(({} as Record<string, unknown>).polluted).toBe(undefined);
      }),
      { numRuns: 60 },
    );
  });

  it('names the numbers that are out of range', async () => {
    const json = structuredClone(happy.json) as { modelTopology: { config: { layers: Array<{ name: string; config: Record<string, unknown> }> } } };
    json.modelTopology.config.layers.find((l) => l.name === 'conv0')!.config.filters = 1e308;
    const r = await importModelJson(JSON.stringify(json));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.path).toBe('modelTopology.config.layers[2].config.filters');
    expect(!r.ok && r.error.message).toMatch(/Conv2D "conv0": filters .*received 1e\+308/);
  });

  it('refuses Lambda layers and unknown classes by name, without running anything', async () => {
    for (const [cls, message] of [
      ['Lambda', /layer "conv0" is a Lambda layer: it holds Python code, which Netwright never runs/],
      ['GRU', /layer "conv0" has class "GRU", which Netwright does not know/],
      ['Functional', /layer "conv0" is a whole Functional model nested inside this one/],
    ] as const) {
      const json = structuredClone(happy.json) as { modelTopology: { config: { layers: Array<{ name: string; class_name: string; config: Record<string, unknown> }> } } };
      const layer = json.modelTopology.config.layers.find((l) => l.name === 'conv0')!;
      layer.class_name = cls;
      layer.config.function = ['import os; os.system("touch /tmp/pwned")', null, null];
      const r = await importModelJson(JSON.stringify(json));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.message).toMatch(message);
    }
  });

  it('never reads weight files outside the model folder (../, absolute, URLs, backslashes, links)', async () => {
    const root = join(tmp.dir, 'paths');
    const folder = join(root, 'model');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    // Weights that would import fine - if they were read - sit outside the folder.
    writeFileSync(join(root, 'outside.bin'), happy.weights);
    writeFileSync(join(folder, 'sub', 'inside.bin'), happy.weights);
    symlinkSync(join(root, 'outside.bin'), join(folder, 'link.bin'));
    const evil = fc.oneof(
      fc.constantFrom('../outside.bin', `${root}/outside.bin`, 'sub/../../outside.bin', './../outside.bin', '..\\outside.bin', 'file:///etc/passwd', 'http://example.com/w.bin', 'C:\\w.bin', 'link.bin', '..', '.', '', 'sub\u0000.bin'),
      fc.tuple(fc.array(fc.constantFrom('sub', '.', '..', 'x'), { minLength: 1, maxLength: 4 }), fc.constant('outside.bin')).map(([segs, f]) => [...segs, '..', '..', f].join('/')),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(evil, async (p) => {
        const json = structuredClone(happy.json) as { weightsManifest: Array<{ paths: string[] }> };
        json.weightsManifest[0]!.paths = [p];
        const file = join(folder, `model${n++}.json`);
        writeFileSync(file, JSON.stringify(json));
        const r = await importModelFile(file);
        expect(r.ok, p).toBe(false);
        expect(!r.ok && r.error.message, p).toMatch(/only read from the model's own folder|does not exist in|is not a file|cannot read/);
      }),
      { numRuns: 100 },
    );
    // The same file with its weights inside the folder imports.
    const json = structuredClone(happy.json) as { weightsManifest: Array<{ paths: string[] }> };
    json.weightsManifest[0]!.paths = ['sub/inside.bin'];
    writeFileSync(join(folder, 'ok.json'), JSON.stringify(json));
    const ok = await importModelFile(join(folder, 'ok.json'));
    expect(ok.ok && ok.model.weights?.size).toBe(3);
  });

  it('weight files that do not match the manifest (too short, too long)', async () => {
    const folder = join(tmp.dir, 'sizes');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'model.json'), JSON.stringify(happy.json));
    for (const [bytes, message] of [
      [happy.weights.subarray(0, happy.weights.length - 4), /needs bytes .* but weights.bin hold only/],
      [new Uint8Array([...happy.weights, 1, 2, 3, 4]), /hold 150536 bytes, but the manifest describes 150532/],
    ] as const) {
      writeFileSync(join(folder, 'weights.bin'), bytes);
      const r = await importModelFile(join(folder, 'model.json'));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.message).toMatch(message);
    }
  });

  it('50 MB of junk, of brackets, and of layers', async () => {
    const cases: Array<[string, Uint8Array | string, RegExp]> = [
      ['junk.bin', randomBytes(50 * 1024 * 1024), /not UTF-8 text|not valid JSON/],
      ['brackets.json', '['.repeat(50 * 1024 * 1024), /nested more than 200 levels deep/],
      ['layers.json', JSON.stringify({ class_name: 'Functional', config: { name: 'm', layers: Array.from({ length: 400_000 }, (_, i) => ({ class_name: 'Dense', name: `d${i}`, config: { units: 1 } })) } }), /<=20000 items/],
      ['deep.json', `{"class_name":"Functional","config":{"name":"m","layers":[{"class_name":"Dense","name":"d","config":{"units":${'['.repeat(100_000)}1${']'.repeat(100_000)}}}]}}`, /nested more than 200 levels/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(tmp.dir, name);
      writeFileSync(file, content);
      const r = await importModelFile(file);
      expect(r.ok, name).toBe(false);
      expect(!r.ok && r.error.message, name).toMatch(message);
    }
  });

  it('HDF5: junk behind a valid signature, and a real .h5 with bytes flipped', async () => {
    const model = compileToTfjs(tf, templates.find((c) => c.id === 'happy_model')!.project);
    const valid = await writeKerasH5(model.toJSON(null, false) as Record<string, unknown>, model.layers.map((l) => ({ name: l.name, weights: l.weights.map((w) => ({ name: `${w.originalName}:0`, shape: w.shape as number[], values: w.read().dataSync() as Float32Array })) })));
    model.dispose();
    const signature = valid.subarray(0, 8);
    const file = join(tmp.dir, 'fuzz.h5');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 0, maxLength: 4096 }).map((b) => new Uint8Array([...signature, ...b])),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }).map((flips) => {
            const b = new Uint8Array(valid);
            for (const [at, v] of flips) b[at % b.length] = v;
            return b;
          }),
        ),
        async (bytes) => {
          writeFileSync(file, bytes);
          expectResultOrClearError(await importModelFile(file));
        },
      ),
      { numRuns: 60 },
    );
    // h5wasm is still usable afterwards.
    writeFileSync(file, valid);
    const r = await importModelFile(file);
    expect(r.ok).toBe(true);
  });
});
