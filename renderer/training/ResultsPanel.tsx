/**
 * The results of the run shown (live, or kept and opened from the list): progress with ETA and
 * samples per second, errors said plainly (NaN loss with its epoch and batch, a crashed trainer),
 * warnings, live curves, final metrics, the confusion matrix and predict.
 */
import { useEffect, useState } from 'react';
import { TRAIN_ERROR_CODES } from '../../shared/train/events.ts';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { RunTransferLines } from './ContinuePanel.tsx';
import { Curves, type CurveRun } from './Curves.tsx';
import { PredictPanel } from './PredictPanel.tsx';
import { openRun } from './actions.ts';
import { formatDuration, lossText, percent, progressOf, type RunView } from './runState.ts';
import { useTraining } from './store.ts';

const PHASE: Record<RunView['phase'], string> = { loading: 'loading data', training: 'training', stopping: 'stopping…', done: 'done', stopped: 'stopped', error: 'failed' };

export function ResultsPanel({ run }: { run: RunView }) {
  const compare = useTraining((s) => s.compare);
  const opened = useTraining((s) => s.opened);
  const live = useTraining((s) => s.live);
  const [now, setNow] = useState(Date.now());
  const running = run.live && (run.phase === 'training' || run.phase === 'loading' || run.phase === 'stopping');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  const progress = progressOf(run, now);
  const curves: CurveRun[] = Object.entries(compare)
    .filter(([id]) => id !== run.runId)
    .map(([id, c]) => ({ id, label: `${c.name} ${id.slice(11, 19).replace(/-/g, ':')}`, epochs: c.curves }));
  const final = run.done?.final ?? (run.epochs.length ? run.epochs[run.epochs.length - 1] : undefined);
  const hasCheckpoint = run.epochs.length > 0 && run.started?.settings.checkpoints !== false;

  return (
    <section className="nw-train-results" aria-label="Run" data-testid="run-results" data-phase={run.phase}>
      <header className="nw-train-results-head">
        <h3>
          {run.name} <span className="nw-muted mono">{run.runId}</span>
        </h3>
        <span className={`nw-train-status ${run.phase}`} data-testid="run-phase">
          {PHASE[run.phase]}
        </span>
        {opened && live && (
          <button className="nw-link" onClick={() => void openRun(null)}>
            ← back to the latest run
          </button>
        )}
      </header>

      {run.phase === 'loading' && run.loading && (
        <div className="nw-muted">
          Reading the {run.loading.role} data: {run.loading.done.toLocaleString('en-US')} of {run.loading.total.toLocaleString('en-US')} images
        </div>
      )}
      {progress && (run.live || run.phase !== 'done') && (
        <div className="nw-train-progress" data-testid="progress">
          <div className="nw-train-progress-bar">
            <span style={{ width: `${(progress.fraction * 100).toFixed(1)}%` }} />
          </div>
          <div className="nw-train-progress-text">
            <span>
              Epoch {Math.max(1, progress.epoch)}/{progress.epochs} · batch {progress.batch}/{progress.batches}
            </span>
            <span>{(progress.fraction * 100).toFixed(0)}%</span>
            {running && progress.etaSeconds !== undefined && <span data-testid="eta">ETA {formatDuration(progress.etaSeconds)}</span>}
            {progress.samplesPerSecond !== undefined && <span>{Math.round(progress.samplesPerSecond).toLocaleString('en-US')} samples/s</span>}
            {run.lastBatch && running && (
              <span className="nw-muted">
                batch loss {lossText(run.lastBatch.loss)}
                {run.lastBatch.acc !== null ? ` · acc ${percent(run.lastBatch.acc)}` : ''}
              </span>
            )}
          </div>
        </div>
      )}

      {run.error && (
        <div className="nw-train-error" role="alert" data-testid="run-error">
          <div>
            <span className="nw-code">{run.error.code}</span> {headline(run)}
          </div>
          <div className="nw-train-error-message">{run.error.message}</div>
          <div className="nw-muted">Your project is untouched; change the model or the settings and train again.</div>
        </div>
      )}
      {run.started?.warnings.map((w, i) => (
        <div className="nw-train-problem warning" key={i}>
          {w}
        </div>
      ))}

      {run.epochs.length > 0 || run.batches.length > 1 || curves.length > 0 ? (
        <div className="nw-train-charts">
          <Curves metric="loss" epochs={run.epochs} batches={run.batches} compare={curves} />
          <Curves metric="accuracy" epochs={run.epochs} batches={run.batches} compare={curves} />
        </div>
      ) : (
        <div className="nw-train-nochart nw-muted" data-testid="no-curves">
          {running ? 'The curves start with the first batches…' : 'No curves: the run ended before it had trained a batch worth drawing.'}
        </div>
      )}

      {run.done?.stopped && run.done.stoppedAt && (
        <div className="nw-muted" data-testid="stopped-at">
          Stopped after epoch {run.done.stoppedAt.epoch}, batch {run.done.stoppedAt.batch}
          {run.epochs.length === 0 ? ', before the first epoch ended: no checkpoint to evaluate or predict with.' : '; the checkpoint of the last finished epoch is kept.'}
        </div>
      )}
      <RunTransferLines run={run} />
      {final && run.epochs.length > 0 && (
        <dl className="nw-train-metrics" data-testid="final-metrics">
          <Metric name={run.done ? 'Final accuracy' : 'Accuracy'} value={percent(final.accuracy)} testId="final-accuracy" />
          <Metric name="Val accuracy" value={percent(final.val_accuracy)} testId="final-val-accuracy" />
          <Metric name="Loss" value={lossText(final.loss)} />
          <Metric name="Val loss" value={lossText(final.val_loss)} />
          {run.done && <Metric name="Samples/s" value={Math.round(run.done.samplesPerSecond).toLocaleString('en-US')} />}
          {run.done && <Metric name="Time" value={formatDuration(run.done.seconds)} />}
          {run.started && <Metric name="Engine" value={run.started.engineLabel} />}
          {run.done?.stoppedEarly && <Metric name="Early stop" value={`after epoch ${run.epochs.length}`} />}
        </dl>
      )}

      {run.evaluated && <ConfusionMatrix evaluated={run.evaluated} />}

      {(run.phase === 'done' || run.phase === 'stopped') && hasCheckpoint && (
        <>
          <h4>Predict</h4>
          <PredictPanel runId={run.runId} canPredict />
        </>
      )}
    </section>
  );
}

function Metric({ name, value, testId }: { name: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/** One line on what went wrong, with the epoch and batch where it did. */
function headline(run: RunView): string {
  const e = run.error!;
  const where = e.epoch !== undefined ? ` at epoch ${e.epoch}${e.batch !== undefined ? `, batch ${e.batch}` : ''}` : '';
  if (e.code === 'NAN_LOSS') return `Training diverged${where}.`;
  if (e.code === 'CRASH' || e.code === 'OOM') return `The trainer process stopped${where}. The editor keeps running.`;
  return `${TRAIN_ERROR_CODES[e.code] ?? 'The run failed.'}${where ? ` (${where.trim()})` : ''}`;
}
