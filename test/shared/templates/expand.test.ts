/**
 * expandTemplate's rules: parameters, Keras names from parameters, optional nodes, blocks as
 * named groups (repeats included), and the messages people get when a template or a value is wrong.
 */
import { describe, expect, it } from 'vitest';
import { readTemplate, type TemplateFile } from '../../../shared/templates/format.ts';
import { expandTemplate } from '../../../shared/templates/expand.ts';
import { groupBoundary, groupMembers } from '../../../shared/graph/groups.ts';
import { expand, library } from './library.ts';

function template(id: string, json: unknown): TemplateFile {
  const r = readTemplate(id, JSON.stringify(json));
  if (!r.ok) throw new Error(r.message);
  return r.template;
}

describe('ResNet-50 expansion', () => {
  const { project, analysis } = expand('resnet50');
  const names = new Set([...analysis.nodes.values()].map((a) => a.name));

  it('names every layer as the course Keras code does', () => {
    const stages: [number, string[]][] = [[2, ['a', 'b', 'c']], [3, ['a', 'b', 'c', 'd']], [4, ['a', 'b', 'c', 'd', 'e', 'f']], [5, ['a', 'b', 'c']]];
    const expected = ['input_1', 'zero_padding2d', 'conv1', 'bn_conv1', 'max_pooling2d', 'avg_pool', 'flatten', 'fc6'];
    for (const [stage, blocks] of stages) {
      for (const block of blocks) {
        for (const branch of ['2a', '2b', '2c', ...(block === 'a' ? ['1'] : [])]) expected.push(`res${stage}${block}_branch${branch}`, `bn${stage}${block}_branch${branch}`);
      }
    }
    // 16 blocks of 3 ReLUs plus the stem's; 16 Adds. Keras numbers them activation, activation_1, ...
    for (let i = 0; i < 49; i++) expected.push(i === 0 ? 'activation' : `activation_${i}`);
    for (let i = 0; i < 16; i++) expected.push(i === 0 ? 'add' : `add_${i}`);
    expect([...names].sort()).toEqual(expected.sort());
    expect(project.nodes).toHaveLength(expected.length);
  });

  it('puts blocks in named groups: "res2a (conv block)", "ID BLOCK x2" holding res2b and res2c', () => {
    const byName = new Map(project.groups.map((g) => [g.name, g]));
    expect(byName.get('res2a (conv block)')).toMatchObject({ parent: 'stage2', block: 'resnet_conv_block' });
    const ids = project.groups.filter((g) => g.name.startsWith('ID BLOCK')).map((g) => [g.name, g.repeat]);
    expect(ids).toEqual([['ID BLOCK x2', 2], ['ID BLOCK x3', 3], ['ID BLOCK x5', 5], ['ID BLOCK x2', 2]]);
    const repeat2 = project.groups.find((g) => g.name === 'ID BLOCK x2')!;
    const inside = project.groups.filter((g) => g.parent === repeat2.id).map((g) => g.name);
    expect(inside).toEqual(['res2b (identity block)', 'res2c (identity block)']);
    expect(groupMembers(project, repeat2.id)).toHaveLength(2 * 10);
    // Collapsed, the repeat group is one node: 15x15x256 in and out, and the two blocks' weights.
    const b = groupBoundary(project, repeat2.id, analysis);
    expect(b.inputs.map((p) => p.shape)).toEqual([[15, 15, 256]]);
    expect(b.collapsed!.outputShapes).toEqual([[15, 15, 256]]);
    // Each identity block: 1x1 256->64, 3x3 64->64, 1x1 64->256 with biases, and 4 BN values per channel.
    const block = (256 + 1) * 64 + (9 * 64 + 1) * 64 + (64 + 1) * 256 + 4 * (64 + 64 + 256);
    expect(b.collapsed!.params).toEqual({ total: 2 * block, trainable: 2 * (block - 2 * 384), nonTrainable: 2 * 2 * 384 });
  });

  it('wires the identity shortcut into the second port of Add, after the main path', () => {
    const add = project.nodes.find((n) => n.id === 'res2_id/1/add')!;
    const ins = project.edges.filter((e) => e.target === add.id).sort((a, b) => a.targetPort.localeCompare(b.targetPort));
    expect(ins.map((e) => [e.source, e.targetPort])).toEqual([['res2_id/1/bn2c', 'in0'], ['res2a/relu', 'in1']]);
  });
});

