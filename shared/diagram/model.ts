/**
 * The diagram's data model: boxes, frames and edges with absolute coordinates, the options a
 * caller picks, and the box/frame geometry the layout and the SVG renderer share.
 */
import type { ElkEngine } from './elk.ts';
import { compactCount } from './text.ts';

export interface Point {
  x: number;
  y: number;
}

/** One drawn box: a layer, or a collapsed group. Coordinates are the top-left corner. */
export interface DiagramBox {
  id: string;
  type: 'layer' | 'group';
  x: number;
  y: number;
  width: number;
  height: number;
  /** Keras layer name, or the group's name. */
  name: string;
  /** Keras class name ('InputLayer' for Input); for groups, e.g. '3 layers'. */
  kind: string;
  /** Key parameters ('3x3 same, 64'), empty when nothing worth saying. */
  detail: string;
  /** Layer category for the colour; 'Group' for groups. */
  category: string;
  /** Output shape(s), e.g. '64x64x32' ('?' when unknown). */
  shape: string;
  params: number;
}

/** An expanded group: a labelled frame around its members. */
export interface DiagramFrame {
  id: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** 0 for outermost frames. */
  depth: number;
  params: number;
  /** The enclosing frame, if any. */
  parent?: string;
}

export interface DiagramEdge {
  id: string;
  /** Box ids. */
  source: string;
  target: string;
  /** Orthogonal polyline from the source's border to the target's border. */
  points: Point[];
}

export interface DiagramLayout {
  title: string;
  /** 'Total params: ...' line under the title (empty when the title is off). */
  subtitle: string;
  width: number;
  height: number;
  boxes: DiagramBox[];
  frames: DiagramFrame[];
  edges: DiagramEdge[];
}

export interface DiagramOptions {
  /** Only these node ids (and the edges between them); all nodes when absent or empty. */
  selection?: readonly string[];
  /**
   * 'expanded': every group is a frame. 'collapsed': groups at nesting depth `collapseDepth`
   * (0: outermost) are boxes, shallower ones frames. 'project': each group as the project has it
   * (its `collapsed` flag), as the editor shows it.
   */
  groups?: 'collapsed' | 'expanded' | 'project';
  collapseDepth?: number;
  /** Draw the model name and totals above the graph (default true). */
  title?: boolean;
}

/** What a layout needs: the options, and the ELK engine that places the boxes and routes the edges. */
export interface DiagramLayoutOptions extends DiagramOptions {
  /** bundledElk (shared/diagram/bundledElk.ts) in Node; the renderer passes its worker engine. */
  engine: ElkEngine;
}

/** Box and frame geometry shared with the SVG renderer. */
export const GEOMETRY = {
  boxHeight: 52,
  minBoxWidth: 200,
  maxBoxWidth: 420,
  padX: 14,
  /** Left colour band of a box. */
  band: 6,
  /** Offset of the card drawn behind a collapsed group. */
  stackOffset: 5,
  nameSize: 13,
  kindSize: 11,
  shapeSize: 12,
  frameLabelSize: 12,
  framePadding: { top: 34, left: 16, bottom: 16, right: 16 },
  margin: 24,
  headerHeight: 52,
} as const;

/** '896 params', '23.6M params', or '' for layers without weights. */
export function paramsLabel(params: number): string {
  return params > 0 ? `${compactCount(params)} params` : '';
}
