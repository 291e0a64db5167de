/**
 * Every kept run, newest first: click one to show it (curves, metrics, confusion matrix, predict),
 * tick runs to overlay their validation curves on the charts of the run shown.
 */
import type { RunListEntry } from '../../shared/ipc.ts';
import { openRun, toggleCompare } from './actions.ts';
import { percent } from './runState.ts';
import { useTraining } from './store.ts';

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function RunsList({ shownId }: { shownId?: string }) {
  const runs = useTraining((s) => s.runs);
  const compare = useTraining((s) => s.compare);
  if (runs.length === 0) return <div className="nw-muted">No runs yet. Each run is kept with its graph, settings and curves.</div>;
  return (
    <div className="nw-train-runs-wrap">
      <table className="nw-train-runs" data-testid="runs-list">
        <thead>
          <tr>
            <th title="Overlay this run's validation curves">⇄</th>
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
