// renderer/wsClient.ts against the real browser-mode server, driven by the `ws` package: the same
// NetwrightApi as the Electron preload, events, clear errors, and reconnection.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { startBrowserServer, type BrowserServer } from '../../electron/browserServer.ts';
import { createWsApi, type WebSocketConstructor, type WsApi } from '../../renderer/wsClient.ts';
import type { BackendEvent, Handlers } from '../../shared/ipc.ts';

const TEMPLATES = resolve(import.meta.dirname, '../../templates');
const root = mkdtempSync(join(tmpdir(), 'nw-wsclient-'));
const rendererDir = join(root, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(port = 0, handlers?: Handlers): Promise<BrowserServer> {
  const server = await startBrowserServer({
    port,
    rendererDir,
    token: 'test-token-0123456789',
    handlers: handlers ?? createHandlers({ mode: 'browser', version: '1.2.3', userDataDir: join(root, 'ud'), templatesDir: TEMPLATES, home: root }),
  });
  cleanups.push(() => server.close());
  return server;
}

function client(server: BrowserServer, token = server.token): WsApi {
  const api = createWsApi({ url: `ws://127.0.0.1:${server.port}/api?token=${token}`, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnectDelayMs: 20, maxReconnectDelayMs: 100 });
  cleanups.push(() => api.close());
  return api;
}

const until = (check: () => boolean) =>
  new Promise<void>((done) => {
    const tick = () => (check() ? done() : setTimeout(tick, 10));
    tick();
  });

describe('createWsApi', () => {
  it('calls the real backend (requests made before the socket opens are queued)', async () => {
    const api = client(await serve());
    const [info, templates] = await Promise.all([api['app:info']({}), api['templates:list']({})]);
    expect(info).toEqual({ version: '1.2.3', mode: 'browser', platform: process.platform });
    expect(templates.map((t) => t.id)).toContain('happy_model');
    const loaded = await api['templates:load']({ id: 'happy_model' });
    expect(loaded.ok && loaded.project.nodes.length).toBe(8);
    const file = join(root, 'via-client.json');
    expect(await api['project:save']({ project: loaded.ok ? loaded.project : {}, path: file })).toEqual({ ok: true, path: file });
  });

  it('rejects with the backend message when the payload is invalid', async () => {
    const api = client(await serve());
    await expect(api['project:open']({ path: 5 as unknown as string })).rejects.toThrow(/^project:open: path: .*expected string/i);
  });

  it('delivers pushed events to listeners until they unsubscribe', async () => {
    const server = await serve();
    const api = client(server);
    const seen: BackendEvent[] = [];
    const stop = api.onEvent((e) => seen.push(e));
    await api['app:info']({});
    server.broadcast({ type: 'menu', command: 'undo' });
    await until(() => seen.length === 1);
    stop();
    server.broadcast({ type: 'menu', command: 'redo' });
    await api['app:info']({}); // the redo event, sent earlier on the same socket, has arrived by now
    expect(seen).toEqual([{ type: 'menu', command: 'undo' }]);
  });

  it('fails an in-flight request clearly when the connection drops, then reconnects', async () => {
    let release: () => void = () => undefined;
    const base = createHandlers({ mode: 'browser', version: '1', userDataDir: join(root, 'ud2'), templatesDir: TEMPLATES });
    const slow: Handlers = { ...base, 'project:recent': () => new Promise((done) => (release = () => done([])) ) };
    const first = await serve(0, slow);
    const api = client(first);
    const states: boolean[] = [];
    api.onConnectionChange((c) => states.push(c));
    await api['app:info']({});
    const pending = api['project:recent']({});
    await new Promise((r) => setTimeout(r, 30));
    await first.close();
    await expect(pending).rejects.toThrow(/project:recent: the connection to the Netwright backend was lost/);
    release();
    // A new server on the same port: the client finds it again by itself.
    await serve(first.port, slow);
    await until(() => states.length === 3);
    expect(await api['app:info']({})).toMatchObject({ version: '1' });
    expect(states).toEqual([true, false, true]);
  });

  it('with a wrong token it never connects and requests wait (no silent success)', async () => {
    const api = client(await serve(), 'wrong');
    const states: boolean[] = [];
    api.onConnectionChange((c) => states.push(c));
    let settled = false;
    const call = api['app:info']({}).then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(settled).toBe(false);
    expect(states).toEqual([false]);
    api.close();
    await call;
    expect(settled).toBe(true);
  });
});
