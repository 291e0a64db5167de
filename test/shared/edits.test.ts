import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { loadTemplate } from '../../electron/templates.ts';
import { emptyProject, ProjectSchema, type Project, type ProjectInput } from '../../shared/graph/schema.ts';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import {
  addNode,
  connect,
  duplicate,
  extractFragment,
  fixesFor,
  insertOnEdge,
  moveNodes,
  parseFragment,
  pasteFragment,
  prepareBlock,
  projectionStride,
  removeElements,
  renameNode,
  serializeFragment,
  setParam,
} from '../../shared/edits/index.ts';

const project = (p: Omit<ProjectInput, 'schemaVersion'>): Project => ProjectSchema.parse({ schemaVersion: 1, ...p });

/** Freezes deeply so a test fails if an edit mutates its input. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(frozen);
    Object.freeze(value);
  }
  return value;
}

function only(p: Project, code: string) {
  const a = analyzeGraph(p);
  const d = a.diagnostics.find((x) => x.code === code);
  if (!d) throw new Error(`expected ${code}; got ${JSON.stringify(a.diagnostics)}`);
  return { a, d, fixes: fixesFor(p, a, d) };
}

/** The fixed graph must compile with real tfjs to the same parameter count as our analysis. */
function expectCompilesTo(p: Project, total: number) {
  const a = analyzeGraph(p);
  expect(a.diagnostics).toEqual([]);
  expect(a.totals.total).toBe(total);
  const model = compileToTfjs(tf, p, a);
  expect(model.countParams()).toBe(total);
  model.dispose();
}

describe('primitive edits', () => {
  it('adds, connects, renames, moves and removes without mutating the input', () => {
    let p = frozen(emptyProject());
    const a = addNode(p, { kind: 'Input', params: { shape: [8, 8, 3] } }, { x: 0, y: 0 });
    const b = addNode(a.project, { kind: 'Conv2D', params: { filters: 4 } }, { x: 0, y: 120.4 });
    p = frozen(connect(b.project, a.id, b.id).project);
    expect(p.edges).toHaveLength(1);
    expect(p.nodes[1]!.position).toEqual({ x: 0, y: 120 });
    expect(analyzeGraph(p).nodes.get(b.id)!.shape).toEqual([6, 6, 4]);
    expect(connect(p, a.id, b.id).edgeId).toBeNull();
    p = frozen(setParam(renameNode(p, b.id, 'conv_a'), b.id, 'padding', 'same'));
    expect(analyzeGraph(p).nodes.get(b.id)).toMatchObject({ name: 'conv_a', shape: [8, 8, 4] });
    p = frozen(moveNodes(p, new Map([[b.id, { x: 10, y: 20 }]])));
    expect(p.nodes[1]!.position).toEqual({ x: 10, y: 20 });
    expect(removeElements(p, [a.id]).edges).toEqual([]);
    expect(removeElements(p, [], [p.edges[0]!.id]).nodes).toHaveLength(2);
  });

  it('replaces the edge into a one-input layer and numbers merge ports in0, in1', () => {
    let p = project({
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [4] } },
        { id: 'y', kind: 'Input', params: { shape: [4] } },
        { id: 'd', kind: 'Dense' },
        { id: 'add', kind: 'Add' },
      ],
      edges: [],
    });
    p = connect(connect(p, 'x', 'd').project, 'y', 'd').project;
    expect(p.edges.map((e) => [e.source, e.target, e.targetPort])).toEqual([['y', 'd', 'in']]);
    p = connect(connect(p, 'x', 'add').project, 'y', 'add').project;
    expect(p.edges.filter((e) => e.target === 'add').map((e) => e.targetPort)).toEqual(['in0', 'in1']);
  });

  it('inserts on an edge and pushes the layers below down to make room', () => {
    const p = project({
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [4, 4, 2] }, position: { x: 0, y: 0 } },
        { id: 'c', kind: 'Conv2D', params: { filters: 2, kernelSize: [1, 1] }, position: { x: 0, y: 120 } },
        { id: 'd', kind: 'Dropout', position: { x: 0, y: 240 } },
      ],
      edges: [
        { id: 'e1', source: 'x', target: 'c' },
        { id: 'e2', source: 'c', target: 'd' },
      ],
    });
    const { project: q, ids } = insertOnEdge(p, 'e1', [{ kind: 'BatchNormalization' }, { kind: 'ReLU' }]);
    expect(ids).toHaveLength(2);
    const a = analyzeGraph(q);
    expect(a.diagnostics).toEqual([]);
    expect(a.order).toEqual(['x', ids[0], ids[1], 'c', 'd']);
    const y = (id: string) => q.nodes.find((n) => n.id === id)!.position.y;
    expect(y(ids[0]!)).toBe(120);
    expect(y(ids[1]!)).toBe(240);
    expect(y('c')).toBe(360);
    expect(y('d')).toBe(480);
  });
});

