/**
 * Test-time evaluation in the Train view. EvaluationBar sits above the runs list: tick runs in its
 * Evaluate column, see or choose the data (EvaluationDataPicker.tsx), then "Ensemble of N runs" or
 * "10-crop test". EvaluationPanel is the card that
 * follows the evaluation (spinner, elapsed time, Stop) and then reads out the result: one row per
 * single model, a row for the ensemble or the 10-crop average, the change in points against the
 * best and the mean single model, forward passes per image and time against one pass, and which
 * data (name, count) it was measured on.
 */
import { useEffect, useState } from 'react';
import { whyWorse, type EvaluationReport } from '../../shared/train/evaluation.ts';
import { clearEvaluateSelection, closeEvaluation, evaluationBlocker, rerunWithoutMirrors, startEnsemble, startMultiCrop, stopEvaluation } from './evaluationActions.ts';
import { EvaluationDataLine } from './EvaluationDataPicker.tsx';
import { useEvaluation } from './evaluationStore.ts';
import { formatDuration, percent } from './runState.ts';

/** A change in accuracy in percentage points, signed: "+1.5 pts". */
export function pointsText(delta: number): string {
  const p = delta * 100;
  const text = Math.abs(p) < 0.05 ? '0.0' : p.toFixed(1);
  return `${p >= 0.05 ? '+' : ''}${text} pts`;
}

