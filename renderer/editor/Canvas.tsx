/**
 * The node canvas: React Flow drawing the project through FlowModel, with drops from the
 * palette, wiring checked by connection.ts, drags turned into one undo step each, a minimap,
 * zoom controls and the refusal popup that explains a refused wire.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import { moveNodes, type XY } from '../../shared/edits/index.ts';
import { groupMembers } from '../../shared/graph/groups.ts';
import { useEditor } from '../state/store.ts';
import { useFitView } from './useFitView.ts';
import { connectNodes, insertLayer, registerCanvas } from '../state/actions.ts';
import { toggleGroup } from '../state/layoutActions.ts';
import { FlowModel, GROUP_PREFIX, NODE_HEIGHT, NODE_WIDTH, type FlowNode } from './flowModel.ts';
import { LayerNode } from './LayerNode.tsx';
import { GroupNode } from './GroupNode.tsx';
import { ConnectionHint } from './ConnectionHint.tsx';
import { FarEdges } from './FarEdges.tsx';
import { checkConnection, type ConnectionCheck } from './connection.ts';

// Props handed to React Flow are module constants: a new object or function on every render
// would make it re-render every node, edge or minimap entry on every drag frame.
const nodeTypes = { layer: LayerNode, block: GroupNode };
const PRO_OPTIONS = { hideAttribution: true };
/** Below this zoom a node's text would be under ~5 px: draw blocks instead. */
const FAR_ZOOM = 0.45;
/** Below this even the far view's large names would be under ~5 px: plain blocks only. */
const TINY_ZOOM = 0.2;
const MULTI_SELECT_KEYS = ['Meta', 'Control', 'Shift'];
function minimapClass(node: FlowNode): string {
  const category = (node.data as { category?: string }).category;
  return category ? `nw-mini cat-${category.toLowerCase()}` : 'nw-mini';
}
export const KIND_MIME = 'application/x-netwright-kind';

interface Refusal {
  x: number;
  y: number;
  check: Extract<ConnectionCheck, { ok: false }>;
}

