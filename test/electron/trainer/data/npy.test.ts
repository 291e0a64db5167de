// The .npy reader against numpy itself (files written by numpy.save, values compared with
// numpy's tolist), the x/y pair loader and its errors, and fast-check: any bytes give an array or
// a DatasetError, never another exception or a hang.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classCounts, DatasetError, loadDataset, parseNpy, parseNpyHeader } from '../../../../electron/trainer/data/index.ts';
import { hasNumpy, noiseImage, python, tempDir } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Minimal .npy v1 writer (C order) for tests that must run without numpy. */
function npyBytes(descr: string, shape: number[], data: ArrayBufferView, fortran = false): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

describe.skipIf(!hasNumpy('npy parser vs numpy'))('parseNpy reads what numpy.save writes', () => {
  const cases = [
    ['uint8 images', "np.arange(2*3*4*3, dtype=np.uint8).reshape(2, 3, 4, 3)"],
    ['float32', "np.linspace(0, 1, 24, dtype=np.float32).reshape(2, 3, 4)"],
    ['float64', "np.linspace(-5, 5, 10).astype('<f8')"],
    ['int64', "np.array([0, 5, -3, 2**40], dtype=np.int64)"],
    ['int32', "np.array([[1, -2], [3, 2**30]], dtype=np.int32)"],
    ['big-endian int32', "np.array([1, 256, 65536], dtype='>i4')"],
    ['bool one-hot', "np.eye(3, dtype=bool)"],
    ['fortran order', "np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4))"],
    ['uint16', "np.array([0, 1000, 65535], dtype=np.uint16)"],
    ['scalar shape ()', "np.array(7, dtype=np.int64)"],
    ['empty (0, 4)', "np.zeros((0, 4), dtype=np.float32)"],
    ['version 2 header', "np.zeros((3,), dtype=np.uint8)"],
  ] as const;
  // One python run writes every case and prints numpy's own view of the values.
  let reference: Record<string, { shape: number[]; values: number[] }> = {};
  const fileOf = (name: string): string => path.join(tmp.dir, `${name.replace(/\W+/g, '_')}.npy`);
  beforeAll(() => {
    const lines = cases.map(([name, expr]) => {
      const version = name === 'version 2 header' ? '(2, 0)' : 'None';
      return `a = ${expr}
with open(${JSON.stringify(fileOf(name))}, 'wb') as f:
    np.lib.format.write_array(f, a, version=${version})
out[${JSON.stringify(name)}] = {'shape': list(a.shape), 'values': np.asarray(a, dtype=np.float64).ravel(order='C').tolist()}`;
    });
    reference = JSON.parse(python(`out = {}\n${lines.join('\n')}\nprint(json.dumps(out))`)) as typeof reference;
  });
  it.each(cases)('%s', (name) => {
    const file = fileOf(name);
    const arr = parseNpy(new Uint8Array(readFileSync(file)), file);
    expect(arr.shape).toEqual(reference[name]!.shape);
    expect(Array.from(arr.data)).toEqual(reference[name]!.values);
  });
});

