// The Electron security checklist, item by item, against the real main process and preload wired
// to a stand-in `electron` module (no Electron binary runs here): webPreferences, sandbox, CSP,
// navigation, new windows, shell.openExternal, permissions, the app:// protocol, IPC sender and
// payload checks, the preload's surface, and a scan of the sources for settings that undo them.
import { readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc.ts';
import { contentSecurityPolicy } from '../../electron/csp.ts';
import { EXTERNAL_ALLOWLIST, GRANTED_PERMISSIONS, secureWebPreferences } from '../../electron/security.ts';

const fake = await vi.hoisted(async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const appPath = mkdtempSync(join(tmpdir(), 'nw-harden-'));
  mkdirSync(join(appPath, 'dist', 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(appPath, 'dist', 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(appPath, 'secret.txt'), 'TOP-SECRET');
  process.env.NETWRIGHT_USER_DATA = join(appPath, 'user-data');
  const { createFakeElectron } = await import('../electron/fakes/fakeElectron.ts');
  const made = createFakeElectron(appPath);
  const device = { handler: null as null | ((details: unknown) => boolean) };
  (made.module.session.defaultSession as Record<string, unknown>).setDevicePermissionHandler = (h: (details: unknown) => boolean) => (device.handler = h);
  return { appPath, device, ...made };
});
vi.mock('electron', () => fake.module);

const { FakeBrowserWindow, FakeWebContents } = await import('../electron/fakes/fakeElectron.ts');
await import('../../electron/main.ts');
await fake.makeReady();
await import('../../electron/preload.ts');
const win = FakeBrowserWindow.created[0]!;
const { state } = fake;
const ROOT = resolve(import.meta.dirname, '../..');

describe('webPreferences and sandbox', () => {
  it('the window has context isolation, the sandbox, no Node, web security, no webview or insecure content', () => {
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(state.sandboxEnabled).toBe(true);
  });

  it('DevTools are off in packaged builds and on while developing', () => {
    expect(win.options.webPreferences.devTools).toBe(true); // the fake app is not packaged
    expect(secureWebPreferences('/p.cjs', { devTools: false }).devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs').devTools).toBe(false);
  });

  it('app:// is a standard secure scheme that neither bypasses the CSP nor opens CORS', () => {
    expect(state.privilegedSchemes).toHaveLength(1);
    const { privileges } = state.privilegedSchemes[0] as { privileges: Record<string, boolean> };
    expect(privileges).toEqual({ standard: true, secure: true, supportFetchAPI: true, codeCache: true });
  });
});

describe('Content-Security-Policy', () => {
  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

  it('allows only our own scripts (no eval but WebAssembly), no plugins, frames, forms or remote hosts', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    for (const [name, values] of ['object-src', 'base-uri', 'frame-src', 'frame-ancestors', 'form-action'].map((n) => [n, csp.get(n)] as const)) {
      expect(values, name).toEqual(["'none'"]);
    }
    for (const values of csp.values()) {
      for (const v of values) expect(v).not.toMatch(/^(\*|https?:|'unsafe-eval'|'strict-dynamic')$/);
    }
  });

  it('every file app:// serves carries it, and refusals leak nothing', async () => {
    const handler = state.protocolHandlers.get('app')!;
    for (const path of ['/', '/index.html', '/assets/app.js']) {
      const res = await handler(new Request(`app://netwright${path}`));
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('the app:// protocol refuses traversal', () => {
  const handler = () => state.protocolHandlers.get('app')!;
  const segment = fc.constantFrom('..', '%2e%2e', '%2E%2e', '.%2e', '..%2f', '..%5c', '%2e%2e%2f', 'assets', 'index.html', '.', '', 'secret.txt', '%00', '..\\', 'x');

  it('property: no path made of traversal pieces reaches a file outside dist/renderer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (parts) => {
        const url = `app://netwright/${parts.join('/')}`;
        for (const request of [{ url, method: 'GET' } as Request, safeRequest(url)].filter(Boolean) as Request[]) {
          const res = await handler()(request);
          const body = await res.text();
          expect(body).not.toContain('TOP-SECRET');
          if (res.status === 200) expect(body === '<!doctype html><title>ui</title>' || body === 'console.log(1)').toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a symlink inside the UI folder that points outside is refused', async () => {
    const link = join(fake.appPath, 'dist', 'renderer', 'assets', 'leak.txt');
    symlinkSync(join(fake.appPath, 'secret.txt'), link);
    const res = await handler()(new Request('app://netwright/assets/leak.txt'));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('TOP-SECRET');
  });

  it('only GET and HEAD, only the netwright host', async () => {
    expect((await handler()(new Request('app://netwright/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await handler()(new Request('app://evil/index.html'))).status).toBe(404);
  });
});

function safeRequest(url: string): Request | null {
  try {
    return new Request(url);
  } catch {
    return null;
  }
}

describe('navigation, new windows and shell.openExternal', () => {
  const contents = new FakeWebContents();
  fake.emitApp('web-contents-created', {}, contents);
  const prevented = (event: string, url: string) => {
    let p = false;
    contents.emit(event, { preventDefault: () => (p = true), url }, url);
    return p;
  };
  const isOurs = (url: string) => {
    try {
      const u = new URL(url);
      return u.protocol === 'app:' && u.host === 'netwright';
    } catch {
      return false;
    }
  };
  const hostileUrls = ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'app://netwright.evil.com/', 'app://evil/', 'http://127.0.0.1:5173/', 'chrome://settings', 'https://evil.example/'];
  const anyUrl = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom(...hostileUrls), fc.string().map((s) => `app://netwright/${s}`), fc.string());

  it('property: every navigation or redirect that leaves app://netwright is prevented', () => {
    fc.assert(
      fc.property(anyUrl, fc.constantFrom('will-navigate', 'will-frame-navigate', 'will-redirect'), (url, event) => {
        expect(prevented(event, url)).toBe(!isOurs(url));
      }),
      { numRuns: 400 },
    );
  });

  it('<webview> is never attached', () => {
    let p = false;
    contents.emit('will-attach-webview', { preventDefault: () => (p = true) });
    expect(p).toBe(true);
  });

  it('property: new windows are always denied; only https links to the allowlist reach the system browser', async () => {
    const hosts = fc.constantFrom(...EXTERNAL_ALLOWLIST, 'evil.example', 'github.com.evil.example', 'keras.io.');
    const crafted = fc
      .tuple(fc.constantFrom('https', 'http', 'ftp', 'file', 'javascript'), fc.constantFrom('', 'user@', 'user:pw@'), hosts, fc.constantFrom('', ':8443', ':443'), fc.webPath())
      .map(([scheme, cred, host, port, path]) => `${scheme}://${cred}${host}${port}${path}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(crafted, anyUrl), async (url) => {
        state.openedExternal.length = 0;
        expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
        await Promise.resolve();
        let allowed = false;
        try {
          const u = new URL(url);
          allowed = u.protocol === 'https:' && EXTERNAL_ALLOWLIST.has(u.hostname) && u.port === '' && !u.username && !u.password;
        } catch {
          allowed = false;
        }
        expect(state.openedExternal).toEqual(allowed ? [url] : []);
      }),
      { numRuns: 400 },
    );
    state.openedExternal.length = 0;
    contents.windowOpenHandler!({ url: 'https://github.com@evil.example/' });
    contents.windowOpenHandler!({ url: 'https://evil.example/?https://github.com/' });
    await Promise.resolve();
    expect(state.openedExternal).toEqual([]);
  });
});

describe('permissions', () => {
  it('property: every permission request and check is denied except writing text to the clipboard', () => {
    const names = fc.oneof(fc.constantFrom('media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'clipboard-read', 'display-capture', 'hid', 'serial', 'usb', 'idle-detection', 'window-management', 'clipboard-sanitized-write'), fc.string());
    fc.assert(
      fc.property(names, (permission) => {
        let answer: boolean | undefined;
        state.permissionRequest!({}, permission, (ok: boolean) => (answer = ok), {});
        expect(answer).toBe(GRANTED_PERMISSIONS.has(permission));
        expect(state.permissionCheck!({}, permission, 'app://netwright', {})).toBe(GRANTED_PERMISSIONS.has(permission));
      }),
      { numRuns: 200 },
    );
    expect([...GRANTED_PERMISSIONS]).toEqual(['clipboard-sanitized-write']);
  });

  it('USB, HID and serial devices are denied', () => {
    expect(fake.device.handler).toBeTypeOf('function');
    expect(fake.device.handler!({ deviceType: 'usb', origin: 'app://netwright' })).toBe(false);
    expect(fake.device.handler!({ deviceType: 'hid', origin: 'app://netwright' })).toBe(false);
  });
});

describe('IPC', () => {
  const trusted = () => ({ sender: win.webContents, senderFrame: { url: 'app://netwright/index.html', parent: null } });
  const invoke = (channel: string, payload: unknown, event: unknown = trusted()) => state.ipcHandlers.get(channel)!(event, payload) as Promise<{ ok: boolean; error?: string }>;

  it('every channel is an invoke handler (no fire-and-forget listeners), one per channel', () => {
    expect([...state.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('property: a call is answered only from the main frame of our window showing app://netwright', async () => {
    const frameUrl = fc.oneof(fc.constant('app://netwright/index.html'), fc.webUrl(), fc.constantFrom('app://netwright.evil/', 'app://other/', 'file:///x.html', 'about:blank', ''), fc.string());
    const other = new FakeWebContents();
    await fc.assert(
      // Channels without side effects (app:confirm-close would close the window).
      fc.asyncProperty(frameUrl, fc.boolean(), fc.boolean(), fc.constantFrom('app:info', 'project:recent', 'recovery:read', 'templates:list'), async (url, subframe, ours, channel) => {
        const event = { sender: ours ? win.webContents : other, senderFrame: { url, parent: subframe ? {} : null } };
        const reply = await invoke(channel, {}, event);
        let trustedUrl = false;
        try {
          const u = new URL(url);
          trustedUrl = u.protocol === 'app:' && u.host === 'netwright';
        } catch {
          trustedUrl = false;
        }
        const refused = reply.ok === false && reply.error === `${channel}: refused: the request did not come from the Netwright window`;
        expect(refused).toBe(!(ours && !subframe && trustedUrl));
      }),
      { numRuns: 200 },
    );
  });

  it('each channel refuses a payload of the wrong shape, naming the channel', async () => {
    for (const channel of CHANNELS) {
      const reply = await invoke(channel, 'not an object');
      expect(reply.ok, channel).toBe(false);
      expect(reply.error).toMatch(new RegExp(`^${channel}: `));
    }
  });

  it('a payload carrying __proto__ or a cycle is refused with its path (structured clone keeps them)', async () => {
    const project = JSON.parse('{"schemaVersion":1,"nodes":[],"edges":[],"extra":{"__proto__":{"polluted":true}}}');
    const reply = await invoke('recovery:write', { project, path: null });
    expect(reply).toEqual({ ok: false, error: 'recovery:write: project.extra.__proto__: refusing key "__proto__" (it could change object prototypes)' });
    const cyclic: Record<string, unknown> = { schemaVersion: 1, nodes: [], edges: [] };
    cyclic.self = cyclic;
    expect((await invoke('recovery:write', { project: cyclic })).error).toBe('recovery:write: project.self: circular reference (payloads must be plain JSON data)');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the preload', () => {
  const api = () => state.exposed[0]![1] as Record<string, (...args: unknown[]) => unknown>;

  it('exposes one object of functions: one per channel and onEvent, no ipcRenderer and no generic send', () => {
    expect(state.exposed.map(([key]) => key)).toEqual(['netwright']);
    expect(Object.keys(api()).sort()).toEqual([...CHANNELS, 'onEvent'].sort());
    for (const [key, value] of Object.entries(api())) {
      expect(typeof value, key).toBe('function');
      expect(value).not.toBe(fake.module.ipcRenderer.invoke);
    }
  });

  it('each function reaches only its own channel, whatever it is called with', async () => {
    state.invokeReply = () => ({ ok: true, value: null });
    for (const channel of CHANNELS) {
      state.invoked.length = 0;
      await api()[channel]!({ channel: 'project:save' }, 'project:save');
      expect(state.invoked.map(([c]) => c)).toEqual([channel]);
    }
  });
});

describe('the sources keep the hardening', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
    });
  const sources = [...files(join(ROOT, 'electron')), ...files(join(ROOT, 'renderer'))].map((f) => [f.slice(ROOT.length + 1), readFileSync(f, 'utf8')] as const);
  const rules: Array<[RegExp, string, string[]]> = [
    [/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/, 'Node integration turned on', []],
    [/contextIsolation\s*:\s*false/, 'context isolation turned off', []],
    [/sandbox\s*:\s*false/, 'sandbox turned off', []],
    [/webSecurity\s*:\s*false/, 'web security turned off', []],
    [/allowRunningInsecureContent\s*:\s*true/, 'insecure content allowed', []],
    [/enableBlinkFeatures|experimentalFeatures\s*:\s*true|webviewTag\s*:\s*true/, 'experimental features or <webview>', []],
    [/\.loadFile\(|loadURL\(\s*['"`]file:/, 'UI loaded from file://', []],
    [/ipcMain\.(on|once)\(/, 'fire-and-forget IPC without a reply', []],
    [/exposeInMainWorld/, 'a second exposed object', ['electron/preload.ts']],
    [/openExternal\(/, 'openExternal outside the allowlist check', ['electron/main.ts', 'electron/security.ts']],
    [/\bipcRenderer\b/, 'ipcRenderer used outside the preload', ['electron/preload.ts', 'electron/bridge.ts']],
  ];

  it.each(rules)('%s (%s) appears nowhere else', (pattern, _what, allowed) => {
    const offenders = sources.filter(([file, text]) => !allowed.includes(file) && pattern.test(text.replace(/^\s*(\/\/|\*).*$/gm, ''))).map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
