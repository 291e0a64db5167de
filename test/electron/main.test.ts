// The Electron main process wired against a fake `electron` module: the app:// protocol, the
// hardened window, one IPC handler per channel with sender and payload checks, the menu, the
// close guard, navigation/window/permission denial, and native dialogs.
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc.ts';

const fake = await vi.hoisted(async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const appPath = mkdtempSync(join(tmpdir(), 'nw-main-'));
  mkdirSync(join(appPath, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(appPath, 'secret.txt'), 'top secret');
  process.env.NETWRIGHT_USER_DATA = join(appPath, 'user-data');
  const { createFakeElectron } = await import('./fakes/fakeElectron.ts');
  return { appPath, ...createFakeElectron(appPath) };
});
vi.mock('electron', () => fake.module);

const { FakeBrowserWindow, FakeWebContents } = await import('./fakes/fakeElectron.ts');
await import('../../electron/main.ts');
const beforeReady = { windows: FakeBrowserWindow.created.length, handlers: fake.state.ipcHandlers.size };
await fake.makeReady();
const win = FakeBrowserWindow.created[0]!;
const { state } = fake;

const trusted = () => ({ sender: win.webContents, senderFrame: { url: 'app://netwright/index.html', parent: null } });
const invoke = (channel: string, payload: unknown, event: unknown = trusted()) => state.ipcHandlers.get(channel)!(event, payload) as Promise<any>;

describe('before ready', () => {
  it('registers app:// as a privileged standard scheme before the app is ready, and enables the sandbox', () => {
    expect(state.schemesRegisteredBeforeReady).toBe(true);
    expect(state.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(state.sandboxEnabled).toBe(true);
    expect(beforeReady).toEqual({ windows: 0, handlers: 0 });
    expect(state.errorBoxes).toEqual([]);
  });
});

describe('the window', () => {
  it('is created once with locked-down webPreferences and loads the UI from app://', () => {
    expect(FakeBrowserWindow.created).toHaveLength(1);
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
    expect(prefs.preload).toBe(`${fake.appPath}/dist/electron/preload.cjs`);
    expect(win.loadedUrl).toBe('app://netwright/index.html');
  });

  it('app:// serves the UI with a CSP and refuses traversal', async () => {
    const handler = state.protocolHandlers.get('app')!;
    const page = await handler(new Request('app://netwright/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>ui</title>');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*object-src 'none'/);
    const paths = ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2f%2e%2e%2fsecret.txt', '/x/..%5c..%5csecret.txt'];
    for (const path of paths) {
      // As URL parsing leaves it (Chromium drops some `..` before we see them: then it is a 404)...
      const parsed = await handler(new Request(`app://netwright${path}`));
      expect(parsed.status).toBeGreaterThanOrEqual(400);
      expect(await parsed.text()).not.toContain('top secret');
      // ...and raw, as a request that reached us unnormalised: refused outright.
      const raw = await handler({ url: `app://netwright${path}`, method: 'GET' } as Request);
      expect([400, 403]).toContain(raw.status);
      expect(await raw.text()).not.toContain('top secret');
    }
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });
});

describe('IPC', () => {
  it('registers exactly one handler per channel', () => {
    expect([...state.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers the main frame of our window', async () => {
    expect(await invoke('app:info', {})).toEqual({ ok: true, value: { version: '0.1.0', mode: 'electron', platform: process.platform } });
  });

  it.each([
    ['another webContents', () => ({ sender: new FakeWebContents(), senderFrame: { url: 'app://netwright/index.html', parent: null } })],
    ['a subframe', () => ({ sender: win.webContents, senderFrame: { url: 'app://netwright/index.html', parent: {} } })],
    ['a web page', () => ({ sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } })],
    ['a file:// page', () => ({ sender: win.webContents, senderFrame: { url: 'file:///tmp/x.html', parent: null } })],
    ['another app:// host', () => ({ sender: win.webContents, senderFrame: { url: 'app://other/index.html', parent: null } })],
    ['a disposed frame', () => ({ sender: win.webContents, senderFrame: null })],
  ])('refuses %s', async (_label, event) => {
    expect(await invoke('project:recent', {}, event())).toEqual({ ok: false, error: 'project:recent: refused: the request did not come from the Netwright window' });
  });

  it('validates payloads and names the field', async () => {
    expect(await invoke('project:open', { path: ['x'] })).toEqual({ ok: false, error: expect.stringMatching(/^project:open: path: /) });
  });

  it('project:open without a path shows the native open dialog attached to the window', async () => {
    state.dialogAnswer = { canceled: true, filePaths: [], filePath: undefined };
    expect(await invoke('project:open', {})).toEqual({ ok: true, value: { ok: false, cancelled: true } });
    expect(state.dialogCalls[0]![0]).toBe('open');
    expect(state.dialogCalls[0]![1][0]).toBe(win);
  });
});

describe('menu', () => {
  const items = () => (state.menuTemplate ?? []).flatMap((m: any) => m.submenu ?? []);
  it('has the usual accelerators', () => {
    const accel = Object.fromEntries(items().filter((i: any) => i.label).map((i: any) => [i.label, i.accelerator]));
    expect(accel).toMatchObject({ New: 'CmdOrCtrl+N', 'Open…': 'CmdOrCtrl+O', Save: 'CmdOrCtrl+S', 'Save As…': 'CmdOrCtrl+Shift+S', Undo: 'CmdOrCtrl+Z', Duplicate: 'CmdOrCtrl+D' });
    expect(items().map((i: any) => i.role).filter(Boolean)).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll']));
  });

  it('a click sends {type: menu, command} to the window', () => {
    items().find((i: any) => i.label === 'Save As…').click();
    expect(win.webContents.sent.at(-1)).toEqual(['netwright:event', { type: 'menu', command: 'save-as' }]);
  });
});

describe('hardening of every webContents', () => {
  const contents = new FakeWebContents();
  fake.emitApp('web-contents-created', {}, contents);
  const navigate = (event: string, url: string) => {
    let prevented = false;
    contents.emit(event, { preventDefault: () => (prevented = true), url }, url);
    return prevented;
  };

  it('denies navigation away from app://netwright', () => {
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-frame-navigate', 'http://127.0.0.1:8080/')).toBe(true);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'app://netwright/index.html')).toBe(false);
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
  });

  it('denies new windows; allowlisted https links open in the system browser', async () => {
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://keras.io/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://keras.io/api/layers/' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(state.openedExternal).toEqual(['https://keras.io/api/layers/']);
  });

  it('denies permission requests except clipboard text writes', () => {
    const answers: Record<string, boolean> = {};
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write']) state.permissionRequest!({}, p, (ok: boolean) => (answers[p] = ok));
    expect(answers).toEqual({ media: false, geolocation: false, notifications: false, 'clipboard-read': false, 'clipboard-sanitized-write': true });
    expect(state.permissionCheck!({}, 'media')).toBe(false);
  });
});

describe('closing with unsaved work', () => {
  it('a dirty window asks the UI; the UI confirms and the window closes', async () => {
    await invoke('app:set-dirty', { dirty: true });
    expect(win.documentEdited).toBe(true);
    expect(win.close()).toBe(false);
    expect(win.webContents.sent.at(-1)).toEqual(['netwright:event', { type: 'close-requested' }]);
    expect(await invoke('app:confirm-close', {})).toEqual({ ok: true, value: { ok: true } });
    expect(win.isDestroyed()).toBe(true);
  });
});
