// The canvas model's level of detail and its per-node data: frozen and the cost badge travel in
// the node data (no per-node store selectors), zoomed far out only the edges that can move (an end
// selected, or selected) stay React Flow edges, and FarEdges draws the rest as one path.
import { describe, expect, it } from 'vitest';
import type { InternalNode } from '@xyflow/react';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { parseProject } from '../../shared/graph/load.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { FlowModel, type LayerNodeData } from '../../renderer/editor/flowModel.ts';
import { farEdgePath } from '../../renderer/editor/FarEdges.tsx';
import { costBadge } from '../../renderer/editor/costHints.ts';

function project(): Project {
  const r = parseProject(
    JSON.stringify({
      schemaVersion: 1,
      nodes: [
        { id: 'in', kind: 'Input', params: { shape: [28, 28, 192] }, position: { x: 0, y: 0 } },
        { id: 'c', kind: 'Conv2D', params: { filters: 32, kernelSize: [5, 5], padding: 'same' }, position: { x: 0, y: 140 }, trainable: false },
        { id: 'r', kind: 'ReLU', params: {}, position: { x: 0, y: 280 } },
        { id: 'd', kind: 'Dense', params: { units: 4 }, position: { x: 0, y: 420 } },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'c' },
        { id: 'e2', source: 'c', target: 'r' },
        { id: 'e3', source: 'r', target: 'd' },
      ],
    }),
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.project;
}

describe('FlowModel', () => {
  it('puts frozen and the cost badge in the node data', () => {
    const p = project();
    const a = analyzeGraph(p);
    const { nodes } = new FlowModel().build(p, a, new Set(), new Set());
    const data = (id: string) => nodes.find((n) => n.id === id)!.data as LayerNodeData;
    expect(data('c').frozen).toBe(true);
    expect(data('r').frozen).toBe(false);
    const badge = costBadge(a, 'c');
    expect(badge).not.toBeNull();
    expect(data('c').cost).toEqual({ text: badge!.text, title: badge!.title });
    expect(data('r').cost).toBeNull();
  });

  it('far out hides the edges that cannot move, and labels none', () => {
    const p = project();
    const a = analyzeGraph(p);
    const model = new FlowModel();
    const near = model.build(p, a, new Set(['c']), new Set(), false);
    expect(near.edges.map((e) => [e.id, e.label])).toEqual([
      ['e1', '28x28x192'],
      ['e2', '28x28x32'],
      ['e3', '28x28x32'],
    ]);
    expect(near.farEdges).toEqual([]);
    const far = model.build(p, a, new Set(['c']), new Set(), true);
    expect(far.edges.map((e) => [e.id, e.label])).toEqual([
      ['e1', undefined],
      ['e2', undefined],
    ]);
    expect(far.farEdges.map((e) => e.id)).toEqual(['e3']);
    // A drag frame (same selection, same analysis) hands out the same lists.
    const again = model.build({ ...p, nodes: p.nodes.map((n) => (n.id === 'c' ? { ...n, position: { x: 5, y: 150 } } : n)) }, a, new Set(['c']), new Set(), true);
    expect(again.farEdges).toBe(far.farEdges);
    // Selecting an edge keeps it a React Flow edge; a new selection is a new set.
    const farEdge = model.build(p, a, new Set(), new Set(['e3']), true);
    expect(farEdge.edges.map((e) => e.id)).toEqual(['e3']);
    expect(farEdge.farEdges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });
});

describe('farEdgePath', () => {
  const internal = (id: string, x: number, y: number): InternalNode =>
    ({
      id,
      position: { x, y },
      data: {},
      measured: { width: 220, height: 80 },
      internals: { positionAbsolute: { x, y }, z: 0, userNode: {} as never, handleBounds: { source: [{ id: null, type: 'source', position: 'bottom', x: 105, y: 75, width: 10, height: 10 }], target: [{ id: null, type: 'target', position: 'top', x: 105, y: -5, width: 10, height: 10 }] } },
    }) as unknown as InternalNode;

  it('draws each edge from the source port to the target port, as React Flow does', () => {
    const lookup = new Map([['a', internal('a', 0, 0)], ['b', internal('b', 0, 140)], ['c', internal('c', 300, 140)]]);
    const edges = [
      { id: 'x', source: 'a', target: 'b', className: 'nw-edge' },
      { id: 'y', source: 'a', target: 'c', className: 'nw-edge nw-edge-bad' },
      { id: 'z', source: 'b', target: 'q', className: 'nw-edge' },
    ];
    // Source port: bottom of the handle (0 + 75 + 10); target: top of the handle (140 - 5); an
    // edge to a node React Flow does not know yet (q) is left out.
    expect(farEdgePath(lookup, edges, false)).toBe('M110,85 C110,110 110,110 110,135');
    expect(farEdgePath(lookup, edges, true)).toMatch(/^M110,85 C.* 410,135$/);
  });
});