export function Canvas() {
  const project = useEditor((s) => s.project);
  const analysis = useEditor((s) => s.analysis);
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const theme = useEditor((s) => s.theme);
  const docVersion = useEditor((s) => s.docVersion);
  // Zoomed far out, text is unreadable: nodes are drawn as plain blocks (far less to paint).
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const tiny = useStore((s) => s.transform[2] < TINY_ZOOM);
  const flow = useReactFlow();
  const model = useRef(new FlowModel());
  const wrapper = useRef<HTMLDivElement>(null);
  const cursor = useRef<{ x: number; y: number } | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  // Bumped when React Flow measured nodes whose objects do not carry their size yet.
  const [measuredTick, setMeasuredTick] = useState(0);

  const { nodes, edges, farEdges } = useMemo(
    () => model.current.build(project, analysis, selectedNodes, selectedEdges, far),
    [project, analysis, selectedNodes, selectedEdges, measuredTick, far],
  );

  const requestFit = useFitView(project, nodes, (id) => model.current.sizeOf(id));

  useEffect(() => {
    registerCanvas({
      insertPoint() {
        if (cursor.current) return flow.screenToFlowPosition(cursor.current);
        const r = wrapper.current?.getBoundingClientRect();
        return r ? flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
      },
      fitView: (animate) => requestFit(animate ? 200 : undefined),
      sizeOf: (id) => model.current.sizeOf(id),
      actualSize: () => void flow.zoomTo(1, { duration: 150 }),
      reveal(p) {
        const r = wrapper.current?.getBoundingClientRect();
        if (!r) return;
        const topLeft = flow.screenToFlowPosition({ x: r.left, y: r.top });
        const bottomRight = flow.screenToFlowPosition({ x: r.right, y: r.bottom });
        const inside = p.x >= topLeft.x && p.y >= topLeft.y && p.x + NODE_WIDTH <= bottomRight.x && p.y + NODE_HEIGHT <= bottomRight.y;
        if (!inside) void flow.setCenter(p.x + NODE_WIDTH / 2, p.y + NODE_HEIGHT / 2, { zoom: flow.getZoom(), duration: 200 });
      },
    });
  }, [flow, requestFit]);

  // A newly loaded document is fitted in view once React Flow has drawn it.
  useEffect(() => {
    if (docVersion !== 0) requestFit();
  }, [docVersion, requestFit]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const s = useEditor.getState();
    const moves = new Map<string, XY>();
    let dragging = false;
    let ended = false;
    let selection: Set<string> | null = null;
    let remeasured = false;
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) remeasured = model.current.setMeasured(c.id, c.dimensions) || remeasured;
      else if (c.type === 'position') {
        if (c.position) {
          if (c.id.startsWith(GROUP_PREFIX)) groupMove(s.project, c.id.slice(GROUP_PREFIX.length), c.position, moves);
          else moves.set(c.id, c.position);
        }
        if (c.dragging) dragging = true;
        else ended = true;
      } else if (c.type === 'select') {
        selection ??= new Set(s.selectedNodes);
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      }
    }
    if (moves.size > 0) s.moveTransient(moveNodes(s.project, moves));
    if (ended && !dragging) useEditor.getState().endMove();
    if (selection) useEditor.getState().setSelection(selection, useEditor.getState().selectedEdges);
    if (remeasured) setMeasuredTick((t) => t + 1);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const s = useEditor.getState();
    let selection: Set<string> | null = null;
    for (const c of changes) {
      if (c.type === 'select') {
        selection ??= new Set(s.selectedEdges);
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      }
    }
    if (selection) s.setSelection(s.selectedNodes, selection);
  }, []);

  const isValidConnection = useCallback((c: Connection | { source: string; target: string }) => {
    const s = useEditor.getState();
    return checkConnection(s.project, s.analysis, c.source, c.target).ok;
  }, []);

  const onConnect = useCallback((c: Connection) => connectNodes(c.source, c.target), []);

  const onConnectEnd = useCallback((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (!state.toNode || state.isValid !== false || !state.fromNode) return;
    const fromTarget = state.fromHandle?.type === 'target';
    const source = fromTarget ? state.toNode.id : state.fromNode.id;
    const target = fromTarget ? state.fromNode.id : state.toNode.id;
    const s = useEditor.getState();
    const check = checkConnection(s.project, s.analysis, source, target);
    if (check.ok) return;
    const point = 'clientX' in event ? { x: event.clientX, y: event.clientY } : { x: event.changedTouches[0]!.clientX, y: event.changedTouches[0]!.clientY };
    setRefusal({ ...point, check });
  }, []);

  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => setRefusal(null), 9000);
    return () => clearTimeout(timer);
  }, [refusal]);

  // Double-clicking a collapsed group expands it in place.
  const onNodeDoubleClick = useCallback((_e: unknown, node: FlowNode) => {
    if (node.type === 'block' && node.data.collapsed) void toggleGroup((node.data as { groupId: string }).groupId, false);
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(KIND_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(KIND_MIME);
      if (!kind) return;
      e.preventDefault();
      insertLayer(kind, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [flow],
  );

  return (
    <div
      className={`nw-canvas${far ? ' far' : ''}${tiny ? ' tiny' : ''}`}
      ref={wrapper}
      data-testid="canvas"
      onMouseMove={(e) => (cursor.current = { x: e.clientX, y: e.clientY })}
      onMouseLeave={() => (cursor.current = null)}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <ReactFlow<FlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        colorMode={theme}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        onlyRenderVisibleElements
        minZoom={0.05}
        maxZoom={2.5}
        proOptions={PRO_OPTIONS}
        onPaneClick={() => setRefusal(null)}
        onNodeDoubleClick={onNodeDoubleClick}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap pannable zoomable nodeClassName={minimapClass} />
        <Controls showInteractive={false} />
        <ConnectionHint />
        {far && <FarEdges edges={farEdges} />}
      </ReactFlow>
      {project.nodes.length === 0 && (
        <div className="nw-empty-hint">
          <strong>Start a network</strong>
          <span>Drag a layer from the palette, type its name in the search box and press Enter, or insert a template.</span>
        </div>
      )}
      {refusal && (
        <div className="nw-refusal" role="alert" style={{ left: refusal.x + 12, top: refusal.y + 12 }}>
          <div>{refusal.check.reason}</div>
          <div className="nw-refusal-actions">
            {refusal.check.fix && (
              <button
                className="primary"
                onClick={() => {
                  const s = useEditor.getState();
                  s.edit(refusal.check.fix!.apply(s.project), refusal.check.fix!.label);
                  setRefusal(null);
                }}
              >
                {refusal.check.fix.label}
              </button>
            )}
            <button onClick={() => setRefusal(null)}>Dismiss</button>
          </div>
        </div>
      )}
    </div>
  );
}

/** Dragging a collapsed group moves every layer in it by the same amount. */
function groupMove(project: ReturnType<typeof useEditor.getState>['project'], groupId: string, to: XY, moves: Map<string, XY>): void {
  const members = groupMembers(project, groupId);
  const byId = new Map(project.nodes.map((n) => [n.id, n]));
  let minX = Infinity;
  let minY = Infinity;
  for (const id of members) {
    const p = byId.get(id)!.position;
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
  }
  const dx = to.x - minX;
  const dy = to.y - minY;
  for (const id of members) {
    const p = byId.get(id)!.position;
    moves.set(id, { x: p.x + dx, y: p.y + dy });
  }
}
