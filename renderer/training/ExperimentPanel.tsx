/**
 * The plain-vs-residual experiment in the Train view: the launcher beside Train (one click, the
 * form's data and settings), the results (progress per network, both runs' loss and accuracy
 * overlaid, a table of size and final numbers) and the list of kept experiments to reopen.
 */
import { useEffect, useState } from 'react';
import type { ExperimentRecord, ExperimentRunEntry, ExperimentVariant } from '../../shared/ipc.ts';
import { thousands } from '../editor/categories.ts';
import { Curves, type CurveLine } from './Curves.tsx';
import { closeExperiment, dataName, experimentBlocker, openExperiment, startExperiment } from './experimentActions.ts';
import { setWidth, useExperiments, WIDTHS, type ShownExperiment, type Width } from './experimentStore.ts';
import { formatDuration, lossText, percent, progressOf, type EpochPoint, type RunView } from './runState.ts';
import { optionLabel } from './settingsFields.ts';
import { useTraining } from './store.ts';
import './experiment.css';

/** Distinct in light and dark: orange for the plain stack, blue for the residual one. */
export const VARIANT_COLOURS: Record<ExperimentVariant, string> = { plain: '#e8590c', residual: '#1c7ed6' };
const VARIANT_LABEL: Record<ExperimentVariant, string> = { plain: 'Plain', residual: 'Residual' };

/** The button beside Train, the width of both networks, and what the experiment does. */
/** What the experiment does: under the launcher, and its button's title when a short window hides that line. */
const EXPERIMENT_HELP = 'Trains a 20-layer plain stack and the same stack with shortcuts on this data, same settings and seed, and overlays their curves. Fewer filters train faster.';

export function ExperimentLauncher() {
  const { width, starting, startError, active } = useExperiments();
  useTraining(); // the blocker reads the form, the data view and the live run
  const blocker = experimentBlocker();
  return (
    <div className="nw-exp-launch" data-testid="experiment-launch">
      <div className="nw-exp-launch-row">
        <button onClick={() => void startExperiment()} disabled={blocker !== null || starting} title={blocker ?? EXPERIMENT_HELP} data-testid="experiment-button">
          ⇄ Experiment: plain vs residual
        </button>
        <label className="nw-muted" htmlFor="experiment-width">
          filters
        </label>
        <select id="experiment-width" value={width} onChange={(e) => setWidth(e.target.value as Width)} disabled={active !== null} aria-label="Filters of the three stages of both networks" title="Filters of the three stages of both networks" data-testid="experiment-width">
          {Object.entries(WIDTHS).map(([key, w]) => (
            <option key={key} value={key}>
              {w.label}
            </option>
          ))}
        </select>
      </div>
      <div className="nw-train-help">{EXPERIMENT_HELP}</div>
      {startError && (
        <div className="nw-train-blocker" role="status" data-testid="experiment-error">
          {startError}
        </div>
      )}
    </div>
  );
}

/** Final numbers of one network: its run's outcome, else its last epoch, else what the record kept. */
function finalOf(entry: ExperimentRunEntry, run: RunView | undefined): { loss: number | null; accuracy: number | null; val_loss: number | null; val_accuracy: number | null } | null {
  const last: EpochPoint | undefined = run?.epochs[run.epochs.length - 1];
  return run?.done?.final ?? last ?? entry.final;
}

