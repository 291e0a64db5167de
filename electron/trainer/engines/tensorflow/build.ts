/**
 * Builds the tfjs-node binding against a TensorFlow the person already has, once, into a folder
 * of the user data dir (nothing goes into the project). The npm tarball of @tensorflow/tfjs-node
 * carries the binding's C++ sources; its install script would download libtensorflow 2.9, so it
 * is installed with --ignore-scripts and compiled by node-gyp against the found library instead.
 * tfjs and tfjs-core are linked from the app's node_modules so one tfjs-core serves both.
 */
import { spawn, execFile } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TensorflowInstall } from './locate.ts';

/** The tfjs-node release whose binding sources are compiled; it must match the app's tfjs. */
export const TFJS_NODE_VERSION = '4.22.0';
/** N-API version the binding is built for (tfjs-node's package.json binary.napi_versions). */
const NAPI_VERSION = 8;

/** What a finished build leaves in <engineDir>/engine.json. */
export interface EngineManifest {
  tfjsNode: string;
  tensorflow: TensorflowInstall;
  /** The compiled binding (tfjs-node looks for it at lib/napi-v8/tfjs_binding.node of its package). */
  binding: string;
  /** The folder whose node_modules holds @tensorflow/tfjs-node. */
  packageRoot: string;
  builtAt: string;
}

/** The build cannot run or failed; the message says which step, what to install, and where the log is. */
export class EngineBuildError extends Error {
  override name = 'EngineBuildError';
}

export interface BuildOptions {
  /** Where the engine lives, e.g. <userData>/engines/tensorflow. */
  engineDir: string;
  tensorflow: TensorflowInstall;
  /** One line per step, for a progress display. */
  onProgress?: (step: string) => void;
  /** Rebuild even when engine.json says this TensorFlow is already built. */
  force?: boolean;
}

export const MANIFEST = 'engine.json';

/** Reads <engineDir>/engine.json, or undefined when there is no finished build. */
export function readManifest(engineDir: string): EngineManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(engineDir, MANIFEST), 'utf8')) as EngineManifest;
  } catch {
    return undefined;
  }
}

/**
 * Builds (or reuses) the binding for `tensorflow` in `engineDir`: checks the compiler, installs
 * the tfjs-node sources, compiles, writes engine.json. The log is <engineDir>/build.log.
 */
