/**
 * Every kept run, newest first: click one to show it (curves, metrics, confusion matrix, predict),
 * tick runs to overlay their validation curves on the charts of the run shown, or tick finished
 * runs under Evaluate to test them as an ensemble or with 10 crops (the bar above the list).
 */
import { useEffect } from 'react';
import type { RunListEntry } from '../../shared/ipc.ts';
import { openRun, toggleCompare } from './actions.ts';
import { EvaluationBar } from './EvaluationPanel.tsx';
import { keepListed, toggleEvaluate } from './evaluationActions.ts';
import { useEvaluation } from './evaluationStore.ts';
import { percent } from './runState.ts';
import { useTraining } from './store.ts';

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function RunsList({ shownId }: { shownId?: string }) {
  const runs = useTraining((s) => s.runs);
  const compare = useTraining((s) => s.compare);
  const evaluate = useEvaluation((s) => s.selected);
  const evaluating = useEvaluation((s) => s.status === 'running');
  useEffect(() => keepListed(runs.map((r) => r.id)), [runs]);
  if (runs.length === 0) return <div className="nw-muted">No runs yet. Each run is kept with its graph, settings and curves.</div>;
  return (
    <div className="nw-train-runs-wrap">
      <EvaluationBar />
      <table className="nw-train-runs" data-testid="runs-list">
        <thead>
          <tr>
            <th title="Overlay this run's validation curves">⇄</th>
            <th className="nw-eval-col" title="Tick runs to evaluate: two or more as an ensemble, one with 10 crops">
              Evaluate
            </th>
            <th>Model</th>
            <th>Started</th>
            <th>Status</th>
            <th className="num">Epochs</th>
            <th className="num">Acc</th>
            <th className="num">Val acc</th>
            <th>Engine</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r: RunListEntry) => (
            <tr key={r.id} className={r.id === shownId ? 'shown' : undefined} onClick={() => void openRun(r.id)} title={r.id} data-run={r.id}>
              <td onClick={(e) => e.stopPropagation()}>
                <input type="checkbox" checked={Boolean(compare[r.id])} disabled={r.id === shownId} onChange={() => void toggleCompare(r.id)} aria-label={`compare run ${r.id}`} />
              </td>
              <td className="nw-eval-col" onClick={(e) => e.stopPropagation()}>
                {/* A tick box of its own (role checkbox): the row's input checkbox stays the curve overlay. */}
                <button
                  type="button"
                  role="checkbox"
                  aria-checked={evaluate.includes(r.id)}
                  className={`nw-eval-tick${evaluate.includes(r.id) ? ' on' : ''}`}
                  disabled={evaluating || !evaluable(r)}
                  title={evaluable(r) ? 'Evaluate this run (ensemble or 10-crop)' : r.status === 'running' ? 'still training' : 'no finished epoch to evaluate'}
                  onClick={() => toggleEvaluate(r.id)}
                  aria-label={`evaluate run ${r.id}`}
                  data-testid="evaluate-check"
                >
                  {evaluate.includes(r.id) ? '✓' : ''}
                </button>
              </td>
              <td>{r.name}</td>
              <td>{when(r.createdAt)}</td>
              <td>
                <span className={`nw-train-status ${r.status}`}>{r.status === 'error' ? 'failed' : r.status}</span>
              </td>
              <td className="num mono">{r.epochs}</td>
              <td className="num mono">{percent(r.accuracy)}</td>
              <td className="num mono">{percent(r.val_accuracy)}</td>
              <td className="nw-muted">{r.engine ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A run with a checkpoint to evaluate: not training, at least one finished epoch. */
function evaluable(r: RunListEntry): boolean {
  return r.status !== 'running' && r.epochs > 0;
}
