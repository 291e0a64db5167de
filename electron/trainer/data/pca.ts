// Principal components of a dataset's RGB colours, for AlexNet's PCA colour augmentation
// (Krizhevsky et al. 2012, section 4.1): the 3x3 covariance of all pixel colours, diagonalised by
// cyclic Jacobi rotations (exact enough in a few sweeps for a symmetric 3x3 matrix).
import type { Dataset } from './types.ts';

export interface ColorPca {
  /** Mean colour, 0..255 units. */
  mean: [number, number, number];
  /** Eigenvalues of the RGB covariance (0..255 units squared), largest first. */
  eigenvalues: [number, number, number];
  /** eigenvectors[i] is the unit vector p_i of eigenvalues[i]. */
  eigenvectors: [number, number, number][];
}

/** Eigen-decomposition of a symmetric 3x3 matrix (row-major); values sorted largest first. */
export function symmetricEigen3(m: readonly number[]): { values: [number, number, number]; vectors: [number, number, number][] } {
  const a = [[m[0]!, m[1]!, m[2]!], [m[3]!, m[4]!, m[5]!], [m[6]!, m[7]!, m[8]!]];
  const v = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[0]![1]! ** 2 + a[0]![2]! ** 2 + a[1]![2]! ** 2;
    const scale = a[0]![0]! ** 2 + a[1]![1]! ** 2 + a[2]![2]! ** 2 + off;
    if (off <= 1e-30 * Math.max(scale, 1e-300) || off === 0) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]] as const) {
      const apq = a[p]![q]!;
      if (apq === 0) continue;
      // Rotation angle that zeroes a[p][q] (Golub & Van Loan, symmetric Schur decomposition).
      const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k]![p]!;
        const akq = a[k]![q]!;
        a[k]![p] = c * akp - s * akq;
        a[k]![q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p]![k]!;
        const aqk = a[q]![k]!;
        a[p]![k] = c * apk - s * aqk;
        a[q]![k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k]![p]!;
        const vkq = v[k]![q]!;
        v[k]![p] = c * vkp - s * vkq;
        v[k]![q] = s * vkp + c * vkq;
      }
    }
  }
  const order = [0, 1, 2].sort((i, j) => a[j]![j]! - a[i]![i]!);
  return {
    values: order.map((i) => a[i]![i]!) as [number, number, number],
    vectors: order.map((i) => [v[0]![i]!, v[1]![i]!, v[2]![i]!]) as [number, number, number][],
  };
}

/**
 * RGB principal components over (up to `maxImages` evenly spaced) images of an RGB dataset.
 * Grayscale datasets have no colour to rotate: returns undefined.
 */
export function colorPca(ds: Dataset, maxImages = 2000): ColorPca | undefined {
  if (ds.shape[2] !== 3 || ds.count === 0) return undefined;
  const pixels = ds.shape[0] * ds.shape[1];
  const step = Math.max(1, Math.floor(ds.count / maxImages));
  const sum = [0, 0, 0];
  const prod = [0, 0, 0, 0, 0, 0]; // rr, rg, rb, gg, gb, bb
  let n = 0;
  for (let i = 0; i < ds.count; i += step) {
    const base = i * pixels * 3;
    for (let p = 0; p < pixels; p++) {
      const r = ds.images[base + p * 3]!;
      const g = ds.images[base + p * 3 + 1]!;
      const b = ds.images[base + p * 3 + 2]!;
      sum[0]! += r; sum[1]! += g; sum[2]! += b;
      prod[0]! += r * r; prod[1]! += r * g; prod[2]! += r * b;
      prod[3]! += g * g; prod[4]! += g * b; prod[5]! += b * b;
    }
    n += pixels;
  }
  const mean = sum.map((s) => s / n) as [number, number, number];
  const [mr, mg, mb] = mean;
  // Population covariance E[xy] - E[x]E[y].
  const rr = prod[0]! / n - mr * mr;
  const rg = prod[1]! / n - mr * mg;
  const rb = prod[2]! / n - mr * mb;
  const gg = prod[3]! / n - mg * mg;
  const gb = prod[4]! / n - mg * mb;
  const bb = prod[5]! / n - mb * mb;
  const { values, vectors } = symmetricEigen3([rr, rg, rb, rg, gg, gb, rb, gb, bb]);
  return { mean, eigenvalues: values.map((x) => Math.max(0, x)) as [number, number, number], eigenvectors: vectors };
}
