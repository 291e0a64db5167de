/**
 * The backend API over browser mode's WebSocket: the same NetwrightApi the Electron preload
 * exposes. Requests made while disconnected wait for the connection; requests in flight when it
 * drops fail with a clear message (they may or may not have run); the client reconnects with
 * back-off. The WebSocket constructor is a parameter so tests drive it with the `ws` package.
 */
import { CHANNELS, type BackendEvent, type Channel, type NetwrightApi, type WireRequest } from '../shared/ipc.ts';

/** The part of the WebSocket interface used here (browsers' WebSocket and `ws` both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WsClientOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  /** First reconnect delay; doubles up to maxReconnectDelayMs. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

export type WsApi = NetwrightApi & {
  /** Called with true when connected, false when the connection is lost. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  /** Stops reconnecting and closes the socket; pending requests fail. */
  close(): void;
};

const OPEN = 1;

interface Pending {
  channel: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function createWsApi(options: WsClientOptions): WsApi {
  const firstDelay = options.reconnectDelayMs ?? 250;
  const maxDelay = options.maxReconnectDelayMs ?? 5000;
  const eventListeners = new Set<(event: BackendEvent) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  const inFlight = new Map<number, Pending>();
  const queue: Array<{ request: WireRequest; pending: Pending }> = [];
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let delay = firstDelay;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function connect(): void {
    const ws = new options.WebSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      delay = firstDelay;
      notifyConnection(true);
      while (queue.length > 0 && ws.readyState === OPEN) {
        const { request, pending } = queue.shift()!;
        transmit(ws, request, pending);
      }
    };
    ws.onmessage = (event) => receive(String(event.data));
    ws.onerror = () => undefined; // onclose follows and handles it
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      const lost = [...inFlight.values()];
      inFlight.clear();
      for (const p of lost) p.reject(new Error(`${p.channel}: the connection to the Netwright backend was lost before it answered; the request may or may not have run. Is \`npm start\` still running?`));
      notifyConnection(false);
      if (!closed) {
        timer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, maxDelay);
      }
    };
  }

  function transmit(ws: WebSocketLike, request: WireRequest, pending: Pending): void {
    inFlight.set(request.id, pending);
    ws.send(JSON.stringify(request));
  }

  function receive(text: string): void {
    let message: { id?: unknown; ok?: unknown; value?: unknown; error?: unknown; event?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.event !== undefined && message.id === undefined) {
      for (const listener of eventListeners) {
        try {
          listener(message.event as BackendEvent);
        } catch (e) {
          console.error('Netwright event listener failed', e);
        }
      }
      return;
    }
    if (typeof message.id !== 'number') return;
    const pending = inFlight.get(message.id);
    if (!pending) return;
    inFlight.delete(message.id);
    if (message.ok === true) pending.resolve(message.value);
    else pending.reject(new Error(typeof message.error === 'string' ? message.error : `${pending.channel}: the backend answered with an error`));
  }

  function call(channel: Channel, payload: unknown): Promise<unknown> {
    if (closed) return Promise.reject(new Error(`${channel}: the backend connection was closed`));
    return new Promise((resolve, reject) => {
      const request: WireRequest = { id: nextId++, channel, payload };
      const pending: Pending = { channel, resolve, reject };
      if (socket && socket.readyState === OPEN) transmit(socket, request, pending);
      else queue.push({ request, pending });
    });
  }

  /** Listeners hear changes only (a failing reconnect loop reports false once). */
  let connectedState: boolean | null = null;
  function notifyConnection(connected: boolean): void {
    if (connected === connectedState) return;
    connectedState = connected;
    for (const listener of connectionListeners) listener(connected);
  }

  const api = Object.fromEntries(CHANNELS.map((channel) => [channel, (request: unknown) => call(channel, request)])) as unknown as NetwrightApi;
  connect();
  return Object.assign(api, {
    onEvent(listener: (event: BackendEvent) => void) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    onConnectionChange(listener: (connected: boolean) => void) {
      connectionListeners.add(listener);
      return () => void connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const { pending } of queue.splice(0)) pending.reject(new Error(`${pending.channel}: the backend connection was closed`));
      const ws = socket;
      ws?.close();
      if (ws) ws.onclose?.({});
    },
  });
}
