/**
 * Diagnostics are data: a stable `code` that tests and fix-its key on, the node (or edge) they
 * concern, and a message for people that quotes the values received.
 */

/** Every diagnostic code the analysis can emit. Codes are stable: add, never rename. */
export const DIAGNOSTIC_CODES = {
  UNKNOWN_KIND: 'The node kind is not in the layer catalog.',
  BAD_PARAM: 'A parameter value fails the kind\'s schema.',
  CYCLE: 'The node is part of a cycle.',
  MISSING_INPUT: 'The node has fewer inputs than its kind needs.',
  EXTRA_INPUT: 'The node has more inputs than its kind accepts.',
  DANGLING_EDGE: 'An edge names a node or port that does not exist.',
  DUPLICATE_EDGE: 'Two edges feed the same input port.',
  DUPLICATE_NAME: 'Two layers share a Keras name.',
  NO_INPUT_LAYER: 'The graph has no Input node.',
  SHAPE_MISMATCH: 'Merged inputs have incompatible shapes.',
  RANK_MISMATCH: 'The input has the wrong number of dimensions for this layer.',
  KERNEL_TOO_LARGE: 'A kernel or pool window is larger than its (padded) input.',
  NON_POSITIVE_OUTPUT: 'The layer would produce an empty dimension.',
  RESHAPE_SIZE: 'Reshape target does not hold the same number of elements.',
  UPSTREAM_ERROR: 'An input of this node has an error, so its shape is unknown.',
  UNKNOWN_GROUP: 'A node names a group that does not exist.',
  BAD_NAME: 'A layer name TensorFlow.js cannot build (it must start with a letter or digit).',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  /** The node the problem belongs to, when there is one. */
  nodeId?: string;
  /** The edge the problem belongs to, when there is one. */
  edgeId?: string;
  /** The parameter at fault, for BAD_PARAM. */
  param?: string;
  message: string;
}

/**
 * Thrown by a layer's `inferShape` to report a problem with its inputs or parameters;
 * the analysis turns it into a Diagnostic on that node.
 */
export class LayerError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    /** The parameter at fault, when the problem is a parameter value (BAD_PARAM). */
    readonly param?: string,
  ) {
    super(message);
    this.name = 'LayerError';
  }
}

/** Throws a LayerError: `fail('RANK_MISMATCH', 'Conv2D needs ...')`; `param` names the field at fault. */
export function fail(code: DiagnosticCode, message: string, param?: string): never {
  throw new LayerError(code, message, param);
}
