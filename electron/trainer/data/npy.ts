// Reader for NumPy's .npy format (numpy.lib.format, versions 1-3): magic "\x93NUMPY", version,
// a little-endian header length, then a Python dict literal {'descr', 'fortran_order', 'shape'}
// padded to 16/64 bytes, then the raw array. Only plain numeric dtypes; object arrays are refused.
import { DatasetError } from './types.ts';

export interface NpyArray {
  descr: string;
  shape: number[];
  fortranOrder: boolean;
  /** Elements in C (row-major) order; int64/uint64 converted to numbers. */
  data: Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
  isFloat: boolean;
}

const DTYPES: Record<string, { size: number; float: boolean }> = {
  u1: { size: 1, float: false }, i1: { size: 1, float: false }, b1: { size: 1, float: false },
  u2: { size: 2, float: false }, i2: { size: 2, float: false },
  u4: { size: 4, float: false }, i4: { size: 4, float: false },
  u8: { size: 8, float: false }, i8: { size: 8, float: false },
  f4: { size: 4, float: true }, f8: { size: 8, float: true },
};

/** Parse the header dict literal; only the three keys numpy writes are accepted. */
export function parseNpyHeader(text: string, file: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const bad = (why: string): DatasetError =>
    new DatasetError(`${file}: not a valid .npy header (${why}). Save the array with numpy.save().`, file);
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined) throw bad(`no 'descr' in ${JSON.stringify(text.slice(0, 80))}`);
  if (fortran === undefined) throw bad("no 'fortran_order'");
  if (shapeText === undefined) throw bad("no 'shape'");
  const parts = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const shape = parts.map((s) => (/^\d+L?$/.test(s) ? Number.parseInt(s, 10) : Number.NaN));
  if (shape.some((d) => !Number.isSafeInteger(d))) throw bad(`shape (${shapeText}) is not a tuple of whole numbers`);
  return { descr, fortranOrder: fortran === 'True', shape };
}

/** Parse a whole .npy file. Any malformed input gives a DatasetError naming `file`. */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) {
    throw new DatasetError(`${file} is not a NumPy .npy file (it does not start with \\x93NUMPY). Save arrays with numpy.save().`, file);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new DatasetError(`${file}: the .npy file is truncated inside its header.`, file);
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw new DatasetError(`${file}: .npy format version ${major} is not supported (1, 2 and 3 are).`, file);
  }
  if (start + headerLen > bytes.length) throw new DatasetError(`${file}: the .npy file is truncated inside its header.`, file);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const { descr, fortranOrder, shape } = parseNpyHeader(text, file);
  const m = /^([<>|=])([a-z])(\d+)$/.exec(descr);
  const kind = m ? `${m[2]}${m[3]}` : '';
  const dt = DTYPES[kind];
  if (!m || !dt) {
    throw new DatasetError(
      `${file}: dtype '${descr}' is not supported; save images as uint8 or float32 and labels as integers (e.g. x.astype('uint8')).`,
      file,
    );
  }
  const bigEndian = m[1] === '>';
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (!Number.isSafeInteger(count) || bytes.length - offset < count * dt.size) {
    throw new DatasetError(
      `${file}: the header promises shape (${shape.join(', ')}) of ${descr} (${count * dt.size} bytes) but only ${bytes.length - offset} bytes follow; the file is truncated.`,
      file,
    );
  }
  const data = readElements(view, offset, count, kind, bigEndian);
  return { descr, shape, fortranOrder, isFloat: dt.float, data: fortranOrder ? fortranToC(data, shape) : data };
}

function readElements(view: DataView, offset: number, count: number, kind: string, bigEndian: boolean): NpyArray['data'] {
  const le = !bigEndian;
  const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, count * (DTYPES[kind]?.size ?? 1));
  switch (kind) {
    case 'u1':
      return bytes.slice();
    case 'b1':
      return fill(new Uint8Array(count), (i) => (bytes[i] ? 1 : 0));
    case 'i1':
      return new Int8Array(bytes.slice().buffer);
    case 'u2': return fill(new Uint16Array(count), (i) => view.getUint16(offset + i * 2, le));
    case 'i2': return fill(new Int16Array(count), (i) => view.getInt16(offset + i * 2, le));
    case 'u4': return fill(new Uint32Array(count), (i) => view.getUint32(offset + i * 4, le));
    case 'i4': return fill(new Int32Array(count), (i) => view.getInt32(offset + i * 4, le));
    case 'f4': return fill(new Float32Array(count), (i) => view.getFloat32(offset + i * 4, le));
    case 'f8': return fill(new Float64Array(count), (i) => view.getFloat64(offset + i * 8, le));
    case 'i8': return fill(new Float64Array(count), (i) => Number(view.getBigInt64(offset + i * 8, le)));
    default: return fill(new Float64Array(count), (i) => Number(view.getBigUint64(offset + i * 8, le)));
  }
}

function fill<T extends { length: number; [i: number]: number }>(out: T, get: (i: number) => number): T {
  for (let i = 0; i < out.length; i++) out[i] = get(i);
  return out;
}

/** Fortran order stores the first index fastest; rewrite into C order. */
function fortranToC(src: NpyArray['data'], shape: number[]): NpyArray['data'] {
  const out = new (src.constructor as new (n: number) => NpyArray['data'])(src.length);
  const rank = shape.length;
  const fStride = new Array<number>(rank);
  let s = 1;
  for (let d = 0; d < rank; d++) {
    fStride[d] = s;
    s *= shape[d]!;
  }
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < src.length; i++) {
    let f = 0;
    for (let d = 0; d < rank; d++) f += idx[d]! * fStride[d]!;
    out[i] = src[f]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}
