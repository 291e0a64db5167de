/**
 * The top bar: file commands with recent files, undo/redo, layout and view commands, the model
 * name with a dirty marker, and the theme switch. Also keeps the window title in step.
 */
import { useEffect, useState } from 'react';
import { isDirty, useEditor } from '../state/store.ts';
import { newProject, openProject, save, useFiles } from '../state/files.ts';
import { importModel, listenForImportMenu } from '../state/importActions.ts';
import { fitView } from '../state/actions.ts';
import { autoLayout } from '../state/layoutActions.ts';
import { toggleTheme } from '../editor/shortcuts.ts';
import { ViewSwitch } from '../training/ViewSwitch.tsx';
import { DiagramDialog, openDiagramDialog } from './DiagramDialog.tsx';
import { toggleCodePanel, useCode } from '../code/codeStore.ts';

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function Toolbar() {
  const dirty = useEditor(isDirty);
  const name = useEditor((s) => s.project.name);
  const filePath = useEditor((s) => s.filePath);
  const canUndo = useEditor((s) => s.history.past.length > 0 || s.moveOrigin !== null);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const undoLabel = useEditor((s) => s.history.past[s.history.past.length - 1]?.label);
  const redoLabel = useEditor((s) => s.history.future[0]?.label);
  const theme = useEditor((s) => s.theme);
  const recent = useFiles((s) => s.recent);
  const [recentOpen, setRecentOpen] = useState(false);
  const codeOpen = useCode((s) => s.open);

  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${filePath ? baseName(filePath) : name} — Netwright`;
  }, [dirty, filePath, name]);

  // The Electron menu's File > Import Model… arrives as a menu event.
  useEffect(listenForImportMenu, []);

  return (
    <header className="nw-toolbar" role="toolbar">
      <div className="nw-brand">
        <span className="nw-logo" aria-hidden>◆</span><span className="nw-brand-name"> Netwright</span>
      </div>
      <ViewSwitch />
      <div className="nw-tool-group">
        <button onClick={() => void newProject()} title="New model (Alt+N)">New</button>
        <button onClick={() => void openProject()} title="Open… (Ctrl+O)" data-testid="open">Open</button>
        <button onClick={() => void importModel()} title="Import a Keras model.to_json(), tfjs model.json or Keras .h5 model as a new unsaved model" data-testid="import-model" aria-label="Import model…">Import<span className="nw-tool-word"> model</span>…</button>
        <div className="nw-dropdown">
          <button onClick={() => setRecentOpen(!recentOpen)} title="Recent files" aria-expanded={recentOpen}>Recent ▾</button>
          {recentOpen && (
            <div className="nw-menu" onMouseLeave={() => setRecentOpen(false)}>
              {recent.length === 0 && <div className="nw-menu-empty">No recent files</div>}
              {recent.map((p) => (
                <button key={p} onClick={() => { setRecentOpen(false); void openProject(p); }} title={p}>
                  {baseName(p)} <span className="nw-muted">{p}</span>
                </button>
              ))}
            </div>
          )}
        </div>
        <button onClick={() => void save()} title="Save (Ctrl+S)" data-testid="save">Save</button>
        <button onClick={() => void save(true)} title="Save as… (Ctrl+Shift+S)">Save as</button>
        <button onClick={openDiagramDialog} title="Export the graph or the selection as an SVG or PNG diagram" data-testid="export-diagram" aria-label="Export diagram…">Export<span className="nw-tool-word"> diagram</span>…</button>
      </div>
      <div className="nw-tool-group">
        <button onClick={() => useEditor.getState().undo()} disabled={!canUndo} title={`Undo ${undoLabel ?? ''} (Ctrl+Z)`} data-testid="undo" aria-label="Undo">↶<span className="nw-tool-label"> Undo</span></button>
        <button onClick={() => useEditor.getState().redo()} disabled={!canRedo} title={`Redo ${redoLabel ?? ''} (Ctrl+Shift+Z)`} data-testid="redo" aria-label="Redo">↷<span className="nw-tool-label"> Redo</span></button>
      </div>
      <div className="nw-tool-group">
        <button onClick={() => void autoLayout()} title="Auto-layout top to bottom (L)" data-testid="auto-layout">Auto layout</button>
        <button onClick={fitView} title="Zoom to fit (F)">Fit</button>
        <button onClick={toggleCodePanel} className={codeOpen ? 'active' : ''} aria-pressed={codeOpen} title="The model as TypeScript (tfjs) and Keras code, live; edit and apply back (E)" data-testid="toggle-code" aria-label="Code panel">{'</>'}<span className="nw-tool-label"> Code</span></button>
      </div>
      <div className="nw-title" data-testid="title">
        <span className="nw-title-name" title={filePath ?? name}>{filePath ? baseName(filePath) : name}</span>
        {dirty && <span className="nw-dirty" title="Unsaved changes" data-testid="dirty">●</span>}
      </div>
      <div className="nw-tool-group right">
        <button onClick={toggleTheme} title="Light / dark theme (T)" data-testid="theme" aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'}>
          {theme === 'dark' ? '☀' : '☾'}<span className="nw-tool-label">{theme === 'dark' ? ' Light' : ' Dark'}</span>
        </button>
        <button onClick={() => useEditor.getState().setHelpOpen(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">?</button>
      </div>
      <DiagramDialog />
    </header>
  );
}
