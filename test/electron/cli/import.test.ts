// `netwright import` on real files: a tfjs model.json with weight shards saved by tfjs itself, the
// same model's Keras to_json() text and a Keras .h5 holding it, each imported and checked against
// tfjs' own parameter count and `netwright summary`; then `netwright export --weights` of the
// imported project and an import of what it wrote; refusals (Lambda, junk, existing output).
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../../electron/cli/io.ts';
import { main } from '../../../electron/cli/main.ts';
import { BACKUP_DIR } from '../../../electron/backend/atomicWrite.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { parseProject } from '../../../shared/graph/load.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { templateLibrary, templateProjects } from '../../shared/codegen/templateProjects.ts';
import { makeTempDir } from '../../shared/codegen/tempDir.ts';
import { readKerasModel } from '../../../shared/import/kerasModel.ts';
import { keras3SavingPaths } from '../../../shared/import/keras3Weights.ts';
import { toKeras3, writeKeras3WeightsH5, writeKerasH5 } from '../import/kerasFormats.ts';
import { writeZip } from '../import/zipFixture.ts';
import { graphSignature } from '../import/signature.ts';
import { saveTfjsModel } from '../import/tfjsFiles.ts';

async function run(...argv: string[]) {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, stdout: io.stdout, err: io.stderr.join('\n') };
}

/** The last stdout line, parsed: the command's JSON result. */
function lastJson(stdout: string[]): Record<string, unknown> {
  expect(stdout.length).toBeGreaterThan(0);
  return JSON.parse(stdout.at(-1)!) as Record<string, unknown>;
}

/** `netwright summary <file>`'s Total params, as a number. */
async function summaryTotal(target: string): Promise<number> {
  const r = await run('summary', target);
  expect(r.code, r.err).toBe(0);
  const m = /Total params: ([\d,]+)/.exec(r.stdout.join('\n'));
  expect(m, r.stdout.join('\n')).not.toBe(null);
  return Number(m![1]!.replace(/,/g, ''));
}

const projects = new Map(templateProjects(templateLibrary()).map((c) => [c.id, c.project]));

