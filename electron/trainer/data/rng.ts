// Seeded random numbers for shuffling, splitting and augmentation: the same seed gives the same
// run on every machine. mulberry32 (a 32-bit state generator, good enough for data order and
// image jitter; not for cryptography) plus Box-Muller normals.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Normal with mean 0 and the given standard deviation. */
  normal(std?: number): number;
}

export function createRng(seed: number): Rng {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: (std = 1) => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s * std;
      }
      // Box-Muller: two uniforms give two independent standard normals.
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v) * std;
    },
  };
}
