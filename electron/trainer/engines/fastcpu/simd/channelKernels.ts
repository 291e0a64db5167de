/**
 * SIMD kernels over channel-last float32 data seen as [rows, C] (C a multiple of 4), working in
 * place on the wasm backend's memory: per-channel sums (f32x4 partial sums over blocks of 256
 * rows, added into float64 totals, so long reductions keep their precision) and a per-channel
 * affine map (x - m) * a + b. All pointers are byte offsets into that memory.
 */
import { type FunctionDef, I32, op, V128 } from './assembler.ts';

const BLOCK_ROWS = 256;

/** Names locals so the bodies below read as code; params first, then `locals`. */
function frame(params: string[], locals: [string, number][]) {
  const index = new Map<string, number>();
  params.forEach((p, i) => index.set(p, i));
  locals.forEach(([l], i) => index.set(l, params.length + i));
  const at = (name: string) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`no local ${name}`);
    return i;
  };
  return {
    get: (n: string) => op.get(at(n)),
    set: (n: string) => op.set(at(n)),
    tee: (n: string) => op.tee(at(n)),
    params: params.map(() => I32),
    locals: locals.map(([, t]) => t),
  };
}

type Frame = ReturnType<typeof frame>;

/** while (++i < n) style counted loop: body, then `i += step`, repeat while i < limit. */
function countedLoop(f: Frame, i: string, step: number, limit: string, body: number[][]): number[][] {
  return [op.i32(0), f.set(i), op.loop, ...body, f.get(i), op.i32(step), op.add, f.tee(i), f.get(limit), op.ltU, op.brIf(0), op.end];
}

const addr = (f: Frame, base: string, offset: string) => [f.get(base), f.get(offset), op.add];

/** acc64[c] = 0 for c < C (uses local `c`). */
const zero64 = (f: Frame, acc64: string) => countedLoop(f, 'c', 1, 'C', [f.get(acc64), f.get('c'), op.i32(8), op.mul, op.add, op.f64(0), op.f64Store()]);
/** acc32 bytes [0, rowBytes) = 0. */
const zero32 = (f: Frame, acc32: string) => countedLoop(f, 'c', 16, 'rowBytes', [...addr(f, acc32, 'c'), op.f32(0), op.f32x4Splat, op.v128Store()]);
/** acc64[c] += acc32[c]. */
const flush = (f: Frame, acc32: string, acc64: string) =>
  countedLoop(f, 'c', 1, 'C', [
    f.get(acc64), f.get('c'), op.i32(8), op.mul, op.add,
    f.get(acc64), f.get('c'), op.i32(8), op.mul, op.add, op.f64Load(),
    f.get(acc32), f.get('c'), op.i32(4), op.mul, op.add, op.f32Load(), op.f64PromoteF32,
    op.f64Add, op.f64Store(),
  ]);
/**
 * A blocked column reduction: `rowBody` accumulates row r (pointers `p`, and `q` when two
 * inputs) into the f32 accumulators at byte offset `c`; each block is flushed to float64.
 */
function reduction(name: string, params: string[], accs: [string, string][], rowBody: (f: Frame) => number[][], twoInputs: boolean): FunctionDef {
  const f = frame(params, [['r', I32], ['end', I32], ['p', I32], ['q', I32], ['c', I32], ['rowBytes', I32], ['d', V128], ['g', V128]]);
  const body: number[][] = [
    f.get('C'), op.i32(4), op.mul, f.set('rowBytes'),
    ...accs.flatMap(([, acc64]) => zero64(f, acc64)),
    op.loop,
    // end = min(r + BLOCK_ROWS, rows)
    f.get('r'), op.i32(BLOCK_ROWS), op.add, f.get('rows'), f.get('r'), op.i32(BLOCK_ROWS), op.add, f.get('rows'), op.ltU, op.select, f.set('end'),
    ...accs.flatMap(([acc32]) => zero32(f, acc32)),
    f.get('x'), f.get('r'), f.get('rowBytes'), op.mul, op.add, f.set('p'),
    ...(twoInputs ? [f.get('y'), f.get('r'), f.get('rowBytes'), op.mul, op.add, f.set('q')] : []),
    op.loop,
    ...countedLoop(f, 'c', 16, 'rowBytes', rowBody(f)),
    f.get('p'), f.get('rowBytes'), op.add, f.set('p'),
    ...(twoInputs ? [f.get('q'), f.get('rowBytes'), op.add, f.set('q')] : []),
    f.get('r'), op.i32(1), op.add, f.tee('r'), f.get('end'), op.ltU, op.brIf(0),
    op.end,
    ...accs.flatMap(([acc32, acc64]) => flush(f, acc32, acc64)),
    f.get('r'), f.get('rows'), op.ltU, op.brIf(0),
    op.end,
  ];
  return { name, params: f.params, locals: f.locals, body };
}

const load = (f: Frame, base: string) => [...addr(f, base, 'c'), op.v128Load()];
const accumulate = (f: Frame, acc: string, value: number[][]) => [...addr(f, acc, 'c'), ...load(f, acc), ...value, op.f32x4Add, op.v128Store()];

