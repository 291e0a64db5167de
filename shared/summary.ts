/**
 * Keras-style model summary text, reproducing tf.keras 2.x `model.summary()` for functional
 * models (98 columns, columns at 33% / 55% / 67%, wrapping long fields the way Keras'
 * print_row does), so people can diff our output against Keras'.
 */
import type { Analysis, NodeAnalysis } from './graph/analyze.ts';
import { kerasClassName } from './codegen/layerSpecs.ts';
import { getLayer } from './layers/index.ts';
import { kerasShape } from './shape.ts';

/** `37633` -> `37,633`, Python's '{:,}'. */
export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** One Keras table row, wrapped across lines as keras.utils.layer_utils.print_summary does. */
export function printRow(fields: string[], positions: number[]): string[] {
  const left = [...fields];
  const lines: string[] = [];
  const breaks = ['),', '},', '],', "',"];
  while (left.some((f) => f.length > 0)) {
    let line = '';
    for (let col = 0; col < left.length; col++) {
      const start = col > 0 ? positions[col - 1]! : 0;
      const end = positions[col]!;
      const space = col !== positions.length - 1 ? 2 : 0;
      let cutoff = end - start - space;
      let fit = left[col]!.slice(0, cutoff);
      const candidates = breaks.filter((b) => fit.includes(b)).map((b) => fit.indexOf(b) + b.length);
      if (candidates.length > 0) {
        cutoff = Math.min(...candidates);
        fit = fit.slice(0, cutoff);
      }
      if (col === 0) line += ' ';
      line += fit;
      line += ' '.repeat(space);
      left[col] = left[col]!.slice(cutoff);
      line += ' '.repeat(Math.max(0, end - line.length));
    }
    lines.push(line);
  }
  return lines;
}

/** Python's repr of a list of strings: ['a[0][0]', 'b[0][0]']. */
function pyList(items: string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}

/**
 * The Keras class of a node's layer, as model.summary() prints it: InputLayer for an Input, and
 * the class the exporters build otherwise (an Activation('leaky_relu') node is a LeakyReLU layer).
 */
export function kerasLayerClass(node: NodeAnalysis): string {
  if (node.kind === 'Input') return 'InputLayer';
  const def = getLayer(node.kind);
  return def && node.params ? kerasClassName(def.tfjs(node.params as never)) : node.kind;
}

export interface SummaryOptions {
  /** Add a column of multiply-adds per layer and a total line. */
  macs?: boolean;
}

/** The summary of an analysed graph; the graph should be free of errors. */
export function formatSummary(modelName: string, analysis: Analysis, options: SummaryOptions = {}): string {
  // Keras' own columns; --macs appends one more column after them, leaving Keras' layout intact.
  const kerasLength = 98;
  const positions = [0.33, 0.55, 0.67, 1].map((p) => Math.floor(kerasLength * p));
  const header = ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  if (options.macs) {
    positions[3] = kerasLength - 2;
    positions.push(kerasLength + 16);
    header.push('MACs');
  }
  const lineLength = positions[positions.length - 1]!;
  const out: string[] = [];
  out.push(`Model: "${modelName}"`);
  out.push('_'.repeat(lineLength));
  out.push(...printRow(header, positions));
  out.push('='.repeat(lineLength));
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id)!;
    const shape = a.shape ? (a.kind === 'Input' ? `[${kerasShape(a.shape)}]` : kerasShape(a.shape)) : '?';
    const cls = kerasLayerClass(a);
    const connections = a.inputIds.map((src) => `${analysis.nodes.get(src)!.name}[0][0]`);
    const row = [`${a.name} (${cls})`, shape, String(a.count.trainable + a.count.nonTrainable), pyList(connections)];
    if (options.macs) row.push(thousands(a.macs));
    out.push(...printRow(row, positions));
    out.push(' '.repeat(lineLength));
  }
  out.push('='.repeat(lineLength));
  out.push(`Total params: ${thousands(analysis.totals.total)}`);
  out.push(`Trainable params: ${thousands(analysis.totals.trainable)}`);
  out.push(`Non-trainable params: ${thousands(analysis.totals.nonTrainable)}`);
  if (options.macs) out.push(`Total MACs: ${thousands(analysis.totals.macs)}`);
  out.push('_'.repeat(lineLength));
  return out.join('\n');
}
