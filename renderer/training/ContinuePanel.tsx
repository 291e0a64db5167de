/**
 * Per-run transfer and resume lines in the results: which layers a run loaded from its initial
 * weights (its `weights` report), that a continued run restarted its optimizer state, and
 * "Continue training" for a run that stopped, crashed or finished with a checkpoint: it goes on
 * in the same run folder from its last checkpoint, up to the epoch chosen.
 */
import { useEffect, useState } from 'react';
import { continueRun, loadRunReport } from './transferActions.ts';
import type { RunView } from './runState.ts';
import { useTraining } from './store.ts';
import { useTransfer } from './transferStore.ts';
import './transfer.css';

export function RunTransferLines({ run }: { run: RunView }) {
  const report = useTransfer((s) => s.reports[run.runId]);
  const continueError = useTransfer((s) => s.continueError);
  const busy = useTraining((s) => Boolean(s.live?.live && (s.live.phase === 'loading' || s.live.phase === 'training' || s.live.phase === 'stopping')));
  const last = run.epochs.length > 0 ? Math.max(...run.epochs.map((e) => e.epoch)) : 0;
  const planned = run.started?.epochs ?? last;
  const [target, setTarget] = useState<number | null>(null);
  const resumedLog = run.logs.find((l) => /^resumed after epoch/.test(l.message));
  const running = run.live && (run.phase === 'loading' || run.phase === 'training' || run.phase === 'stopping');
  const canContinue = !running && last > 0 && run.started?.settings.checkpoints !== false && (run.phase === 'stopped' || run.phase === 'error' || run.phase === 'done');
  const until = target ?? (planned > last ? planned : last + 1);
  // A kept run opened from the list: its report comes from run.json.
  useEffect(() => {
    if (!run.live) void loadRunReport(run.runId);
  }, [run.runId, run.live]);

  return (
    <>
      {report && (
        <div className="nw-transfer-report" data-testid="weights-report">
          Initial weights from <span className="mono">{sourceLabel(report.source)}</span>: <strong data-testid="weights-report-count">{report.matched.length}</strong> layer
          {report.matched.length === 1 ? '' : 's'} loaded ({report.matched.join(', ') || 'none'})
          {report.skipped.length > 0 && <>; fresh: {report.skipped.map((s) => `${s.layer} (${/^no weight/.test(s.reason) ? 'not in source' : 'shape differs'})`).join(', ')}</>}.
        </div>
      )}
      {resumedLog && (
        <div className="nw-muted" data-testid="resumed-note">
          Continued from the checkpoint after epoch {/epoch (\d+)/.exec(resumedLog.message)?.[1]}: the weights went on, the optimizer state (e.g. Adam&apos;s moments) restarted.
        </div>
      )}
      {canContinue && (
        <div className="nw-continue" data-testid="continue-training">
          <button onClick={() => void continueRun(run.runId, until)} disabled={busy} title={busy ? 'A run is training' : 'Go on from the last checkpoint, in this run'} data-testid="continue-button">
            ▶ Continue training
          </button>
          <label>
            to epoch{' '}
            <input type="number" min={last + 1} step={1} value={until} onChange={(e) => setTarget(Math.max(last + 1, Math.round(Number(e.target.value)) || last + 1))} data-testid="continue-epochs" />
          </label>
          <span className="nw-muted">from the checkpoint after epoch {last}; the optimizer state restarts.</span>
        </div>
      )}
      {canContinue && continueError && (
        <div className="nw-train-problem error" role="alert">
          {continueError}
        </div>
      )}
    </>
  );
}

/** "run <id>, epoch N" for a run checkpoint, else the file's last folder and name. */
function sourceLabel(path: string): string {
  const m = /[\\/]([^\\/]+)[\\/]checkpoints[\\/]epoch-(\d+)[\\/]model\.json$/.exec(path);
  return m ? `run ${m[1]} (epoch ${m[2]})` : path.split(/[\\/]/).slice(-2).join('/');
}
