/**
 * The application shell: only wires the parts together (toolbar, palette, canvas, inspector,
 * summary, dialogs) and starts the background duties (shortcuts, autosave, backend events,
 * the unsaved-work guard).
 */
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { api, transport } from './api.ts';
import { isDirty, useEditor } from './state/store.ts';
import { initFiles, startAutosave } from './state/files.ts';
import { askDiscard } from './state/dialogs.ts';
import { save } from './state/files.ts';
import { installShortcuts, runMenuCommand } from './editor/shortcuts.ts';
import { Canvas } from './editor/Canvas.tsx';
import { Toolbar } from './panels/Toolbar.tsx';
import { Palette } from './panels/Palette.tsx';
import { Inspector } from './panels/Inspector.tsx';
import { SummaryPanel } from './panels/SummaryPanel.tsx';
import { HelpOverlay } from './panels/HelpOverlay.tsx';
import { ConfirmDialog } from './panels/ConfirmDialog.tsx';
import { FileDialog } from './panels/FileDialog.tsx';
import { TextDialog } from './panels/TextDialog.tsx';
import { RecoveryBanner } from './panels/RecoveryBanner.tsx';
import { Toasts } from './panels/Toasts.tsx';
import { TrainingView } from './training/TrainingView.tsx';
import { CodePanel } from './code/CodePanel.tsx';
import { useCode } from './code/codeStore.ts';

export function App() {
  const theme = useEditor((s) => s.theme);
  const dock = useCode((s) => s.dock);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    void initFiles();
    const stopAutosave = startAutosave();
    const stopShortcuts = installShortcuts();
    const stopEvents = api.onEvent((event) => {
      if (event.type === 'menu') void runMenuCommand(event.command);
      if (event.type === 'close-requested') void confirmClose();
    });
    // Browser mode: the tab can close without asking the backend; the browser's own prompt guards it.
    // (In Electron the window asks through 'close-requested'; a beforeunload veto would silently block closing.)
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (transport() !== 'browser' || !isDirty(useEditor.getState())) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      stopAutosave();
      stopShortcuts();
      stopEvents();
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, []);

  return (
    <ReactFlowProvider>
      <div className="nw-app">
        <Toolbar />
        <RecoveryBanner />
        <div className="nw-main">
          <Palette />
          <div className="nw-center">
            <div className={`nw-work dock-${dock}`}>
              <Canvas />
              <CodePanel />
            </div>
            <SummaryPanel />
          </div>
          <Inspector />
          <TrainingView />
        </div>
        <HelpOverlay />
        <ConfirmDialog />
        <FileDialog />
        <TextDialog />
        <Toasts />
      </div>
    </ReactFlowProvider>
  );
}

/** The Electron window wants to close: settle unsaved work, then let it. */
async function confirmClose(): Promise<void> {
  if (isDirty(useEditor.getState())) {
    const choice = await askDiscard('closing the window');
    if (choice === 'cancel') return;
    if (choice === 'save' && !(await save())) return;
  }
  await api['app:confirm-close']({});
}
