/**
 * The Content-Security-Policy of the UI, in Electron (app://) and in browser mode alike: only our
 * own scripts; no eval except WebAssembly compilation (tfjs' wasm backend); inline styles allowed
 * (React Flow and Monaco set style attributes); workers from our origin or blob: (Monaco);
 * network only to our own origin (browser mode adds its WebSocket); no plugins, frames or forms.
 */

/** `connect` lists extra connect-src sources, e.g. the browser server's ws://127.0.0.1:PORT. */
export function contentSecurityPolicy(connect: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Headers sent with every UI file. */
export function securityHeaders(connect: string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connect),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