/** colsum(x, rows, C, acc32, acc64): acc64[c] = sum_r x[r, c]. */
const colsum = reduction('colsum', ['x', 'rows', 'C', 'acc32', 'acc64'], [['acc32', 'acc64']], (f) => accumulate(f, 'acc32', [load(f, 'p').flat()]), false);

/** colsumsqdev(x, rows, C, mean, acc32, acc64): acc64[c] = sum_r (x[r, c] - mean[c])^2. */
const colsumsqdev = reduction('colsumsqdev', ['x', 'rows', 'C', 'mean', 'acc32', 'acc64'], [['acc32', 'acc64']], (f) => [
  ...load(f, 'p'), ...load(f, 'mean'), op.f32x4Sub, f.set('d'),
  ...accumulate(f, 'acc32', [f.get('d'), f.get('d'), op.f32x4Mul]),
], false);

/** colsum2(y, x, rows, C, mean, a32, b32, a64, b64): a = sum y, b = sum y * (x - mean). */
const colsum2 = reduction('colsum2', ['y', 'x', 'rows', 'C', 'mean', 'a32', 'b32', 'a64', 'b64'], [['a32', 'a64'], ['b32', 'b64']], (f) => [
  [...addr(f, 'q', 'c'), op.v128Load()].flat(), f.set('g'),
  ...accumulate(f, 'a32', [f.get('g')]),
  ...accumulate(f, 'b32', [f.get('g'), ...load(f, 'p'), ...load(f, 'mean'), op.f32x4Sub, op.f32x4Mul]),
], true);

/** affine(x, rows, C, m, a, b, out): out[r, c] = (x[r, c] - m[c]) * a[c] + b[c]. */
function affine(): FunctionDef {
  const f = frame(['x', 'rows', 'C', 'm', 'a', 'b', 'out'], [['r', I32], ['c', I32], ['rowBytes', I32], ['p', I32], ['o', I32]]);
  const body: number[][] = [
    f.get('C'), op.i32(4), op.mul, f.set('rowBytes'),
    f.get('x'), f.set('p'),
    f.get('out'), f.set('o'),
    op.loop,
    ...countedLoop(f, 'c', 16, 'rowBytes', [
      ...addr(f, 'o', 'c'),
      ...load(f, 'p'), ...load(f, 'm'), op.f32x4Sub, ...load(f, 'a'), op.f32x4Mul, ...load(f, 'b'), op.f32x4Add,
      op.v128Store(),
    ]),
    f.get('p'), f.get('rowBytes'), op.add, f.set('p'),
    f.get('o'), f.get('rowBytes'), op.add, f.set('o'),
    f.get('r'), op.i32(1), op.add, f.tee('r'), f.get('rows'), op.ltU, op.brIf(0),
    op.end,
  ];
  return { name: 'affine', params: f.params, locals: f.locals, body };
}

/**
 * poolgrad(x, windows, nOut, K, C, dy, out, sentinel): max-pool gradient. For output pixel p,
 * windows[p*K + k] are the input pixel indices of its window (-1 in the padding, read from
 * `sentinel`, a row of -Infinity). Per lane, dy[p] is added to out at the first strictly
 * largest input (row-major window order, as tfjs' CPU kernel); out must be zero.
 */
function poolgrad(): FunctionDef {
  const f = frame(['x', 'windows', 'nOut', 'K', 'C', 'dy', 'out', 'sentinel'], [
    ['p', I32], ['o', I32], ['g', I32], ['c', I32], ['k', I32], ['px', I32], ['rel', I32], ['rowBytes', I32], ['at', I32], ['a', I32],
    ['best', V128], ['idx', V128], ['m', V128], ['v', V128],
  ]);
  const scatterLane = (lane: number) => [
    f.get('idx'), op.i32x4ExtractLane(lane), f.tee('at'), op.i32(0), op.geS, op.if,
    f.get('out'), f.get('at'), op.add, op.i32(lane * 4), op.add, f.tee('a'),
    f.get('a'), op.f32Load(), f.get('g'), f.get('c'), op.add, op.f32Load(lane * 4), op.f32Add, op.f32Store(),
    op.end,
  ];
  const body: number[][] = [
    f.get('C'), op.i32(4), op.mul, f.set('rowBytes'),
    f.get('windows'), f.set('o'),
    f.get('dy'), f.set('g'),
    op.loop,
    ...countedLoop(f, 'c', 16, 'rowBytes', [
      op.f32(-Infinity), op.f32x4Splat, f.set('best'),
      op.i32(-1), op.i32x4Splat, f.set('idx'),
      ...countedLoop(f, 'k', 1, 'K', [
        f.get('o'), f.get('k'), op.i32(4), op.mul, op.add, op.i32Load(), f.tee('px'),
        f.get('rowBytes'), op.mul, f.get('c'), op.add, f.set('rel'),
        // address: x + rel inside the image, the -Infinity row in the padding
        f.get('x'), f.get('rel'), op.add, f.get('sentinel'), f.get('c'), op.add, f.get('px'), op.i32(0), op.geS, op.select,
        op.v128Load(), f.tee('v'), f.get('best'), op.f32x4Gt, f.set('m'),
        f.get('v'), f.get('best'), f.get('m'), op.bitselect, f.set('best'),
        f.get('rel'), op.i32x4Splat, f.get('idx'), f.get('m'), op.bitselect, f.set('idx'),
      ]),
      ...[0, 1, 2, 3].flatMap(scatterLane),
    ]),
    f.get('o'), f.get('K'), op.i32(4), op.mul, op.add, f.set('o'),
    f.get('g'), f.get('rowBytes'), op.add, f.set('g'),
    f.get('p'), op.i32(1), op.add, f.tee('p'), f.get('nOut'), op.ltU, op.brIf(0),
    op.end,
  ];
  return { name: 'poolgrad', params: f.params, locals: f.locals, body };
}

