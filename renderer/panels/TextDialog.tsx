/** The one-line question of dialogs.ts (e.g. the name of a new group). */
import { useEffect, useState } from 'react';
import { useDialogs } from '../state/dialogs.ts';
import { useModal } from './useModal.ts';

export function TextDialog() {
  const pending = useDialogs((s) => s.text);
  const [value, setValue] = useState('');
  useEffect(() => setValue(pending?.initial ?? ''), [pending]);
  useModal(() => pending?.resolve(null), Boolean(pending));
  if (!pending) return null;
  return (
    <div className="nw-modal-backdrop">
      <form
        className="nw-modal"
        role="dialog"
        aria-label={pending.title}
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) pending.resolve(value.trim());
        }}
      >
        <h2>{pending.title}</h2>
        <input type="text" value={value} onChange={(e) => setValue(e.target.value)} autoFocus spellCheck={false} style={{ width: '100%' }} data-testid="text-dialog-input" />
        <div className="nw-modal-actions">
          <button type="button" onClick={() => pending.resolve(null)}>Cancel</button>
          <button type="submit" className="primary" disabled={!value.trim()}>OK</button>
        </div>
      </form>
    </div>
  );
}
