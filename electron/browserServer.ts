/**
 * Browser mode: a local HTTP server for the built UI plus a WebSocket (/api) carrying the very same
 * backend API as the Electron preload. It binds loopback only and demands a random per-launch
 * token on every request and upgrade (query `token`, or the HttpOnly SameSite=Strict cookie set on
 * the first load), and checks Host/Origin so a web page on a rebound DNS name cannot reach it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseJsonSafely } from '../shared/graph/safeJson.ts';
import type { BackendEvent, Handlers, WireEvent, WireResponse } from '../shared/ipc.ts';
import { dispatch } from './backend/dispatch.ts';
import { securityHeaders } from './csp.ts';
import { mimeType, NOT_BUILT_PAGE, resolveStaticFile } from './staticFiles.ts';

export interface BrowserServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  handlers: Handlers;
  /** Defaults to 32 random bytes, base64url. */
  token?: string;
}

export interface BrowserServer {
  /** The address to open, token included. */
  url: string;
  token: string;
  port: number;
  /** Pushes an event to every connected page. */
  broadcast(event: BackendEvent): void;
  close(): Promise<void>;
}

export const TOKEN_COOKIE = 'netwright_token';
export const API_PATH = '/api';
/** Largest WebSocket message accepted (a 100,000-node project is about 20 MB of JSON). */
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`browser mode serves loopback only (127.0.0.1, ::1, localhost); refusing host "${host}"`);
  const token = options.token ?? randomBytes(32).toString('base64url');
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  const server = createServer((req, res) => {
    void serveHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end('internal error');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(res, 403, 'Forbidden: unexpected Host header (Netwright answers only on 127.0.0.1 / localhost).');
    const auth = authenticate(req, url);
    if (!auth) return deny(res, 403, 'Forbidden: this address needs the token printed when Netwright started; open the full address including ?token=...');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
    const headers: Record<string, string> = { ...securityHeaders(wsSources()), 'Cache-Control': 'no-store' };
    if (auth === 'query') headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    if (url.pathname === API_PATH) return deny(res, 426, 'Upgrade required: /api is a WebSocket endpoint.');
    if (!existsSync(join(options.rendererDir, 'index.html')) && (url.pathname === '/' || url.pathname === '/index.html')) {
      res.writeHead(503, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(NOT_BUILT_PAGE);
      return;
    }
    // The raw path, not url.pathname: URL parsing silently drops `..` segments, and a request
    // that tries to climb out of the folder should be refused, not quietly rewritten.
    const resolved = resolveStaticFile(options.rendererDir, (req.url ?? '/').split('?')[0]!);
    if (!resolved.ok) return deny(res, resolved.status, `${resolved.status === 404 ? 'Not found' : 'Refused'}: ${resolved.reason}.`);
    res.writeHead(200, { ...headers, 'Content-Type': mimeType(resolved.file) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(resolved.file).on('error', () => res.destroy()).pipe(res);
  }

  function wsSources(): string[] {
    return [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`];
  }

  /** 'query' or 'cookie' when the request carries the right token, else null. */
  function authenticate(req: IncomingMessage, url: URL): 'query' | 'cookie' | null {
    const fromQuery = url.searchParams.get('token');
    if (fromQuery !== null) return sameToken(fromQuery, token) ? 'query' : null;
    const fromCookie = readCookie(req.headers.cookie, TOKEN_COOKIE);
    return fromCookie !== null && sameToken(fromCookie, token) ? 'cookie' : null;
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const originOk = origin === undefined || [...allowedHosts()].some((h) => origin === `http://${h}`);
    if (url.pathname !== API_PATH || !allowedHosts().has(req.headers.host ?? '') || !originOk || !authenticate(req, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      void answer(ws, isBinary ? null : data.toString());
    });
  });

  async function answer(ws: WebSocket, text: string | null): Promise<void> {
    const reply = await handleMessage(options.handlers, text);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host === '::1' ? '[::1]' : host;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    broadcast(event) {
      const message = JSON.stringify({ event } satisfies WireEvent);
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(message);
    },
    close: () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** One WebSocket message to one reply: a malformed envelope or payload gets an error reply. */
export async function handleMessage(handlers: Handlers, text: string | null): Promise<WireResponse> {
  if (text === null) return { id: null, ok: false, error: 'binary messages are not accepted; send JSON text {id, channel, payload}' };
  const json = parseJsonSafely(text);
  if (!json.ok) return { id: null, ok: false, error: `request is not valid JSON: ${json.message}` };
  const msg = json.value as { id?: unknown; channel?: unknown; payload?: unknown } | null;
  const id = msg !== null && typeof msg === 'object' && typeof msg.id === 'number' && Number.isSafeInteger(msg.id) ? msg.id : null;
  if (id === null) return { id: null, ok: false, error: 'request needs a numeric "id" (shape: {id, channel, payload})' };
  if (typeof msg!.channel !== 'string') return { id, ok: false, error: 'request needs a string "channel" (shape: {id, channel, payload})' };
  const reply = await dispatch(handlers, msg!.channel, msg!.payload);
  return reply.ok ? { id, ok: true, value: reply.value } : { id, ok: false, error: reply.error };
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(`${message}\n`);
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
