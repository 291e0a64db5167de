// Test helpers: seeded data and "run the same thing on tfjs' CPU backend and on fastcpu".
import type * as TF from '@tensorflow/tfjs';
import { loadFastCpuEngine } from '../../../electron/trainer/engines/fastcpu/index.ts';

export const engine = await loadFastCpuEngine();
export const tf = engine.tf;

/** Deterministic floats in [-1, 1) (mulberry32). */
export function seeded(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Runs `f` on backend `name` and returns its results as plain arrays with their shapes. */
export async function on(name: 'cpu' | 'wasm', f: () => TF.Tensor | TF.Tensor[]): Promise<{ shape: number[]; data: Float32Array }[]> {
  await tf.setBackend(name);
  const outs = tf.tidy(() => {
    const r = f();
    return Array.isArray(r) ? r : [r];
  });
  const res = outs.map((t) => ({ shape: t.shape.slice(), data: Float32Array.from(t.dataSync()) }));
  tf.dispose(outs);
  await tf.setBackend('wasm');
  return res;
}

/** max |a - b| / max |b|, the error relative to the reference's scale. */
export function relError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Runs `f` on the CPU backend and on fastcpu; returns the worst relative error over outputs. */
export async function compareBackends(f: () => TF.Tensor | TF.Tensor[]): Promise<{ error: number; shapes: number[][] }> {
  return compareWith(f, f);
}

/** Runs `reference` on the CPU backend and `f` on fastcpu; the worst relative error. */
export async function compareWith(reference: () => TF.Tensor | TF.Tensor[], f: () => TF.Tensor | TF.Tensor[]): Promise<{ error: number; shapes: number[][] }> {
  const ref = await on('cpu', reference);
  const got = await on('wasm', f);
  let error = 0;
  for (let i = 0; i < ref.length; i++) {
    if (got[i]!.shape.join() !== ref[i]!.shape.join()) throw new Error(`shape ${got[i]!.shape} != ${ref[i]!.shape}`);
    if (got[i]!.data.some((v) => !Number.isFinite(v))) throw new Error('non-finite output');
    error = Math.max(error, relError(got[i]!.data, ref[i]!.data));
  }
  return { error, shapes: ref.map((r) => r.shape) };
}
