/**
 * The Design / Train switch in the toolbar. The Train tab shows how far a live run has come, so a
 * run can be followed from the editor too.
 */
import { progressOf } from './runState.ts';
import { setView, useTraining } from './store.ts';

export function ViewSwitch() {
  const view = useTraining((s) => s.view);
  const live = useTraining((s) => s.live);
  const running = live && (live.phase === 'loading' || live.phase === 'training' || live.phase === 'stopping');
  const progress = running && live ? progressOf(live) : undefined;
  return (
    <div className="nw-view-switch" role="tablist" aria-label="View">
      <button role="tab" aria-selected={view === 'design'} className={view === 'design' ? 'active' : undefined} onClick={() => setView('design')} data-testid="view-design">
        Design
      </button>
      <button role="tab" aria-selected={view === 'train'} className={view === 'train' ? 'active' : undefined} onClick={() => setView('train')} data-testid="view-train" title="Train the model on data">
        Train
        {running && <span className="nw-view-badge">{progress ? `${Math.round(progress.fraction * 100)}%` : '…'}</span>}
      </button>
    </div>
  );
}
