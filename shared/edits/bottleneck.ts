/**
 * The 1x1 bottleneck (Inception's cost lesson): a k x k convolution over many input channels is
 * expensive (MACs = H*W*F*k*k*Cin); a 1x1 convolution down to C' channels first costs H*W*Cin*C'
 * and leaves the big convolution only C' input channels. 5x5 same, 28x28x192 -> 28x28x32:
 * 120,422,400 MACs; with a 1x1 to 16 first: 2,408,448 + 10,035,200 = 12,443,648.
 */
import { analyzeGraph, type Analysis } from '../graph/analyze.ts';
import type { Project } from '../graph/schema.ts';
import { insertOnEdge } from './graph.ts';
import type { FixIt } from './fixits.ts';

export interface BottleneckOptions {
  /** Give the 1x1 convolution a ReLU (as Inception does); default true. */
  relu?: boolean;
}

export interface BottleneckSaving {
  /** MACs of the convolution alone, per sample. */
  before: number;
  /** MACs of the 1x1 bottleneck plus the convolution after it. */
  after: number;
  /** before - after (negative when the bottleneck costs more). */
  saving: number;
  /** The two parts of `after`. */
  bottleneckMacs: number;
  convMacs: number;
  /** Weights of the convolution before, and of bottleneck + convolution after. */
  paramsBefore: number;
  paramsAfter: number;
  /** The two parts of `paramsAfter`. */
  bottleneckParams: number;
  convParams: number;
}

export type BottleneckEdit = { ok: true; project: Project; bottleneckId: string } | { ok: false; message: string };

/**
 * Inserts a 1x1 Conv2D with `channels` filters ('valid', stride 1, optional ReLU) on the edge
 * entering the Conv2D `convNodeId`; the nodes below move down to make room.
 */
export function insertBottleneck(project: Project, convNodeId: string, channels: number, options: BottleneckOptions = {}): BottleneckEdit {
  const conv = project.nodes.find((n) => n.id === convNodeId);
  if (!conv) return { ok: false, message: `no node "${convNodeId}" in the project` };
  if (conv.kind !== 'Conv2D') return { ok: false, message: `a bottleneck goes before a Conv2D; "${conv.name ?? conv.id}" is a ${conv.kind}` };
  if (!Number.isInteger(channels) || channels < 1) return { ok: false, message: `the bottleneck needs a whole number of channels, 1 or more; received ${channels}` };
  const edge = project.edges.find((e) => e.target === convNodeId);
  if (!edge) return { ok: false, message: `"${conv.name ?? conv.id}" has no input to put a bottleneck on; connect its input first` };
  const activation = options.relu === false ? 'linear' : 'relu';
  const inserted = insertOnEdge(project, edge.id, [{ kind: 'Conv2D', params: { filters: channels, kernelSize: [1, 1], strides: [1, 1], padding: 'valid', activation } }]);
  const id = inserted.ids[0]!;
  // A bottleneck belongs to the same group as the convolution it serves.
  const nodes = conv.group === undefined ? inserted.project.nodes : inserted.project.nodes.map((n) => (n.id === id ? { ...n, group: conv.group } : n));
  return { ok: true, project: { ...inserted.project, nodes }, bottleneckId: id };
}

/** The multiply-adds (and weights) of `convNodeId` before and after a `channels` bottleneck. */
export function bottleneckSaving(project: Project, convNodeId: string, channels: number, options: BottleneckOptions = {}): BottleneckSaving | { error: string } {
  const before = analyzeGraph(project).nodes.get(convNodeId);
  if (!before?.shape) return { error: `"${convNodeId}" has no known output shape; fix the graph's errors first` };
  const edit = insertBottleneck(project, convNodeId, channels, options);
  if (!edit.ok) return { error: edit.message };
  const a = analyzeGraph(edit.project);
  const b = a.nodes.get(edit.bottleneckId)!;
  const c = a.nodes.get(convNodeId)!;
  const weights = (n: { count: { trainable: number; nonTrainable: number } }) => n.count.trainable + n.count.nonTrainable;
  return {
    before: before.macs,
    after: b.macs + c.macs,
    saving: before.macs - b.macs - c.macs,
    bottleneckMacs: b.macs,
    convMacs: c.macs,
    paramsBefore: weights(before),
    paramsAfter: weights(b) + weights(c),
    bottleneckParams: weights(b),
    convParams: weights(c),
  };
}

