/**
 * Predict with a trained run: drop an image (or choose one) and see the class probabilities
 * under the run's last checkpoint, as bars, most likely first. The image travels as bytes, so it
 * works the same in the Electron window and in browser mode.
 */
import { useRef, useState } from 'react';
import { predictImage } from './actions.ts';
import { percent } from './runState.ts';
import { useTraining } from './store.ts';

export function PredictPanel({ runId, canPredict }: { runId: string; canPredict: boolean }) {
  const prediction = useTraining((s) => s.prediction);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (file && canPredict) void predictImage(file, runId);
  };
  const p = prediction.value && prediction.value.runId === runId ? prediction.value : undefined;
  const rows = p ? p.prediction.probabilities.map((prob, k) => ({ k, prob, label: p.classes[k] ?? String(k) })).sort((a, b) => b.prob - a.prob).slice(0, 10) : [];
  return (
    <div className="nw-train-predict" data-testid="predict">
      <div
        className={`nw-train-drop${over ? ' over' : ''}${canPredict ? '' : ' disabled'}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          take(e.dataTransfer.files);
        }}
        onClick={() => canPredict && input.current?.click()}
        role="button"
        tabIndex={0}
        data-testid="predict-drop"
      >
        {p ? <img src={p.imageUrl} alt="image to classify" /> : <span>{canPredict ? 'Drop a JPEG or PNG here, or click to choose one' : 'Predict needs a checkpoint: train at least one epoch'}</span>}
        <input ref={input} type="file" accept="image/png,image/jpeg" hidden onChange={(e) => take(e.target.files)} data-testid="predict-file" />
      </div>
      <div className="nw-train-probs">
        {prediction.status === 'loading' && <div className="nw-muted">Classifying…</div>}
        {prediction.status === 'error' && <div className="nw-field-error">{prediction.error}</div>}
        {p && (
          <>
            <div className="nw-train-top" data-testid="predict-top">
              <strong>{p.prediction.top.label}</strong> <span className="nw-muted">{percent(p.prediction.top.probability)}</span>
            </div>
            {rows.map((r) => (
              <div className="nw-train-prob" key={r.k}>
                <span className="nw-train-prob-label" title={r.label}>
                  {r.label}
                </span>
                <span className="nw-train-bar">
                  <span style={{ width: `${Math.max(0.5, r.prob * 100)}%` }} />
                </span>
                <span className="mono">{percent(r.prob)}</span>
              </div>
            ))}
          </>
        )}
      </div>
    </div>
  );
}
