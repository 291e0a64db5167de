/**
 * The "Build the tensorflow engine" control under the engine line: shown while the engine is not
 * built, with the build's progress lines and, on failure, the backend's message (what to install).
 */
import { useState } from 'react';
import type { EngineInfo } from '../../shared/ipc.ts';
import { buildEngine, useEngineBuild } from './engineBuild.ts';

export function EngineBuild({ engine }: { engine: EngineInfo }) {
  const { running, lines, error, built } = useEngineBuild();
  const [python, setPython] = useState('');
  if (engine.tensorflow.built && !running && !error) {
    return built ? <div className="nw-muted" data-testid="engine-build-done">tensorflow engine built on {built}</div> : null;
  }
  return (
    <div className="nw-train-engine-build" data-testid="engine-build">
      <input
        className="nw-train-engine-python"
        value={python}
        onChange={(e) => setPython(e.target.value)}
        placeholder="Python with TensorFlow (default: python3)"
        aria-label="Python interpreter with TensorFlow"
        spellCheck={false}
        data-testid="engine-build-python"
      />
      <button className="nw-link" onClick={() => void buildEngine(python.trim() || undefined)} disabled={running} data-testid="engine-build-button" title={`Compiles tfjs-node's binding against your TensorFlow (pip install tensorflow, or tensorflow[and-cuda] for an NVIDIA GPU) into ${engine.tensorflow.dir}`}>
        {running ? 'Building the tensorflow engine…' : 'Build the tensorflow engine (train on your own TensorFlow)'}
      </button>
      {lines.length > 0 && (
        <ul className="nw-train-engine-build-log" data-testid="engine-build-log">
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
      {error && (
        <div className="nw-train-engine-build-error" role="alert" data-testid="engine-build-error">
          {error}
        </div>
      )}
    </div>
  );
}
