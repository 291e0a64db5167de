/**
 * Which engine trains and why: the engine's label (a forecast until a run confirms it), a
 * "Why not GPU?" expander with the GPU doctor's findings and fixes, and the memory estimate for
 * this graph at the chosen batch size and optimizer (shared/train/memory.ts), warned about when
 * it will likely not fit in the machine's free memory.
 */
import { useState } from 'react';
import type { Analysis } from '../../shared/graph/analyze.ts';
import type { EngineInfo } from '../../shared/ipc.ts';
import { estimateTrainingMemory } from '../../shared/train/memory.ts';
import type { TrainSettings } from '../../shared/train/settings.ts';
import { EngineBuild } from './EngineBuild.tsx';

interface Props {
  engine?: EngineInfo;
  analysis: Analysis;
  settings?: TrainSettings;
  /** Bytes of the dataset held in memory (uint8 images), when known. */
  dataBytes?: number;
}

export function EngineLine({ engine, analysis, settings, dataBytes }: Props) {
  const [open, setOpen] = useState(false);
  const doctor = engine?.gpuDoctor;
  const memory =
    settings && analysis.ok && analysis.nodes.size > 0
      ? estimateTrainingMemory(analysis, { batchSize: settings.batchSize, optimizer: settings.optimizer, ...(dataBytes ? { dataBytes } : {}), ...(engine ? { available: engine.memory } : {}) })
      : undefined;
  return (
    <div className="nw-train-engine" data-testid="engine-line">
      <div className="nw-train-engine-row">
        <span className="nw-muted">Engine</span>
        <strong data-testid="engine-label">{engine ? engine.label : 'checking…'}</strong>
        {engine && !engine.confirmed && <span className="nw-muted" title="The engine 'auto' is expected to pick; the first run confirms it.">(expected)</span>}
        {doctor && !doctor.gpuUsable && (
          <button className="nw-link" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="why-not-gpu">
            {open ? '▾' : '▸'} Why not GPU?
          </button>
        )}
      </div>
      {engine && <EngineBuild engine={engine} />}
      {open && doctor && (
        <div className="nw-train-doctor" data-testid="gpu-doctor">
          <p>{doctor.summary}</p>
          <ul>
            {doctor.findings.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
          {doctor.fixes.length > 0 && (
            <>
              <p>To train on an NVIDIA GPU:</p>
              <ol>
                {doctor.fixes.map((f, i) => (
                  <li key={i}>{f}</li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
      {memory && (
        <div className={`nw-train-memory${memory.fits ? '' : ' warn'}`} data-testid="memory-estimate" title="Weights, gradients, optimizer slots, and every layer output with its gradient at this batch size, float32; tfjs adds temporaries.">
          {memory.fits ? 'Memory ' : '⚠ Memory '}
          {memory.message}
        </div>
      )}
    </div>
  );
}
