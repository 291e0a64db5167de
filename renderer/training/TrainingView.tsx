/**
 * The Train view, laid over the editor (which stays mounted underneath, so nothing of the
 * unsaved project or its view is lost): on the left the model, the data, the settings, the
 * engine and the Train / Stop buttons; on the right the run shown and the list of kept runs.
 * Always mounted, so training events are followed even while the Design view is shown.
 */
import { useEffect } from 'react';
import { api } from '../api.ts';
import { useEditor } from '../state/store.ts';
import { thousands } from '../editor/categories.ts';
import { AugmentationForm } from './AugmentationForm.tsx';
import { DataPanel } from './DataPanel.tsx';
import { EngineLine } from './EngineLine.tsx';
import { onEngineBuildLine } from './engineBuild.ts';
import { EvaluationPanel } from './EvaluationPanel.tsx';
import { ExperimentLauncher, ExperimentList, ExperimentPanel } from './ExperimentPanel.tsx';
import { closeExperiment, followExperimentRun, handleExperimentEvent, refreshExperiments, stopExperiment } from './experimentActions.ts';
import { useExperiments } from './experimentStore.ts';
import { ResultsPanel } from './ResultsPanel.tsx';
import { RunsList } from './RunsList.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import { TransferPanel } from './TransferPanel.tsx';
import { followTransferEvent } from './transferActions.ts';
import { dataSpec, describeData, handleTrainEvent, loadEngineInfo, modelInfo, parseSettings, refreshRuns, startTraining, stopTraining, testSpec, trainBlocker } from './actions.ts';
import { shownRun, useTraining } from './store.ts';
import './training.css';

export function TrainingView() {
  const view = useTraining((s) => s.view);

  useEffect(() => {
    const stop = api.onEvent((event) => {
      if (event.type === 'train') handleTrainEvent(event.event);
      if (event.type === 'train') followExperimentRun(event.event);
      if (event.type === 'train') followTransferEvent(event.event);
      if (event.type === 'experiment') handleExperimentEvent(event);
      if (event.type === 'engine-build') onEngineBuildLine(event.line);
    });
    void loadEngineInfo();
    void refreshRuns();
    void refreshExperiments();
    return stop;
  }, []);

  useEffect(() => {
    if (view !== 'train') return;
    return blockEditorKeys();
  }, [view]);

  if (view !== 'train') return null;
  return <TrainingScreen />;
}

function TrainingScreen() {
  const s = useTraining();
  const analysis = useEditor((e) => e.analysis);
  const projectName = useEditor((e) => e.project.name);
  const settings = parseSettings(s.settings);
  const model = modelInfo(analysis, settings.ok ? settings.value.loss : 'auto');
  const run = shownRun(s);
  const experiment = { shown: useExperiments((e) => e.shown), active: useExperiments((e) => e.active) };
  // Between an experiment's two runs no run is live, yet the trainer is busy.
  const running = (s.live?.live && (s.live.phase === 'loading' || s.live.phase === 'training' || s.live.phase === 'stopping')) || experiment.active !== null;
  const blocker = trainBlocker();
  const d = s.description.value;
  const dataKey = JSON.stringify([dataSpec(s.source), model?.inputShape, model?.units, model?.loss]);

  // Describe the data whenever the source or what the checks need of the model changes.
  useEffect(() => {
    const timer = setTimeout(() => void describeData(), 300);
    return () => clearTimeout(timer);
  }, [dataKey]);

  const input = analysis.inputs.length === 1 ? analysis.nodes.get(analysis.inputs[0]!)?.shape : undefined;
  const autoLoss = model ? model.lossReason.replace(/^.*, so /, '') : undefined;

  return (
    <div className="nw-training" data-testid="training-view">
      <div className="nw-train-left">
        <div className="nw-train-scroll">
          <section className="nw-train-card nw-train-model" aria-label="Model" data-testid="train-model">
            <h3>Model</h3>
            <div>
              <strong>{projectName}</strong> · {thousands(analysis.totals.total)} params
              {input && (
                <>
                  {' '}
                  · input <span className="mono">{input.join('x')}</span>
                </>
              )}
              {model && (
                <>
                  {' '}
                  · {model.units} output unit{model.units === 1 ? '' : 's'}
                </>
              )}
            </div>
            {model?.lossWarning && <div className="nw-train-problem warning">{model.lossWarning}</div>}
          </section>
          <DataPanel />
          <TransferPanel />
          <section className="nw-train-card" aria-label="Settings">
            <h3>Settings</h3>
            <SettingsForm autoLoss={autoLoss} hasTest={testSpec(s) !== undefined} />
            <h4>Augmentation</h4>
            <AugmentationForm />
          </section>
        </div>
        <footer className="nw-train-actions">
          <EngineLine engine={s.engine} analysis={analysis} {...(settings.ok ? { settings: settings.value } : {})} {...(d ? { dataBytes: Math.min(d.count, settings.ok ? (settings.value.limit ?? d.count) : d.count) * d.shape[0] * d.shape[1] * d.shape[2] } : {})} />
          {(s.startError || (blocker && !running)) && (
            <div className="nw-train-blocker" role="status" data-testid="train-blocker">
              {s.startError ?? blocker}
            </div>
          )}
          <div className="nw-train-buttons">
            <button className="primary nw-train-go" onClick={() => (closeExperiment(), void startTraining())} disabled={Boolean(running) || blocker !== null} data-testid="train-button">
              ▶ Train
            </button>
            <button onClick={() => void (experiment.active ? stopExperiment() : stopTraining())} disabled={!running || s.live?.phase === 'stopping'} data-testid="stop-button">
              ■ Stop
            </button>
          </div>
          <ExperimentLauncher />
        </footer>
      </div>
      <div className="nw-train-right">
        {/* A run opened from the list comes first, then the experiment shown, then the live run. */}
        {experiment.shown && !s.opened ? (
          <ExperimentPanel shown={experiment.shown} />
        ) : run ? (
          <ResultsPanel run={run} />
        ) : (
          <div className="nw-train-empty">
            <strong>No run yet</strong>
            <span>Choose the data and settings on the left and press Train. The curves grow here as the model learns.</span>
          </div>
        )}
        <ExperimentList />
        <EvaluationPanel />
        <section className="nw-train-card" aria-label="Runs">
          <h3>Runs</h3>
          <RunsList shownId={run?.runId} />
        </section>
      </div>
    </div>
  );
}

/**
 * While the Train view covers the editor, the editor's single-key shortcuts (Delete, L, F, ...)
 * would act on a graph no one sees: hold them back. Save, open, new, undo/redo, the theme, help and
 * typing into fields still work.
 */
function blockEditorKeys(): () => void {
  const onKey = (e: KeyboardEvent) => {
    const el = e.target as HTMLElement | null;
    const typing = el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
    if (typing) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && ['s', 'o', 'z', 'y'].includes(key)) return;
    if ((mod || e.altKey) && key === 'n') return;
    if (!mod && !e.altKey && (e.key === 'Escape' || e.key === '?' || key === 't')) return;
    e.stopPropagation();
  };
  window.addEventListener('keydown', onKey, true);
  return () => window.removeEventListener('keydown', onKey, true);
}