/** A time ratio: "3.1×". */
export function ratioText(r: number): string {
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

export function EvaluationBar() {
  const selected = useEvaluation((s) => s.selected);
  const running = useEvaluation((s) => s.status === 'running');
  // The blockers read the backend's word on the data: re-render when it comes in.
  useEvaluation((s) => s.dataInfo);
  const ensembleBlock = evaluationBlocker('ensemble', selected);
  const cropBlock = evaluationBlocker('multicrop', selected);
  const n = selected.length;
  return (
    <div className="nw-eval-bar" data-testid="evaluate-bar">
      <span className="nw-eval-bar-hint">{n === 0 ? 'Tick finished runs under Evaluate to test them together or with 10 crops.' : `${n} run${n === 1 ? '' : 's'} ticked`}</span>
      <button onClick={() => void startEnsemble()} disabled={running || ensembleBlock !== null} title={ensembleBlock ?? 'Average the ticked runs’ predicted probabilities on their test data'} data-testid="evaluate-ensemble">
        Ensemble of {n >= 2 ? n : '2+'} runs
      </button>
      <button onClick={() => void startMultiCrop()} disabled={running || cropBlock !== null} title={cropBlock ?? 'Four corners, the centre and their mirrors, averaged'} data-testid="evaluate-multicrop">
        10-crop test of this run
      </button>
      {n > 0 && (
        <button className="nw-link" onClick={clearEvaluateSelection} disabled={running}>
          clear
        </button>
      )}
      <EvaluationDataLine />
    </div>
  );
}

export function EvaluationPanel() {
  const s = useEvaluation();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (s.status !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [s.status]);
  if (s.status === 'idle') return null;
  return (
    <section className="nw-train-card nw-eval" aria-label="Evaluation" data-testid="evaluation-card" data-status={s.status}>
      <header className="nw-eval-head">
        <h3>{s.report ? headline(s.report) : s.what}</h3>
        {s.status !== 'running' && (
          <button className="nw-link" onClick={closeEvaluation} aria-label="close the evaluation">
            ✕
          </button>
        )}
      </header>
      {s.status === 'running' && (
        <div className="nw-eval-running" role="status" data-testid="evaluation-progress">
          <span className="nw-spinner" aria-hidden="true" />
          <span>
            Evaluating in its own process… <span className="mono">{formatDuration((now - (s.startedAt ?? now)) / 1000)}</span>
          </span>
          <button onClick={() => void stopEvaluation()} data-testid="evaluation-stop">
            ■ Stop
          </button>
        </div>
      )}
      {(s.status === 'error' || s.status === 'stopped') && (
        <div className={s.status === 'error' ? 'nw-train-error' : 'nw-train-problem'} role={s.status === 'error' ? 'alert' : 'status'} data-testid="evaluation-error">
          {s.error}
        </div>
      )}
      {s.status === 'done' && s.report && <EvaluationResult report={s.report} own={s.ranOn === undefined} />}
    </section>
  );
}

function headline(r: EvaluationReport): string {
  return r.kind === 'ensemble' ? `Ensemble of ${r.singles.length} runs` : `${r.passesPerImage}-crop test of ${r.singles[0]!.name}`;
}

function EvaluationResult({ report: r, own }: { report: EvaluationReport; own: boolean }) {
  const best = r.bestSingle.accuracy;
  const bestSeconds = Math.max(1e-9, Math.min(...r.singles.filter((x) => x.runId === r.bestSingle.runId).map((x) => x.seconds)));
  const gain = r.combined.accuracy - best;
  const why = whyWorse(r);
  const combinedName = r.kind === 'ensemble' ? 'Ensemble (probabilities averaged)' : r.combined.label;
  return (
    <div className="nw-eval-result" data-testid="evaluation-result" data-kind={r.kind}>
      <div className="nw-eval-data" data-testid="evaluation-data" title={JSON.stringify(r.data)}>
        <span className="nw-muted">Data:</span> <strong data-testid="evaluation-data-label">{r.dataLabel}</strong> · <span className="nw-eval-count" data-testid="evaluation-data-samples">{r.samples.toLocaleString('en-US')} images</span>{' '}
        <span className="nw-muted">({own ? 'the runs’ own test data' : 'chosen data'})</span>
      </div>
      <p className="nw-eval-summary">
        <strong data-testid="evaluation-combined">{percent(r.combined.accuracy)}</strong>{' '}
        <span className={gain > 0 ? 'nw-eval-up' : gain < 0 ? 'nw-eval-down' : undefined}>({pointsText(gain)} against the {r.kind === 'ensemble' ? 'best single run' : 'single pass'})</span> on {r.samples.toLocaleString('en-US')} images of {r.dataLabel}. It costs{' '}
        <strong>{r.passesPerImage} forward passes</strong> per image: {ratioText(r.timeRatio)} the time of one pass.
      </p>
      {r.dataNote && <div className="nw-train-problem warning">Note: {r.dataNote}.</div>}
      <table className="nw-eval-table" data-testid="evaluation-table">
        <thead>
          <tr>
            <th>Model</th>
            <th className="num">Accuracy</th>
            <th className="num">{r.kind === 'ensemble' ? 'vs best' : 'vs one pass'}</th>
            {r.kind === 'ensemble' && <th className="num">vs mean</th>}
            <th className="num">Loss</th>
            <th className="num">Passes / image</th>
            <th className="num" title="Measured time against one pass">Time</th>
          </tr>
        </thead>
        <tbody>
          {r.singles.map((m) => (
            <tr key={m.runId} data-run={m.runId} data-testid="evaluation-single">
              <td>
                {r.kind === 'ensemble' ? m.name : 'One pass (whole image)'} <span className="nw-muted mono">{m.runId}</span>
                {r.kind === 'ensemble' && m.runId === r.bestSingle.runId && <span className="nw-eval-tag">best</span>}
              </td>
              <td className="num mono" data-testid="evaluation-accuracy">
                {percent(m.accuracy)}
              </td>
              <td className="num mono nw-muted">{pointsText(m.accuracy - best)}</td>
              {r.kind === 'ensemble' && <td className="num mono nw-muted">{pointsText(m.accuracy - r.meanSingleAccuracy)}</td>}
              <td className="num mono">{m.loss.toFixed(3)}</td>
              <td className="num mono">1</td>
              <td className="num mono">{ratioText(m.seconds / bestSeconds)}</td>
            </tr>
          ))}
          <tr className="nw-eval-combined" data-testid="evaluation-combined-row">
            <td>{combinedName}</td>
            <td className="num mono" data-testid="evaluation-accuracy">
              {percent(r.combined.accuracy)}
            </td>
            <td className={`num mono ${gain > 0 ? 'nw-eval-up' : gain < 0 ? 'nw-eval-down' : ''}`} data-testid="evaluation-delta-best">
              {pointsText(gain)}
            </td>
            {r.kind === 'ensemble' && (
              <td className="num mono" data-testid="evaluation-delta-mean">
                {pointsText(r.combined.accuracy - r.meanSingleAccuracy)}
              </td>
            )}
            <td className="num mono">{r.combined.loss.toFixed(3)}</td>
            <td className="num mono" data-testid="evaluation-passes">
              {r.passesPerImage}
            </td>
            <td className="num mono" data-testid="evaluation-time">
              {ratioText(r.timeRatio)}
            </td>
          </tr>
        </tbody>
      </table>
      {r.views && (
        <div className="nw-eval-views" data-testid="evaluation-views">
          <span className="nw-muted">Each view alone:</span>
          {r.views.map((v) => (
            <span key={v.view} className={`nw-eval-view${v.view.endsWith('mirrored') ? ' mirrored' : ''}`} title={v.view}>
              {v.view.replace(' mirrored', ' ⇋')} <span className="mono">{percent(v.accuracy, 0)}</span>
            </span>
          ))}
        </div>
      )}
      {why && (
        <div className="nw-train-problem warning" data-testid="evaluation-why">
          {why}
          {r.kind === 'multicrop' && r.passesPerImage === 10 && /^Mirrored views/.test(why) && (
            <>
              {' '}
              <button className="nw-link" onClick={() => void rerunWithoutMirrors(r.runIds[0]!)} data-testid="evaluation-no-mirrors">
                Test without mirrors (5-crop)
              </button>
            </>
          )}
        </div>
      )}
      <div className="nw-muted nw-eval-foot">
        Time is measured on this machine ({r.engine}); {r.seconds.toFixed(1)} s in all, with loading. Time column: against one pass of the {r.kind === 'ensemble' ? 'best run' : 'model'}.
      </div>
    </div>
  );
}
