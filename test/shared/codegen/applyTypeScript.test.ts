/**
 * applyTypeScript on real templates: each kind of edit a person makes in the code panel
 * (a parameter, a helper call's arguments, an added, deleted or renamed layer, the model name)
 * reaches the graph, and code that cannot be mapped gives a marker on the right line.
 */
import { describe, expect, it } from 'vitest';
import { applyTypeScript, type ApplyResult, type Marker } from '../../../shared/codegen/applyTypeScript.ts';
import { emitTypeScript } from '../../../shared/codegen/typescript.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { validateProject } from '../../../shared/graph/load.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { templateLibrary, templateProjects } from './templateProjects.ts';

const library = templateLibrary();
const templates = new Map(templateProjects(library).map((t) => [t.id, t.project]));
const resnet = templates.get('resnet50')!;
const resnetCode = emitTypeScript(resnet, { blocks: library });
const total = (p: Project) => analyzeGraph(p).totals;

/** `code` with `from` (which must occur exactly once) replaced by `to`. */
function edit(code: string, from: string | RegExp, to: string): string {
  const count = typeof from === 'string' ? code.split(from).length - 1 : (code.match(new RegExp(from.source, 'g')) ?? []).length;
  if (count !== 1) throw new Error(`the edit expects ${String(from)} once in the code; found it ${count} times`);
  return code.replace(from, to);
}

/** The 1-based line of the first line of `code` containing `text`. */
function lineOf(code: string, text: string): number {
  const i = code.split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`no line contains ${text}`);
  return i + 1;
}

