/**
 * The UI is served from app://netwright/ rather than file://, so it has a real origin (CSP 'self',
 * sender checks) and can reach no file outside dist/renderer: the handler maps the raw request
 * path through resolveStaticFile, which refuses traversal.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { securityHeaders } from './csp.ts';
import { mimeType, NOT_BUILT_PAGE, resolveStaticFile } from './staticFiles.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'netwright';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready: a standard, secure origin. */
export const APP_SCHEME_PRIVILEGED = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** The handler for protocol.handle('app', ...): static files of `rendererDir`, GET/HEAD only. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const plain = (status: number, text: string) => new Response(`${text}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    if (!request.url.startsWith(`${APP_ORIGIN}/`)) return plain(404, 'Not found: unknown app:// host.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
    // The raw path: a parsed URL would have dropped `..` segments silently.
    const rawPath = request.url.slice(APP_ORIGIN.length).split(/[?#]/)[0]!;
    const headers = securityHeaders();
    if ((rawPath === '/' || rawPath === '/index.html') && !existsSync(join(rendererDir, 'index.html'))) {
      return new Response(NOT_BUILT_PAGE, { status: 503, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
    }
    const resolved = resolveStaticFile(rendererDir, rawPath);
    if (!resolved.ok) return plain(resolved.status, `${resolved.status === 404 ? 'Not found' : 'Refused'}: ${resolved.reason}.`);
    const body = request.method === 'HEAD' ? null : await readFile(resolved.file);
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': mimeType(resolved.file) } });
  };
}
