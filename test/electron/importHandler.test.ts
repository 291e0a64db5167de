// project:import through dispatch, as both transports call it, on real files in a temp folder:
// a tfjs model.json saved by tfjs itself (with weights), a Keras to_json() text, a Keras .h5,
// and refusals (Lambda, corrupt files, a missing file, weights outside the model's folder).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Dialogs, type OpenDialogOptions } from '../../electron/backend/handlers.ts';
import { dispatch } from '../../electron/backend/dispatch.ts';
import { IMPORT_DIALOG } from '../../electron/backend/importModel.ts';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { validateProject } from '../../shared/graph/load.ts';
import type { ImportModelResult } from '../../shared/ipc.ts';
import { templateLibrary, templateProjects } from '../shared/codegen/templateProjects.ts';
import { writeKerasH5 } from './import/kerasFormats.ts';
import { regularizedKerasModel, saveTfjsProject, sequentialWithLambda } from './import/tfjsFiles.ts';
import { graphSignature } from './import/signature.ts';

const templates = templateProjects(templateLibrary());
const project = (id: string) => templates.find((c) => c.id === id)!.project;

function setup(dialogs?: Dialogs) {
  const root = mkdtempSync(join(tmpdir(), 'nw-import-handler-'));
  const handlers = createHandlers({ mode: dialogs ? 'electron' : 'browser', version: 't', userDataDir: join(root, 'user'), templatesDir: join(root, 'templates'), home: root, ...(dialogs ? { dialogs } : {}) });
  const call = async (payload: unknown): Promise<ImportModelResult> => {
    const reply = await dispatch(handlers, 'project:import', payload);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as ImportModelResult;
  };
  return { root, call };
}

function expectImported(r: ImportModelResult): Extract<ImportModelResult, { ok: true }> {
  if (!r.ok) throw new Error('cancelled' in r ? 'cancelled' : `${r.path}: ${r.message}`);
  return r;
}

function expectRefused(r: ImportModelResult): { path?: string; message: string } {
  if (r.ok || 'cancelled' in r) throw new Error(`expected a refusal, got ${JSON.stringify(r).slice(0, 200)}`);
  expect(r.message).not.toMatch(/^internal error/);
  return r;
}