describe('template parameters', () => {
  it('set the input shape, the classes and names built from them', () => {
    const { analysis } = expand('resnet50', { input: [128, 96, 3], classes: 10 });
    const fc = [...analysis.nodes.values()].find((a) => a.kind === 'Dense')!;
    expect(fc.name).toBe('fc10');
    expect(fc.shape).toEqual([10]);
    expect(analysis.nodes.get('input_1')!.shape).toEqual([128, 96, 3]);
  });

  it('drop optional nodes and pass their input through (GoogLeNet without LRN, with auxiliary classifiers)', () => {
    const plain = expand('googlenet');
    const noLrn = expand('googlenet', { lrn: false });
    expect(plain.project.nodes.filter((n) => n.kind === 'LocalResponseNormalization')).toHaveLength(2);
    expect(noLrn.project.nodes.filter((n) => n.kind === 'LocalResponseNormalization')).toHaveLength(0);
    expect(noLrn.project.edges.find((e) => e.target === 'conv2_3x3_reduce')!.source).toBe('pool1_3x3_s2');
    expect(noLrn.analysis.diagnostics).toEqual([]);
    expect(plain.project.groups.map((g) => g.id)).not.toContain('aux1');
    const aux = expand('googlenet', { aux: true });
    expect(aux.analysis.diagnostics).toEqual([]);
    expect(aux.analysis.outputs.map((id) => aux.analysis.nodes.get(id)!.name)).toEqual(['loss1_classifier', 'loss2_classifier', 'loss3_classifier']);
    expect(aux.project.groups.find((g) => g.id === 'aux1')).toMatchObject({ name: 'Auxiliary classifier 1', parent: 'stage4' });
    expect(aux.analysis.nodes.get('loss1_ave_pool')!.shape).toEqual([4, 4, 512]);
  });

  it('refuse unknown parameters and values of the wrong type, saying which', () => {
    const resnet = library.templates.get('resnet50')!;
    const r1 = expandTemplate(resnet, { depth: 101 }, library.templates);
    expect(r1).toEqual({ ok: false, message: 'template resnet50 has no parameter "depth"; its parameters are input, classes' });
    const r2 = expandTemplate(resnet, { input: [224, 224] }, library.templates);
    expect(!r2.ok && r2.message).toContain('parameter "input" must be a list of 3 values');
    const r3 = expandTemplate(resnet, { classes: 2.5 }, library.templates);
    expect(!r3.ok && r3.message).toContain('parameter "classes" must be a whole number');
  });
});

describe('template errors', () => {
  const base = { schemaVersion: 1, name: 'm', edges: [] };
  const meta = (params = {}) => ({ kind: 'network', description: 'd', source: 's', params });

  it('name the node and the missing parameter', () => {
    const t = template('t', { ...base, template: meta(), nodes: [{ id: 'x', kind: 'Input', params: { shape: '${size}' } }] });
    expect(expandTemplate(t)).toEqual({ ok: false, message: 'template t, node "x".params.shape refers to ${size}, which is not a parameter; the parameters are (none)' });
  });

  it('name an unknown block and a block that contains itself', () => {
    const t = template('t', { ...base, template: meta(), nodes: [{ id: 'x', kind: 'Input' }, { id: 'b', kind: 'Block', block: 'nope' }] });
    const r = expandTemplate(t, {}, library.templates);
    expect(!r.ok && r.message).toContain('template t, node "b": no block template "nope"; the templates are');
    const loop = template('loop', { ...base, template: { ...meta(), kind: 'block' }, nodes: [{ id: 'x', kind: 'Input' }, { id: 'again', kind: 'Block', block: 'loop' }] });
    const r2 = expandTemplate(loop, {}, new Map([['loop', loop]]));
    expect(!r2.ok && r2.message).toContain('block "loop" contains itself (loop -> loop)');
  });

  it('refuse a block fed the wrong number of inputs', () => {
    const t = template('t', {
      ...base,
      template: meta(),
      nodes: [
        { id: 'a', kind: 'Input', params: { shape: [8, 8, 4] } },
        { id: 'b', kind: 'Input', params: { shape: [8, 8, 4] } },
        { id: 'blk', kind: 'Block', block: 'bottleneck_1x1', inputs: ['a', 'b'] },
      ],
    });
    const r = expandTemplate(t, {}, library.templates);
    expect(!r.ok && r.message).toBe('template t, node "blk": the block takes 1 input (its Input nodes) but receives 2');
  });

  it('repeat a block by count and chain the copies', () => {
    const t = template('t', {
      ...base,
      template: meta(),
      nodes: [
        { id: 'in', kind: 'Input', params: { shape: [8, 8, 4] } },
        { id: 'neck', kind: 'Block', block: 'bottleneck_1x1', params: { filters: 4, batchNorm: false }, repeat: { label: ['n1', 'n2', 'n3'] } },
      ],
    });
    const r = expandTemplate(t, {}, library.templates);
    if (!r.ok) throw new Error(r.message);
    expect(r.project.nodes.map((n) => n.name ?? n.id)).toEqual(['in', 'n1_conv', 'n1_relu', 'n2_conv', 'n2_relu', 'n3_conv', 'n3_relu']);
    expect(r.project.groups.map((g) => g.name)).toEqual(['BOTTLENECK x3', 'n1 (1x1 bottleneck)', 'n2 (1x1 bottleneck)', 'n3 (1x1 bottleneck)']);
    expect(r.project.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['in>neck/1/conv', 'neck/1/conv>neck/1/relu', 'neck/1/relu>neck/2/conv', 'neck/2/conv>neck/2/relu', 'neck/2/relu>neck/3/conv', 'neck/3/conv>neck/3/relu']);
  });
});
