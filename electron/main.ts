/**
 * The Electron main process. It only wires parts together: the app:// protocol serving the built
 * UI, the hardened window, the menu, the close guard, and the backend handlers behind the IPC
 * bridge. Bundled to dist/electron/main.cjs by electron/build.mjs.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, utilityProcess } from 'electron';
import { join } from 'node:path';
import type { BackendEvent } from '../shared/ipc.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGED, APP_URL, createAppProtocolHandler } from './appProtocol.ts';
import { createHandlers } from './backend/handlers.ts';
import { defaultUserDataDir } from './backend/userData.ts';
import { EVENT_CHANNEL } from './bridge.ts';
import { attachCloseGuard, type CloseGuard } from './closeGuard.ts';
import { registerIpcHandlers, isTrustedSender } from './ipcMain.ts';
import { buildMenuTemplate } from './menu.ts';
import { hardenSession, hardenWebContents, secureWebPreferences } from './security.ts';
import { electronDialogs } from './dialogs.ts';
import { utilityProcessTrainer } from './trainer/supervisor.ts';
import { EVALUATION_BUNDLE, utilityProcessEvaluation } from './evaluation/process.ts';

const appRoot = app.getAppPath();
const rendererDir = join(appRoot, 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGED]);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url)));

let mainWindow: BrowserWindow | null = null;
let closeGuard: CloseGuard | null = null;

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: 'Netwright',
    show: false,
    webPreferences: secureWebPreferences(join(appRoot, 'dist', 'electron', 'preload.cjs'), { devTools: !app.isPackaged }),
  });
  closeGuard = attachCloseGuard(win, EVENT_CHANNEL);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_URL);
  return win;
}

function send(event: BackendEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, event);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
    hardenSession(session.defaultSession);
    const handlers = createHandlers({
      mode: 'electron',
      version: app.getVersion(),
      userDataDir: defaultUserDataDir(),
      templatesDir: join(appRoot, 'templates'),
      dialogs: electronDialogs(dialog, () => mainWindow),
      window: {
        setDirty: (dirty) => closeGuard?.setDirty(dirty),
        confirmClose: () => closeGuard?.confirmClose(),
      },
      // Training runs in a utility process; the supervisor picks the bundled dist/electron/trainer-child.cjs
      // next to main.cjs (the TypeScript child through tsx in development). Its events reach the window.
      broadcast: send,
      spawnTrainer: (entry, env) => utilityProcessTrainer(utilityProcess)(entry, env),
      // Ensembles and 10-crop tests run in their own utility process from the bundled child next to main.cjs.
      evaluationEntry: join(appRoot, 'dist', 'electron', EVALUATION_BUNDLE),
      spawnEvaluation: utilityProcessEvaluation(utilityProcess),
    });
    registerIpcHandlers(ipcMain, handlers, (event) => isTrustedSender(event, () => (mainWindow ? [mainWindow.webContents] : [])));
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, (command) => send({ type: 'menu', command }), { devTools: !app.isPackaged })));
    mainWindow = createMainWindow();
    app.on('activate', () => {
      if (!mainWindow) mainWindow = createMainWindow();
    });
  }).catch((e: unknown) => {
    // Without this a failure while starting would leave the app running with no window and no word.
    dialog.showErrorBox('Netwright could not start', e instanceof Error ? (e.stack ?? e.message) : String(e));
    app.quit();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