describe('fix-its', () => {
  it('projects a mismatched Add shortcut with a strided 1x1 conv + BN (Keras counts: 256 + 256)', () => {
    const p = project({
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [32, 32, 3] } },
        { id: 'c', kind: 'Conv2D', params: { filters: 64, kernelSize: [3, 3], strides: [2, 2], padding: 'same' } },
        { id: 'bn', kind: 'BatchNormalization' },
        { id: 'add', kind: 'Add' },
      ],
      edges: [
        { id: 'e1', source: 'x', target: 'c' },
        { id: 'e2', source: 'c', target: 'bn' },
        { id: 'e3', source: 'bn', target: 'add', targetPort: 'in0' },
        { id: 'e4', source: 'x', target: 'add', targetPort: 'in1' },
      ],
    });
    const { fixes, d } = only(p, 'SHAPE_MISMATCH');
    expect(d.nodeId).toBe('add');
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.detail).toContain('32x32x3');
    expect(fixes[0]!.detail).toContain('16x16x64');
    const fixed = fixes[0]!.apply(p);
    const a = analyzeGraph(fixed);
    expect(a.nodes.get('add')!.shape).toEqual([16, 16, 64]);
    const added = fixed.nodes.filter((n) => !p.nodes.includes(n));
    expect(added.map((n) => n.kind)).toEqual(['Conv2D', 'BatchNormalization']);
    expect(a.nodes.get(added[0]!.id)!.count.trainable).toBe((1 * 1 * 3 + 1) * 64);
    expect(a.nodes.get(added[1]!.id)!.count).toEqual({ trainable: 128, nonTrainable: 128 });
    // main path: (3*3*3 + 1)*64 = 1,792 and BN 256; projection 256 + 256.
    expectCompilesTo(fixed, 1_792 + 256 + 256 + 256);
  });

  it('projects the shortcut, not the main path, when the main path enters the Add first and the shortcut has a layer', () => {
    // Keras lists the shortcut's one layer after the main branch's last (same depth, later
    // traversal): the main path is the one with more layers behind it.
    const p = project({
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [32, 32, 3] } },
        { id: 'c1', kind: 'Conv2D', params: { filters: 64, kernelSize: [3, 3], strides: [2, 2], padding: 'same' } },
        { id: 'c2', kind: 'Conv2D', params: { filters: 64, kernelSize: [3, 3], padding: 'same' } },
        { id: 'bn', kind: 'BatchNormalization' },
        { id: 's', kind: 'Conv2D', params: { filters: 16, kernelSize: [1, 1] } },
        { id: 'add', kind: 'Add' },
      ],
      edges: [
        { id: 'e1', source: 'x', target: 'c1' },
        { id: 'e2', source: 'c1', target: 'c2' },
        { id: 'e3', source: 'c2', target: 'bn' },
        { id: 'e4', source: 'bn', target: 'add', targetPort: 'in0' },
        { id: 'e5', source: 'x', target: 's' },
        { id: 'e6', source: 's', target: 'add', targetPort: 'in1' },
      ],
    });
    const a = analyzeGraph(p);
    expect(a.order.indexOf('s')).toBeGreaterThan(a.order.indexOf('bn'));
    const { fixes } = only(p, 'SHAPE_MISMATCH');
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.detail).toContain(`project the shortcut from "${a.nodes.get('s')!.name}" (32x32x16) to 16x16x64`);
    expect(analyzeGraph(fixes[0]!.apply(p)).nodes.get('add')!.shape).toEqual([16, 16, 64]);
  });

  it('finds the stride a 1x1 projection needs', () => {
    expect(projectionStride(56, 28)).toBe(2);
    expect(projectionStride(7, 4)).toBe(2);
    expect(projectionStride(8, 8)).toBe(1);
    expect(projectionStride(4, 8)).toBeUndefined();
  });

  it("switches padding to 'same' when the kernel is larger than the input", () => {
    const p = project({
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [4, 4, 1] } },
        { id: 'c', kind: 'Conv2D', params: { filters: 2, kernelSize: [5, 5] } },
      ],
      edges: [{ id: 'e', source: 'x', target: 'c' }],
    });
    const { fixes } = only(p, 'KERNEL_TOO_LARGE');
    expect(fixes.map((f) => f.label)).toEqual(["Switch padding to 'same'"]);
    const fixed = fixes[0]!.apply(p);
    expect(analyzeGraph(fixed).nodes.get('c')!.shape).toEqual([4, 4, 2]);
    expectCompilesTo(fixed, (5 * 5 * 1 + 1) * 2);
  });

  it('inserts Flatten before a Dense fed an image', () => {
    const p = project({
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [8, 8, 2] } },
        { id: 'd', kind: 'Dense', params: { units: 10 } },
      ],
      edges: [{ id: 'e', source: 'x', target: 'd' }],
    });
    const { fixes } = only(p, 'RANK_MISMATCH');
    const flatten = fixes.find((f) => f.label === 'Insert Flatten')!;
    expect(flatten.detail).toContain('128');
    expectCompilesTo(flatten.apply(p), (128 + 1) * 10);
  });

  it('inserts the missing Input, for the graph and for one layer', () => {
    const lone = project({ nodes: [{ id: 'c', kind: 'Conv2D', params: { filters: 8 } }], edges: [] });
    const { fixes } = only(lone, 'NO_INPUT_LAYER');
    // Default Input is 64x64x3: conv 3x3 valid, 8 filters -> (3*3*3 + 1)*8 = 224.
    expectCompilesTo(fixes[0]!.apply(lone), 224);

    const partial = project({
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [64, 64, 3] } },
        { id: 'c', kind: 'Conv2D', params: { filters: 8 } },
        { id: 'c2', kind: 'Conv2D', params: { filters: 8 } },
      ],
      edges: [{ id: 'e', source: 'x', target: 'c' }],
    });
    const missing = only(partial, 'MISSING_INPUT');
    expect(missing.d.nodeId).toBe('c2');
    const fixed = missing.fixes[0]!.apply(partial);
    expect(analyzeGraph(fixed).diagnostics).toEqual([]);
    expect(fixed.edges.some((e) => e.target === 'c2')).toBe(true);
  });

  it('offers nothing for diagnostics it cannot repair', () => {
    const p = project({ nodes: [{ id: 'x', kind: 'Nope' }], edges: [] });
    const a = analyzeGraph(p);
    for (const d of a.diagnostics) if (d.code === 'UNKNOWN_KIND') expect(fixesFor(p, a, d)).toEqual([]);
  });
});

