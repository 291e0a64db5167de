/**
 * Groups: group / save / load / ungroup gives back the graph exactly; selections that would split
 * a group or make the collapsed group feed itself are refused with a reason; boundaries give the
 * collapsed node's shapes and parameter total; analysis does not change with grouping.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { parseProject, serializeProject } from '../../shared/graph/load.ts';
import { groupBoundary, groupMembers, groupSelection, renameGroup, setGroupCollapsed, ungroup } from '../../shared/graph/groups.ts';
import { repeatGroup } from '../../shared/graph/groupRepeat.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { expand } from './templates/library.ts';

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error((r as unknown as { message: string }).message);
  return r as Extract<T, { ok: true }>;
}

/** Group, save to text, load it back, ungroup. */
function roundTrip(project: Project, ids: string[]): Project {
  const grouped = ok(groupSelection(project, ids, 'my block'));
  const loaded = parseProject(serializeProject(grouped.project));
  if (!loaded.ok) throw new Error(loaded.error.message);
  return ok(ungroup(loaded.project, grouped.groupId)).project;
}

const happy = expand('happy_model').project;
const resnet = expand('resnet50').project;

describe('group and ungroup', () => {
  it('round-trips a selection through save and load to the very same graph', () => {
    const ids = ['conv0', 'bn0', 'activation'];
    const grouped = ok(groupSelection(happy, ids, '  conv unit '));
    expect(grouped.project.groups).toEqual([{ id: 'group1', name: 'conv unit' }]);
    expect(grouped.project.nodes.filter((n) => n.group === 'group1').map((n) => n.id)).toEqual(ids);
    expect(analyzeGraph(grouped.project).totals).toEqual(analyzeGraph(happy).totals);
    expect(roundTrip(happy, ids)).toEqual(happy);
    expect(serializeProject(roundTrip(happy, ids))).toBe(serializeProject(happy));
  });

  it('nests: a selection inside a group gets that group as parent, and wrapping groups re-parents them', () => {
    const inner = ['res2a/branch2a', 'res2a/bn2a', 'res2a/relu2a'];
    const g = ok(groupSelection(resnet, inner, 'first conv'));
    expect(g.project.groups.at(-1)).toEqual({ id: g.groupId, name: 'first conv', parent: 'res2a' });
    expect(roundTrip(resnet, inner)).toEqual(resnet);

    // Both identity blocks of stage 2 plus the conv block: the whole of stage 2's content.
    const stage2 = groupMembers(resnet, 'stage2');
    const wrap = ok(groupSelection(resnet, stage2, 'all of stage 2'));
    expect(wrap.project.groups.find((x) => x.id === wrap.groupId)!.parent).toBe('stage2');
    expect(wrap.project.groups.find((x) => x.id === 'res2a')!.parent).toBe(wrap.groupId);
    expect(wrap.project.groups.find((x) => x.id === 'res2_id')!.parent).toBe(wrap.groupId);
    expect(roundTrip(resnet, stage2)).toEqual(resnet);

    // Two sibling groups at the top level: the new group sits at the top, they move in.
    const twoStages = [...groupMembers(resnet, 'stage2'), ...groupMembers(resnet, 'stage3')];
    const top = ok(groupSelection(resnet, twoStages, 'stages 2-3'));
    expect(top.project.groups.find((x) => x.id === top.groupId)).not.toHaveProperty('parent');
    expect(top.project.groups.filter((x) => x.parent === top.groupId).map((x) => x.id)).toEqual(['stage2', 'stage3']);
    expect(roundTrip(resnet, twoStages)).toEqual(resnet);
  });

  it('round-trips any selection it accepts (random selections of ResNet-50)', () => {
    const ids = resnet.nodes.map((n) => n.id);
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ids.length - 1 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 3 }), (start, length, holes) => {
        // Mostly contiguous runs in file order (what people select), sometimes with holes.
        const pick = ids.slice(start, start + length).filter((_, i) => holes === 0 || i % (holes + 1) !== 1);
        const r = groupSelection(resnet, pick, 'g');
        if (!r.ok) {
          refused++;
          expect(r.message).toMatch(/^cannot group: /);
          return;
        }
        accepted++;
        expect(groupMembers(r.project, r.groupId).sort()).toEqual([...new Set(pick)].sort());
        expect(roundTrip(resnet, pick)).toEqual(resnet);
      }),
      { numRuns: 150, seed: 42 },
    );
    // Both paths were exercised.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('refuses a selection that would split a group', () => {
    const r = groupSelection(resnet, ['res2a/bn2c', 'res2a/add', 'res2a/relu', 'res2_id/1/branch2a'], 'x');
    expect(r).toEqual({
      ok: false,
      message: 'cannot group: the selection takes 3 of the 12 layers of group "res2a (conv block)" and 1 outside it; select the whole group or only layers inside it',
    });
  });

  it('refuses a selection whose outputs come back into it (the collapsed group would feed itself)', () => {
    // conv0 and activation without bn0 between them.
    const r = groupSelection(happy, ['conv0', 'activation'], 'x');
    expect(r).toEqual({
      ok: false,
      message: 'cannot group: layer "bn0" is outside the selection but takes an output of it and feeds back into it; add it to the selection or leave out the layers after it',
    });
  });

  it('refuses empty selections, unknown nodes and blank names', () => {
    expect(groupSelection(happy, [], 'x')).toEqual({ ok: false, message: 'select at least one layer to group' });
    expect(groupSelection(happy, ['conv0', 'nope'], 'x')).toEqual({ ok: false, message: 'cannot group: no node "nope" in the project' });
    expect(groupSelection(happy, ['conv0'], '  ')).toEqual({ ok: false, message: 'a group needs a name' });
    expect(ungroup(happy, 'nope')).toEqual({ ok: false, message: 'no group "nope" in the project' });
  });

  it('renames and collapses groups', () => {
    const renamed = ok(renameGroup(resnet, 'res2a', 'stage 2 entry'));
    expect(renamed.project.groups.find((g) => g.id === 'res2a')!.name).toBe('stage 2 entry');
    expect(renameGroup(resnet, 'res2a', '')).toEqual({ ok: false, message: 'a group needs a name' });
    const collapsed = ok(setGroupCollapsed(resnet, 'res2_id', true));
    expect(collapsed.project.groups.find((g) => g.id === 'res2_id')!.collapsed).toBe(true);
  });
});

