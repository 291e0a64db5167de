/**
 * Serving the built renderer (dist/renderer) safely, for both the app:// protocol and browser
 * mode: a URL path maps to a file strictly inside the root, after decoding, so `..`, encoded
 * `%2e%2e`, backslashes, NUL bytes and symlinks pointing outside are all refused.
 */
import { realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export type Resolved = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** Maps a URL pathname (still percent-encoded) to a file under `root`; `/` is index.html. */
export function resolveStaticFile(root: string, pathname: string): Resolved {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400, reason: 'forbidden character in path' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { ok: false, status: 403, reason: 'path traversal refused' };
  const rootAbs = resolve(root);
  let file = resolve(join(rootAbs, ...segments.filter(Boolean)));
  if (!inside(rootAbs, file)) return { ok: false, status: 403, reason: 'path traversal refused' };
  let info = statSafe(file);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = statSafe(file);
  }
  if (!info?.isFile()) return { ok: false, status: 404, reason: 'not found' };
  // A symlink inside the root may still point outside it.
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = realpathSync(rootAbs);
    realFile = realpathSync(file);
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (!inside(realRoot, realFile)) return { ok: false, status: 403, reason: 'path traversal refused (link leaves the folder)' };
  return { ok: true, file: realFile };
}

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function statSafe(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
};

/** Content-Type for a served file (wasm must be application/wasm for streaming compilation). */
export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Shown instead of the editor when dist/renderer has not been built. */
export const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Netwright</title>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>Netwright</h1><p>The backend is running, but the editor UI has not been built yet
(dist/renderer/index.html is missing). Run <code>npm run build</code>, then <code>npm start</code> again.</p></body>`;