export function ExperimentPanel({ shown }: { shown: ShownExperiment }) {
  const active = useExperiments((s) => s.active);
  const { record, runs } = shown;
  const running = active === record.id;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  const s = record.settings;
  const hasVal = s.validation === 'test' || Number(s.validationSplit ?? 0.2) > 0;
  const hasTest = record.runs.some((r) => r.testAccuracy !== null);
  const lines = (metric: 'loss' | 'accuracy'): CurveLine[] =>
    record.runs.flatMap(({ variant }) => {
      const epochs = runs[variant]?.epochs ?? [];
      const val = metric === 'loss' ? 'val_loss' : 'val_accuracy';
      const colour = VARIANT_COLOURS[variant];
      return [
        { id: `${variant}-${metric}`, label: `${variant} ${metric}`, colour, points: epochs.map((e) => ({ x: e.epoch, y: e[metric] })) },
        ...(hasVal ? [{ id: `${variant}-${val}`, label: `${variant} ${val}`, colour, dashed: true, points: epochs.map((e) => ({ x: e.epoch, y: e[val] })) }] : []),
      ];
    });
  const [plain, residual] = record.runs.map((r) => finalOf(r, runs[r.variant]));
  const filters = Array.isArray(record.params.filters) ? record.params.filters.join(' · ') : '16 · 32 · 64';

  return (
    <section className="nw-train-results" aria-label="Experiment" data-testid="experiment-panel" data-status={record.status}>
      <header className="nw-train-results-head">
        <h3>
          Plain vs residual <span className="nw-muted mono">{record.id}</span>
        </h3>
        <span className={`nw-train-status ${record.status}`} data-testid="experiment-status">
          {record.status === 'running' ? 'training' : record.status === 'error' ? 'failed' : record.status}
        </span>
        <button className="nw-link nw-exp-close" onClick={closeExperiment} title="Back to the latest run">
          ✕ close
        </button>
      </header>
      <div className="nw-train-help">
        {record.runs[0].name} and {record.runs[1].name}: the same 20 layers ({filters} filters), the second with shortcut connections (He et al., 2016). Both trained on {dataName(record)}
        {typeof s.limit === 'number' ? ` (at most ${thousands(s.limit)} samples)` : ''} for {String(s.epochs)} epochs, batch {String(s.batchSize)}, {optionLabel('optimizer', String(s.optimizer))} at {String(s.learningRate)}, seed {String(s.seed)}.
      </div>
      {record.error && <div className="nw-train-problem error">{record.error}</div>}

      <div className="nw-exp-progress">
        {record.runs.map((entry) => (
          <VariantProgress key={entry.variant} entry={entry} run={runs[entry.variant]} now={now} />
        ))}
      </div>

      {running || record.runs.some((r) => (runs[r.variant]?.epochs.length ?? 0) > 0) ? (
        <>
          <div className="nw-train-charts" data-testid="experiment-charts">
            <Curves metric="loss" epochs={[]} batches={[]} compare={[]} lines={lines('loss')} />
            <Curves metric="accuracy" epochs={[]} batches={[]} compare={[]} lines={lines('accuracy')} />
          </div>
          <div className="nw-exp-key nw-muted">Solid: training · dashed: validation{hasVal ? '' : ' (none: the validation split is 0)'}</div>
        </>
      ) : (
        <div className="nw-train-nochart nw-muted" data-testid="experiment-no-curves">
          No curves: no epoch finished before the experiment ended.
        </div>
      )}

      <table className="nw-exp-table" data-testid="experiment-table">
        <thead>
          <tr>
            <th>Network</th>
            <th className="num">Params</th>
            <th className="num" title="Multiply-adds for one image">MACs / image</th>
            <th className="num">Epochs</th>
            <th className="num">Loss</th>
            <th className="num">Acc</th>
            <th className="num">Val loss</th>
            <th className="num">Val acc</th>
            {hasTest && <th className="num">Test acc</th>}
          </tr>
        </thead>
        <tbody>
          {record.runs.map((entry, i) => {
            const f = i === 0 ? plain : residual;
            const run = runs[entry.variant];
            return (
              <tr key={entry.variant} data-variant={entry.variant}>
                <td>
                  <span className="nw-exp-swatch" style={{ background: VARIANT_COLOURS[entry.variant] }} /> {VARIANT_LABEL[entry.variant]} <span className="nw-muted">{entry.name}</span>
                </td>
                <td className="num mono">{thousands(entry.params.total)}</td>
                <td className="num mono">{macsText(entry.params.macs)}</td>
                <td className="num mono">{run ? run.epochs.length : '–'}</td>
                <td className="num mono">{lossText(f?.loss)}</td>
                <td className="num mono">{percent(f?.accuracy)}</td>
                <td className="num mono">{lossText(f?.val_loss)}</td>
                <td className="num mono">{percent(f?.val_accuracy)}</td>
                {hasTest && <td className="num mono">{percent(entry.testAccuracy)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {record.status === 'done' && plain?.loss != null && residual?.loss != null && (
        <div className="nw-exp-verdict" data-testid="experiment-verdict">
          After {String(s.epochs)} epoch{s.epochs === 1 ? '' : 's'} the training loss is {lossText(plain.loss)} for the plain stack and {lossText(residual.loss)} for the residual one
          {residual.loss < plain.loss ? ': with the same budget the shortcuts trained further.' : '.'} A few short epochs on few samples are noisy; train longer for a firm comparison.
        </div>
      )}
    </section>
  );
}

function VariantProgress({ entry, run, now }: { entry: ExperimentRunEntry; run: RunView | undefined; now: number }) {
  const progress = run ? progressOf(run, now) : undefined;
  const finished = entry.status === 'done' || entry.status === 'stopped' || entry.status === 'error';
  const fraction = entry.status === 'done' ? 1 : (progress?.fraction ?? 0);
  let text: string;
  if (entry.status === 'waiting') text = `waits for the ${entry.variant === 'residual' ? 'plain' : 'other'} network`;
  else if (entry.status === 'stopped' && !run) text = 'not started: the experiment was stopped';
  else if (entry.status === 'error') text = `failed: ${entry.error?.code ?? ''} ${entry.error?.message ?? ''}`.trim();
  else if (finished && run?.done?.stoppedAt) text = `stopped in epoch ${run.done.stoppedAt.epoch}, batch ${run.done.stoppedAt.batch}`;
  else if (finished) text = `${entry.status}${run?.done ? ` · ${formatDuration(run.done.seconds)}` : ''}`;
  else if (!progress || run?.phase === 'loading') text = 'loading data…';
  else text = `epoch ${Math.max(1, progress.epoch)}/${progress.epochs} · batch ${progress.batch}/${progress.batches}${progress.etaSeconds !== undefined ? ` · ETA ${formatDuration(progress.etaSeconds)}` : ''}`;
  // Finished with numbers, yet its run cannot be read: the run folder was deleted.
  if (!run && finished && entry.final) text += ' (its run is no longer kept)';
  return (
    <div className="nw-exp-progress-row" data-testid={`experiment-progress-${entry.variant}`} data-status={entry.status}>
      <span className="nw-exp-name">
        <span className="nw-exp-swatch" style={{ background: VARIANT_COLOURS[entry.variant] }} /> {VARIANT_LABEL[entry.variant]}
      </span>
      <div className="nw-train-progress-bar">
        <span style={{ width: `${(fraction * 100).toFixed(1)}%`, background: VARIANT_COLOURS[entry.variant] }} />
      </div>
      <span className="nw-exp-progress-text" title={text}>
        {text}
      </span>
    </div>
  );
}

/** 4,128,768 -> "4.13 M"; 912,000 -> "912 k". */
function macsText(macs: number): string {
  if (macs >= 1e9) return `${(macs / 1e9).toPrecision(3)} G`;
  if (macs >= 1e6) return `${(macs / 1e6).toPrecision(3)} M`;
  if (macs >= 1e3) return `${(macs / 1e3).toPrecision(3)} k`;
  return String(macs);
}

/** Kept experiments, newest first: click one to show it again. */
export function ExperimentList() {
  const list = useExperiments((s) => s.list);
  const shownId = useExperiments((s) => s.shown?.record.id);
  if (list.length === 0) return null;
  const acc = (r: ExperimentRecord, v: ExperimentVariant) => {
    const f = r.runs.find((x) => x.variant === v)?.final;
    return percent(f?.val_accuracy ?? f?.accuracy);
  };
  return (
    <section className="nw-train-card" aria-label="Experiments">
      <h3>Experiments</h3>
      <div className="nw-train-runs-wrap">
        <table className="nw-train-runs" data-testid="experiments-list">
          <thead>
            <tr>
              <th>Experiment</th>
              <th>Started</th>
              <th>Data</th>
              <th className="num">Epochs</th>
              <th>Status</th>
              <th className="num" title="Final validation accuracy (training accuracy when there was no validation)">Plain acc</th>
              <th className="num" title="Final validation accuracy (training accuracy when there was no validation)">Residual acc</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id} className={r.id === shownId ? 'shown' : undefined} onClick={() => void openExperiment(r.id)} title={r.id} data-experiment={r.id}>
                <td>Plain vs residual</td>
                <td>{new Date(r.createdAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })}</td>
                <td>{dataName(r)}</td>
                <td className="num mono">{String(r.settings.epochs ?? '–')}</td>
                <td>
                  <span className={`nw-train-status ${r.status}`}>{r.status === 'running' ? 'training' : r.status === 'error' ? 'failed' : r.status}</span>
                </td>
                <td className="num mono">{acc(r, 'plain')}</td>
                <td className="num mono">{acc(r, 'residual')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
