/**
 * "Start from weights" in the Train view: pick a kept run (its last checkpoint) or a model.json as
 * initial weights, see before training which layers of the current graph receive them (Keras name
 * and shape, the trainer's rule) and which start fresh and why, and give the graph a new softmax
 * head for the chosen data's classes with the body frozen (one undo step in the editor).
 */
import { useMemo, useState } from 'react';
import { useEditor } from '../state/store.ts';
import { thousands } from '../editor/categories.ts';
import { DataPathDialog } from './DataPathDialog.tsx';
import { chooseWeights, newHeadFrozenBody, weightsPreview } from './transferActions.ts';
import { useTraining } from './store.ts';
import { useTransfer } from './transferStore.ts';
import './transfer.css';

export function TransferPanel() {
  const runs = useTraining((s) => s.runs);
  const classes = useTraining((s) => s.description.value?.classes.length);
  const project = useEditor((e) => e.project);
  const totals = useEditor((e) => e.analysis.totals);
  const analysis = useEditor((e) => e.analysis);
  const { choice, source } = useTransfer();
  const [picking, setPicking] = useState(false);
  const usable = runs.filter((r) => r.epochs > 0 && r.status !== 'running');
  const preview = useMemo(() => (source.value ? weightsPreview(project, source.value.weights, analysis) : undefined), [project, analysis, source.value]);
  const frozenLayers = project.nodes.filter((n) => n.trainable === false).length;
  const value = choice?.kind === 'run' ? `run:${choice.runId}` : choice?.kind === 'file' ? 'file' : '';

  return (
    <section className="nw-train-card nw-transfer" aria-label="Initial weights" data-testid="transfer-panel">
      <h3>Initial weights</h3>
      <div className="nw-transfer-row">
        <select
          aria-label="Start from"
          value={value}
          data-testid="weights-source"
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'file') setPicking(true);
            else void chooseWeights(v ? { kind: 'run', runId: v.slice(4) } : null);
          }}
        >
          <option value="">Fresh (random) weights</option>
          {usable.map((r) => (
            <option key={r.id} value={`run:${r.id}`}>
              Run {r.name} · {r.id.slice(0, 10)} {r.id.slice(11, 19).replace(/-/g, ':')} · {r.epochs} epoch{r.epochs === 1 ? '' : 's'}
            </option>
          ))}
          <option value="file">{choice?.kind === 'file' ? `File: ${choice.path.split(/[\\/]/).slice(-2).join('/')}` : 'A model.json file…'}</option>
        </select>
        {choice?.kind === 'file' && (
          <button onClick={() => setPicking(true)} title="Choose another model.json">
            Browse…
          </button>
        )}
      </div>

      {source.status === 'loading' && <div className="nw-muted">Reading the saved weights…</div>}
      {source.status === 'error' && (
        <div className="nw-train-problem error" role="alert" data-testid="weights-error">
          {source.error}
        </div>
      )}
      {preview && source.value && (
        <div className="nw-transfer-preview" data-testid="weights-preview">
          <div>
            From <strong>{source.value.label}</strong>
            {source.value.epoch !== undefined && <span className="nw-muted"> (after epoch {source.value.epoch})</span>}:{' '}
            <strong data-testid="weights-matched-count">{preview.matched.length}</strong> of {preview.matched.length + preview.skipped.length + preview.unknown.length} layers with weights receive them.
          </div>
          <table className="nw-transfer-table">
            <tbody>
              {preview.matched.map((l) => (
                <tr key={l} className="is-loaded" data-testid="weights-loaded-row">
                  <td className="mono">{l}</td>
                  <td>✓ loaded</td>
                  <td className="nw-muted">same name and shape</td>
                </tr>
              ))}
              {preview.skipped.map((s) => (
                <tr key={s.layer} className="is-fresh" data-testid="weights-skipped-row">
                  <td className="mono">{s.layer}</td>
                  <td>{s.why === 'shape' ? '≠ shape differs' : '+ not in source'}</td>
                  <td className="nw-muted mono" title={s.reason}>
                    {s.why === 'shape' ? s.reason.replace(/^[^:]*: /, '') : 'starts fresh'}
                  </td>
                </tr>
              ))}
              {preview.unknown.map((l) => (
                <tr key={l} className="is-fresh">
                  <td className="mono">{l}</td>
                  <td>? custom layer</td>
                  <td className="nw-muted">the trainer decides when it builds the model</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="nw-transfer-head">
        <button
          onClick={() => classes && newHeadFrozenBody(classes)}
          disabled={!classes || project.nodes.length === 0}
          data-testid="new-head-button"
          title={classes ? `Replace the final Dense layer by a new softmax for ${classes} classes and freeze every other layer` : 'Choose the data first: its classes give the head size'}
        >
          New head for {classes ?? 'N'} classes, freeze body
        </button>
        <span className="nw-muted" data-testid="transfer-trainable">
          {thousands(totals.trainable)} trainable · {thousands(totals.nonTrainable)} non-trainable
          {frozenLayers > 0 ? ` · ${frozenLayers} layer${frozenLayers === 1 ? '' : 's'} frozen` : ''}
        </span>
      </div>

      {picking && (
        <DataPathDialog
          title="Initial weights: a tfjs model.json"
          pick="file"
          extensions={['.json']}
          {...(choice?.kind === 'file' ? { start: choice.path } : {})}
          onClose={(path) => {
            setPicking(false);
            if (path) void chooseWeights({ kind: 'file', path });
          }}
        />
      )}
    </section>
  );
}