describe('fragments (copy, paste, duplicate)', () => {
  const happy = loadTemplate('happy_model');
  if (!happy.ok) throw new Error(happy.message);
  const source = happy.project;

  it('round-trips through clipboard text and pastes with fresh ids and no clashing names', () => {
    const ids = ['conv0', 'bn0', 'activation'];
    const text = serializeFragment(extractFragment(source, ids));
    const fragment = parseFragment(text)!;
    expect(fragment.nodes.map((n) => n.id)).toEqual(ids);
    expect(fragment.edges).toHaveLength(2);
    // Into the same project: names conv0, bn0 are taken, so the copies get Keras' automatic names.
    const same = pasteFragment(source, fragment, { at: { x: 500, y: 0 } });
    expect(same.ids).toHaveLength(3);
    expect(same.ids.some((id) => ids.includes(id))).toBe(false);
    const added = same.project.nodes.slice(source.nodes.length);
    expect(added.every((n) => n.name === undefined)).toBe(true);
    expect(added[0]!.position).toEqual({ x: 500, y: 0 });
    expect(analyzeGraph(same.project).diagnostics.map((d) => d.code)).toEqual(['MISSING_INPUT']);
    // Into another (empty) project: names are kept.
    const other = pasteFragment(emptyProject(), fragment);
    expect(other.project.nodes.map((n) => n.name)).toEqual(['conv0', 'bn0', 'activation']);
  });

  it('duplicates a whole model into an equal, independent copy', () => {
    const d = duplicate(source, source.nodes.map((n) => n.id));
    const a = analyzeGraph(d.project);
    expect(a.diagnostics).toEqual([]);
    expect(a.totals.total).toBe(2 * 37_633);
  });

  it('refuses text that is not a Netwright fragment', () => {
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"nodes":[],"edges":[]}')).toBeNull();
    expect(parseFragment('{"netwright":"netwright/fragment","nodes":[{"id":1}],"edges":[]}')).toBeNull();
    expect(parseFragment('{"netwright":"netwright/fragment","nodes":[],"edges":[],"__proto__":{"x":1}}')).toBeNull();
  });
});

