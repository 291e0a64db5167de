/**
 * The Keras-style summary, live: layer (type), output shape, params, connected to, and the
 * multiply-adds per layer with their total (as `netwright summary --macs`); then Total /
 * Trainable / Non-trainable params with comma separators, multiply-adds and FLOPs, and the
 * training-memory estimate (shared/memory.ts) at the chosen batch size.
 */
import { memo } from 'react';
import { useEditor } from '../state/store.ts';
import { kerasShape } from '../../shared/shape.ts';
import { kerasLayerClass } from '../../shared/summary.ts';
import { formatBytes, trainingMemory } from '../../shared/memory.ts';
import type { Analysis } from '../../shared/graph/analyze.ts';
import { thousands } from '../editor/categories.ts';
import '../styles/cost.css';

export function SummaryPanel() {
  const analysis = useEditor((s) => s.analysis);
  const open = useEditor((s) => s.summaryOpen);
  const setOpen = useEditor((s) => s.setSummaryOpen);
  const batch = useEditor((s) => s.batchSize);
  const setBatch = useEditor((s) => s.setBatchSize);
  const memory = trainingMemory(analysis, batch);
  const errors = analysis.diagnostics.length;
  return (
    <section className={`nw-summary${open ? ' open' : ''}`} aria-label="Model summary" data-testid="summary">
      <header className="nw-summary-bar">
        <button className="nw-summary-toggle" onClick={() => setOpen(!open)} title="Show or hide the summary table">
          {open ? '▾' : '▸'} Summary
        </button>
        <div className="nw-totals">
          <span>
            Total params: <strong data-testid="total-params">{thousands(analysis.totals.total)}</strong>
          </span>
          <span>
            Trainable: <strong data-testid="trainable-params">{thousands(analysis.totals.trainable)}</strong>
          </span>
          <span>
            Non-trainable: <strong data-testid="non-trainable-params">{thousands(analysis.totals.nonTrainable)}</strong>
          </span>
          <span title={`Per sample: ${thousands(analysis.totals.macs)} multiply-accumulates; FLOPs = 2 x MACs = ${thousands(2 * analysis.totals.macs)}`}>
            MACs <strong>{si(analysis.totals.macs)}</strong> · FLOPs <strong data-testid="flops">{si(2 * analysis.totals.macs)}</strong>
          </span>
          <span
            className="nw-memory"
            title={`float32, Adam: weights ${formatBytes(memory.parameters)} + gradients ${formatBytes(memory.gradients)} + Adam moments ${formatBytes(memory.optimizer)} + activations ${formatBytes(memory.activations)} (x ${batch} samples)`}
          >
            Train memory ≈ <strong data-testid="memory">{formatBytes(memory.total)}</strong> @ batch
            <input
              type="number"
              min={1}
              max={65536}
              value={batch}
              onChange={(e) => setBatch(Math.max(1, Math.min(65536, Math.floor(Number(e.target.value)) || 1)))}
              aria-label="Batch size"
              data-testid="batch-size"
            />
          </span>
          {errors > 0 && <span className="nw-error-count">{errors} problem{errors === 1 ? '' : 's'}</span>}
        </div>
      </header>
      {open && <SummaryTable analysis={analysis} />}
    </section>
  );
}

/** 308,999,552 -> 309.0M (the exact number is in the tooltip). */
function si(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return thousands(n);
}

const SummaryTable = memo(function SummaryTable({ analysis }: { analysis: Analysis }) {
  const select = useEditor((s) => s.setSelection);
  const inOrder = new Set(analysis.order);
  const rows = [...analysis.order, ...[...analysis.nodes.keys()].filter((id) => !inOrder.has(id))];
  return (
    <div className="nw-summary-table-wrap">
      <table className="nw-summary-table">
        <thead>
          <tr>
            <th>Layer (type)</th>
            <th>Output Shape</th>
            <th className="num">Param #</th>
            {/* MACs before Connected to (the CLI prints it last, after Keras' columns): in a narrow panel the numbers stay in view. */}
            <th className="num" title="Multiply-accumulates per sample (as netwright summary --macs)">MACs</th>
            <th>Connected to</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((id) => {
            const a = analysis.nodes.get(id)!;
            return (
              <tr key={id} onClick={() => select([id])} className={a.shape ? undefined : 'bad'}>
                <td>
                  {a.name} <span className="nw-muted">({kerasLayerClass(a)})</span>
                </td>
                <td className="mono">{a.shape ? (a.kind === 'Input' ? `[${kerasShape(a.shape)}]` : kerasShape(a.shape)) : '?'}</td>
                <td className="num mono">{thousands(a.count.trainable + a.count.nonTrainable)}</td>
                <td className="num mono" data-testid="layer-macs">{thousands(a.macs)}</td>
                <td className="mono">{a.inputIds.map((src) => `${analysis.nodes.get(src)?.name ?? src}[0][0]`).join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2}>Total</td>
            <td className="num mono">{thousands(analysis.totals.total)}</td>
            <td className="num mono" data-testid="total-macs">{thousands(analysis.totals.macs)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
});
