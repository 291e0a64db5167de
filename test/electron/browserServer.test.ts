// Browser mode's server: loopback only, the per-launch token on every request and WebSocket,
// Host/Origin checks against DNS rebinding, safe static files, and the real API over the socket.
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { startBrowserServer, TOKEN_COOKIE, type BrowserServer } from '../../electron/browserServer.ts';

const TEMPLATES = resolve(import.meta.dirname, '../../templates');
const root = mkdtempSync(join(tmpdir(), 'nw-server-'));
const rendererDir = join(root, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Netwright test page</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(rendererDir, 'assets', 'tfjs.wasm'), new Uint8Array([0, 97, 115, 109]));
writeFileSync(join(root, 'secret.txt'), 'top secret');
symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'link.txt'));

let server: BrowserServer;
beforeAll(async () => {
  const handlers = createHandlers({ mode: 'browser', version: '0.0.1', userDataDir: join(root, 'ud'), templatesDir: TEMPLATES, home: root });
  server = await startBrowserServer({ port: 0, host: '127.0.0.1', rendererDir, handlers });
});
afterAll(() => server.close());

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
/** A raw HTTP GET: the path is sent as given (no normalisation) and any Host header can be set. */
function get(path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}
const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}token=${server.token}`;

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => done(ws));
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', fail);
  });
}
const apiUrl = (token?: string) => `ws://127.0.0.1:${server.port}/api${token === undefined ? '' : `?token=${token}`}`;

