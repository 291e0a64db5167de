/**
 * Zoomed far out, React Flow's one <svg> per edge (1,250 of them in a 1,000-layer graph) is what
 * makes a drag slow: each is hit-tested, laid out, painted and layerized on every frame. There
 * the edges that cannot move (none of their ends is selected, and so dragged) are drawn here as
 * one path, computed from React Flow's own node internals so they meet the same ports; the few
 * that can move stay real React Flow edges (flowEdges.ts marks the others hidden).
 */
import { memo } from 'react';
import { getBezierPath, Position, useStore, ViewportPortal, type Edge, type InternalNode, type ReactFlowState } from '@xyflow/react';

type Point = { x: number; y: number };

/** Where an edge leaves `node` (its source port, bottom centre) or enters it (target port, top centre). */
function port(node: InternalNode, type: 'source' | 'target'): Point {
  const at = node.internals.positionAbsolute;
  const handle = node.internals.handleBounds?.[type]?.[0];
  if (handle) return { x: at.x + handle.x + handle.width / 2, y: at.y + handle.y + (type === 'source' ? handle.height : 0) };
  const w = node.measured.width ?? 0;
  const h = node.measured.height ?? 0;
  return { x: at.x + w / 2, y: at.y + (type === 'source' ? h : 0) };
}

/** The SVG path data of every hidden edge whose diagnostic state is `bad`, as one string. */
export function farEdgePath(lookup: ReadonlyMap<string, InternalNode>, edges: readonly Edge[], bad: boolean): string {
  const parts: string[] = [];
  for (const e of edges) {
    if (!e.hidden || (e.className?.includes('nw-edge-bad') ?? false) !== bad) continue;
    const s = lookup.get(e.source);
    const t = lookup.get(e.target);
    if (!s || !t) continue;
    const a = port(s, 'source');
    const b = port(t, 'target');
    // The same curve React Flow draws for a default edge between a bottom and a top port.
    parts.push(getBezierPath({ sourceX: a.x, sourceY: a.y, sourcePosition: Position.Bottom, targetX: b.x, targetY: b.y, targetPosition: Position.Top })[0]);
  }
  return parts.join(' ');
}

// Strings compare by value: the component re-renders only when a hidden edge really moved.
const normalPath = (s: ReactFlowState) => farEdgePath(s.nodeLookup, s.edges, false);
const badPath = (s: ReactFlowState) => farEdgePath(s.nodeLookup, s.edges, true);

function FarEdgesView() {
  const normal = useStore(normalPath);
  const bad = useStore(badPath);
  return (
    <ViewportPortal>
      <svg className="nw-far-edges" data-testid="far-edges">
        {normal && <path className="react-flow__edge-path" d={normal} />}
        {bad && <path className="react-flow__edge-path nw-far-edge-bad" d={bad} />}
      </svg>
    </ViewportPortal>
  );
}

export const FarEdges = memo(FarEdgesView);
