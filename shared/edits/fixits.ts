/**
 * Fix-its: repairs offered for common diagnostics, keyed on their stable codes. Each is a label
 * for the button and a pure `apply(project)`; the editor shows them next to the diagnostic.
 *   SHAPE_MISMATCH on Add          -> 1x1 Conv2D + BatchNormalization projection on the shortcut
 *   KERNEL_TOO_LARGE / NON_POSITIVE_OUTPUT -> switch the layer's padding to 'same'
 *   RANK_MISMATCH on Dense         -> insert Flatten (or global average pooling) before it
 *   NO_INPUT_LAYER / MISSING_INPUT -> insert an Input feeding the layer(s) that have no input
 */
import type { Analysis } from '../graph/analyze.ts';
import { portIndex } from '../graph/analyze.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { Project } from '../graph/schema.ts';
import { getLayer, isLayerKind } from '../layers/index.ts';
import { formatShape, shapesEqual, type Shape } from '../shape.ts';
import { connect, insertOnEdge, LAYER_SPACING, makeNode, setParam } from './graph.ts';

export interface FixIt {
  /** Button text, e.g. 'Insert 1x1 conv + BN projection'. */
  label: string;
  /** One line on what it will do, with the numbers. */
  detail: string;
  apply(project: Project): Project;
}

/** The fix-its that apply to `diagnostic` in `project` (analysed as `analysis`). */
export function fixesFor(project: Project, analysis: Analysis, diagnostic: Diagnostic): FixIt[] {
  const node = diagnostic.nodeId ? project.nodes.find((n) => n.id === diagnostic.nodeId) : undefined;
  switch (diagnostic.code) {
    case 'SHAPE_MISMATCH':
      return node?.kind === 'Add' ? projectionFixes(project, analysis, node.id) : [];
    case 'KERNEL_TOO_LARGE':
    case 'NON_POSITIVE_OUTPUT':
      return node ? paddingFixes(project, node.id) : [];
    case 'RANK_MISMATCH':
      return node?.kind === 'Dense' ? flattenFixes(project, analysis, node.id) : [];
    case 'NO_INPUT_LAYER':
      return inputFixes(project, analysis, rootsNeedingInput(project));
    case 'MISSING_INPUT':
      return node && !project.edges.some((e) => e.target === node.id) ? inputFixes(project, analysis, [node.id]) : [];
    default:
      return [];
  }
}

/** Every fix-it for every diagnostic of the analysis, grouped by node id ('' for graph-wide ones). */
export function allFixes(project: Project, analysis: Analysis): Map<string, Array<{ diagnostic: Diagnostic; fixes: FixIt[] }>> {
  const out = new Map<string, Array<{ diagnostic: Diagnostic; fixes: FixIt[] }>>();
  for (const d of analysis.diagnostics) {
    const key = d.nodeId ?? '';
    out.set(key, [...(out.get(key) ?? []), { diagnostic: d, fixes: fixesFor(project, analysis, d) }]);
  }
  return out;
}

/**
 * The stride along one axis that turns `n` into `target` with a 1x1 'valid' window
 * (output ceil(n/s)), preferring an exact divisor; undefined when none exists.
 */
export function projectionStride(n: number, target: number): number | undefined {
  if (target <= 0 || n <= 0) return undefined;
  if (n % target === 0) return n / target;
  for (let s = 1; s <= n; s++) if (Math.ceil(n / s) === target) return s;
  return undefined;
}

/** The length of the longest chain of layers from an Input to each node (an Input has 0). */
function layersBehind(analysis: Analysis): (id: string) => number {
  const memo = new Map<string, number>();
  // Analysis order is topological: every node's inputs come before it.
  for (const id of analysis.order) {
    const ins = analysis.nodes.get(id)!.inputIds;
    memo.set(id, ins.length === 0 ? 0 : 1 + Math.max(...ins.map((src) => memo.get(src) ?? 0)));
  }
  return (id) => memo.get(id) ?? 0;
}

