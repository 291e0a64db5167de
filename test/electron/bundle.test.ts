// The Electron bundles are self-contained: main.cjs loads under a stand-in `electron` module (CJS,
// as Electron loads it), registers every channel and opens the window; preload.cjs requires
// nothing but 'electron', as a sandboxed preload must.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildElectron } from '../../electron/launcher/buildElectron.ts';
import { CHANNELS } from '../../shared/ipc.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// Records what main.cjs does, then prints it as JSON once the app is "ready".
const FAKE_ELECTRON = `
const seen = { schemes: [], ipc: [], windows: [], protocols: [], menu: false };
const app = {
  getAppPath: () => process.env.FAKE_APP_PATH, getVersion: () => '0.1.0', isPackaged: true,
  enableSandbox() { seen.sandbox = true; }, requestSingleInstanceLock: () => true, quit() {}, on() { return app; },
  whenReady: () => Promise.resolve().then(() => setTimeout(() => { console.log(JSON.stringify(seen)); process.exit(0); }, 50)),
};
class BrowserWindow {
  constructor(options) { seen.windows.push(options); this.webContents = { send() {}, isCrashed: () => false, on() {}, setWindowOpenHandler() {} }; }
  on() {} once() {} loadURL(url) { seen.url = url; return Promise.resolve(); } isDestroyed() { return false; }
}
module.exports = {
  app, BrowserWindow, shell: {}, dialog: {},
  protocol: { registerSchemesAsPrivileged: (s) => seen.schemes.push(...s), handle: (scheme) => seen.protocols.push(scheme) },
  ipcMain: { handle: (channel) => seen.ipc.push(channel), removeHandler() {} },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: () => { seen.menu = true; } },
  session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } },
};`;

describe('electron bundles', () => {
  it('main.cjs runs under a stand-in electron; preload.cjs requires only electron', async () => {
    const app = mkdtempSync(join(tmpdir(), 'nw-bundle-'));
    const [main, preload] = await buildElectron(ROOT, join(app, 'dist', 'electron'));
    mkdirSync(join(app, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(app, 'node_modules', 'electron', 'index.js'), FAKE_ELECTRON);
    const out = execFileSync(process.execPath, [main!], { env: { ...process.env, FAKE_APP_PATH: app, NETWRIGHT_USER_DATA: join(app, 'ud') }, encoding: 'utf8' });
    const seen = JSON.parse(out);
    expect(seen.schemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(seen.sandbox).toBe(true);
    expect(seen.protocols).toEqual(['app']);
    expect([...seen.ipc].sort()).toEqual([...CHANNELS].sort());
    expect(seen.windows).toHaveLength(1);
    expect(seen.windows[0].webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(app, 'dist', 'electron', 'preload.cjs') });
    expect(seen.url).toBe('app://netwright/index.html');
    expect(seen.menu).toBe(true);
    const requires = [...readFileSync(preload!, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });
});
