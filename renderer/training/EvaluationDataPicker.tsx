/**
 * Which data the ticked runs are evaluated on. EvaluationDataLine, under the evaluation bar, says
 * it ("Test data: built-in MNIST, test split · 1,501 images") with Choose…; EvaluationDataDialog
 * picks other data with the Data card's own fields and file dialog (DataSourceFields), shows it as
 * the Data card does (DataView) and what the backend finds against the runs before it is used.
 */
import { useEffect, useState } from 'react';
import type { EvaluationDataReply } from '../../shared/ipc.ts';
import type { DataSpecInput } from '../../shared/train/request.ts';
import { thousands } from '../editor/categories.ts';
import { api } from '../api.ts';
import { dataSpec } from './actions.ts';
import { DataSourceFields, DataView } from './DataPanel.tsx';
import { closeDataPicker, currentDataReply, openDataPicker } from './evaluationActions.ts';
import { useEvaluation } from './evaluationStore.ts';
import { useTraining, type DataSource } from './store.ts';
import { useModal } from '../panels/useModal.ts';

/** "28x28x1" */
const dims = (shape: readonly number[]) => shape.join('x');

export function EvaluationDataLine() {
  const selected = useEvaluation((s) => s.selected);
  const chosen = useEvaluation((s) => s.data);
  const info = useEvaluation((s) => s.dataInfo);
  const choosing = useEvaluation((s) => s.choosing);
  const running = useEvaluation((s) => s.status === 'running');
  const reply = info.status === 'ready' ? currentDataReply() : undefined;
  const none = selected.length === 0;
  return (
    <div className="nw-eval-dataline" data-testid="evaluation-data-line" data-status={none ? 'idle' : reply ? (reply.ok && reply.problems.length === 0 ? 'fits' : 'problem') : 'loading'}>
      <span className="nw-eval-dataline-label">Test data:</span>
      {none ? (
        <span className="nw-muted">{chosen ? 'the chosen data, once runs are ticked' : 'each run’s own test data'}</span>
      ) : !reply ? (
        <span className="nw-muted">reading…</span>
      ) : reply.ok ? (
        <span className="nw-eval-dataline-what" title={reply.source}>
          <strong data-testid="evaluation-data-name">{reply.label}</strong> <span className="nw-eval-count" data-testid="evaluation-data-count">{thousands(reply.count)} images</span>
          <span className="nw-muted"> · {reply.own ? 'the runs’ own test data' : 'chosen'}</span>
        </span>
      ) : null}
      <button className="nw-link" onClick={openDataPicker} disabled={none || running} title={none ? 'Tick a run first: the data is checked against the ticked runs' : 'Evaluate on other data'} data-testid="evaluation-data-choose">
        Choose…
      </button>
      {chosen && (
        <button className="nw-link" onClick={() => closeDataPicker({ data: undefined })} disabled={running} data-testid="evaluation-data-own">
          use the runs’ own
        </button>
      )}
      {reply && !reply.ok && (
        <div className="nw-train-problem error" role="alert" data-testid="evaluation-data-problem">
          {reply.message}
        </div>
      )}
      {reply?.ok &&
        reply.problems.map((p, i) => (
          <div key={i} className="nw-train-problem error" role="alert" data-testid="evaluation-data-problem">
            {p}
          </div>
        ))}
      {reply?.ok && reply.notes.length > 0 && (
        <div className="nw-train-problem warning" data-testid="evaluation-data-note">
          Note: {reply.notes.join('; ')}.
        </div>
      )}
      {choosing && <EvaluationDataDialog />}
    </div>
  );
}

/** The form's fields for a data spec (MNIST has no path; the picker adds the split). */
function sourceOf(spec: DataSpecInput): DataSource {
  if (spec.kind === 'npy') return { kind: 'npy', path: spec.x, y: spec.y };
  if (spec.kind === 'mnist') return { kind: 'mnist', path: '', y: '' };
  return { kind: spec.kind, path: spec.path, y: '' };
}

type Preview = { key: string; reply?: EvaluationDataReply };