describe('HTTP', () => {
  it('binds loopback and prints a URL carrying a long random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses to bind a non-loopback address', async () => {
    await expect(startBrowserServer({ host: '0.0.0.0', rendererDir, handlers: createHandlers({ mode: 'browser', version: '0', userDataDir: root, templatesDir: TEMPLATES }) })).rejects.toThrow(/loopback only/);
  });

  it('serves the page with the token, sets an HttpOnly SameSite=Strict cookie and a CSP', async () => {
    const res = await get(withToken('/'));
    expect(res.status).toBe(200);
    expect(res.body).toContain('Netwright test page');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['set-cookie']).toEqual([`${TOKEN_COOKIE}=${server.token}; HttpOnly; SameSite=Strict; Path=/`]);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain(`ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("object-src 'none'");
  });

  it.each([
    ['no token', () => '/', {}],
    ['no token, asset', () => '/assets/app.js', {}],
    ['a wrong token', () => '/?token=wrong', {}],
    ['a token one character short', () => `/?token=${server.token.slice(0, -1)}`, {}],
    ['a wrong cookie', () => '/', { cookie: `${TOKEN_COOKIE}=nope` }],
  ])('refuses a request with %s (403)', async (_label, path, headers) => {
    const res = await get(path(), headers);
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/needs the token/);
    expect(res.body).not.toContain('Netwright test page');
  });

  it('accepts the cookie instead of the query', async () => {
    const res = await get('/assets/app.js', { cookie: `other=1; ${TOKEN_COOKIE}=${server.token}` });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('serves wasm as application/wasm', async () => {
    const res = await get(withToken('/assets/tfjs.wasm'));
    expect(res.headers['content-type']).toBe('application/wasm');
  });

  it.each(['evil.example', 'evil.example:80', 'localhost.evil.example', '127.0.0.1:1'])('refuses a foreign Host header %j (DNS rebinding), even with the token', async (host) => {
    const res = await get(withToken('/'), { host });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/Host/);
  });

  it('answers on localhost:PORT too', async () => {
    expect((await get(withToken('/'), { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2E%2E/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/assets%00/app.js'])(
    'refuses path traversal %s',
    async (path) => {
      const res = await get(withToken(path));
      expect([400, 403]).toContain(res.status);
      expect(res.body).not.toContain('top secret');
    },
  );

  it('refuses a symlink that leads out of the folder', async () => {
    const res = await get(withToken('/link.txt'));
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('top secret');
  });

  it('404 for a missing file, 405 for POST, 426 for plain HTTP on /api', async () => {
    expect((await get(withToken('/nope.js'))).status).toBe(404);
    expect((await get(withToken('/api'))).status).toBe(426);
    const status = await new Promise<number>((done) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: withToken('/'), method: 'POST' }, (res) => done(res.statusCode!));
      req.end('x');
    });
    expect(status).toBe(405);
  });
});

describe('WebSocket API', () => {
  it.each([
    ['no token', undefined, {}],
    ['a wrong token', 'wrong', {}],
    ['a foreign Origin', 'TOKEN', { origin: 'http://evil.example' }],
    ['a foreign Host', 'TOKEN', { host: 'evil.example' }],
  ])('refuses an upgrade with %s', async (_label, token, headers) => {
    const t = token === 'TOKEN' ? server.token : token;
    await expect(openSocket(apiUrl(t), headers)).rejects.toThrow(/403/);
  });

  it('accepts the cookie and a same-origin Origin', async () => {
    const ws = await openSocket(apiUrl(), { cookie: `${TOKEN_COOKIE}=${server.token}`, origin: `http://127.0.0.1:${server.port}` });
    ws.close();
  });

  it('carries a real round trip: templates:load then project:save then project:open', async () => {
    const ws = await openSocket(apiUrl(server.token));
    const replies = new Map<number, any>();
    const waiting = new Map<number, (v: any) => void>();
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      waiting.get(msg.id)?.(msg);
      replies.set(msg.id, msg);
    });
    let id = 0;
    const call = (channel: string, payload: unknown) =>
      new Promise<any>((done) => {
        const my = ++id;
        waiting.set(my, done);
        ws.send(JSON.stringify({ id: my, channel, payload }));
      });
    const loaded = await call('templates:load', { id: 'happy_model' });
    expect(loaded.ok).toBe(true);
    const file = join(root, 'saved.json');
    expect(await call('project:save', { project: loaded.value.project, path: file })).toEqual({ id: 2, ok: true, value: { ok: true, path: file } });
    const opened = await call('project:open', { path: file });
    expect(opened.value.project.name).toBe('HappyModel');
    expect(JSON.parse(readFileSync(file, 'utf8')).nodes).toHaveLength(8);
    ws.close();
  });

  it('an invalid payload, an unknown channel and junk get clear errors, and the socket stays usable', async () => {
    const ws = await openSocket(apiUrl(server.token));
    const next = () => new Promise<any>((done) => ws.once('message', (d) => done(JSON.parse(String(d)))));
    ws.send(JSON.stringify({ id: 1, channel: 'project:open', payload: { path: 7 } }));
    expect(await next()).toEqual({ id: 1, ok: false, error: expect.stringMatching(/^project:open: path: .*expected string/i) });
    ws.send(JSON.stringify({ id: 2, channel: 'rm:rf', payload: {} }));
    expect(await next()).toEqual({ id: 2, ok: false, error: 'unknown channel "rm:rf"' });
    ws.send('{oops');
    expect(await next()).toMatchObject({ id: null, ok: false, error: expect.stringMatching(/not valid JSON/) });
    ws.send(JSON.stringify({ channel: 'app:info' }));
    expect(await next()).toMatchObject({ id: null, ok: false, error: expect.stringMatching(/numeric "id"/) });
    ws.send('{"id":3,"channel":"project:save","payload":{"project":{"__proto__":{"polluted":1}}}}');
    expect(await next()).toMatchObject({ id: null, ok: false, error: expect.stringMatching(/refusing key "__proto__"/) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    ws.send(JSON.stringify({ id: 4, channel: 'app:info', payload: {} }));
    expect(await next()).toEqual({ id: 4, ok: true, value: { version: '0.0.1', mode: 'browser', platform: process.platform } });
    ws.close();
  });

  it('pushes backend events to connected pages', async () => {
    const ws = await openSocket(apiUrl(server.token));
    const got = new Promise<any>((done) => ws.once('message', (d) => done(JSON.parse(String(d)))));
    server.broadcast({ type: 'menu', command: 'save' });
    expect(await got).toEqual({ event: { type: 'menu', command: 'save' } });
    ws.close();
  });
});
