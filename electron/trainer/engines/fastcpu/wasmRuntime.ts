/**
 * Starts tfjs' wasm backend (XNNPACK, SIMD) in Node, optionally with its multithreaded build.
 * tfjs turns threads off in Node (tfjs issue 3830) because its emscripten loader hands Node's
 * Worker a blob: URL and caps the pool at half the logical cores; we write the two scripts the
 * pthread workers need to a content-addressed temp folder and report the real core count.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import * as path from 'node:path';
import type * as TF from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

/** Folder holding tfjs-backend-wasm's .wasm binaries, with a trailing separator. */
export function wasmBinaryFolder(): string {
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}

// The threaded factory is serialised by tfjs with Function.toString(), so the free names the
// rollup bundle gives it (node built-ins and tslib helpers) must be defined in the worker too.
const FACTORY_PRELUDE = [
  "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os');",
  'var commonjsGlobal = globalThis;',
  'function __values(o) { var m = typeof Symbol === "function" && o[Symbol.iterator], i = 0; if (m) return m.call(o); return { next: function () { if (o && i >= o.length) o = void 0; return { value: o && o[i++], done: !o }; } }; }',
  'function __read(o, n) { var m = typeof Symbol === "function" && o[Symbol.iterator]; if (!m) return o; var it = m.call(o), r, ar = []; while ((n === void 0 || n-- > 0) && !(r = it.next()).done) ar.push(r.value); return ar; }',
  'function __spreadArray(to, from) { return to.concat(Array.prototype.slice.call(from)); }',
  '',
].join('\n');

const FACTORY_MARKER = 'var WasmBackendModuleThreadedSimd';

function writeOnce(file: string, text: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Runs `init` (which makes tfjs instantiate the threaded wasm module) with the Node shims the
 * emscripten pthread loader needs; everything patched is restored before returning.
 */
async function withThreadShims<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const dir = path.join(os.tmpdir(), 'netwright-fastcpu');
  fs.mkdirSync(dir, { recursive: true });
  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const originalCpus = os.cpus;
  let mainScript = '';
  const texts = new WeakMap<Blob, string>();
  class RecordingBlob extends OriginalBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const text = (parts ?? []).map((p) => (typeof p === 'string' ? p : '')).join('');
      texts.set(this, text);
      if (text.startsWith(FACTORY_MARKER)) {
        const body = FACTORY_PRELUDE + text;
        mainScript = path.join(dir, `main-${createHash('sha1').update(body).digest('hex').slice(0, 16)}.cjs`);
        writeOnce(mainScript, body);
      }
    }
  }
  globalThis.Blob = RecordingBlob as typeof Blob;
  URL.createObjectURL = (obj: Blob | MediaSource): string => {
    const text = obj instanceof OriginalBlob ? texts.get(obj) : undefined;
    if (text === undefined || !mainScript) return originalCreateObjectURL(obj as Blob);
    // The pthread worker script; it is told to load the factory from our file instead of a blob.
    const body = `${text}\n;{const load = self.onmessage; self.onmessage = (e) => { if (e.data && e.data.cmd === 'load' && typeof e.data.urlOrBlob !== 'string') e.data.urlOrBlob = ${JSON.stringify(mainScript)}; return load(e); }; }\n`;
    const file = path.join(dir, `worker-${createHash('sha1').update(body).digest('hex').slice(0, 16)}.cjs`);
    writeOnce(file, body);
    return file;
  };
  // backend.cc caps the pool at emscripten_num_logical_cores() / 2 (it assumes hyper-threading).
  os.cpus = () => {
    const real = originalCpus();
    return Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]!);
  };
  try {
    return await init();
  } finally {
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
    os.cpus = originalCpus;
  }
}

interface PThreadPool {
  unusedWorkers: { unref?(): void }[];
  runningWorkers: { unref?(): void }[];
  allocateUnusedWorker(): void;
}

/**
 * The pthread workers (XNNPACK's pool, idle in Atomics.wait between kernels) would keep Node
 * alive after the work is done; unref them, and any the loader creates later, so a CLI run
 * exits by itself.
 */
function unrefPthreadWorkers(backend: unknown): void {
  const pool = (backend as { wasm?: { PThread?: PThreadPool } }).wasm?.PThread;
  if (!pool) return;
  const unrefAll = () => [...pool.unusedWorkers, ...pool.runningWorkers].forEach((w) => w.unref?.());
  unrefAll();
  const allocate = pool.allocateUnusedWorker.bind(pool);
  pool.allocateUnusedWorker = () => {
    allocate();
    unrefAll();
  };
}

export interface WasmRuntime {
  threads: number;
  simd: boolean;
}

/**
 * Registers and selects the 'wasm' backend with `threads` XNNPACK threads (1 = the plain SIMD
 * build, no workers). Must run before anything else initialises the wasm backend.
 */
export async function startWasmBackend(tf: typeof TF, threads: number): Promise<WasmRuntime> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmBinaryFolder());
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const threaded = threads > 1 && simd && typeof SharedArrayBuffer === 'function';
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threaded);
  wasm.setThreadsCount(threaded ? threads : 1);
  const select = async () => tf.setBackend('wasm');
  const ok = threaded ? await withThreadShims(threads, select) : await select();
  if (!ok) throw new Error('the tfjs wasm backend did not start (see the messages above)');
  await tf.ready();
  if (threaded) unrefPthreadWorkers(tf.backend());
  return { threads: wasm.getThreadsCount(), simd };
}
