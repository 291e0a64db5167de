/**
 * The renderer's only way to the backend. In the Electron window the preload has exposed
 * `window.netwright`; in browser mode the same API runs over the local server's WebSocket,
 * authenticated with the token from the page address (then kept in sessionStorage, and the
 * address is cleaned so the token does not end up in bookmarks or screenshots).
 */
import { CHANNELS, type BackendEvent, type Channel, type NetwrightApi } from '../shared/ipc.ts';
import { createWsApi, type WebSocketConstructor } from './wsClient.ts';

const TOKEN_KEY = 'netwright.token';

type Backend = NetwrightApi & { onConnectionChange?: (listener: (connected: boolean) => void) => () => void };
let backend: Backend | null = null;

/** Electron's bridge when present, else the WebSocket client; created on first use. */
function getBackend(): Backend {
  if (backend) return backend;
  const exposed = (window as unknown as { netwright?: NetwrightApi }).netwright;
  backend = exposed ?? createWsApi({ url: webSocketUrl(), WebSocket: window.WebSocket as unknown as WebSocketConstructor });
  return backend;
}

/** ws://<this host>/api?token=..., taking the token from the address on first load. */
function webSocketUrl(): string {
  const here = new URL(window.location.href);
  const fromUrl = here.searchParams.get('token');
  if (fromUrl) {
    window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    here.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', here.toString());
  }
  const token = fromUrl ?? window.sessionStorage.getItem(TOKEN_KEY);
  const scheme = here.protocol === 'https:' ? 'wss:' : 'ws:';
  // Without a stored token the HttpOnly cookie set on the first load still authenticates.
  return `${scheme}//${here.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** The backend API: `await api['project:open']({ path })`, `api.onEvent(listener)`. */
export const api: NetwrightApi = Object.assign(
  Object.fromEntries(CHANNELS.map((c) => [c, (request: unknown) => (getBackend()[c] as (r: unknown) => Promise<unknown>)(request)])) as Record<Channel, unknown>,
  {
    onEvent: (listener: (event: BackendEvent) => void) => getBackend().onEvent(listener),
  },
) as NetwrightApi;

/** 'electron' when the preload bridge is present, else 'browser'. */
export function transport(): 'electron' | 'browser' {
  return (window as unknown as { netwright?: unknown }).netwright ? 'electron' : 'browser';
}

/** Browser mode: follow the WebSocket connection (true = connected). In Electron it never drops. */
export function onConnectionChange(listener: (connected: boolean) => void): () => void {
  return getBackend().onConnectionChange?.(listener) ?? (() => undefined);
}
