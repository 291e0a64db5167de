// renderer/api.ts picks its transport: the preload's window.netwright in Electron, otherwise the
// WebSocket to the page's own server with the token from the address (kept in sessionStorage,
// removed from the visible address). A minimal `window` stands in for the page.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { startBrowserServer } from '../../electron/browserServer.ts';

function fakeWindow(href: string, extra: Record<string, unknown> = {}) {
  const storage = new Map<string, string>();
  const win = {
    location: { href },
    history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => (win.location.href = url) },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    WebSocket,
    ...extra,
  };
  return { win, storage };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('renderer api', () => {
  it('uses the Electron bridge when the preload exposed it', async () => {
    const bridge = { 'app:info': vi.fn(async () => ({ mode: 'electron' })), onEvent: vi.fn(() => () => undefined) };
    vi.stubGlobal('window', fakeWindow('app://netwright/index.html', { netwright: bridge }).win);
    const { api, transport } = await import('../../renderer/api.ts');
    expect(await api['app:info']({})).toEqual({ mode: 'electron' });
    expect(bridge['app:info']).toHaveBeenCalledWith({});
    expect(transport()).toBe('electron');
  });

  it('in browser mode takes the token from the address, stores it, cleans the address, and talks over the WebSocket', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nw-rapi-'));
    mkdirSync(join(root, 'r'));
    writeFileSync(join(root, 'r', 'index.html'), '');
    const handlers = createHandlers({ mode: 'browser', version: '7.7.7', userDataDir: join(root, 'ud'), templatesDir: resolve(import.meta.dirname, '../../templates') });
    const server = await startBrowserServer({ rendererDir: join(root, 'r'), handlers });
    const { win, storage } = fakeWindow(`http://127.0.0.1:${server.port}/?token=${server.token}&theme=dark`);
    vi.stubGlobal('window', win);
    try {
      const { api, transport, onConnectionChange } = await import('../../renderer/api.ts');
      expect(transport()).toBe('browser');
      const states: boolean[] = [];
      onConnectionChange((c) => states.push(c));
      expect(await api['app:info']({})).toMatchObject({ version: '7.7.7', mode: 'browser' });
      expect(storage.get('netwright.token')).toBe(server.token);
      expect(win.location.href).toBe(`http://127.0.0.1:${server.port}/?theme=dark`);
      expect(states).toEqual([true]);
    } finally {
      await server.close();
    }
  });
});
