/**
 * Fitting the whole graph in view. A fit is asked for a project (the one current when asked) and
 * made once the canvas has drawn that project, a frame later: asked right after an edit, the new
 * nodes may not be in React Flow yet. Every shown node counts: React Flow's own fitView counts
 * only measured nodes, and it draws (so measures) only what is on screen, so a large graph just
 * inserted would be fitted to its visible corner; nodes not measured yet count with their
 * estimated size.
 */
import { useCallback, useEffect, useRef } from 'react';
import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useEditor } from '../state/store.ts';

type Size = { width: number; height: number };

/** Returns requestFit(duration?): fit once `project` (drawn as `nodes`) is on the canvas. */
export function useFitView(project: unknown, nodes: unknown, sizeOf: (id: string) => Size): (duration?: number) => void {
  const flow = useReactFlow();
  const store = useStoreApi();
  const estimate = useRef(sizeOf);
  estimate.current = sizeOf;

  const fitAll = useCallback(
    (duration?: number) => {
      const shown = flow.getNodes();
      if (shown.length === 0) return;
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const n of shown) {
        const at = flow.getInternalNode(n.id)?.internals.positionAbsolute ?? n.position;
        const size = n.measured?.width && n.measured.height ? (n.measured as Size) : estimate.current(n.id);
        [x0, y0, x1, y1] = [Math.min(x0, at.x), Math.min(y0, at.y), Math.max(x1, at.x + size.width), Math.max(y1, at.y + size.height)];
      }
      const { width, height, minZoom } = store.getState();
      if (width === 0 || height === 0) return;
      void flow.setViewport(getViewportForBounds({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, width, height, minZoom, 1.2, 0.15), duration ? { duration } : undefined);
    },
    [flow, store],
  );

  const drawn = useRef<unknown>(null);
  const pending = useRef<{ project: unknown; duration?: number } | null>(null);
  const fitWhenDrawn = useCallback(() => {
    const fit = pending.current;
    if (!fit || drawn.current !== fit.project) return;
    pending.current = null;
    requestAnimationFrame(() => fitAll(fit.duration));
  }, [fitAll]);
  const requestFit = useCallback(
    (duration?: number) => {
      pending.current = { project: useEditor.getState().project, ...(duration ? { duration } : {}) };
      fitWhenDrawn();
    },
    [fitWhenDrawn],
  );
  useEffect(() => {
    drawn.current = project;
    fitWhenDrawn();
  }, [nodes, project, fitWhenDrawn]);
  return requestFit;
}