describe('npy pairs as datasets', () => {
  const x = noiseImage(6 * 4 * 4 * 3, 2);
  const xFile = path.join(tmp.dir, 'x.npy');
  const yFile = path.join(tmp.dir, 'y.npy');
  writeFileSync(xFile, npyBytes('|u1', [6, 4, 4, 3], x));
  writeFileSync(yFile, npyBytes('<i8', [6], new BigInt64Array([0n, 1n, 2n, 2n, 1n, 0n])));

  it('uint8 (N,H,W,C) with int64 labels round-trips', async () => {
    const ds = await loadDataset({ kind: 'npy', x: xFile, y: yFile });
    expect(ds.shape).toEqual([4, 4, 3]);
    expect(ds.images).toEqual(x);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 2, 1, 0]);
    expect(ds.classes).toEqual(['0', '1', '2']);
  });

  it('float (N,H,W) in 0..1 with one-hot float labels', async () => {
    const xf = path.join(tmp.dir, 'xf.npy');
    const yf = path.join(tmp.dir, 'yf.npy');
    writeFileSync(xf, npyBytes('<f4', [2, 2, 2], Float32Array.of(0, 1, 0.5, 0.2, 1, 1, 0, 0)));
    writeFileSync(yf, npyBytes('<f4', [2, 3], Float32Array.of(0, 0, 1, 1, 0, 0)));
    const ds = await loadDataset({ kind: 'npy', x: xf, y: yf }, { limitPerClass: 1 });
    expect(ds.shape).toEqual([2, 2, 1]);
    expect(Array.from(ds.images)).toEqual([0, 255, 128, 51, 255, 255, 0, 0]);
    expect(Array.from(ds.labels)).toEqual([2, 0]);
    expect(classCounts(ds)).toEqual([1, 0, 1]);
  });

  const wrong: [string, string, Uint8Array, RegExp][] = [
    ['flat rows', 'flat.npy', npyBytes('|u1', [6, 48], x), /one flat row per image.*reshape/],
    ['channels first', 'chw.npy', npyBytes('|u1', [6, 3, 8, 8], new Uint8Array(6 * 192)), /channels-first/],
    ['standardised floats', 'neg.npy', npyBytes('<f4', [6, 1, 1], Float32Array.of(0, -1.5, 2, 0, 0, 0)), /range from -1.5 to 2/],
    ['unicode dtype', 'str.npy', npyBytes('<U3', [1], new Uint8Array(12)), /dtype '<U3' is not supported/],
    ['truncated', 'short.npy', npyBytes('|u1', [6, 4, 4, 3], x).subarray(0, 100), /truncated/],
  ];
  it.each(wrong)('%s: DatasetError names the file', async (_, name, bytes, message) => {
    const file = path.join(tmp.dir, name);
    writeFileSync(file, bytes);
    const err = (await loadDataset({ kind: 'npy', x: file, y: yFile }).catch((e: unknown) => e)) as DatasetError;
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(message);
  });

  it('label count differing from image count names both files', async () => {
    const y5 = path.join(tmp.dir, 'y5.npy');
    writeFileSync(y5, npyBytes('<i8', [5], new BigInt64Array(5)));
    await expect(loadDataset({ kind: 'npy', x: xFile, y: y5 })).rejects.toThrow(/holds 6 images but .*y5\.npy holds labels of shape \(5\)/);
  });

  it('non-integer labels are refused', async () => {
    const yb = path.join(tmp.dir, 'yb.npy');
    writeFileSync(yb, npyBytes('<f8', [6], Float64Array.of(0, 1, 0.5, 1, 1, 0)));
    await expect(loadDataset({ kind: 'npy', x: xFile, y: yb })).rejects.toThrow(/label 2 is 0.5/);
  });
});

describe('npy parser never throws anything but DatasetError', () => {
  const ok = (f: () => unknown): void => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof DatasetError)) throw e;
    }
  };
  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => ok(() => parseNpy(b, 'x.npy'))), { numRuns: 500 });
  });
  it('on arbitrary bytes after a valid magic and version', () => {
    const prefix = fc.constantFrom(1, 2, 3, 9).map((v) => Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, v, 0));
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 300 }), (p, rest) => {
        const b = new Uint8Array(p.length + rest.length);
        b.set(p);
        b.set(rest, p.length);
        ok(() => parseNpy(b, 'x.npy'));
      }),
      { numRuns: 500 },
    );
  });
  it('on header dicts with random shapes and dtypes, with matching or short data', () => {
    const descr = fc.constantFrom('|u1', '<f4', '<f8', '<i8', '<i4', '>i2', '|b1', '<c8', 'O', '<U4', '|u9');
    const shape = fc.array(fc.oneof(fc.nat(6), fc.constantFrom(2 ** 40, -1)), { maxLength: 4 });
    fc.assert(
      fc.property(descr, shape, fc.boolean(), fc.nat(200), (d, s, fortran, dataLen) => {
        const bytes = npyBytes(d, s, new Uint8Array(dataLen), fortran);
        ok(() => {
          const arr = parseNpy(bytes, 'x.npy');
          expect(arr.data.length).toBe(s.reduce((a, b) => a * b, 1));
        });
      }),
      { numRuns: 500 },
    );
  });
  it('header text fuzz', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (t) => ok(() => parseNpyHeader(t, 'x.npy'))), { numRuns: 500 });
  });
});
