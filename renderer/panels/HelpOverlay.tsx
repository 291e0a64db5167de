/** The keyboard shortcut overlay (?), generated from the same table the key handler uses. */
import { useEditor } from '../state/store.ts';
import { SHORTCUTS } from '../editor/shortcuts.ts';
import { useModal } from './useModal.ts';

export function HelpOverlay() {
  const open = useEditor((s) => s.helpOpen);
  const close = () => useEditor.getState().setHelpOpen(false);
  useModal(close, open);
  if (!open) return null;
  return (
    <div className="nw-modal-backdrop" onClick={close}>
      <div className="nw-modal nw-help" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td><kbd>{s.keys}</kbd></td>
                <td>{s.does}</td>
              </tr>
            ))}
            <tr><td><kbd>Drag port → port</kbd></td><td>Wire an output to an input (refused wires say why)</td></tr>
            <tr><td><kbd>Drag from palette</kbd></td><td>Add a layer where you drop it</td></tr>
          </tbody>
        </table>
        <div className="nw-modal-actions"><button className="primary" onClick={close}>Close</button></div>
      </div>
    </div>
  );
}