/** An expensive convolution the editor can offer a bottleneck for. */
export interface BottleneckSuggestion {
  nodeId: string;
  name: string;
  kernel: [number, number];
  inputChannels: number;
  filters: number;
  /** The suggested bottleneck width. */
  channels: number;
  before: number;
  after: number;
  saving: number;
  /** This convolution's share of the whole model's MACs (0..1): the editor badges the big ones. */
  share: number;
}

export interface SuggestOptions {
  /** Only convolutions with at least this many input channels (default 64). */
  minInputChannels?: number;
}

/**
 * Conv2D layers worth a bottleneck: a kernel larger than 1x1, at least `threshold` MACs per
 * sample, many input channels, not already fed by a 1x1 convolution (directly or through BN /
 * activation layers), and a saving of at least half. The suggested width is the largest power
 * of two at most min(Cin/4, filters/2) and at least filters/8 (16 for the case study's
 * 192 -> 32). Sorted by saving, largest first. Computed from the
 * analysis alone: with C' channels the convolution costs macs*C'/Cin and the 1x1 H*W*Cin*C'.
 */
export function suggestBottlenecks(analysis: Analysis, threshold = 10_000_000, options: SuggestOptions = {}): BottleneckSuggestion[] {
  const minIn = options.minInputChannels ?? 64;
  const out: BottleneckSuggestion[] = [];
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id)!;
    if (a.kind !== 'Conv2D' || !a.params || !a.shape || a.inputShapes.length !== 1) continue;
    const input = a.inputShapes[0]!;
    if (input.length !== 3) continue;
    const kernel = a.params.kernelSize as [number, number];
    const filters = a.params.filters as number;
    const cin = input[2]!;
    if (kernel[0] * kernel[1] <= 1 || cin < minIn || a.macs < threshold) continue;
    if (fedByPointwiseConv(analysis, a.inputIds[0]!)) continue;
    const limit = Math.min(Math.floor(cin / 4), Math.floor(filters / 2));
    if (limit < 1) continue;
    const channels = 2 ** Math.floor(Math.log2(limit));
    // Never squeeze below an eighth of the filters: a conv that widens its input (AlexNet's 5x5,
    // 96 -> 256) would be starved by a 16-channel bottleneck; that is not the lesson's case.
    if (channels * 8 < filters) continue;
    const after = input[0]! * input[1]! * cin * channels + (a.macs * channels) / cin;
    if (after > a.macs / 2) continue;
    const share = analysis.totals.macs > 0 ? a.macs / analysis.totals.macs : 0;
    out.push({ nodeId: id, name: a.name, kernel: [kernel[0], kernel[1]], inputChannels: cin, filters, channels, before: a.macs, after, saving: a.macs - after, share });
  }
  return out.sort((x, y) => y.saving - x.saving);
}

/**
 * True when `id` is a 1x1 Conv2D, or reaches one going up through single-input layers that keep
 * the shape (BatchNormalization, Activation, Dropout...): the convolution below is already
 * bottlenecked (Inception's reduce, ResNet's conv-BN-ReLU), and the thing to tune is that 1x1.
 */
function fedByPointwiseConv(analysis: Analysis, id: string): boolean {
  for (let node = analysis.nodes.get(id), steps = 0; node && steps < 16; steps++) {
    if (node.kind === 'Conv2D') {
      const k = node.params?.kernelSize as [number, number] | undefined;
      return k !== undefined && k[0] * k[1] === 1;
    }
    const input = node.inputShapes[0];
    if (node.inputIds.length !== 1 || !node.shape || !input || node.shape.join('x') !== input.join('x')) return false;
    node = analysis.nodes.get(node.inputIds[0]!);
  }
  return false;
}

/** The suggestion as a fix-it button for the editor: label, numbers, and the edit. */
export function bottleneckFixIt(s: BottleneckSuggestion): FixIt {
  const m = (v: number) => `${(v / 1e6).toFixed(1)}M`;
  return {
    label: `Insert 1x1 bottleneck (${s.channels} channels)`,
    detail: `${s.kernel[0]}x${s.kernel[1]} conv "${s.name}" over ${s.inputChannels} channels costs ${m(s.before)} MACs; a 1x1 to ${s.channels} first: ${m(s.after)} (${Math.round((100 * s.saving) / s.before)}% less)`,
    apply: (p) => {
      const r = insertBottleneck(p, s.nodeId, s.channels);
      return r.ok ? r.project : p;
    },
  };
}