function projectionFixes(project: Project, analysis: Analysis, addId: string): FixIt[] {
  const incoming = project.edges.filter((e) => e.target === addId).sort((a, b) => portIndex(a.targetPort) - portIndex(b.targetPort));
  const shapes = incoming.map((e) => analysis.nodes.get(e.source)?.shape);
  if (shapes.some((s) => s === undefined) || incoming.length < 2) return [];
  // The reference is the main path: the input with the most layers behind it (ties: the one
  // Keras lists later); the others are shortcuts to project onto its shape. Keras' order alone
  // would not do: it lists a one-layer shortcut after the main branch's last layer.
  const rank = new Map(analysis.order.map((id, i) => [id, i]));
  const behind = layersBehind(analysis);
  const key = (id: string) => [behind(id), rank.get(id) ?? -1] as const;
  let ref = 0;
  incoming.forEach((e, i) => {
    const [a, b] = [key(e.source), key(incoming[ref]!.source)];
    if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) ref = i;
  });
  const target = shapes[ref]! as Shape;
  if (target.length !== 3) return [];
  const fixes: FixIt[] = [];
  incoming.forEach((edge, i) => {
    const from = shapes[i]! as Shape;
    if (i === ref || shapesEqual(from, target) || from.length !== 3) return;
    const sh = projectionStride(from[0]!, target[0]!);
    const sw = projectionStride(from[1]!, target[1]!);
    if (sh === undefined || sw === undefined) return;
    const filters = target[2]!;
    const source = analysis.nodes.get(edge.source)?.name ?? edge.source;
    const strideText = sh === 1 && sw === 1 ? '' : `, stride ${sh === sw ? sh : `${sh}x${sw}`}`;
    fixes.push({
      label: 'Insert 1x1 conv + BN projection',
      detail: `project the shortcut from "${source}" (${formatShape(from)}) to ${formatShape(target)}: Conv2D 1x1, ${filters} filters${strideText}, then BatchNormalization`,
      apply: (p) =>
        insertOnEdge(
          p,
          edge.id,
          [
            { kind: 'Conv2D', params: { filters, kernelSize: [1, 1], strides: [sh, sw], padding: 'valid' } },
            { kind: 'BatchNormalization', params: {} },
          ],
          'beside',
        ).project,
    });
  });
  return fixes;
}

function paddingFixes(project: Project, nodeId: string): FixIt[] {
  const node = project.nodes.find((n) => n.id === nodeId)!;
  const def = getLayer(node.kind);
  if (!def || !('padding' in def.params.shape) || node.params.padding === 'same') return [];
  return [
    {
      label: "Switch padding to 'same'",
      detail: `${node.kind} keeps its input size (divided by the stride) with 'same' padding`,
      apply: (p) => setParam(p, nodeId, 'padding', 'same'),
    },
  ];
}

function flattenFixes(project: Project, analysis: Analysis, denseId: string): FixIt[] {
  const edge = project.edges.find((e) => e.target === denseId);
  const shape = edge ? analysis.nodes.get(edge.source)?.shape : undefined;
  if (!edge || !shape || shape.length < 2) return [];
  const fixes: FixIt[] = [
    {
      label: 'Insert Flatten',
      detail: `unroll ${formatShape(shape)} into ${shape.reduce((a, b) => a * b, 1).toLocaleString('en-US')} values before the Dense layer`,
      apply: (p) => insertOnEdge(p, edge.id, [{ kind: 'Flatten' }]).project,
    },
  ];
  if (shape.length === 3 && isLayerKind('GlobalAveragePooling2D')) {
    fixes.push({
      label: 'Insert GlobalAveragePooling2D',
      detail: `average each of the ${shape[2]} channels over ${shape[0]}x${shape[1]} before the Dense layer`,
      apply: (p) => insertOnEdge(p, edge.id, [{ kind: 'GlobalAveragePooling2D' }]).project,
    });
  }
  return fixes;
}

/** Nodes that need an input but have no incoming edge, in file order. */
function rootsNeedingInput(project: Project): string[] {
  const fed = new Set(project.edges.map((e) => e.target));
  return project.nodes.filter((n) => !fed.has(n.id) && (getLayer(n.kind)?.inputs.min ?? 0) > 0).map((n) => n.id);
}

function inputFixes(project: Project, analysis: Analysis, roots: string[]): FixIt[] {
  const first = roots[0];
  return [
    {
      label: 'Insert Input',
      detail: first
        ? `add an Input (64x64x3; edit its shape in the inspector) feeding "${analysis.nodes.get(first)?.name ?? first}"`
        : 'add an Input layer (64x64x3; edit its shape in the inspector)',
      apply: (p) => {
        const at = first ? p.nodes.find((n) => n.id === first)?.position : undefined;
        const node = makeNode(p, { kind: 'Input' }, at ? { x: at.x, y: at.y - LAYER_SPACING } : { x: 0, y: 0 });
        let next: Project = { ...p, nodes: [...p.nodes, node] };
        if (first) next = connect(next, node.id, first).project;
        return next;
      },
    },
  ];
}
