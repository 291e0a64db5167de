/**
 * layoutDiagram: a project (or a selection of it) as boxes, frames and routed edges. Three steps:
 * the diagram graph from the project (graph.ts), placement by ELK (elk.ts), then the title block
 * and the page size here. The model types live in model.ts and are re-exported from this module.
 */
import type { Analysis } from '../graph/analyze.ts';
import type { Project } from '../graph/schema.ts';
import { placeWithElk } from './elk.ts';
import { buildDiagramGraph } from './graph.ts';
import { GEOMETRY, type DiagramLayout, type DiagramLayoutOptions } from './model.ts';
import { compactCount, textWidth } from './text.ts';

export { GEOMETRY, paramsLabel, type DiagramBox, type DiagramEdge, type DiagramFrame, type DiagramLayout, type DiagramLayoutOptions, type DiagramOptions, type Point } from './model.ts';

/**
 * Lays the diagram out with `options.engine`; resolves with absolute coordinates for every box,
 * frame and edge.
 */
export async function layoutDiagram(project: Project, analysis: Analysis, options: DiagramLayoutOptions): Promise<DiagramLayout> {
  const graph = buildDiagramGraph(project, analysis, options);
  const { boxes, frames, edges } = graph;
  const showTitle = options.title !== false;
  const dx = GEOMETRY.margin;
  const dy = GEOMETRY.margin + (showTitle ? GEOMETRY.headerHeight : 0);
  const laid = await placeWithElk(graph, dx, dy, options.engine);

  const totals = analysis.totals;
  const n = graph.layerCount;
  const shownParams = graph.partial ? boxes.reduce((s, b) => s + b.params, 0) : totals.total;
  const subtitle = showTitle
    ? graph.partial
      ? `Selection: ${n} layer${n === 1 ? '' : 's'} · ${compactCount(shownParams)} params`
      : `${analysis.order.length} layers · Total params: ${shownParams.toLocaleString('en-US')} · Trainable: ${totals.trainable.toLocaleString('en-US')} · MACs: ${compactCount(totals.macs)}`
    : '';
  const title = showTitle ? project.name : '';
  const contentWidth = Math.max(round(laid.width), showTitle ? Math.max(textWidth(title, 16, true), textWidth(subtitle, 11)) : 0);
  return {
    title,
    subtitle,
    width: Math.ceil(contentWidth + 2 * GEOMETRY.margin),
    height: Math.ceil(laid.height + dy + GEOMETRY.margin),
    boxes,
    frames: frames.sort((a, b) => a.depth - b.depth),
    edges,
  };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