describe('project:import', () => {
  const { root, call } = setup();
  let lenet: { file: string; countParams: number };
  beforeAll(async () => {
    lenet = await saveTfjsProject(project('lenet5'), join(root, 'lenet'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a tfjs model.json with weights: same graph as the template, 61,706 params (Keras, and tfjs countParams)', async () => {
    const r = expectImported(await call({ path: lenet.file }));
    expect(r.format).toBe('tfjs');
    expect(r.weights).toBe(true);
    expect(r.source).toBe(lenet.file);
    expect(r.warnings).toEqual([]);
    expect(validateProject(r.project).ok).toBe(true);
    expect(graphSignature(r.project)).toEqual(graphSignature(project('lenet5')));
    expect(analyzeGraph(r.project).totals.total).toBe(61_706); // LeCun et al.'s LeNet-5 as Keras counts it
    expect(lenet.countParams).toBe(61_706);
  });

  it('a Keras model.to_json() text: architecture only, regularizers reported as not kept', async () => {
    const small = regularizedKerasModel();
    const file = join(root, 'small_cnn.json');
    writeFileSync(file, small.text);
    const r = expectImported(await call({ path: file }));
    expect(r.format).toBe('keras-json');
    expect(r.weights).toBe(false);
    expect(r.project.name).toBe('small_cnn');
    expect(analyzeGraph(r.project).totals.total).toBe(small.params);
    expect(r.warnings).toEqual([expect.stringMatching(/^layer "c1": kernel_regularizer is not kept/)]);
  });

  it('a Keras .h5 model: format keras-h5, weights read', async () => {
    const model = compileToTfjs(tf, project('happy_model'));
    const layers = model.layers.map((l) => ({ name: l.name, weights: l.weights.map((w) => ({ name: `${w.originalName}:0`, shape: w.shape as number[], values: w.read().dataSync() as Float32Array })) }));
    const file = join(root, 'happy.h5');
    writeFileSync(file, await writeKerasH5(model.toJSON(null, false) as Record<string, unknown>, layers));
    model.dispose();
    const r = expectImported(await call({ path: file }));
    expect([r.format, r.weights]).toEqual(['keras-h5', true]);
    expect(graphSignature(r.project)).toEqual(graphSignature(project('happy_model')));
  });

  it('refuses a Lambda layer by name, naming the file and the place in it', async () => {
    const file = join(root, 'lambda.json');
    writeFileSync(file, sequentialWithLambda());
    const r = expectRefused(await call({ path: file }));
    expect(r.message).toMatch(/layer "scale" is a Lambda layer: it holds Python code, which Netwright never runs/);
    expect(r.path).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });

  it.each([
    ['truncated.json', '{"format": "layers-model", "modelTopology": {"class_name": "Sequen', /^not valid JSON: /],
    ['not-a-model.json', '{"hello": "world"}', /this JSON is not a model: import expects a tfjs model.json/],
    ['project.json', '{"schemaVersion": 1, "name": "m", "nodes": [], "edges": []}', /a Netwright project file, not a model to import: open it with Open/],
    ['garbage.h5', Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]), /garbage\.h5 is damaged or not a Keras HDF5 file/],
    ['binary.json', Buffer.from([0xff, 0xfe, 0x00, 0x81]), /not UTF-8 text/],
  ] as const)('a corrupt file (%s) is refused with a message naming it', async (name, content, message) => {
    const file = join(root, name);
    writeFileSync(file, content);
    const r = expectRefused(await call({ path: file }));
    expect(r.path?.startsWith(file)).toBe(true);
    expect(r.message).toMatch(message);
  });

  it('a missing file or a folder is refused with what to choose instead', async () => {
    const missing = join(root, 'nope', 'model.json');
    const r = expectRefused(await call({ path: missing }));
    expect(r).toEqual({ ok: false, path: missing, message: expect.stringMatching(/^no such file; choose a model\.json/) });
    expect(expectRefused(await call({ path: root })).message).toMatch(/this is a folder/);
  });

  it('weights listed outside the model\'s folder are not read', async () => {
    const dir = join(root, 'escape');
    const saved = await saveTfjsProject(project('lenet5'), dir);
    writeFileSync(join(root, 'secret.bin'), new Uint8Array(16));
    const json = JSON.parse(readFileSync(saved.file, 'utf8')) as { weightsManifest: { paths: string[] }[] };
    json.weightsManifest[0]!.paths = ['../secret.bin'];
    writeFileSync(saved.file, JSON.stringify(json));
    const r = expectRefused(await call({ path: saved.file }));
    expect(r.path).toContain(saved.file);
    expect(r.message).toMatch(/\.\.\/secret\.bin|outside|\.\./);
  });
});

describe('project:import without a path', () => {
  it('asks with the native open dialog for models, and a cancel is only a cancel', async () => {
    const asked: (OpenDialogOptions | undefined)[] = [];
    let answer: string | null = null;
    const dialogs: Dialogs = { showOpen: async (o) => (asked.push(o), answer), showSave: async () => null };
    const { root, call } = setup(dialogs);
    expect(await call({})).toEqual({ ok: false, cancelled: true });
    expect(asked).toEqual([IMPORT_DIALOG]);
    expect(IMPORT_DIALOG.filters![0]!.extensions).toEqual(expect.arrayContaining(['json', 'h5']));
    answer = (await saveTfjsProject(project('lenet5'), join(root, 'picked'))).file;
    expect(expectImported(await call({})).source).toBe(answer);
  });

  it('browser mode has no native dialog: the UI must send the path', async () => {
    const { call } = setup();
    expect(expectRefused(await call({})).message).toMatch(/in-app dialog/);
  });

  it('the payload is validated', async () => {
    const { root } = setup();
    const handlers = createHandlers({ mode: 'browser', version: 't', userDataDir: join(root, 'u'), templatesDir: root });
    const reply = await dispatch(handlers, 'project:import', { path: 42 });
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/project:import: path/);
  });
});
