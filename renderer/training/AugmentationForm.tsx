/**
 * Augmentation for a run (the trainer's data module applies it on the fly): horizontal flip,
 * random crop (pad-and-crop or crop-and-resize), rotation, colour shift and AlexNet's PCA colour
 * noise, with a preview gallery of one training image under these settings (seeded, so the same
 * settings show the same gallery). Values go to settings.augmentation as the data module reads them.
 */
import { useEffect, useState } from 'react';
import { previewAugmentation } from './actions.ts';
import { setSetting, useTraining } from './store.ts';

const NONE: Record<string, unknown> = {};

type Crop = { mode: 'pad'; pad: number } | { mode: 'resize'; minScale: number };

export function AugmentationForm() {
  const stored = useTraining((s) => s.settings.augmentation) as Record<string, unknown> | undefined;
  const augmentation = stored ?? NONE;
  const preview = useTraining((s) => s.preview);
  const ready = useTraining((s) => s.description.status === 'ready');
  const [index, setIndex] = useState(0);
  const set = (key: string, value: unknown) => {
    const next = { ...augmentation };
    if (value === undefined || value === false || value === 0) delete next[key];
    else next[key] = value;
    setSetting('augmentation', Object.keys(next).length ? next : undefined);
  };
  const crop = augmentation.crop as Crop | undefined;
  const key = JSON.stringify(augmentation);
  const active = Object.keys(augmentation).length > 0;

  useEffect(() => {
    if (!ready || !active) return;
    const timer = setTimeout(() => void previewAugmentation(index), 250);
    return () => clearTimeout(timer);
  }, [key, index, ready, active]);

  return (
    <div className="nw-train-augment" data-testid="augmentation">
      <div className="nw-train-augment-grid">
        <label className="nw-check">
          <input type="checkbox" checked={augmentation.flip === true} onChange={(e) => set('flip', e.target.checked)} data-testid="aug-flip" />
          Horizontal flip
        </label>
        <label className="nw-check">
          <input type="checkbox" checked={crop !== undefined} onChange={(e) => set('crop', e.target.checked ? ({ mode: 'pad', pad: 4 } satisfies Crop) : undefined)} data-testid="aug-crop" />
          Random crop
        </label>
        {crop && (
          <div className="nw-train-inline">
            <select value={crop.mode} onChange={(e) => set('crop', e.target.value === 'pad' ? { mode: 'pad', pad: 4 } : { mode: 'resize', minScale: 0.8 })} aria-label="Crop mode">
              <option value="pad">pad, then crop back</option>
              <option value="resize">crop, then resize</option>
            </select>
            {crop.mode === 'pad' ? (
              <Num label="pad px" value={crop.pad} step={1} onChange={(v) => set('crop', { mode: 'pad', pad: Math.max(0, Math.round(v)) })} />
            ) : (
              <Num label="min scale" value={crop.minScale} step={0.05} onChange={(v) => set('crop', { mode: 'resize', minScale: v })} />
            )}
          </div>
        )}
        <Num label="Rotation ±°" value={Number(augmentation.rotation ?? 0)} step={5} onChange={(v) => set('rotation', v)} testId="aug-rotation" />
        <Num label="Colour shift ±" value={Number(augmentation.colorShift ?? 0)} step={5} onChange={(v) => set('colorShift', v)} />
        <Num label="PCA colour (AlexNet 0.1)" value={Number(augmentation.pcaColor ?? 0)} step={0.05} onChange={(v) => set('pcaColor', v)} />
      </div>
      {active && (
        <div className="nw-train-gallery" data-testid="augment-preview">
          <div className="nw-train-gallery-head">
            <span className="nw-muted">Preview of training image {preview.value?.index ?? index}</span>
            <button onClick={() => setIndex((i) => i + 1)} title="Another training image">Next image</button>
          </div>
          {preview.status === 'error' && <div className="nw-field-error">{preview.error}</div>}
          {!ready && <div className="nw-muted">Choose data to preview augmentation.</div>}
          {preview.value && (
            <div className={`nw-train-gallery-images${preview.status === 'loading' ? ' stale' : ''}`}>
              <figure>
                <img src={preview.value.original} alt="original" />
                <figcaption>original</figcaption>
              </figure>
              {preview.value.images.map((src, i) => (
                <figure key={i}>
                  <img src={src} alt={`augmented ${i + 1}`} />
                </figure>
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function Num({ label, value, step, onChange, testId }: { label: string; value: number; step: number; onChange(v: number): void; testId?: string }) {
  return (
    <label className="nw-train-num">
      <span>{label}</span>
      <input type="number" value={value} step={step} min={0} onChange={(e) => onChange(Number(e.target.value) || 0)} data-testid={testId} />
    </label>
  );
}