describe('groupBoundary', () => {
  const analysis = analyzeGraph(resnet);

  it('gives a conv block one input and one output, with shapes and the block total', () => {
    const b = groupBoundary(resnet, 'res3a', analysis);
    expect(b.inputs).toHaveLength(1);
    expect(b.inputs[0]).toMatchObject({ nodeId: 'res2_id/2/relu', name: 'activation_9', shape: [15, 15, 256] });
    // One tensor enters twice: the main path and the shortcut.
    expect(b.inputs[0]!.peers).toEqual(['res3a/branch2a', 'res3a/branch1']);
    expect(b.outputs.map((o) => [o.nodeId, o.shape])).toEqual([['res3a/relu', [8, 8, 512]]]);
    // res3a by hand: (256+1)*128 + (9*128+1)*128 + (128+1)*512 + (256+1)*512 + 4*(128+128+512+512) = 383,232.
    expect(b.collapsed).toEqual({ outputShapes: [[8, 8, 512]], params: { total: 383_232, trainable: 380_672, nonTrainable: 2_560 }, macs: expect.any(Number), layers: 12 });
  });

  it('counts a group holding the network output as having that output, and uses port names when set', () => {
    const b = groupBoundary(resnet, 'head', analysis);
    expect(b.outputs.map((o) => [o.name, o.shape])).toEqual([['fc6', [6]]]);
    const named: Project = { ...resnet, groups: resnet.groups.map((g) => (g.id === 'head' ? { ...g, inputNames: ['features'], outputNames: ['probabilities'] } : g)) };
    const n = groupBoundary(named, 'head', analysis);
    expect([n.inputs[0]!.name, n.outputs[0]!.name]).toEqual(['features', 'probabilities']);
    expect(n.collapsed!.params.total).toBe((2048 + 1) * 6);
  });

  it('sums nested groups into their parent', () => {
    const stage = groupBoundary(resnet, 'stage2', analysis).collapsed!.params.total;
    const parts = ['res2a', 'res2_id'].map((g) => groupBoundary(resnet, g, analysis).collapsed!.params.total);
    expect(stage).toBe(parts[0]! + parts[1]!);
    const total = ['stage1', 'stage2', 'stage3', 'stage4', 'stage5', 'head'].reduce((s, g) => s + groupBoundary(resnet, g, analysis).collapsed!.params.total, 0);
    expect(total).toBe(23_600_006);
  });
});

describe('repeatGroup', () => {
  it('chains copies of an identity block into one "x3" group, and the graph stays valid', () => {
    const before = analyzeGraph(resnet);
    const r = ok(repeatGroup(resnet, 'res2_id/2', 3));
    const after = analyzeGraph(r.project);
    expect(after.diagnostics).toEqual([]);
    // Two more res2-style identity blocks: 71,552 parameters each (see templates/small.test.ts).
    expect(after.totals.total - before.totals.total).toBe(2 * 71_552);
    const wrapper = r.project.groups.find((g) => g.id === r.groupId)!;
    expect(wrapper).toMatchObject({ name: 'res2c (identity block) x3', repeat: 3, parent: 'res2_id', block: 'resnet_identity_block' });
    expect(r.project.groups.filter((g) => g.parent === r.groupId)).toHaveLength(3);
    const b = groupBoundary(r.project, r.groupId, after);
    expect(b.inputs.map((p) => p.nodeId)).toEqual(['res2_id/1/relu']);
    expect(b.collapsed!.outputShapes).toEqual([[15, 15, 256]]);
    expect(b.collapsed!.params.total).toBe(3 * 71_552);
    // Stage 3 now starts from the last copy.
    const into3 = r.project.edges.filter((e) => e.target === 'res3a/branch2a').map((e) => e.source);
    expect(into3).toEqual([b.outputs[0]!.nodeId]);
    expect(b.outputs[0]!.nodeId).not.toBe('res2_id/2/relu');
    // Layout: nodes below moved down, so the network still flows downwards.
    const y = new Map(r.project.nodes.map((n) => [n.id, n.position.y]));
    for (const e of r.project.edges) expect(y.get(e.target)!, e.id).toBeGreaterThan(y.get(e.source)!);
  });

  it('refuses a group that cannot be chained, saying why', () => {
    const g = expand('googlenet', { aux: true }).project;
    expect(repeatGroup(g, 'stage4', 2)).toEqual({ ok: false, message: 'cannot repeat "Inception 4": chaining copies needs exactly one input and one output; it has 1 input and 3 outputs' });
    expect(repeatGroup(resnet, 'res2a', 1)).toEqual({ ok: false, message: 'a repeat count is a whole number from 2 to 100; received 1' });
  });
});
