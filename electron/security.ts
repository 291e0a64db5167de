/**
 * Electron hardening (the Electron security checklist): locked-down webPreferences, no navigation
 * away from app://netwright, no new windows (https links to a short allowlist open in the system
 * browser instead), no <webview>, and every permission request denied except writing text to
 * the clipboard (copy of nodes). DevTools only in unpackaged (development) runs.
 */
import type { Session, WebContents, WebPreferences } from 'electron';
import { APP_HOST, APP_SCHEME } from './appProtocol.ts';

export function secureWebPreferences(preload: string, options: { devTools: boolean } = { devTools: false }): WebPreferences {
  return {
    preload,
    devTools: options.devTools,
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
    safeDialogs: true,
    spellcheck: false,
  };
}

/** Hosts whose https pages a link in the UI may open in the system browser. */
export const EXTERNAL_ALLOWLIST = new Set(['github.com', 'keras.io', 'www.tensorflow.org', 'js.tensorflow.org', 'reactflow.dev', 'arxiv.org']);

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    // Default port only: https://github.com:8443 is not GitHub's site.
    return u.protocol === 'https:' && EXTERNAL_ALLOWLIST.has(u.hostname) && u.port === '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** In-app navigation is allowed only within app://netwright (e.g. a reload). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
type NavigationEvent = { preventDefault(): void; url?: string };

/** Applied to every webContents the app creates (app 'web-contents-created'). */
export function hardenWebContents(contents: ContentsLike, openExternal: (url: string) => unknown): void {
  const guard = (event: NavigationEvent, url?: string) => {
    if (!isAppUrl(url ?? event.url ?? '')) event.preventDefault();
  };
  contents.on('will-navigate', guard as never);
  contents.on('will-frame-navigate', guard as never);
  contents.on('will-redirect', guard as never);
  contents.on('will-attach-webview', ((event: NavigationEvent) => event.preventDefault()) as never);
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void openExternal(url);
    return { action: 'deny' };
  });
}

/** Only writing text to the clipboard is granted; camera, notifications, geolocation... are denied. */
export const GRANTED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & Partial<Pick<Session, 'setDevicePermissionHandler'>>;

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(GRANTED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => GRANTED_PERMISSIONS.has(permission));
  // USB, HID and serial devices: never (WebUSB/WebHID/Web Serial ask through this handler).
  session.setDevicePermissionHandler?.(() => false);
}
