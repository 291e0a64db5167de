/**
 * `npm run dist` runs this first: electron-builder downloads the Electron zip for the target (and
 * its packaging tools) from GitHub unless they are cached, and without a network it can sit in
 * retries for minutes. This check finds a cached zip or reaches the download host within a few
 * seconds; otherwise it stops with a message saying what is missing and how to provide it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PrecheckOptions {
  root: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Resolves when `url` answers at all; rejects otherwise (tests pass a stand-in). */
  probe?: (url: string, signal: AbortSignal) => Promise<unknown>;
  timeoutMs?: number;
}

export type PrecheckResult = { ok: true; how: string } | { ok: false; message: string };

const DEFAULT_TIMEOUT_MS = 8000;

/** The Electron version electron-builder will package (node_modules/electron/package.json). */
export function electronVersion(root: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Folders where electron-builder and @electron/get keep downloaded Electron zips. */
export function electronCacheDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home = homedir()): string[] {
  const dirs = [env.ELECTRON_BUILDER_CACHE, env.ELECTRON_CACHE, env.electron_config_cache].filter((d): d is string => !!d && d.trim() !== '');
  if (platform === 'darwin') dirs.push(join(home, 'Library', 'Caches', 'electron-builder'), join(home, 'Library', 'Caches', 'electron'));
  else if (platform === 'win32') dirs.push(join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'electron-builder', 'Cache'), join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'electron', 'Cache'));
  else {
    const cache = env.XDG_CACHE_HOME || join(home, '.cache');
    dirs.push(join(cache, 'electron-builder'), join(cache, 'electron'));
  }
  return dirs;
}

/** The first file called `name` in `dirs`, looking up to three folders deep (caches hash their subfolders). */
export function findFile(dirs: string[], name: string, depth = 3): string | null {
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const stack: Array<[string, number]> = [[dir, 0]];
    while (stack.length) {
      const [d, level] = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(d, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (e.isFile() && e.name === name) return join(d, e.name);
        if (e.isDirectory() && level < depth) stack.push([join(d, e.name), level + 1]);
      }
    }
  }
  return null;
}

export async function checkDistPrerequisites(options: PrecheckOptions): Promise<PrecheckResult> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  if (env.NETWRIGHT_DIST_SKIP_CHECK === '1') return { ok: true, how: 'check skipped (NETWRIGHT_DIST_SKIP_CHECK=1)' };
  const version = electronVersion(options.root);
  if (!version) return { ok: false, message: `npm run dist: the electron package is not installed (${join(options.root, 'node_modules', 'electron')}); run npm install first. Nothing was built.` };
  const zip = `electron-v${version}-${platform}-${arch}.zip`;
  const cached = findFile(electronCacheDirs(env, platform), zip);
  if (cached) return { ok: true, how: `using the cached ${cached}` };

  const mirror = env.ELECTRON_MIRROR || 'https://github.com/electron/electron/releases/download/';
  const url = `${mirror.replace(/\/?$/, '/')}v${version}/${zip}`;
  const timeoutMs = Number(env.NETWRIGHT_DIST_PROBE_TIMEOUT_MS) || options.timeoutMs || DEFAULT_TIMEOUT_MS;
  const probe = options.probe ?? ((u: string, signal: AbortSignal) => fetch(u, { method: 'HEAD', signal, redirect: 'manual' }));
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  try {
    await Promise.race([probe(url, controller.signal), timedOut]);
    return { ok: true, how: `the download host answers (${new URL(url).host})` };
  } catch (e) {
    const why = e instanceof Error ? (e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message) : String(e);
    return {
      ok: false,
      message: [
        `npm run dist: cannot get Electron ${version} for ${platform}-${arch}.`,
        `  ${zip} is not in the Electron caches (${electronCacheDirs(env, platform).join(', ')})`,
        `  and ${url} could not be reached (${why}).`,
        '  electron-builder would wait on that download (and on its packaging tools: AppImage, fpm, NSIS), so nothing was built.',
        `  Fix: build on a machine with internet access, or put ${zip} into one of those folders,`,
        '  or set ELECTRON_MIRROR to a reachable mirror; then run npm run dist again.',
      ].join('\n'),
    };
  } finally {
    clearTimeout(timer);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(import.meta.dirname, '..', '..');
  const result = await checkDistPrerequisites({ root });
  if (result.ok) process.stderr.write(`npm run dist: ${result.how}\n`);
  else {
    process.stderr.write(`${result.message}\n`);
    process.exitCode = 1;
  }
}
