/**
 * The code panel's channels against real files: code:generate gives exactly the CLI's text and a
 * statement map; a graph with errors gives the errors by layer; code:apply reads an edit back (and
 * marks what it cannot map); code:save writes atomically where asked (native dialog or path);
 * code:export-trained writes the module with a real run's weights, which tfjs loads (TypeScript)
 * or which the Keras weights file holds layer by layer (Python).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createCodeHandlers } from '../../electron/backend/code.ts';
import { readKerasH5 } from '../../electron/import/h5.ts';
import type { Dialogs } from '../../electron/backend/handlers.ts';
import { main } from '../../electron/cli/main.ts';
import { memoryIO } from '../../electron/cli/io.ts';
import { loadTemplate, TEMPLATES_DIR } from '../../electron/templates.ts';
import { writeCheckpoint } from '../../electron/trainer/checkpoint.ts';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { validateProject } from '../../shared/graph/load.ts';
import { tiny } from '../shared/codegen/fixtures.ts';
import { makeTempDir } from '../shared/codegen/tempDir.ts';

const tmp = makeTempDir('code-handlers');
afterAll(() => tmp.remove());
const runsDir = join(tmp.dir, 'user', 'runs');
mkdirSync(runsDir, { recursive: true });

function handlers(dialogs?: Dialogs) {
  return createCodeHandlers({ userDataDir: join(tmp.dir, 'user'), templatesDir: TEMPLATES_DIR, runsDir, home: tmp.dir, ...(dialogs ? { dialogs } : {}) });
}

function resnet(): Project {
  const r = loadTemplate('resnet50', {});
  if (!r.ok) throw new Error(r.message);
  return r.project;
}

async function cli(args: string[]): Promise<string> {
  const io = memoryIO();
  expect(await main(args, io), io.stderr.join('\n')).toBe(0);
  return io.stdout.join('\n');
}

const payload = (p: unknown) => p as Record<string, unknown>;

describe('code:generate', () => {
  it('gives the text netwright export writes, for both languages and the inline form', async () => {
    const h = handlers();
    for (const [lang, flags] of [['ts', []], ['keras', []], ['ts', ['--inline']], ['keras', ['--strategy', 'mirrored']]] as const) {
      const r = await h['code:generate']({ project: payload(resnet()), options: { lang, inline: flags.includes('--inline' as never), ...(flags.includes('mirrored' as never) ? { strategy: 'mirrored' } : {}) } });
      if (!r.ok) throw new Error(r.message);
      expect(r.code.replace(/\n$/, '')).toBe(await cli(['export', 'resnet50', '--lang', lang, ...flags]));
    }
  });

  it('maps the conv1 statement to the conv1 node and a helper call to its block', async () => {
    const project = resnet();
    const r = await handlers()['code:generate']({ project: payload(project), options: { lang: 'ts', inline: false } });
    if (!r.ok) throw new Error(r.message);
    const lines = r.code.split('\n');
    const conv1 = project.nodes.find((n) => n.name === 'conv1')!;
    const at = r.statements.find((s) => s.nodeIds.includes(conv1.id))!;
    expect(lines[at.line - 1]).toContain("name: 'conv1'");
    const call = r.statements.find((s) => lines[s.line - 1]!.includes('identityBlock(res2aConvBlock'))!;
    expect(call.nodeIds.length).toBe(10);
  });

  it('includes the training set-up when asked', async () => {
    const r = await handlers()['code:generate']({ project: payload(resnet()), options: { lang: 'ts', inline: false, training: { optimizer: 'adam', epochs: 3 } } });
    if (!r.ok) throw new Error(r.message);
    expect(r.code).toContain('export async function train(');
  });

  it('names the layers of a graph with errors instead of code', async () => {
    const broken = validateProject({
      schemaVersion: 1,
      name: 'broken',
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [8, 8, 3] } },
        { id: 'a', kind: 'Conv2D', name: 'wide', params: { filters: 4, kernelSize: [3, 3], padding: 'same' } },
        { id: 'b', kind: 'Conv2D', name: 'narrow', params: { filters: 2, kernelSize: [3, 3], padding: 'same' } },
        { id: 'add', kind: 'Add', name: 'merge' },
      ],
      edges: [
        { id: 'e1', source: 'x', target: 'a' },
        { id: 'e2', source: 'x', target: 'b' },
        { id: 'e3', source: 'a', target: 'add', targetPort: 'in0' },
        { id: 'e4', source: 'b', target: 'add', targetPort: 'in1' },
      ],
    });
    if (!broken.ok) throw new Error(broken.error.message);
    const r = await handlers()['code:generate']({ project: payload(broken.project), options: { lang: 'keras', inline: false } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(/error/);
    expect(r.problems.join('\n')).toMatch(/^merge: .*8x8x4.*8x8x2/m);
  });
});

describe('code:apply', () => {
  it('reads an edited filter count back into the graph', async () => {
    const project = resnet();
    const h = handlers();
    const g = await h['code:generate']({ project: payload(project), options: { lang: 'ts', inline: false } });
    if (!g.ok) throw new Error(g.message);
    const same = await h['code:apply']({ project: payload(project), code: g.code });
    expect(same.ok && same.changes).toEqual({ added: [], removed: [], changed: [], renamed: [] });
    const edited = g.code.replace("name: 'conv1', filters: 64", "name: 'conv1', filters: 32");
    const r = await h['code:apply']({ project: payload(project), code: edited });
    if (!r.ok) throw new Error(JSON.stringify(r.markers));
    expect(r.changes.changed).toContain('conv1');
    expect(r.project.nodes.find((n) => n.name === 'conv1')!.params.filters).toBe(32);
  });

  it('marks a statement it cannot map, on its line', async () => {
    const project = resnet();
    const h = handlers();
    const g = await h['code:generate']({ project: payload(project), options: { lang: 'ts', inline: false } });
    if (!g.ok) throw new Error(g.message);
    const lines = g.code.split('\n');
    const at = lines.findIndex((l) => l.includes("name: 'fc6'"));
    lines.splice(at + 1, 0, "  console.log('hello');");
    const r = await h['code:apply']({ project: payload(project), code: lines.join('\n') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.markers[0]!.line).toBe(at + 2);
  });
});

describe('code:save', () => {
  it('writes to the path given, or to the one chosen in the native dialog (adding the extension)', async () => {
    const target = join(tmp.dir, 'saved', 'model.ts');
    mkdirSync(join(tmp.dir, 'saved'));
    const r = await handlers()['code:save']({ code: 'export {};\n', lang: 'ts', fileName: 'model.ts', path: target });
    expect(r).toEqual({ ok: true, path: target, files: [target] });
    expect(readFileSync(target, 'utf8')).toBe('export {};\n');

    const asked: string[] = [];
    const dialogs: Dialogs = { showOpen: async () => null, showSave: async (suggested) => (asked.push(suggested), join(tmp.dir, 'saved', 'chosen')) };
    const r2 = await handlers(dialogs)['code:save']({ code: 'x = 1\n', lang: 'keras', fileName: 'ResNet50.py' });
    expect(r2).toEqual({ ok: true, path: join(tmp.dir, 'saved', 'chosen.py'), files: [join(tmp.dir, 'saved', 'chosen.py')] });
    expect(asked[0]!.endsWith('ResNet50.py')).toBe(true);
    const cancelled = await handlers({ showOpen: async () => null, showSave: async () => null })['code:save']({ code: '', lang: 'ts', fileName: 'm.ts' });
    expect(cancelled).toEqual({ ok: false, cancelled: true });
  });

  it('refuses a relative path, a missing folder and no path without a dialog, saying why', async () => {
    const h = handlers();
    const rel = await h['code:save']({ code: '', lang: 'ts', fileName: 'm.ts', path: 'm.ts' });
    expect(!rel.ok && 'message' in rel && rel.message).toMatch(/full path/);
    const missing = await h['code:save']({ code: '', lang: 'ts', fileName: 'm.ts', path: join(tmp.dir, 'nope', 'm.ts') });
    expect(!missing.ok && 'message' in missing && missing.message).toMatch(/folder does not exist/);
    const none = await h['code:save']({ code: '', lang: 'ts', fileName: 'm.ts' });
    expect(!none.ok && 'message' in none && none.message).toMatch(/in-app dialog/);
  });
});

describe('code:export-trained', () => {
  it("writes a finished run's module with its trained weights, which tfjs loads and predicts with", async () => {
    const run = join(runsDir, 'run1');
    mkdirSync(run, { recursive: true });
    const project = validateProject(tiny);
    if (!project.ok) throw new Error(project.error.message);
    const trained = compileToTfjs(tf, project.project);
    await writeCheckpoint(tf, trained, run, { epoch: 2, classes: ['0', '1'], inputShape: [8, 8, 1], loss: 'binaryCrossentropy', history: [] });
    writeFileSync(join(run, 'run.json'), JSON.stringify({ id: 'run1', createdAt: new Date().toISOString(), status: 'done', project: project.project, curves: [] }));

    const out = join(tmp.dir, 'trained');
    mkdirSync(out);
    const r = await handlers()['code:export-trained']({ runId: 'run1', options: { lang: 'ts', inline: false }, path: join(out, 'tiny.ts') });
    if (!r.ok) throw new Error('message' in r ? r.message : 'cancelled');
    expect(r.files.map((f) => f.slice(out.length + 1)).sort()).toEqual(['model.json', 'tiny.ts', 'weights.bin']);
    expect(readFileSync(join(out, 'tiny.ts'), 'utf8')).toContain('export async function loadTrainedModel(');

    // The saved weights are the run's: same prediction as the checkpointed model.
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const bin = readFileSync(join(out, 'weights.bin'));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }));
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 7);
    const a = (trained.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it("writes a finished run's Keras module with <module>.weights.h5 holding the run's weights layer by layer", async () => {
    const run = join(runsDir, 'run2');
    mkdirSync(run, { recursive: true });
    const project = validateProject(tiny);
    if (!project.ok) throw new Error(project.error.message);
    const trained = compileToTfjs(tf, project.project);
    trained.setWeights(trained.getWeights().map((w, i) => tf.randomUniform(w.shape, -1, 1, 'float32', 60 + i)));
    await writeCheckpoint(tf, trained, run, { epoch: 2, classes: ['0', '1'], inputShape: [8, 8, 1], loss: 'binaryCrossentropy', history: [] });
    writeFileSync(join(run, 'run.json'), JSON.stringify({ id: 'run2', createdAt: new Date().toISOString(), status: 'done', project: project.project, curves: [] }));

    const out = join(tmp.dir, 'trained-keras');
    mkdirSync(out);
    const r = await handlers()['code:export-trained']({ runId: 'run2', options: { lang: 'keras', inline: false, strategy: 'mirrored' }, path: join(out, 'tiny.py') });
    if (!r.ok) throw new Error('message' in r ? r.message : 'cancelled');
    expect(r.files.map((f) => f.slice(out.length + 1)).sort()).toEqual(['tiny.py', 'tiny.weights.h5']);
    const code = readFileSync(join(out, 'tiny.py'), 'utf8');
    expect(code).toContain("TRAINED_WEIGHTS = 'tiny.weights.h5'");
    expect(code).toContain('def load_trained_weights(model, path=None):');
    expect(code).toContain('        load_trained_weights(model)');
    expect(code).toContain('tf.distribute.MirroredStrategy()');

    // The file holds every weighted layer's weights, values as the run trained them.
    const h5 = await readKerasH5(new Uint8Array(readFileSync(join(out, 'tiny.weights.h5'))), 'tiny.weights.h5');
    const weighted = trained.layers.filter((l) => l.weights.length > 0);
    expect([...h5.layerWeights.keys()]).toEqual(weighted.map((l) => l.name));
    for (const layer of weighted) {
      const got = h5.layerWeights.get(layer.name)!;
      expect(got.map((w) => w.shape), layer.name).toEqual(layer.weights.map((w) => w.shape));
      got.forEach((w, i) => expect(Array.from(w.values), `${layer.name} weight ${i}`).toEqual(Array.from(layer.weights[i]!.read().dataSync())));
    }
    trained.dispose();
  });

  it('says what is missing: an unknown run', async () => {
    const h = handlers();
    const unknown = await h['code:export-trained']({ runId: 'nope', options: { lang: 'ts', inline: false }, path: join(tmp.dir, 'x.ts') });
    expect(!unknown.ok && 'message' in unknown && unknown.message).toMatch(/nope.*no such run/);
    const keras = await h['code:export-trained']({ runId: 'nope', options: { lang: 'keras', inline: false }, path: join(tmp.dir, 'x.py') });
    expect(!keras.ok && 'message' in keras && keras.message).toMatch(/nope.*no such run/);
    expect(existsSync(join(tmp.dir, 'x.py'))).toBe(false);
  });
});
