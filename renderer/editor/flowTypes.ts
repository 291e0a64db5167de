/**
 * What the canvas draws: the data of a layer node and of a group node (collapsed box or expanded
 * frame), the flow node union, and the sizes and id prefix the editor shares for them.
 */
import type { Node } from '@xyflow/react';

/** Approximate node size, for group frames and layout before React Flow has measured them. */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 92;
export const GROUP_PREFIX = 'group:';
/** Padding of an expanded group's frame around its contents; the header sits in the top band. */
export const FRAME_PAD = 24;
export const FRAME_HEAD = 20;

export interface LayerNodeData extends Record<string, unknown> {
  kind: string;
  name: string;
  category: string;
  summary: string;
  shape: string | null;
  params: number;
  error: string | null;
  /** The diagnostic code behind `error`: a missing input is drawn softer than a real error. */
  errorCode: string | null;
  takesInput: boolean;
  /** trainable: false (a snowflake tag and a muted face). */
  frozen: boolean;
  /** The amber MACs badge of a convolution worth a 1x1 bottleneck (costHints.ts), or null. */
  cost: { text: string; title: string } | null;
}

export interface GroupNodeData extends Record<string, unknown> {
  groupId: string;
  name: string;
  collapsed: boolean;
  layers: number;
  params: number;
  shape: string | null;
  width: number;
  height: number;
  error: string | null;
}

export type FlowNode = Node<LayerNodeData, 'layer'> | Node<GroupNodeData, 'block'>;