/**
 * tanh(x, n4, out): out = tanh(x) for 4*n4 floats. tanh|x| = (1 - t) / (1 + t) with
 * t = exp(-2|x|) (Cephes expf: 2^n times a degree-5 polynomial on |r| <= ln2/2, arguments
 * clamped at -87), sign restored from x: about 1e-7 absolute error.
 */
function tanh(): FunctionDef {
  const f = frame(['x', 'n4', 'out'], [['i', I32], ['bytes', I32], ['v', V128], ['z', V128], ['n', V128], ['r', V128], ['p', V128], ['t', V128]]);
  const splat = (v: number) => [op.f32(v), op.f32x4Splat];
  const poly = [1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
  const body: number[][] = [
    f.get('n4'), op.i32(16), op.mul, f.set('bytes'),
    ...countedLoop(f, 'i', 16, 'bytes', [
      f.get('x'), f.get('i'), op.add, op.v128Load(), f.set('v'),
      // z = max(-2|x|, -87)
      f.get('v'), op.f32x4Abs, ...splat(-2), op.f32x4Mul, ...splat(-87), op.f32x4Max, f.set('z'),
      // n = nearest(z * log2(e)); r = z - n * C1 - n * C2
      f.get('z'), ...splat(1.44269504088896341), op.f32x4Mul, op.f32x4Nearest, f.set('n'),
      f.get('z'), f.get('n'), ...splat(0.693359375), op.f32x4Mul, op.f32x4Sub,
      f.get('n'), ...splat(-2.12194440e-4), op.f32x4Mul, op.f32x4Sub, f.set('r'),
      // p(r) by Horner, exp(r) = p * r^2 + r + 1
      ...splat(1.9875691500e-4),
      ...poly.flatMap((c) => [f.get('r'), op.f32x4Mul, ...splat(c), op.f32x4Add]),
      f.get('r'), op.f32x4Mul, f.get('r'), op.f32x4Mul, f.get('r'), op.f32x4Add, ...splat(1), op.f32x4Add, f.set('p'),
      // t = exp(r) * 2^n, 2^n built from its exponent bits (n + 127) << 23
      f.get('p'), f.get('n'), op.i32x4TruncSatF32x4S, op.i32(127), op.i32x4Splat, op.i32x4Add, op.i32(23), op.i32x4Shl, op.f32x4Mul, f.set('t'),
      // out = (1 - t) / (1 + t) with the sign bit of x
      f.get('out'), f.get('i'), op.add,
      ...splat(1), f.get('t'), op.f32x4Sub, ...splat(1), f.get('t'), op.f32x4Add, op.f32x4Div,
      f.get('v'), op.i32(-2147483648), op.i32x4Splat, op.v128And, op.v128Or,
      op.v128Store(),
    ]),
  ];
  return { name: 'tanh', params: f.params, locals: f.locals, body };
}

/**
 * copyRows(src, srcStride, dst, dstStride, rows, before, len, after): for each of `rows` rows
 * (strides in floats), dst = [before zeros, src[0..len), after zeros].
 */
function copyRows(): FunctionDef {
  const f = frame(['src', 'srcStride', 'dst', 'dstStride', 'rows', 'before', 'len', 'after'], [['r', I32], ['d', I32]]);
  const bytes = (n: string) => [f.get(n), op.i32(4), op.mul];
  const body: number[][] = [
    f.get('srcStride'), op.i32(4), op.mul, f.set('srcStride'),
    f.get('dstStride'), op.i32(4), op.mul, f.set('dstStride'),
    op.loop,
    f.get('dst'), op.i32(0), ...bytes('before'), op.memoryFill,
    f.get('dst'), ...bytes('before'), op.add, f.tee('d'), f.get('src'), ...bytes('len'), op.memoryCopy,
    f.get('d'), ...bytes('len'), op.add, op.i32(0), ...bytes('after'), op.memoryFill,
    f.get('src'), f.get('srcStride'), op.add, f.set('src'),
    f.get('dst'), f.get('dstStride'), op.add, f.set('dst'),
    f.get('r'), op.i32(1), op.add, f.tee('r'), f.get('rows'), op.ltU, op.brIf(0),
    op.end,
  ];
  return { name: 'copyRows', params: f.params, locals: f.locals, body };
}

export const CHANNEL_KERNELS: FunctionDef[] = [colsum, colsumsqdev, colsum2, affine(), poolgrad(), tanh(), copyRows()];