describe('fragments keep whole groups', () => {
  it('copies a group with its layers and gives it a fresh id', () => {
    const p = project({
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [8] } },
        { id: 'a', kind: 'Dense', params: { units: 4 }, group: 'g' },
        { id: 'b', kind: 'Dense', params: { units: 2 }, group: 'g' },
      ],
      edges: [
        { id: 'e1', source: 'x', target: 'a' },
        { id: 'e2', source: 'a', target: 'b' },
      ],
      groups: [{ id: 'g', name: 'head', collapsed: true }],
    });
    const whole = extractFragment(p, ['a', 'b']);
    expect(whole.groups!.map((g) => g.name)).toEqual(['head']);
    const pasted = pasteFragment(p, parseFragment(serializeFragment(whole))!);
    expect(pasted.project.groups).toHaveLength(2);
    const copyGroup = pasted.project.groups[1]!;
    expect(copyGroup.id).not.toBe('g');
    expect(copyGroup).toMatchObject({ name: 'head', collapsed: true });
    expect(pasted.project.nodes.filter((n) => n.group === copyGroup.id).map((n) => n.id)).toEqual(pasted.ids);
    // Part of a group: the group stays behind and the copies are ungrouped.
    const part = extractFragment(p, ['a']);
    expect(part.groups).toEqual([]);
    expect(part.nodes[0]!.group).toBeUndefined();
  });
});

describe('block templates inserted into a graph', () => {
  it('drops the block Input, groups the rest and wires the entries from a chosen layer', () => {
    const block = loadTemplate('resnet_identity_block', { input: [16, 16, 64], filters: [16, 16, 64] });
    if (!block.ok) throw new Error(block.message);
    const prepared = prepareBlock(block.project, 'ID block', 'resnet_identity_block');
    expect(prepared.project.nodes.some((n) => n.kind === 'Input')).toBe(false);
    // The identity block's input feeds the first 1x1 conv and the Add shortcut.
    expect(prepared.entries.map((id) => prepared.project.nodes.find((n) => n.id === id)!.kind).sort()).toEqual(['Add', 'Conv2D']);
    const group = prepared.project.groups.find((g) => g.name === 'ID block')!;
    expect(prepared.project.nodes.every((n) => n.group === group.id)).toBe(true);

    // Into a graph: Input 16x16x64 -> (block), wired from the Input.
    const host = project({ nodes: [{ id: 'x', kind: 'Input', params: { shape: [16, 16, 64] } }], edges: [] });
    const pasted = pasteFragment(host, { netwright: 'netwright/fragment', version: 1, ...prepared.project });
    const index = new Map(prepared.project.nodes.map((n, i) => [n.id, i]));
    let p = pasted.project;
    for (const entry of prepared.entries) p = connect(p, 'x', pasted.ids[index.get(entry)!]!).project;
    const a = analyzeGraph(p);
    expect(a.diagnostics).toEqual([]);
    // Keras counts for this identity block (f=3, filters 16, 16, 64 on 64 channels):
    // 1x1: (64+1)*16 = 1,040; 3x3: (9*16+1)*16 = 2,320; 1x1: (16+1)*64 = 1,088; BN 4*(16+16+64) = 384.
    expect(a.totals.total).toBe(1_040 + 2_320 + 1_088 + 384);
    expectCompilesTo(p, 4_832);
  });
});