export async function buildTensorflowEngine(options: BuildOptions): Promise<EngineManifest> {
  const { engineDir, tensorflow } = options;
  const progress = options.onProgress ?? (() => undefined);
  const previous = readManifest(engineDir);
  if (!options.force && previous && previous.tfjsNode === TFJS_NODE_VERSION && previous.tensorflow.libDir === tensorflow.libDir && previous.tensorflow.version === tensorflow.version && existsSync(previous.binding)) {
    progress(`already built for ${tensorflow.source}: ${previous.binding}`);
    return previous;
  }
  mkdirSync(engineDir, { recursive: true });
  const log = join(engineDir, 'build.log');
  writeFileSync(log, `building the tensorflow engine for ${tensorflow.source} at ${new Date().toISOString()}\n`);
  const step = async (what: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) => {
    progress(what);
    appendFileSync(log, `\n$ ${cmd} ${args.join(' ')}\n`);
    const code = await runLogged(cmd, args, cwd, env, log);
    if (code !== 0) throw new EngineBuildError(`${what} failed (exit ${code}); the output is in ${log}`);
  };

  progress('checking for a C++ compiler, make and python3 (node-gyp needs them)');
  const cxx = process.env.CXX || 'c++';
  const missing: string[] = [];
  for (const [tool, args] of [[cxx, ['--version']], ['make', ['--version']], ['python3', ['--version']]] as const) {
    if (!(await succeeds(tool, [...args]))) missing.push(tool);
  }
  if (missing.length > 0) {
    throw new EngineBuildError(`cannot build the tensorflow engine: ${missing.join(', ')} not found. Install a C++ toolchain: on Debian/Ubuntu sudo apt install build-essential python3; on Fedora sudo dnf install gcc-c++ make python3; then build again`);
  }
  // npm fetches the tfjs-node sources (and carries node-gyp); an app started from a desktop menu may not see it.
  if (!(await succeeds('npm', ['--version']))) {
    throw new EngineBuildError('cannot build the tensorflow engine: npm not found on PATH. Install Node.js 20 or later (it brings npm), or run netwright engine build from a terminal where npm works');
  }

  const root = join(engineDir, 'package');
  mkdirSync(root, { recursive: true });
  const tfjs = appPackageDir('@tensorflow/tfjs');
  const core = appPackageDir('@tensorflow/tfjs-core');
  const linked = !tfjs.includes('.asar') && !core.includes('.asar');
  // file: links keep a single tfjs-core (the app's); inside an asar archive they cannot work.
  const dependencies: Record<string, string> = linked
    ? { '@tensorflow/tfjs-node': TFJS_NODE_VERSION, '@tensorflow/tfjs': `file:${tfjs}`, '@tensorflow/tfjs-core': `file:${core}` }
    : { '@tensorflow/tfjs-node': TFJS_NODE_VERSION };
  const pkg = { name: 'netwright-tensorflow-engine', private: true, version: '0.0.0', dependencies, ...(linked ? { overrides: { '@tensorflow/tfjs': '$@tensorflow/tfjs', '@tensorflow/tfjs-core': '$@tensorflow/tfjs-core' } } : {}) };
  writeFileSync(join(root, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  await step(`installing the @tensorflow/tfjs-node ${TFJS_NODE_VERSION} sources (npm, no install scripts)`, 'npm', ['install', '--ignore-scripts', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], root);

  const tfjsNode = join(root, 'node_modules', '@tensorflow', 'tfjs-node');
  writeFileSync(join(tfjsNode, 'binding.gyp'), bindingGyp(tensorflow));
  const modulePath = join(tfjsNode, 'lib', `napi-v${NAPI_VERSION}`);
  const gyp = nodeGyp();
  const args = [...gyp.args, 'rebuild', `--module_name=tfjs_binding`, `--module_path=${modulePath}`, `--napi_build_version=${NAPI_VERSION}`, '-j', '2'];
  const headers = nodeHeadersDir();
  if (headers) args.push(`--nodedir=${headers}`);
  await step(`compiling the binding against ${tensorflow.libDir} (node-gyp, about a minute)`, gyp.cmd, args, tfjsNode, { ...process.env, ELECTRON_RUN_AS_NODE: '1' });

  const binding = join(modulePath, 'tfjs_binding.node');
  if (!existsSync(binding)) {
    const built = join(tfjsNode, 'build', 'Release', 'tfjs_binding.node');
    if (!existsSync(built)) throw new EngineBuildError(`node-gyp finished but ${binding} is missing; the output is in ${log}`);
    mkdirSync(modulePath, { recursive: true });
    copyFileSync(built, binding);
  }
  const manifest: EngineManifest = { tfjsNode: TFJS_NODE_VERSION, tensorflow, binding, packageRoot: root, builtAt: new Date().toISOString() };
  writeFileSync(join(engineDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  progress(`built: ${binding}`);
  return manifest;
}

/**
 * binding.gyp for the found library: tfjs-node's own links -ltensorflow from a downloaded deps/
 * folder; the pip wheel names its libraries .so.2 only (hence -l:file), and the rpath lets the
 * binding load them without LD_LIBRARY_PATH.
 */
export function bindingGyp(tf: TensorflowInstall): string {
  const gyp = {
    targets: [
      {
        target_name: 'tfjs_binding',
        sources: ['binding/tfjs_backend.cc', 'binding/tfjs_binding.cc'],
        include_dirs: ['..', tf.includeDir],
        libraries: [`-L${tf.libDir}`, ...tf.libraries.map((l) => `-l:${l}`), `-Wl,-rpath,${tf.libDir}`],
      },
      {
        target_name: 'action_after_build',
        type: 'none',
        dependencies: ['<(module_name)'],
        copies: [{ files: ['<(PRODUCT_DIR)/<(module_name).node'], destination: '<(module_path)' }],
      },
    ],
    defines: ['NAPI_VERSION=<(napi_build_version)'],
  };
  return JSON.stringify(gyp, null, 2) + '\n';
}

/** The app's copy of a package (its folder). */
function appPackageDir(name: string): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${name}/package.json`));
}

/** npm's bundled node-gyp (every npm carries one), else node-gyp on PATH. */
function nodeGyp(): { cmd: string; args: string[] } {
  const candidates: string[] = [];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const npm = join(dir, 'npm');
    if (!existsSync(npm)) continue;
    try {
      candidates.push(join(dirname(realpathSync(npm)), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
    } catch {
      // a dangling npm link: try the next folder
    }
  }
  const found = candidates.find((c) => existsSync(c));
  return found ? { cmd: process.execPath, args: [found] } : { cmd: 'node-gyp', args: [] };
}

/** Node's headers next to the running node (a distribution's /usr/include/node), so node-gyp needs no download. */
function nodeHeadersDir(): string | undefined {
  if (process.versions.electron) return undefined;
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

function runLogged(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const write = (b: Buffer) => appendFileSync(log, b);
    child.stdout.on('data', write);
    child.stderr.on('data', write);
    child.on('error', (e) => {
      appendFileSync(log, `${cmd}: ${e.message}\n`);
      resolve(127);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function succeeds(cmd: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => execFile(cmd, args, { timeout: 10_000 }, (err) => resolve(!err)));
}
