import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.ts';
import { memoryIO } from '../../../electron/cli/io.ts';
import { emitKeras } from '../../../shared/codegen/keras.ts';
import { emitTypeScript } from '../../../shared/codegen/typescript.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { writeCheckpoint } from '../../../electron/trainer/checkpoint.ts';
import { readKerasH5 } from '../../../electron/import/h5.ts';
import { tiny } from './fixtures.ts';
import { templateLibrary, templateProjects } from './templateProjects.ts';
import { makeTempDir } from './tempDir.ts';

const library = templateLibrary();
const happy = templateProjects(library).find((c) => c.id === 'happy_model')!;

describe('netwright export', () => {
  const tmp = makeTempDir('export-cli');
  afterAll(() => tmp.remove());

  it('writes the TypeScript module for a template to -o', async () => {
    const io = memoryIO();
    const out = join(tmp.dir, 'nested', 'model.ts');
    expect(await main(['export', 'happy_model', '--lang', 'ts', '-o', out], io)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(emitTypeScript(happy.project, { blocks: library }));
    expect(io.stderr.join('\n')).toContain(`wrote ${out}`);
  });

  it('prints Keras code with the chosen strategy and training flags to stdout', async () => {
    const io = memoryIO();
    const code = await main(['export', 'happy_model', '--lang', 'keras', '--strategy', 'multiworker', '--epochs', '3', '--optimizer', 'sgd'], io);
    expect(code).toBe(0);
    const expected = emitKeras(happy.project, { blocks: library, strategy: 'multiworker', training: { epochs: 3, optimizer: 'sgd' } });
    expect(`${io.stdout.join('\n')}\n`).toBe(expected);
    expect(expected).toContain('tf.distribute.MultiWorkerMirroredStrategy()');
    expect(expected).toContain('tf.keras.optimizers.SGD(learning_rate=0.001)');
  });

  it('reads training settings from a file, flags winning', async () => {
    const settings = join(tmp.dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({ optimizer: 'adam', learningRate: 0.05, epochs: 7, batchSize: 16 }));
    const io = memoryIO();
    expect(await main(['export', 'happy_model', '--lang', 'ts', '--training', settings, '--epochs', '2'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('tf.train.adam(0.05)');
    expect(text).toContain('{ epochs: 2, batchSize: 16, validationSplit: 0.2 }');
  });

  it.each([
    [['export', 'happy_model'], /usage: netwright export/],
    [['export', 'happy_model', '--lang', 'java'], /--lang must be ts or keras; received "java"/],
    [['export', 'happy_model', '--lang', 'ts', '--strategy', 'mirrored'], /--strategy applies to --lang keras only/],
    [['export', 'happy_model', '--lang', 'keras', '--strategy', 'tpu'], /--strategy must be one of default, mirrored, multiworker; received "tpu"/],
    [['export', 'happy_model', '--lang', 'ts', '--epochs', 'ten'], /--epochs expects a number; received "ten"/],
    [['export', 'no_such_model', '--lang', 'ts'], /no_such_model: no such file, and no template of that name/],
    [['export', 'happy_model', '--lang', 'ts', '--optimizer', 'adamw'], /training options: optimizer/],
  ])('%j fails with a clear message', async (argv, message) => {
    const io = memoryIO();
    expect(await main(argv as string[], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
  });

  it('refuses a graph with errors, listing them (exit code 1)', async () => {
    const io = memoryIO();
    expect(await main(['export', 'resnet50', '--lang', 'ts', '--input', '32x32x3'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/KERNEL_TOO_LARGE at node "avg_pool"/);
  });
});

describe('netwright export of a trained model', () => {
  const tmp = makeTempDir('export-trained');
  afterAll(() => tmp.remove());

  it('writes model.ts with model.json + weights.bin that tfjs loads, giving the trained outputs', async () => {
    // A finished run as the trainer leaves it: run.json with the graph, the latest checkpoint.
    const run = join(tmp.dir, 'runs', 'run1');
    mkdirSync(run, { recursive: true });
    const trained = compileToTfjs(tf, tiny);
    trained.setWeights(trained.getWeights().map((w, i) => tf.randomUniform(w.shape, -1, 1, 'float32', 40 + i)));
    await writeCheckpoint(tf, trained, run, { epoch: 3, classes: ['0', '1'], inputShape: [8, 8, 1], loss: 'binaryCrossentropy', history: [] });
    writeFileSync(join(run, 'run.json'), JSON.stringify({ id: 'run1', status: 'done', project: tiny, curves: [] }));

    const out = join(tmp.dir, 'out', 'model.ts');
    const io = memoryIO();
    expect(await main(['export', run, '--lang', 'ts', '-o', out], io), io.stderr.join('\n')).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(emitTypeScript(tiny, { trainedModel: 'model.json' }));
    expect(readdirSync(dirname(out)).sort()).toEqual(['model.json', 'model.ts', 'weights.bin']);

    // tfjs itself loads it over HTTP, through the module's own loadTrainedModel().
    const server = createServer((req, res) => {
      const name = (req.url ?? '/').slice(1);
      if (name !== 'model.json' && name !== 'weights.bin') return void res.writeHead(404).end();
      res.writeHead(200).end(readFileSync(join(dirname(out), name)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const mod = (await import(pathToFileURL(out).href)) as { loadTrainedModel: (url?: string) => Promise<tf.LayersModel>; buildModel: () => tf.LayersModel };
    const loaded = await mod.loadTrainedModel(`http://127.0.0.1:${port}/model.json`).finally(() => server.close());
    const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 2);
    const [a, b] = [trained.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    expect(loaded.layers.map((l) => l.name)).toEqual(mod.buildModel().layers.map((l) => l.name));
    tf.dispose([x, a, b]);
    trained.dispose();
    loaded.dispose();
  });

  it('refuses weights that do not fit the graph, naming the layer', async () => {
    const other = { ...tiny, nodes: tiny.nodes.map((n) => (n.id === 'c' ? { ...n, params: { filters: 3, kernelSize: [3, 3] } } : n)) };
    const dir = join(tmp.dir, 'other');
    const model = compileToTfjs(tf, other);
    await writeCheckpoint(tf, model, dir, { epoch: 1, classes: [], inputShape: [8, 8, 1], loss: 'binaryCrossentropy', history: [] });
    model.dispose();
    const io = memoryIO();
    expect(await main(['export', 'happy_model', '--lang', 'ts', '-o', join(tmp.dir, 'x', 'model.ts'), '--weights', dir], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/the weight files hold nothing for layer "conv0"|does not fit the graph/);
    const io2 = memoryIO();
    expect(await main(['export', 'happy_model', '--lang', 'keras', '-o', join(tmp.dir, 'x', 'model.py'), '--weights', dir], io2)).toBe(2);
    expect(io2.stderr.join('\n')).toMatch(/the weight files hold nothing for layer "conv0"|does not fit the graph/);
  });

  it('asks for -o FILE when trained weights are exported, for either language', async () => {
    for (const [lang, wanted] of [['ts', /-o FILE \(model\.json and weights\.bin/], ['keras', /-o FILE\.py \(FILE\.weights\.h5/]] as const) {
      const io = memoryIO();
      expect(await main(['export', 'happy_model', '--lang', lang, '--weights', tmp.dir], io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(wanted);
    }
  });

  it('writes model.py and model.weights.h5 for --lang keras, the module loading that file', async () => {
    const run = join(tmp.dir, 'runs', 'run-keras');
    mkdirSync(run, { recursive: true });
    const trained = compileToTfjs(tf, tiny);
    trained.setWeights(trained.getWeights().map((w, i) => tf.randomUniform(w.shape, -1, 1, 'float32', 80 + i)));
    await writeCheckpoint(tf, trained, run, { epoch: 1, classes: ['0', '1'], inputShape: [8, 8, 1], loss: 'binaryCrossentropy', history: [] });
    writeFileSync(join(run, 'run.json'), JSON.stringify({ id: 'run-keras', status: 'done', project: tiny, curves: [] }));
    const out = join(tmp.dir, 'out-keras', 'model.py');
    const io = memoryIO();
    expect(await main(['export', run, '--lang', 'keras', '-o', out], io), io.stderr.join('\n')).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(emitKeras(tiny, { trainedWeights: 'model.weights.h5' }));
    expect(readdirSync(dirname(out)).sort()).toEqual(['model.py', 'model.weights.h5']);
    const h5 = await readKerasH5(new Uint8Array(readFileSync(join(dirname(out), 'model.weights.h5'))), 'model.weights.h5');
    const kernel = trained.layers.find((l) => l.weights.length > 0)!;
    expect(Array.from(h5.layerWeights.get(kernel.name)![0]!.values)).toEqual(Array.from(kernel.weights[0]!.read().dataSync()));
    trained.dispose();
  });
});
