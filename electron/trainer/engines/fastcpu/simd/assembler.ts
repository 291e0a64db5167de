/**
 * A minimal WebAssembly binary writer: enough to build small SIMD kernels (loops over f32x4
 * lanes) at run time without a compiler toolchain. Each helper returns the bytes of one
 * instruction; see the WebAssembly core spec, "Binary Format", for the encodings.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function str(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const mem = (align: number, offset = 0) => [...uleb(align), ...uleb(offset)];

/** Instructions (one array of bytes each). */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  f32: (n: number) => [0x43, ...new Uint8Array(new Float32Array([n]).buffer)],
  f64: (n: number) => [0x44, ...new Uint8Array(new Float64Array([n]).buffer)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  ltU: [0x49],
  gtU: [0x4b],
  geU: [0x4f],
  ltS: [0x48],
  geS: [0x4e],
  eqz: [0x45],
  select: [0x1b],
  drop: [0x1a],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  i32Load: (offset = 0) => [0x28, ...mem(2, offset)],
  i32Store: (offset = 0) => [0x36, ...mem(2, offset)],
  f32Load: (offset = 0) => [0x2a, ...mem(2, offset)],
  f32Store: (offset = 0) => [0x38, ...mem(2, offset)],
  f64Load: (offset = 0) => [0x2b, ...mem(3, offset)],
  f64Store: (offset = 0) => [0x39, ...mem(3, offset)],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f64Add: [0xa0],
  f64PromoteF32: [0xbb],
  // SIMD (prefix 0xfd). Loads and stores need not be aligned; align hint 4 = 16 bytes.
  v128Load: (offset = 0) => simd(0x00, ...mem(4, offset)),
  v128Store: (offset = 0) => simd(0x0b, ...mem(4, offset)),
  i32x4Splat: simd(0x11),
  f32x4Splat: simd(0x13),
  i32x4ExtractLane: (lane: number) => simd(0x1b, lane),
  f32x4Gt: simd(0x44),
  bitselect: simd(0x52),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  // Bulk memory (prefix 0xfc): memory.copy(dst, src, n), memory.fill(dst, byte, n).
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
  memoryFill: [0xfc, 0x0b, 0x00],
  f32x4Div: simd(0xe7),
  f32x4Max: simd(0xe9),
  f32x4Abs: simd(0xe0),
  f32x4Nearest: simd(0x6a),
  i32x4TruncSatF32x4S: simd(0xf8),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  v128And: simd(0x4e),
  v128Or: simd(0x50),
};

export interface FunctionDef {
  name: string;
  params: number[];
  locals: number[];
  body: number[][];
}

/** A module importing env.memory (shared or not, as the backend's) and exporting `funcs`. */
export function buildModule(funcs: FunctionDef[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0x00]);
  // Memory limits: shared memories must declare a maximum; 65536 pages = 4 GiB covers any.
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = [[...str('env'), ...str('memory'), 0x02, ...limits]];
  const code = funcs.map((f) => {
    const locals = f.locals.map((t) => [...uleb(1), t]);
    const body = [...vec(locals), ...f.body.flat(), 0x0b];
    return [...uleb(body.length), ...body];
  });
  const exports = funcs.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(code)),
  ]);
}
