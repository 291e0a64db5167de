/**
 * Zoomed far out, React Flow's one <svg> per edge (1,250 of them in a 1,000-layer graph) is what
 * makes a drag slow: each is hit-tested, laid out, painted and layerized on every frame, and each
 * keeps a store subscription. There the edges that cannot move (none of their ends is selected, and
 * so dragged) are drawn here as two paths (normal, and into a node with a diagnostic), computed
 * from React Flow's own node internals so they meet the same ports; the few that can move stay
 * React Flow edges (flowEdges.ts splits them).
 */
import { memo, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { getBezierPath, Position, useStore, type Edge, type InternalNode, type ReactFlowState } from '@xyflow/react';

type Point = { x: number; y: number };
type Lookup = ReadonlyMap<string, InternalNode>;

/** Where an edge leaves `node` (its source port, bottom centre) or enters it (target port, top centre). */
function port(node: InternalNode, type: 'source' | 'target'): Point {
  const at = node.internals.positionAbsolute;
  const handle = node.internals.handleBounds?.[type]?.[0];
  if (handle) return { x: at.x + handle.x + handle.width / 2, y: at.y + handle.y + (type === 'source' ? handle.height : 0) };
  const w = node.measured.width ?? 0;
  const h = node.measured.height ?? 0;
  return { x: at.x + w / 2, y: at.y + (type === 'source' ? h : 0) };
}

/** The SVG path data of `edges` (those with the nw-edge-bad class when `bad`), as one string. */
export function farEdgePath(lookup: Lookup, edges: readonly Edge[], bad: boolean): string {
  const parts: string[] = [];
  for (const e of edges) {
    if ((e.className?.includes('nw-edge-bad') ?? false) !== bad) continue;
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

interface Drawn {
  edges: readonly Edge[];
  /** The internal node objects of every edge's ends, in order: React Flow replaces a node's object when it changes. */
  ends: (InternalNode | undefined)[];
  paths: string;
}

/** Both paths, recomputed only when an edge or one of their end nodes changed (not on every drag frame). */
function drawnPaths(lookup: Lookup, edges: readonly Edge[], last: Drawn | null): Drawn {
  const ends: (InternalNode | undefined)[] = [];
  for (const e of edges) ends.push(lookup.get(e.source), lookup.get(e.target));
  if (last && last.edges === edges && last.ends.length === ends.length && last.ends.every((n, i) => n === ends[i])) return last;
  return { edges, ends, paths: `${farEdgePath(lookup, edges, false)}\n${farEdgePath(lookup, edges, true)}` };
}

const selectDomNode = (s: ReactFlowState) => s.domNode;

/**
 * React Flow's viewport portal element, looked up once. Its own <ViewportPortal> runs
 * `domNode.querySelector` on every store update, i.e. on every drag frame, walking the DOM of
 * every node and edge before it (the portal comes last).
 */
function useViewportPortal(): Element | null {
  const domNode = useStore(selectDomNode);
  const [portal, setPortal] = useState<Element | null>(null);
  useLayoutEffect(() => setPortal(domNode?.querySelector('.react-flow__viewport-portal') ?? null), [domNode]);
  return portal;
}

function FarEdgesView({ edges }: { edges: readonly Edge[] }) {
  const portal = useViewportPortal();
  const last = useRef<Drawn | null>(null);
  // A string compares by value: the component re-renders only when a drawn edge really moved.
  const select = useCallback((s: ReactFlowState) => (last.current = drawnPaths(s.nodeLookup, edges, last.current)).paths, [edges]);
  const [normal, bad] = useStore(select).split('\n');
  if (!portal) return null;
  return createPortal(
    <svg className="nw-far-edges" data-testid="far-edges">
      {normal && <path className="react-flow__edge-path" d={normal} />}
      {bad && <path className="react-flow__edge-path nw-far-edge-bad" d={bad} />}
    </svg>,
    portal,
  );
}

export const FarEdges = memo(FarEdgesView);
