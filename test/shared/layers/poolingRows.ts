/** The rows shared by MaxPooling2D and AveragePooling2D (the same window arithmetic). */
import type { Row, TableBadRow } from './harness.ts';

export function poolingRows(kind: string): { valid: Row[]; invalid: TableBadRow[] } {
  return {
    valid: [
      { params: {}, inputs: [[8, 8, 3]] },
      { params: { poolSize: [2, 2], strides: [2, 2] }, inputs: [[7, 7, 2]] },
      { params: { poolSize: [3, 3], strides: [2, 2] }, inputs: [[9, 9, 4]] },
      { params: { poolSize: [3, 3], strides: [1, 1], padding: 'same' }, inputs: [[5, 6, 1]] },
      { params: { poolSize: [3, 2], strides: [2, 3], padding: 'same' }, inputs: [[11, 10, 2]] },
      { params: { poolSize: [5, 5], strides: [5, 5], padding: 'same' }, inputs: [[3, 3, 2]] },
      { params: { poolSize: [4, 4], strides: [4, 4] }, inputs: [[4, 4, 8]] },
    ],
    invalid: [
      { params: { poolSize: [5, 5], strides: [1, 1] }, inputs: [[4, 4, 1]], code: 'KERNEL_TOO_LARGE', quotes: ['5x5', '4x4'], tfjs: true },
      { params: {}, inputs: [[16]], code: 'RANK_MISMATCH', quotes: [kind, '16', 'rank 1'], tfjs: true },
      { params: { padding: 'full' }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['padding', '"full"'], param: 'padding', tfjs: true },
      { params: { strides: [0, 1] }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['strides[0]', '0'], param: 'strides[0]' },
    ],
  };
}