describe('netwright import', () => {
  const tmp = makeTempDir('cli-import');
  let happy: Project;
  let model: tf.LayersModel;
  let modelJson: string;
  beforeAll(async () => {
    happy = projects.get('happy_model')!;
    model = compileToTfjs(tf, happy);
    modelJson = await saveTfjsModel(model, join(tmp.dir, 'tfjs'));
  });
  afterAll(() => {
    model.dispose();
    tmp.remove();
  });

  it('a tfjs model.json with weights: the project file, one JSON line, the totals of tfjs and of netwright summary', async () => {
    const out = join(tmp.dir, 'out', 'happy.json');
    const r = await run('import', modelJson, '-o', out);
    expect(r.code, r.err).toBe(0);
    const json = lastJson(r.stdout);
    expect(json).toMatchObject({ project: out, name: happy.name, format: 'tfjs-layers', layers: happy.nodes.length, weights: true, ignored: [] });
    expect(json.params).toBe(model.countParams());
    expect(json.params).toBe(await summaryTotal('happy_model'));
    expect(await summaryTotal(out)).toBe(json.params);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain(`${happy.nodes.length} layers, ${model.countParams().toLocaleString('en-US')} params`);
    const loaded = parseProject(readFileSync(out, 'utf8'));
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(graphSignature(loaded.project)).toEqual(graphSignature(happy));
  });

  it('netwright export --weights of the imported project writes a model.json that imports back to the same graph', async () => {
    const project = join(tmp.dir, 'out', 'happy.json');
    const code = join(tmp.dir, 'exported', 'model.ts');
    const e = await run('export', project, '--lang', 'ts', '-o', code, '--weights', modelJson);
    expect(e.code, e.err).toBe(0);
    const again = join(tmp.dir, 'out', 'again.json');
    const r = await run('import', join(tmp.dir, 'exported', 'model.json'), '-o', again);
    expect(r.code, r.err).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ format: 'tfjs-layers', weights: true, params: model.countParams() });
    const a = parseProject(readFileSync(again, 'utf8'));
    if (!a.ok) throw new Error(a.error.message);
    expect(graphSignature(a.project)).toEqual(graphSignature(happy));
  });

  it('a Keras to_json() file and a Keras .h5 of ResNet identity block (Add, BatchNorm)', async () => {
    const block = projects.get('resnet_identity_block')!;
    const m = compileToTfjs(tf, block);
    try {
      const kerasJson = join(tmp.dir, 'keras', 'block.json');
      mkdirSync(join(tmp.dir, 'keras'), { recursive: true });
      writeFileSync(kerasJson, m.toJSON(null, true) as string);
      const h5 = join(tmp.dir, 'keras', 'block.h5');
      const layers = m.layers.map((l) => ({ name: l.name, weights: l.weights.map((w) => ({ name: `${w.originalName}:0`, shape: w.shape as number[], values: w.read().dataSync() as Float32Array })) }));
      writeFileSync(h5, await writeKerasH5(m.toJSON(null, false) as Record<string, unknown>, layers));
      for (const [file, format, weights] of [[kerasJson, 'keras-json', false], [h5, 'keras-h5', true]] as const) {
        const out = join(tmp.dir, 'out', `block-${format}.json`);
        const r = await run('import', file, '-o', out);
        expect(r.code, `${format}: ${r.err}`).toBe(0);
        const json = lastJson(r.stdout);
        expect(json).toMatchObject({ format, weights, layers: block.nodes.length, params: m.countParams() });
        expect(await summaryTotal(out)).toBe(m.countParams());
      }
    } finally {
      m.dispose();
    }
  });

  it('a Keras 3 .keras of ResNet identity block, with its weights', async () => {
    const block = projects.get('resnet_identity_block')!;
    const m = compileToTfjs(tf, block);
    try {
      const config = toKeras3(m.toJSON(null, false) as Record<string, unknown>);
      // Saving paths by class (the naming itself is tested in test/electron/import/keras3.test.ts).
      const paths = keras3SavingPaths(readKerasModel(config));
      const weights = await writeKeras3WeightsH5(m.layers.map((l) => ({ path: paths.get(l.name)!, vars: l.getWeights().map((w) => ({ shape: w.shape, values: w.dataSync() as Float32Array })) })));
      const file = join(tmp.dir, 'keras3', 'block.keras');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, writeZip([{ name: 'config.json', data: new TextEncoder().encode(JSON.stringify(config)), deflate: true }, { name: 'model.weights.h5', data: weights }]));
      const out = join(tmp.dir, 'out', 'block-keras3.json');
      const r = await run('import', file, '-o', out);
      expect(r.code, r.err).toBe(0);
      expect(lastJson(r.stdout)).toMatchObject({ format: 'keras-v3', weights: true, layers: block.nodes.length, params: m.countParams() });
      expect(r.err).toContain('Keras 3 .keras');
      expect(await summaryTotal(out)).toBe(m.countParams());
    } finally {
      m.dispose();
    }
  });

  it('never replaces an existing file without --force; with --force keeps the old one as a backup', async () => {
    const out = join(tmp.dir, 'existing.json');
    writeFileSync(out, 'my own work');
    const refused = await run('import', modelJson, '-o', out);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/existing\.json exists; pass --force/);
    expect(refused.stdout).toEqual([]);
    expect(readFileSync(out, 'utf8')).toBe('my own work');
    const forced = await run('import', modelJson, '-o', out, '--force');
    expect(forced.code, forced.err).toBe(0);
    expect(parseProject(readFileSync(out, 'utf8')).ok).toBe(true);
    expect(readFileSync(join(tmp.dir, BACKUP_DIR, 'existing.json.1.bak'), 'utf8')).toBe('my own work');
  });

  it('refuses a Lambda layer naming the layer and the file, exit 1, no project written', async () => {
    const json = JSON.parse(readFileSync(modelJson, 'utf8')) as { modelTopology: { config: { layers: Array<{ name: string; class_name: string; config: Record<string, unknown> }> } } };
    const layer = json.modelTopology.config.layers.find((l) => l.name === 'conv0')!;
    layer.class_name = 'Lambda';
    layer.config.function = ['lambda x: x', null, null];
    const dir = join(tmp.dir, 'lambda');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'model.json');
    writeFileSync(file, JSON.stringify(json));
    copyFileSync(join(dirname(modelJson), 'group1-shard1of1.bin'), join(dir, 'group1-shard1of1.bin'));
    const out = join(dir, 'project.json');
    const r = await run('import', file, '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(file);
    expect(r.err).toMatch(/layer "conv0" is a Lambda layer/);
    const error = lastJson(r.stdout).error as { path: string; message: string };
    expect(error.path).toContain(file);
    expect(error.message).toMatch(/layer "conv0" is a Lambda layer/);
    expect(existsSync(out)).toBe(false);
  });

  it('says what is wrong with its arguments and files', async () => {
    const junk = join(tmp.dir, 'junk.json');
    writeFileSync(junk, '{"hello": 1}');
    const bad = await run('import', junk, '-o', join(tmp.dir, 'junk-out.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(junk);
    expect(existsSync(join(tmp.dir, 'junk-out.json'))).toBe(false);

    for (const [args, code, message] of [
      [['import'], 2, /name a model file/],
      [['import', modelJson], 2, /-o project\.json is required/],
      [['import', join(tmp.dir, 'none.json'), '-o', join(tmp.dir, 'x.json')], 2, /none\.json: no such file/],
      [['import', tmp.dir, '-o', join(tmp.dir, 'x.json')], 2, /is not a file/],
      [['import', modelJson, '-o', modelJson, '--force'], 2, /is the model file itself/],
      [['import', modelJson, modelJson, '-o', join(tmp.dir, 'x.json')], 2, /one model file at a time/],
      [['import', modelJson, '-o', join(tmp.dir, 'x.json'), '--layout-please'], 2, /Unknown option '--layout-please'/],
    ] as const) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.stdout, args.join(' ')).toEqual([]);
    }
    expect(statSync(modelJson).isFile()).toBe(true);
    const help = await run('import', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/^usage: netwright import/);
  });

  it('is listed in the command table', async () => {
    const r = await run('--help');
    expect(r.stdout.join('\n')).toMatch(/\n {2}import {5}turn a Keras JSON/);
  });
});
