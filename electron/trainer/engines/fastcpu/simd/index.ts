/**
 * Instantiates the SIMD channel kernels on the wasm backend's own memory (so they read and
 * write tensors in place) and wraps them for JavaScript: per-channel float64 sums and the
 * per-channel affine map. Returns null when wasm SIMD is unavailable.
 */
import { buildModule } from './assembler.ts';
import { CHANNEL_KERNELS } from './channelKernels.ts';
import type { TensorInfo } from '../kernels/kit.ts';

interface EmscriptenModule {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

export interface WasmBackendLike {
  wasm: EmscriptenModule;
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

type Fn = (...args: number[]) => void;

export interface ChannelKernels {
  /** Sum over rows of x seen as [rows, C]. */
  colsum(x: TensorInfo, rows: number, c: number): Float64Array;
  /** Sum over rows of (x - mean)^2. */
  colsumsqdev(x: TensorInfo, rows: number, c: number, mean: Float32Array): Float64Array;
  /** [sum y, sum y * (x - mean)] over rows. */
  colsum2(y: TensorInfo, x: TensorInfo, rows: number, c: number, mean: Float32Array): [Float64Array, Float64Array];
  /** out = (x - m) * a + b per channel. */
  affine(x: TensorInfo, rows: number, c: number, m: Float32Array, a: Float32Array, b: Float32Array, out: TensorInfo): void;
  /**
   * Max-pool gradient: `windows` holds, per output pixel, K input pixel indices (row-major
   * window order; -1 for positions in the padding). `out` must be zero.
   */
  poolGrad(x: TensorInfo, windows: Int32Array, nOut: number, k: number, c: number, dy: TensorInfo, out: TensorInfo): void;
  /**
   * Row copies inside the heap (byte addresses, strides in floats): for each of `rows` rows,
   * dst = [before zeros, `len` floats of src, after zeros].
   */
  copyRows(src: number, srcStride: number, dst: number, dstStride: number, rows: number, before: number, len: number, after: number): void;
  /** out = tanh(x) for the first 4 * n4 elements. */
  tanh(x: TensorInfo, n4: number, out: TensorInfo): void;
}

export function loadChannelKernels(backend: WasmBackendLike): ChannelKernels | null {
  const module = backend.wasm;
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (!memory) return null;
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = buildModule(CHANNEL_KERNELS, shared);
  if (!WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const fn = (name: string) => instance.exports[name] as unknown as Fn;
  const [colsum, colsumsqdev, colsum2, affine, poolgrad, tanh, copyRows] = ['colsum', 'colsumsqdev', 'colsum2', 'affine', 'poolgrad', 'tanh', 'copyRows'].map(fn) as [Fn, Fn, Fn, Fn, Fn, Fn, Fn];
  const ptr = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;

  /** Scratch from the backend's allocator: f32 vectors then f64 vectors, all C long. */
  const withScratch = <T>(c: number, f32s: Float32Array[], f32Extra: number, f64s: number, run: (f32: number[], f64: number[]) => T): T => {
    const nF32 = f32s.length + f32Extra;
    const base = module._malloc(nF32 * c * 4 + f64s * c * 8 + 16);
    try {
      const at32 = Array.from({ length: nF32 }, (_, i) => base + i * c * 4);
      const start64 = (base + nF32 * c * 4 + 7) & ~7;
      const at64 = Array.from({ length: f64s }, (_, i) => start64 + i * c * 8);
      f32s.forEach((v, i) => new Float32Array(memory.buffer, at32[i]!, c).set(v));
      return run(at32, at64);
    } finally {
      module._free(base);
    }
  };
  const read64 = (at: number, c: number) => new Float64Array(memory.buffer, at, c).slice();

  return {
    colsum: (x, rows, c) =>
      withScratch(c, [], 1, 1, ([acc32], [acc64]) => {
        colsum(ptr(x), rows, c, acc32!, acc64!);
        return read64(acc64!, c);
      }),
    colsumsqdev: (x, rows, c, mean) =>
      withScratch(c, [mean], 1, 1, ([m, acc32], [acc64]) => {
        colsumsqdev(ptr(x), rows, c, m!, acc32!, acc64!);
        return read64(acc64!, c);
      }),
    colsum2: (y, x, rows, c, mean) =>
      withScratch(c, [mean], 2, 2, ([m, a32, b32], [a64, b64]) => {
        colsum2(ptr(y), ptr(x), rows, c, m!, a32!, b32!, a64!, b64!);
        return [read64(a64!, c), read64(b64!, c)];
      }),
    affine: (x, rows, c, m, a, b, out) =>
      withScratch(c, [m, a, b], 0, 0, ([pm, pa, pb]) => affine(ptr(x), rows, c, pm!, pa!, pb!, ptr(out))),
    tanh: (x, n4, out) => tanh(ptr(x), n4, ptr(out)),
    copyRows: (src, srcStride, dst, dstStride, rows, before, len, after) => {
      if (rows > 0) copyRows(src, srcStride, dst, dstStride, rows, before, len, after);
    },
    poolGrad: (x, windows, nOut, k, c, dy, out) => {
      const base = module._malloc(windows.length * 4 + c * 4 + 16);
      try {
        const sentinel = (base + windows.length * 4 + 15) & ~15;
        new Float32Array(memory.buffer, sentinel, c).fill(-Infinity);
        new Int32Array(memory.buffer, base, windows.length).set(windows);
        poolgrad(ptr(x), base, nOut, k, c, ptr(dy), ptr(out), sentinel);
      } finally {
        module._free(base);
      }
    },
  };
}

const cache = new WeakMap<object, ChannelKernels | null>();

/** The kernels for `backend` (built once), or null when SIMD is unavailable or `c % 4 !== 0`. */
export function channelKernelsFor(backend: unknown, c: number): ChannelKernels | null {
  if (c % 4 !== 0 || process.env.NETWRIGHT_FASTCPU_NO_SIMD === '1') return null;
  const key = backend as object;
  if (!cache.has(key)) {
    let kernels: ChannelKernels | null = null;
    try {
      kernels = loadChannelKernels(backend as WasmBackendLike);
    } catch {
      kernels = null;
    }
    cache.set(key, kernels);
  }
  return cache.get(key) ?? null;
}
