/** Short messages in the corner: saves, errors from the backend, upgrades of old files. */
import { useEditor } from '../state/store.ts';

export function Toasts() {
  const toasts = useEditor((s) => s.toasts);
  const dismiss = useEditor((s) => s.dismissToast);
  return (
    <div className="nw-toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`nw-toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} onClick={() => dismiss(t.id)}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
