/** Offers unsaved work found in the recovery journal at start (after a crash or a closed tab). */
import { discardRecovery, restoreRecovery, useFiles } from '../state/files.ts';

export function RecoveryBanner() {
  const recovery = useFiles((s) => s.recovery);
  if (!recovery) return null;
  const when = new Date(recovery.savedAt);
  return (
    <div className="nw-banner" role="alert" data-testid="recovery">
      <span>
        Unsaved work from {Number.isNaN(when.getTime()) ? recovery.savedAt : when.toLocaleString()}
        {recovery.path ? ` (${recovery.path})` : ''} was kept: {recovery.project.nodes.length} layers. Restore it?
      </span>
      <button className="primary" onClick={restoreRecovery} data-testid="restore">Restore</button>
      <button onClick={discardRecovery}>Discard</button>
    </div>
  );
}