function applied(result: ApplyResult): Extract<ApplyResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a project; markers: ${JSON.stringify(result.markers)}`);
  const valid = validateProject(result.project);
  expect(valid.ok).toBe(true);
  return result;
}

function markersOf(result: ApplyResult): Marker[] {
  if (result.ok) throw new Error('expected markers; the code was applied');
  expect(result).not.toHaveProperty('project');
  return result.markers;
}

const byName = (p: Project, name: string) => p.nodes.find((n) => (analyzeGraph(p).nodes.get(n.id)?.name ?? n.name) === name)!;

describe('applyTypeScript edits on ResNet-50 (with block helpers)', () => {
  it("changes conv1's filters: its parameter and the graph's total follow", () => {
    const code = edit(resnetCode, "name: 'conv1', filters: 64", "name: 'conv1', filters: 32");
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    expect(r.changes).toEqual({ added: [], removed: [], changed: ['conv1'], renamed: [] });
    const conv1 = r.project.nodes.find((n) => n.id === 'conv1')!;
    expect(conv1.params.filters).toBe(32);
    expect(conv1.position).toEqual(resnet.nodes.find((n) => n.id === 'conv1')!.position);
    expect(conv1.group).toBe('stage1');
    // conv1 (7*7*3+1)*64 -> *32 saves 4,736; bn_conv1 4*32 = 128; the two 1x1 convolutions of
    // res2a read 32 channels instead of 64: 32*64 (branch2a) + 32*256 (branch1).
    expect(total(resnet).total - total(r.project).total).toBe(4736 + 128 + 32 * 64 + 32 * 256);
  });

  it("changes a helper call's filters: the block instance is re-expanded in place", () => {
    const code = edit(resnetCode, "identityBlock(res2aConvBlock, 2, 'b', 3, [64, 64, 256])", "identityBlock(res2aConvBlock, 2, 'b', 3, [32, 48, 256])");
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    // Only the layers whose settings changed; branch2c keeps its 256 filters (it reads fewer channels).
    expect(r.changes.changed).toEqual(['res2b_branch2a', 'res2b_branch2b']);
    expect(r.changes.added).toEqual([]);
    expect(r.changes.removed).toEqual([]);
    const node = (id: string) => r.project.nodes.find((n) => n.id === id)!;
    expect(node('res2_id/1/branch2a').params.filters).toBe(32);
    expect(node('res2_id/1/branch2b').params.filters).toBe(48);
    expect(node('res2_id/1/branch2b').position).toEqual(resnet.nodes.find((n) => n.id === 'res2_id/1/branch2b')!.position);
    // 256*32 + 32*(3*3*48) + 48*256 weights (+ biases and BatchNorm) instead of 64s.
    const was = (256 + 1) * 64 + (9 * 64 + 1) * 64 + (64 + 1) * 256 + 4 * (64 + 64);
    const now = (256 + 1) * 32 + (9 * 32 + 1) * 48 + (48 + 1) * 256 + 4 * (32 + 48);
    expect(total(resnet).total - total(r.project).total).toBe(was - now);
    // The edited instance is still an instance of its block: the code writes the call back.
    expect(emitTypeScript(r.project, { blocks: library })).toContain("identityBlock(res2aConvBlock, 2, 'b', 3, [32, 48, 256]);");
  });

  it('adds a layer statement as a new node below its input, wired in', () => {
    let code = edit(resnetCode, "  const fc6 = tf.layers.dense(", "  const drop = tf.layers.dropout({ name: 'drop', rate: 0.5 }).apply(flatten) as tf.SymbolicTensor;\n  const fc6 = tf.layers.dense(");
    code = edit(code, /\.apply\(flatten\) as tf\.SymbolicTensor; \/\/ \(None, 6\)/, '.apply(drop) as tf.SymbolicTensor;');
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    expect(r.changes).toEqual({ added: ['drop'], removed: [], changed: ['fc6'], renamed: [] });
    const drop = byName(r.project, 'drop');
    const flatten = r.project.nodes.find((n) => n.id === 'flatten')!;
    expect(drop).toMatchObject({ kind: 'Dropout', params: { rate: 0.5 }, group: 'head' });
    expect(resnet.nodes.some((n) => n.id === drop.id)).toBe(false);
    expect(drop.position.y).toBeGreaterThan(flatten.position.y);
    expect(r.project.edges.filter((e) => e.target === drop.id).map((e) => [e.source, e.targetPort])).toEqual([['flatten', 'in']]);
    expect(r.project.edges.filter((e) => e.target === 'fc').map((e) => e.source)).toEqual([drop.id]);
  });

  it('deletes a layer statement and rewires its consumer', () => {
    let code = edit(resnetCode, /  const bnConv1 = .*\n/, '');
    code = edit(code, "activation: 'relu' }).apply(bnConv1)", "activation: 'relu' }).apply(conv1)");
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    expect(r.changes).toEqual({ added: [], removed: ['bn_conv1'], changed: ['activation'], renamed: [] });
    expect(r.project.nodes.some((n) => n.id === 'bn_conv1')).toBe(false);
    expect(r.project.edges.filter((e) => e.target === 'relu_conv1').map((e) => e.source)).toEqual(['conv1']);
    expect(total(resnet).total - total(r.project).total).toBe(4 * 64);
  });

  it('renames a layer: same node, new Keras name', () => {
    const code = edit(resnetCode, "name: 'fc6'", "name: 'predictions'");
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    expect(r.changes).toEqual({ added: [], removed: [], changed: [], renamed: [['fc6', 'predictions']] });
    expect(r.project.nodes.find((n) => n.id === 'fc')!.name).toBe('predictions');
  });

  it('changes the model name', () => {
    const code = edit(resnetCode, "name: 'ResNet50' });", "name: 'ResNet50_small' });");
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    expect(r.project.name).toBe('ResNet50_small');
    expect(r.changes).toEqual({ added: [], removed: [], changed: [], renamed: [] });
  });

  it('freezes a layer with trainable: false', () => {
    const code = edit(resnetCode, "name: 'conv1', filters: 64, kernelSize: [7, 7], strides: [2, 2], kernelInitializer: 'glorotUniform' }", "name: 'conv1', filters: 64, kernelSize: [7, 7], strides: [2, 2], kernelInitializer: 'glorotUniform', trainable: false }");
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    expect(r.project.nodes.find((n) => n.id === 'conv1')!.trainable).toBe(false);
    expect(r.changes.changed).toEqual(['conv1']);
    expect(total(r.project).nonTrainable - total(resnet).nonTrainable).toBe((7 * 7 * 3 + 1) * 64);
  });

  it('deletes a helper call: its block instance and group go, the repeat group counts one copy', () => {
    let code = edit(resnetCode, /  const res2cIdentityBlock = .*\n/, '');
    code = edit(code, 'convolutionalBlock(res2cIdentityBlock,', 'convolutionalBlock(res2bIdentityBlock,');
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    expect(r.project.nodes.some((n) => n.group === 'res2_id/2')).toBe(false);
    expect(r.project.groups.some((g) => g.id === 'res2_id/2')).toBe(false);
    expect(r.project.groups.find((g) => g.id === 'res2_id')).toMatchObject({ repeat: 1, name: 'ID BLOCK x1' });
    expect(r.changes.removed).toContain('res2c_branch2a');
    expect(r.changes.removed).toHaveLength(10);
  });

  it('keeps a block instance whose call variable was renamed (matched by helper and values)', () => {
    const code = resnetCode.replaceAll('res2bIdentityBlock', 'secondBlock');
    expect(code).not.toBe(resnetCode);
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    expect(r.changes).toEqual({ added: [], removed: [], changed: [], renamed: [] });
    const valid = validateProject(resnet);
    expect(valid.ok && r.project).toEqual(valid.ok && valid.project);
  });

  it('adds a helper call: a new block instance in a new group', () => {
    let code = edit(resnetCode, '  const res3aConvBlock = convolutionalBlock(res2cIdentityBlock,', "  const extra = identityBlock(res2cIdentityBlock, 2, 'z', 3, [64, 64, 256]);\n  const res3aConvBlock = convolutionalBlock(extra,");
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    const group = r.project.groups.find((g) => !resnet.groups.some((o) => o.id === g.id))!;
    expect(group).toMatchObject({ block: 'resnet_identity_block', name: 'res2z (identity block)' });
    const members = r.project.nodes.filter((n) => n.group === group.id);
    expect(members).toHaveLength(10);
    expect(r.changes.added).toContain('res2z_branch2a');
    expect(total(r.project).total - total(resnet).total).toBe((256 + 1) * 64 + (9 * 64 + 1) * 64 + (64 + 1) * 256 + 4 * (64 + 64 + 256));
    // Code of the new graph writes the new instance as a call again.
    expect(emitTypeScript(r.project, { blocks: library })).toContain("identityBlock(res2cIdentityBlock, 2, 'z', 3, [64, 64, 256]);");
  });

  it('applies an edit to the inline dialect too', () => {
    const inline = emitTypeScript(resnet);
    const code = edit(inline, "name: 'res2b_branch2b', filters: 64", "name: 'res2b_branch2b', filters: 16");
    const r = applied(applyTypeScript(resnet, code));
    expect(r.changes).toEqual({ added: [], removed: [], changed: ['res2b_branch2b'], renamed: [] });
    expect(r.project.nodes.find((n) => n.id === 'res2_id/1/branch2b')!.params.filters).toBe(16);
  });
});

describe('applyTypeScript markers', () => {
  const cases: Array<{ what: string; code: string; line: string; message: RegExp }> = [
    { what: 'a console.log() line', code: edit(resnetCode, '  autoNameCounts.clear();\n', '  autoNameCounts.clear();\n  console.log(42);\n'), line: 'console.log(42)', message: /cannot be mapped to the graph/ },
    { what: 'a non-literal argument', code: edit(resnetCode, "name: 'conv1', filters: 64", "name: 'conv1', filters: 32 * 2"), line: "name: 'conv1'", message: /`filters` must be a literal value/ },
    { what: 'an unknown factory', code: edit(resnetCode, "tf.layers.flatten({ name: 'flatten' })", "tf.layers.gru({ name: 'flatten', units: 3 })"), line: 'tf.layers.gru', message: /tf\.layers\.gru is not a layer Netwright knows/ },
    { what: 'an edited helper body', code: edit(resnetCode, "filters: filters[1], kernelSize: [f, f], padding: 'same', kernelInitializer: 'glorotUniform' }).apply(relu2a) as tf.SymbolicTensor;\n  const bn2b = tf.layers.batchNormalization({ name: `bn${stage}${block}_branch2b` }).apply(branch2b) as tf.SymbolicTensor;\n  const relu2b = tf.layers.activation({ name: autoName('activation'), activation: 'relu' }).apply(bn2b) as tf.SymbolicTensor;\n  const branch2c = tf.layers.conv2d({ name: `res${stage}${block}_branch2c`, filters: filters[2], kernelSize: [1, 1], kernelInitializer: 'glorotUniform' }).apply(relu2b) as tf.SymbolicTensor;\n  const bn2c = tf.layers.batchNormalization({ name: `bn${stage}${block}_branch2c` }).apply(branch2c) as tf.SymbolicTensor;\n  const add = tf.layers.add({ name: autoName('add') }).apply([bn2c, x])", "filters: filters[1], kernelSize: [f, f], padding: 'valid', kernelInitializer: 'glorotUniform' }).apply(relu2a) as tf.SymbolicTensor;\n  const bn2b = tf.layers.batchNormalization({ name: `bn${stage}${block}_branch2b` }).apply(branch2b) as tf.SymbolicTensor;\n  const relu2b = tf.layers.activation({ name: autoName('activation'), activation: 'relu' }).apply(bn2b) as tf.SymbolicTensor;\n  const branch2c = tf.layers.conv2d({ name: `res${stage}${block}_branch2c`, filters: filters[2], kernelSize: [1, 1], kernelInitializer: 'glorotUniform' }).apply(relu2b) as tf.SymbolicTensor;\n  const bn2c = tf.layers.batchNormalization({ name: `bn${stage}${block}_branch2c` }).apply(branch2c) as tf.SymbolicTensor;\n  const add = tf.layers.add({ name: autoName('add') }).apply([bn2c, x])"), line: 'function identityBlock(', message: /identityBlock\(\) is written from block template resnet_identity_block/ },
    { what: 'a syntax error', code: edit(resnetCode, "name: 'fc6',", "name: 'fc6',,"), line: "name: 'fc6'", message: /^syntax error: / },
    { what: 'a variable used before it is defined', code: edit(resnetCode, "strides: [2, 2], kernelInitializer: 'glorotUniform' }).apply(zeroPadding2d)", "strides: [2, 2], kernelInitializer: 'glorotUniform' }).apply(bnConv1)"), line: "name: 'conv1'", message: /`bnConv1` is used before it is defined \(on line \d+\)/ },
    { what: 'a layer name used twice', code: edit(resnetCode, "name: 'fc6'", "name: 'flatten'"), line: 'const fc6 =', message: /the layer name 'flatten' is used twice \(also on line \d+\)/ },
    { what: 'a call of an unknown function', code: edit(resnetCode, 'identityBlock(res2aConvBlock,', 'myBlock(res2aConvBlock,'), line: 'myBlock(', message: /`myBlock` is not a block helper function/ },
    { what: 'an initializer the graph cannot hold', code: edit(resnetCode, "name: 'conv1', filters: 64, kernelSize: [7, 7], strides: [2, 2], kernelInitializer: 'glorotUniform'", "name: 'conv1', filters: 64, kernelSize: [7, 7], strides: [2, 2], kernelInitializer: 'heNormal'"), line: "name: 'conv1'", message: /`kernelInitializer: 'heNormal'` cannot be represented/ },
    { what: 'a missing required argument', code: edit(resnetCode, "name: 'fc6', units: 6, ", "name: 'fc6', "), line: "name: 'fc6'", message: /tf\.layers\.dense needs `units`/ },
    { what: 'an unknown setting', code: edit(resnetCode, "name: 'fc6', units: 6, ", "name: 'fc6', units: 6, kernelRegularizer: 'l2', "), line: "name: 'fc6'", message: /`kernelRegularizer` is not a setting of Netwright's Dense/ },
    { what: 'a wrong model output', code: edit(resnetCode, 'outputs: fc6,', 'outputs: flatten,'), line: 'return tf.model', message: /tf\.model outputs must be \[fc6\]/ },
    { what: 'an empty list of model inputs', code: edit(resnetCode, 'inputs: input1,', 'inputs: [],'), line: 'return tf.model', message: /tf\.model inputs must be \[input1\]/ },
    { what: 'an extra import', code: edit(resnetCode, "import * as tf from '@tensorflow/tfjs';", "import * as tf from '@tensorflow/tfjs';\nimport fs from 'node:fs';"), line: "import fs from 'node:fs'", message: /imports only/ },
    { what: 'a name Keras does not accept', code: edit(resnetCode, "name: 'fc6'", "name: 'fc 6'"), line: "name: 'fc 6'", message: /'fc 6' is not a Keras layer name/ },
    { what: 'a kernel larger than its input', code: edit(resnetCode, "tf.layers.averagePooling2d({ name: 'avg_pool' })", "tf.layers.averagePooling2d({ name: 'avg_pool', poolSize: [5, 5] })"), line: "name: 'avg_pool'", message: /the graph would have an error: "avg_pool": AveragePooling2D window 5x5 is larger/ },
    { what: 'an Add of unequal shapes', code: edit(resnetCode, "identityBlock(res2aConvBlock, 2, 'b', 3, [64, 64, 256])", "identityBlock(res2aConvBlock, 2, 'b', 3, [64, 64, 128])"), line: "identityBlock(res2aConvBlock, 2, 'b', 3, [64, 64, 128])", message: /the graph would have an error: "add_1": Add needs equal shapes/ },
    { what: 'a helper called with the wrong number of arguments', code: edit(resnetCode, "identityBlock(res2aConvBlock, 2, 'b', 3, [64, 64, 256])", "identityBlock(res2aConvBlock, 2, 'b', 3)"), line: "identityBlock(res2aConvBlock, 2, 'b', 3)", message: /identityBlock takes 1 tensor\(s\) and 4 value\(s\)/ },
  ];
  for (const c of cases) {
    it(`marks ${c.what} on its line, and gives no project`, () => {
      const markers = markersOf(applyTypeScript(resnet, c.code, { blocks: library }));
      expect(markers.length).toBeGreaterThanOrEqual(1);
      expect(markers[0]!.message).toMatch(c.message);
      expect(markers[0]!.line).toBe(lineOf(c.code, c.line));
      expect(markers[0]!.endLine).toBeGreaterThanOrEqual(markers[0]!.line);
      expect(markers[0]!.column).toBeGreaterThanOrEqual(1);
    });
  }

  it('marks a module without buildModel() on its first line', () => {
    const [m] = markersOf(applyTypeScript(resnet, "import * as tf from '@tensorflow/tfjs';\n", { blocks: library }));
    expect(m).toMatchObject({ line: 1, column: 1, endLine: 1 });
    expect(m!.message).toMatch(/no `function buildModel\(\)`/);
  });

  it('marks a statement after the return', () => {
    const code = edit(resnetCode, "name: 'ResNet50' });\n", "name: 'ResNet50' });\n  const late = 1;\n");
    const [m] = markersOf(applyTypeScript(resnet, code, { blocks: library }));
    expect(m!.line).toBe(lineOf(code, 'const late = 1;'));
    expect(m!.message).toMatch(/after `return` never runs/);
  });

  it('puts a non-literal marker exactly on the expression', () => {
    const code = edit(resnetCode, "name: 'conv1', filters: 64", "name: 'conv1', filters: 32 * 2");
    const [m] = markersOf(applyTypeScript(resnet, code, { blocks: library }));
    const text = code.split('\n')[m!.line - 1]!;
    expect(m!.endLine).toBe(m!.line);
    expect(text.slice(m!.column - 1, m!.endColumn - 1)).toBe('32 * 2');
  });
});

describe('applyTypeScript, more edits', () => {
  const lenet = templates.get('lenet5')!;
  const lenetCode = emitTypeScript(lenet);
  const happy = templates.get('happy_model')!;
  const happyCode = emitTypeScript(happy);

  it("changes the input shape: every layer's shape and the Dense after Flatten follow", () => {
    const code = edit(lenetCode, "tf.input({ shape: [32, 32, 1], name: 'input_1' })", "tf.input({ shape: [36, 36, 1], name: 'input_1' })");
    const r = applied(applyTypeScript(lenet, code));
    expect(r.changes.changed).toEqual(['input_1']);
    // c1 28 -> 32, s2 16, c3 12, s4 6: Flatten gives 6*6*16 instead of 5*5*16 features for f5.
    expect(total(r.project).total - total(lenet).total).toBe((6 * 6 - 5 * 5) * 16 * 120);
  });

  it('changes a layer kind in place: same node id, new kind and parameters', () => {
    const code = edit(lenetCode, "tf.layers.averagePooling2d({ name: 's2' })", "tf.layers.maxPooling2d({ name: 's2', poolSize: [2, 2], strides: [2, 2], padding: 'valid' })");
    const r = applied(applyTypeScript(lenet, code));
    const s2 = lenet.nodes.find((n) => n.name === 's2')!;
    expect(r.project.nodes.find((n) => n.id === s2.id)).toMatchObject({ kind: 'MaxPooling2D', params: { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }, position: s2.position });
    expect(r.changes).toEqual({ added: [], removed: [], changed: ['s2'], renamed: [] });
  });

  it('keeps a node whose variable was renamed, matched by its layer name', () => {
    let code = edit(lenetCode, 'const c3 = ', 'const thirdLayer = ');
    code = edit(code, '.apply(c3)', '.apply(thirdLayer)');
    const r = applied(applyTypeScript(lenet, code));
    expect(r.changes).toEqual({ added: [], removed: [], changed: [], renamed: [] });
    const valid = validateProject(lenet);
    expect(valid.ok && r.project).toEqual(valid.ok && valid.project);
  });

  it('reads statements reformatted over several lines, with comments and explicit defaults', () => {
    const code = edit(
      happyCode,
      /  const conv0 = .*\n/,
      "  // the stem\n  const conv0 = tf.layers\n    .conv2d({\n      name: 'conv0',\n      filters: 32,\n      kernelSize: [7, 7],\n      strides: [1, 1], // the default, written out\n      kernelInitializer: 'glorotUniform',\n    })\n    .apply(zeroPadding2d) as tf.SymbolicTensor;\n",
    );
    const r = applied(applyTypeScript(happy, code));
    expect(r.changes).toEqual({ added: [], removed: [], changed: [], renamed: [] });
  });

  it('adds a second Input and a Concatenate of both, listed in the model inputs', () => {
    let code = edit(happyCode, "  const flatten = tf.layers.flatten({ name: 'flatten' }).apply(maxPool) as tf.SymbolicTensor;", "  const side = tf.input({ shape: [32, 32, 4], name: 'side' });\n  const both = tf.layers.concatenate({ name: 'both' }).apply([maxPool, side]) as tf.SymbolicTensor;\n  const flatten = tf.layers.flatten({ name: 'flatten' }).apply(both) as tf.SymbolicTensor;");
    code = edit(code, 'inputs: input1,', 'inputs: [input1, side],');
    const r = applied(applyTypeScript(happy, code));
    expect(r.changes.added).toEqual(['side', 'both']);
    const both = byName(r.project, 'both');
    expect(r.project.edges.filter((e) => e.target === both.id).map((e) => e.targetPort)).toEqual(['in0', 'in1']);
    expect(analyzeGraph(r.project).nodes.get(both.id)!.shape).toEqual([32, 32, 36]);
  });

  it('unfreezes a layer when trainable: false is taken out', () => {
    const frozen: Project = { ...lenet, nodes: lenet.nodes.map((n) => (n.name === 'f5' ? { ...n, trainable: false } : n)) };
    const code = edit(emitTypeScript(frozen), ", trainable: false }", ' }');
    const r = applied(applyTypeScript(frozen, code));
    expect(r.project.nodes.find((n) => n.name === 'f5')).not.toHaveProperty('trainable');
    expect(r.changes.changed).toEqual(['f5']);
  });

  it('changes a custom layer (AlexNet LocalResponseNormalization) and keeps ReLU defaults written out', () => {
    const alexnet = templates.get('alexnet')!;
    const code = edit(emitTypeScript(alexnet), "new LocalResponseNormalization({ name: 'norm1', depthRadius: 2,", "new LocalResponseNormalization({ name: 'norm1', depthRadius: 3,");
    const r = applied(applyTypeScript(alexnet, code));
    expect(r.changes).toEqual({ added: [], removed: [], changed: ['norm1'], renamed: [] });
    expect(byName(r.project, 'norm1').params.depthRadius).toBe(3);
  });

  it('marks a custom layer class the module does not define', () => {
    const code = edit(lenetCode, "tf.layers.flatten({ name: 'flatten' })", "new LocalResponseNormalization({ name: 'flatten' })");
    const [m] = markersOf(applyTypeScript(lenet, code));
    expect(m!.message).toMatch(/class LocalResponseNormalization is used but not defined in this module/);
    expect(m!.line).toBe(lineOf(code, 'new LocalResponseNormalization'));
  });

  it('ignores the training code of a module exported with training', () => {
    const code = emitTypeScript(happy, { training: { optimizer: 'adam', epochs: 2 }, trainedModel: 'model.json' });
    expect(code).toContain('export async function train(');
    const r = applied(applyTypeScript(happy, code));
    expect(r.changes).toEqual({ added: [], removed: [], changed: [], renamed: [] });
  });

  it("renames a block instance's group when a helper call changes its block letter", () => {
    const code = edit(resnetCode, "identityBlock(res2aConvBlock, 2, 'b', 3, [64, 64, 256])", "identityBlock(res2aConvBlock, 2, 'x', 3, [64, 64, 256])");
    const r = applied(applyTypeScript(resnet, code, { blocks: library }));
    expect(r.project.groups.find((g) => g.id === 'res2_id/1')!.name).toBe('res2x (identity block)');
    expect(r.changes.renamed).toContainEqual(['res2b_branch2a', 'res2x_branch2a']);
    expect(r.changes.changed).toEqual([]);
  });
});

describe('applyTypeScript on a graph with errors', () => {
  it('matches the code to the nodes by layer name, so the last code that built repairs the graph', () => {
    const lenet = templates.get('lenet5')!;
    const code = emitTypeScript(lenet);
    const broken: Project = { ...lenet, nodes: lenet.nodes.map((n) => (n.name === 'c1' ? { ...n, params: { ...n.params, kernelSize: [40, 40] } } : n)) };
    expect(analyzeGraph(broken).ok).toBe(false);
    const r = applied(applyTypeScript(broken, code));
    expect(r.changes).toEqual({ added: [], removed: [], changed: ['c1'], renamed: [] });
    const valid = validateProject(lenet);
    expect(valid.ok && r.project).toEqual(valid.ok && valid.project);
  });
});
