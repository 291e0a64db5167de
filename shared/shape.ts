/**
 * Tensor shapes without the batch dimension, channels-last as Keras uses them,
 * and the output-size formulas shared by convolutions and pooling.
 */
import { fail } from './diagnostics.ts';

/** A tensor shape without the batch dimension, e.g. [64, 64, 3]. */
export type Shape = readonly number[];

export type Padding = 'valid' | 'same';

/** `[64, 64, 3]` -> `64x64x3`, the way the editor labels edges. */
export function formatShape(shape: Shape): string {
  return shape.join('x');
}

/** `[64, 64, 3]` -> `(None, 64, 64, 3)`, the way Keras prints output shapes. */
export function kerasShape(shape: Shape): string {
  return `(None, ${shape.join(', ')})`;
}

/** Product of the dimensions. */
export function numElements(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Output length of a convolution or pooling window along one axis, as Keras computes it
 * (keras.utils.conv_utils.conv_output_length):
 *   valid: floor((n - d*(k-1) - 1) / s) + 1
 *   same:  ceil(n / s)
 * where d*(k-1)+1 is the dilated kernel extent.
 */
export function convOutputLength(n: number, k: number, s: number, padding: Padding, d = 1): number {
  const extent = d * (k - 1) + 1;
  if (padding === 'same') return Math.ceil(n / s);
  return Math.floor((n - extent) / s) + 1;
}

/** Requires a rank-3 (H, W, C) input and returns it destructured. */
export function expectImage(kind: string, shape: Shape): [number, number, number] {
  if (shape.length !== 3) {
    fail(
      'RANK_MISMATCH',
      `${kind} needs a 3-D input (height x width x channels); received ${formatShape(shape)} (rank ${shape.length})`,
    );
  }
  return [shape[0]!, shape[1]!, shape[2]!];
}

/**
 * Output size of a 2-D window op over an (H, W) input, with the errors people hit:
 * KERNEL_TOO_LARGE when the window itself is taller or wider than a 'valid' input, and
 * NON_POSITIVE_OUTPUT when only its dilated extent d*(k-1)+1 is (the output would be empty).
 */
export function windowOutput2d(
  kind: string,
  [h, w]: readonly [number, number],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  padding: Padding,
  dilation: readonly [number, number] = [1, 1],
): [number, number] {
  const out: number[] = [];
  const dims = [h, w] as const;
  for (let i = 0; i < 2; i++) {
    const n = dims[i]!;
    const k = kernel[i]!;
    const d = dilation[i]!;
    const extent = d * (k - 1) + 1;
    const axis = i === 0 ? 'height' : 'width';
    if (padding === 'valid' && k > n) {
      fail(
        'KERNEL_TOO_LARGE',
        `${kind} window ${k0xk1(kernel)} is larger than its ${h}x${w} input along ${axis} (${k} > ${n}) with 'valid' padding; use 'same' padding or a smaller window`,
      );
    }
    const o = convOutputLength(n, k, strides[i]!, padding, d);
    if (o <= 0) {
      fail(
        'NON_POSITIVE_OUTPUT',
        `${kind} output would be ${o} along ${axis}: window ${k0xk1(kernel)} dilated by ${d} spans ${extent}, more than the ${n} of its ${h}x${w} input; lower the dilation or use 'same' padding`,
      );
    }
    out.push(o);
  }
  return [out[0]!, out[1]!];
}

/** Keras refuses strides > 1 together with dilation > 1 in every convolution (BAD_PARAM). */
export function checkStridesWithDilation(
  kind: string,
  strides: readonly [number, number],
  dilation: readonly [number, number],
): void {
  if ((strides[0] > 1 || strides[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
    fail(
      'BAD_PARAM',
      `${kind} cannot combine strides ${k0xk1(strides)} with dilation rate ${k0xk1(dilation)}; set one of them to 1x1`,
      'dilationRate',
    );
  }
}

function k0xk1(p: readonly [number, number]): string {
  return `${p[0]}x${p[1]}`;
}