export function EvaluationDataDialog() {
  const selected = useEvaluation((s) => s.selected);
  const chosen = useEvaluation.getState().data;
  const [mode, setMode] = useState<'own' | 'other'>(chosen ? 'other' : 'own');
  // Starts from the chosen data, else from the Data card's dataset (often the folder or file the test set sits beside).
  const [source, setSource] = useState<DataSource>(() => (chosen ? sourceOf(chosen) : { ...useTraining.getState().source }));
  const [mnistSplit, setMnistSplit] = useState<'test' | 'train'>(chosen?.kind === 'mnist' && chosen.split !== 'test' ? 'train' : 'test');
  const [preview, setPreview] = useState<Preview | null>(null);
  useModal(() => closeDataPicker());

  const spec = dataSpec(source);
  const data: DataSpecInput | undefined = spec.ok ? (spec.spec.kind === 'mnist' ? { kind: 'mnist', split: mnistSplit } : spec.spec) : undefined;
  const key = mode === 'other' && data ? JSON.stringify({ runIds: selected, data }) : '';

  // The backend reads the data and checks it against the ticked runs, a moment after typing stops.
  useEffect(() => {
    if (!key) return;
    let live = true;
    const timer = setTimeout(() => {
      setPreview({ key });
      api['evaluate:data'](JSON.parse(key) as { runIds: string[]; data: DataSpecInput })
        .catch((e: unknown): EvaluationDataReply => ({ ok: false, message: e instanceof Error ? e.message : String(e) }))
        .then((reply) => live && setPreview({ key, reply }));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);

  const current = preview?.key === key ? preview.reply : undefined;
  const fits = current?.ok === true && current.problems.length === 0;
  const canUse = mode === 'own' || (data !== undefined && fits);
  const own = useEvaluation.getState().data === undefined ? currentDataReply() : undefined;

  return (
    <div className="nw-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeDataPicker()}>
      <div className="nw-modal nw-eval-data-dialog" role="dialog" aria-label="Data to evaluate on" data-testid="evaluation-data-dialog">
        <h2>Data to evaluate on</h2>
        <label className="nw-check nw-eval-data-mode">
          <input type="radio" name="eval-data-mode" checked={mode === 'own'} onChange={() => setMode('own')} data-testid="evaluation-data-mode-own" />
          The runs’ own test data
          {own?.ok && (
            <span className="nw-muted">
              {' '}
              ({own.label}, {thousands(own.count)} images)
            </span>
          )}
        </label>
        <label className="nw-check nw-eval-data-mode">
          <input type="radio" name="eval-data-mode" checked={mode === 'other'} onChange={() => setMode('other')} data-testid="evaluation-data-mode-other" />
          Other data
        </label>
        {mode === 'other' && (
          <div className="nw-eval-data-form">
            <DataSourceFields source={source} onChange={setSource} idPrefix="eval-data" selectId="eval-data-kind" />
            {source.kind === 'mnist' && (
              <div className="nw-field">
                <label htmlFor="eval-data-mnist-split">Part</label>
                <select id="eval-data-mnist-split" value={mnistSplit} onChange={(e) => setMnistSplit(e.target.value as 'test' | 'train')} data-testid="eval-data-mnist-split">
                  <option value="test">Test part (never trained on)</option>
                  <option value="train">Training part</option>
                </select>
              </div>
            )}
            {!spec.ok && <div className="nw-muted">{spec.message}</div>}
            {data && !current && <div className="nw-muted">Reading the data…</div>}
            {current && !current.ok && (
              <div className="nw-train-problem error" role="alert" data-testid="evaluation-dialog-problem">
                {current.message}
              </div>
            )}
            {current?.ok && <FitView reply={current} />}
          </div>
        )}
        <div className="nw-modal-actions">
          <button onClick={() => closeDataPicker()}>Cancel</button>
          <button className="primary" disabled={!canUse} onClick={() => closeDataPicker({ data: mode === 'own' ? undefined : data })} data-testid="evaluation-data-use">
            Use this data
          </button>
        </div>
      </div>
    </div>
  );
}

/** The data as the Data card shows it (stored size), then how it fits the runs. */
function FitView({ reply: r }: { reply: Extract<EvaluationDataReply, { ok: true }> }) {
  const description = { name: r.label, source: r.source, count: r.count, shape: r.shape, classes: r.classes, problems: [], testSplit: false, ...r.preview };
  return (
    <div className="nw-eval-fit" data-testid="evaluation-fit" data-fits={r.problems.length === 0}>
      <DataView description={description} status="ready" />
      {r.problems.length === 0 ? (
        <div className="nw-eval-fit-ok" data-testid="evaluation-fit-ok">
          ✓ Fits the ticked runs: {dims(r.runs.inputShape)} input, {r.runs.classes.length} classes.
        </div>
      ) : (
        r.problems.map((p, i) => (
          <div key={i} className="nw-train-problem error" role="alert" data-testid="evaluation-dialog-problem">
            {p}
          </div>
        ))
      )}
      {r.notes.length > 0 && <div className="nw-train-problem warning">Note: {r.notes.join('; ')}.</div>}
    </div>
  );
}
