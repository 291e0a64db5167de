/**
 * The data side of training: choose the dataset (built-in MNIST, a course .h5, an image folder,
 * a CSV, a .npy pair; typed or picked in the in-app dialog) and an optional test set, then see it
 * as the model will: one row per class with sample images and a class-balance bar, the image
 * shape and count, and every problem against the model (class count, image size) before training.
 */
import { useState } from 'react';
import type { DataDescription } from '../../shared/ipc.ts';
import { thousands } from '../editor/categories.ts';
import { DataPathDialog } from './DataPathDialog.tsx';
import { setForm, useTraining, type DataKind, type DataSource } from './store.ts';

const KINDS: { kind: DataKind; label: string; pick: 'file' | 'folder'; ext: string[] }[] = [
  { kind: 'mnist', label: 'Built-in MNIST digits', pick: 'file', ext: [] },
  { kind: 'h5', label: 'Course HDF5 file (.h5)', pick: 'file', ext: ['.h5', '.hdf5'] },
  { kind: 'folder', label: 'Image folder (a sub-folder per class)', pick: 'folder', ext: [] },
  { kind: 'csv', label: 'CSV of image paths and labels', pick: 'file', ext: ['.csv'] },
  { kind: 'npy', label: 'NumPy pair (x.npy, y.npy)', pick: 'file', ext: ['.npy'] },
];

export function DataPanel() {
  const source = useTraining((s) => s.source);
  const test = useTraining((s) => s.test);
  const testPath = useTraining((s) => s.testPath);
  const description = useTraining((s) => s.description);
  const kind = KINDS.find((k) => k.kind === source.kind)!;

  return (
    <section className="nw-train-card" aria-label="Data" data-testid="data-panel">
      <h3>Data</h3>
      <DataSourceFields source={source} onChange={(next) => setForm(next.kind !== source.kind ? { source: next, test: next.kind === 'mnist' ? 'split' : 'none' } : { source: next })} />
      {source.kind === 'mnist' ? (
        <label className="nw-check">
          <input type="checkbox" checked={test === 'split'} onChange={(e) => setForm({ test: e.target.checked ? 'split' : 'none' })} data-testid="data-test-split" />
          Evaluate on MNIST&apos;s test part at the end (confusion matrix)
        </label>
      ) : source.kind !== 'npy' ? (
        <>
          <label className="nw-check">
            <input type="checkbox" checked={test === 'file'} onChange={(e) => setForm({ test: e.target.checked ? 'file' : 'none' })} />
            A separate test set
          </label>
          {test === 'file' && <PathField label="Test set" value={testPath} placeholder={source.kind === 'h5' ? '/data/test.h5' : ''} testId="data-testPath" pick={kind.pick} ext={kind.ext} onChange={(v) => setForm({ testPath: v })} />}
        </>
      ) : null}

      <DataView description={description.value} status={description.status} error={description.error} />
    </section>
  );
}

/**
 * The dataset kind and its path(s), typed or picked with Browse…: the Data card's and the
 * evaluation's data picker (`idPrefix` names their test ids, `selectId` the kind select).
 */
export function DataSourceFields({ source, onChange, idPrefix = 'data', selectId = 'train-data-kind' }: { source: DataSource; onChange(next: DataSource): void; idPrefix?: string; selectId?: string }) {
  const kind = KINDS.find((k) => k.kind === source.kind)!;
  const field = (key: 'path' | 'y', label: string, placeholder: string) => (
    <PathField label={label} value={source[key]} placeholder={placeholder} testId={`${idPrefix}-${key}`} pick={kind.pick} ext={kind.ext} onChange={(v) => onChange({ ...source, [key]: v })} />
  );
  return (
    <>
      <div className="nw-field">
        <label htmlFor={selectId}>Dataset</label>
        <select id={selectId} value={source.kind} onChange={(e) => onChange({ ...source, kind: e.target.value as DataKind })} data-testid={`${idPrefix}-kind`}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {source.kind === 'npy' && field('path', 'Images (x.npy)', '/data/x.npy')}
      {source.kind === 'npy' && field('y', 'Labels (y.npy)', '/data/y.npy')}
      {source.kind !== 'npy' && source.kind !== 'mnist' && field('path', kind.pick === 'folder' ? 'Folder' : 'File', kind.pick === 'folder' ? '/data/signs (cat/, dog/, …)' : `/data/train${kind.ext[0]}`)}
    </>
  );
}

/** A file or folder path, typed or picked in the in-app dialog (Browse…). */
function PathField({ label, value, placeholder, testId, pick, ext, onChange }: { label: string; value: string; placeholder: string; testId: string; pick: 'file' | 'folder'; ext: string[]; onChange(value: string): void }) {
  const [picking, setPicking] = useState(false);
  return (
    <div className="nw-field">
      <label>{label}</label>
      <div className="nw-train-path">
        <input type="text" value={value} placeholder={placeholder} spellCheck={false} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
        <button onClick={() => setPicking(true)}>Browse…</button>
      </div>
      {picking && (
        <DataPathDialog
          title={label}
          pick={pick}
          extensions={ext}
          start={value}
          onClose={(path) => {
            if (path !== null) onChange(path);
            setPicking(false);
          }}
        />
      )}
    </div>
  );
}

/** Display height of one class row of samples. */
const ROW_PX = 30;

export function DataView({ description: d, status, error }: { description?: DataDescription; status: string; error?: string }) {
  if (status === 'error') return <div className="nw-train-problem error" role="alert" data-testid="data-error">{error}</div>;
  if (!d) return status === 'loading' ? <div className="nw-muted">Reading the data…</div> : null;
  const [h, w, c] = d.shape;
  const scale = ROW_PX / h;
  const gap = 2;
  const max = Math.max(1, ...d.counts);
  const gridWidth = (d.perClass * w + (d.perClass - 1) * gap) * scale;
  const gridHeight = (d.classes.length * h + (d.classes.length - 1) * gap) * scale;
  return (
    <div className={`nw-train-dataview${status === 'loading' ? ' stale' : ''}`} data-testid="data-view">
      <div className="nw-train-datafacts">
        <span>
          <strong>{thousands(d.count)}</strong> images
        </span>
        <span>
          <strong>{d.classes.length}</strong> classes
        </span>
        <span>
          as <strong className="mono">{h}x{w}x{c}</strong>
        </span>
        <span className="nw-muted" title={d.source}>
          {d.name}
        </span>
      </div>
      {d.problems.map((p, i) => (
        <div key={i} className={`nw-train-problem ${p.severity}`} role={p.severity === 'error' ? 'alert' : undefined} data-testid="data-problem">
          <span className="nw-code">{p.code}</span> {p.message}
        </div>
      ))}
      <div className="nw-train-classes">
        {d.classes.map((name, k) => (
          <div className="nw-train-class" key={k} data-testid="class-row">
            <span className="nw-train-class-name" title={name}>
              {name}
            </span>
            <span
              className="nw-train-samples"
              role="img"
              aria-label={`samples of class ${name}`}
              style={{
                width: gridWidth,
                height: ROW_PX,
                backgroundImage: `url(${d.grid})`,
                backgroundSize: `${gridWidth}px ${gridHeight}px`,
                backgroundPosition: `0 ${-k * (h + gap) * scale}px`,
              }}
            />
            <span className="nw-train-bar" title={`${d.counts[k]} images of class ${name}`}>
              <span style={{ width: `${(100 * (d.counts[k] ?? 0)) / max}%` }} />
            </span>
            <span className="nw-train-count mono">{thousands(d.counts[k] ?? 0)}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
