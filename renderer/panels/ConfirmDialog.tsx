/** "Save changes before ...?" with Save / Don't save / Cancel. */
import { useDialogs } from '../state/dialogs.ts';
import { useModal } from './useModal.ts';

export function ConfirmDialog() {
  const pending = useDialogs((s) => s.discard);
  useModal(() => pending?.resolve('cancel'), Boolean(pending));
  if (!pending) return null;
  return (
    <div className="nw-modal-backdrop">
      <div className="nw-modal" role="dialog" aria-label="Unsaved changes">
        <h2>Save your changes?</h2>
        <p>The model has unsaved changes. Save them before {pending.what}?</p>
        <div className="nw-modal-actions">
          <button onClick={() => pending.resolve('cancel')}>Cancel</button>
          <button onClick={() => pending.resolve('discard')} data-testid="discard">Don't save</button>
          <button className="primary" onClick={() => pending.resolve('save')} autoFocus>Save</button>
        </div>
      </div>
    </div>
  );
}
