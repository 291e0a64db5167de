/**
 * `npm start`: build what is stale, then open the Electron window when Electron can run here;
 * otherwise (or with --browser) serve browser mode and print one line saying why and where.
 * Build progress and warnings go to stderr, so stdout carries exactly that one line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHandlers } from '../backend/handlers.ts';
import { defaultUserDataDir } from '../backend/userData.ts';
import { startBrowserServer, type BrowserServer } from '../browserServer.ts';
import { buildElectron } from './buildElectron.ts';
import { findElectron } from './electronBinary.ts';
import { isStale } from './freshness.ts';

export interface StartOptions {
  browser: boolean;
  port: number;
  host: string;
  build: boolean;
}

export const USAGE = `usage: npm start [-- --browser] [--port N] [--host 127.0.0.1|localhost|::1] [--no-build]
  --browser    serve browser mode even where Electron is available (npm run web)
  --port N     browser mode port (default: a free one)
  --no-build   do not rebuild the UI or the Electron bundle when sources changed`;

export function parseStartArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): StartOptions | { error: string } {
  const options: StartOptions = { browser: false, port: Number(env.NETWRIGHT_PORT ?? 0), host: '127.0.0.1', build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--browser') options.browser = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--port' || arg === '--host') {
      const value = argv[++i];
      if (value === undefined) return { error: `${arg} needs a value` };
      if (arg === '--host') options.host = value;
      else options.port = Number(value);
    } else return { error: `unknown option ${arg}` };
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) return { error: `--port must be 0..65535; received ${options.port}` };
  return options;
}

interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** Runs `npm start`; resolves when the app or the server has stopped, with the exit code. */
export async function start(root: string, argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = defaultIo): Promise<number> {
  const options = parseStartArgs(argv, env);
  if ('error' in options) {
    io.err(`netwright: ${options.error}\n${USAGE}`);
    return 2;
  }
  const rendererDir = env.NETWRIGHT_RENDERER_DIR ?? join(root, 'dist', 'renderer');
  // An explicit renderer folder is used as it is (tests, packaged builds).
  if (options.build && !env.NETWRIGHT_RENDERER_DIR) buildRendererIfStale(root, io);

  let reason: string;
  if (options.browser) {
    reason = 'browser mode was asked for (--browser)';
  } else {
    const electron = findElectron(root, env);
    if (electron.ok) {
      const code = await runElectron(root, electron.path, options, env, io);
      if (code.kind === 'ran') return code.exitCode;
      reason = code.reason;
    } else {
      reason = electron.reason;
    }
  }
  return serveBrowserMode(root, rendererDir, options, reason, env, io);
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function buildRendererIfStale(root: string, io: Io): void {
  const config = join(root, 'renderer', 'vite.config.ts');
  const index = join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(config)) {
    if (!existsSync(index)) io.err('netwright: the editor UI is not built and renderer/vite.config.ts does not exist yet, so it cannot be built; the page will say so.');
    return;
  }
  if (!isStale(index, [join(root, 'renderer'), join(root, 'shared')])) return;
  io.err(existsSync(index) ? 'netwright: the editor UI changed since the last build; rebuilding (vite)...' : 'netwright: building the editor UI (first start, vite)...');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 2, 2] }); // vite's output to stderr: stdout keeps just our line
  if (result.status !== 0) {
    io.err(
      existsSync(index)
        ? 'netwright: the UI build failed (see above); serving the previous build.'
        : 'netwright: the UI build failed (see above); the page will explain that the UI is missing. Fix the error and run npm run build.',
    );
  }
}

type ElectronOutcome = { kind: 'ran'; exitCode: number } | { kind: 'failed'; reason: string };

/** An exit this soon with an error code means Electron could not start (missing libraries, no GPU process...). */
const STARTUP_WINDOW_MS = 10_000;

async function runElectron(root: string, binary: string, options: StartOptions, env: NodeJS.ProcessEnv, io: Io): Promise<ElectronOutcome> {
  const main = join(root, 'dist', 'electron', 'main.cjs');
  if (options.build && isStale(main, [join(root, 'electron'), join(root, 'shared')])) {
    try {
      await buildElectron(root);
    } catch (e) {
      return { kind: 'failed', reason: `building the Electron bundle failed: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  if (!existsSync(main)) return { kind: 'failed', reason: `${main} is missing (run npm run build)` };
  const childEnv = { ...env };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(binary, [root], { cwd: root, env: childEnv, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('error', (e) => resolve({ kind: 'failed', reason: `Electron could not be started: ${e.message}` }));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      if (code !== 0 && signal === null && Date.now() - started < STARTUP_WINDOW_MS) {
        resolve({ kind: 'failed', reason: `Electron exited with code ${code} while starting (see its messages above)` });
      } else resolve({ kind: 'ran', exitCode: code ?? 0 });
    });
    io.err('netwright: opening the Electron window...');
  });
}

async function serveBrowserMode(root: string, rendererDir: string, options: StartOptions, reason: string, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const fallbackReason = options.browser ? undefined : `Electron is not available: ${reason}`;
  const handlers = createHandlers({
    mode: 'browser',
    version,
    userDataDir: defaultUserDataDir(env),
    templatesDir: join(root, 'templates'),
    ...(fallbackReason ? { fallbackReason } : {}),
    // Training events go to every connected page once the server is up.
    broadcast: (event) => server?.broadcast(event),
  });
  let server: BrowserServer | undefined;
  try {
    server = await startBrowserServer({ port: options.port, host: options.host, rendererDir, handlers });
  } catch (e) {
    io.err(`netwright: cannot start browser mode on ${options.host}:${options.port}: ${(e as Error).message}`);
    return 1;
  }
  // Listen for Ctrl-C / SIGTERM before printing the address: whoever reads the line may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.out(
    options.browser
      ? `Running in browser mode (--browser): open ${server.url}`
      : `Electron is not available (${reason}); running in browser mode: open ${server.url}`,
  );
  await stopped;
  await server.close();
  return 0;
}
