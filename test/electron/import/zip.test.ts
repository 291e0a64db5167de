// The .keras zip reader: stored and deflated entries by name, sizes checked before inflating,
// and damaged, encrypted or foreign archives refused saying what is wrong.
import { describe, expect, it } from 'vitest';
import { isZip, readZipEntries, readZipEntry } from '../../../electron/import/zip.ts';
import { writeZip } from './zipFixture.ts';

const text = (s: string) => new TextEncoder().encode(s);
const decoded = (b: Uint8Array) => new TextDecoder().decode(b);

describe('zip reader', () => {
  it('reads stored and deflated entries by name, in any order', () => {
    const big = 'config '.repeat(5000);
    const zip = writeZip([
      { name: 'metadata.json', data: text('{"keras_version": "3.15.1"}') },
      { name: 'config.json', data: text(big), deflate: true },
      { name: 'model.weights.h5', data: Uint8Array.from({ length: 300 }, (_, i) => i % 251) },
    ]);
    expect(isZip(zip)).toBe(true);
    const entries = readZipEntries(zip, 'm.keras');
    expect([...entries.keys()]).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
    expect(entries.get('config.json')!.method).toBe(8);
    expect(entries.get('config.json')!.compressedSize).toBeLessThan(big.length);
    expect(decoded(readZipEntry(zip, entries.get('config.json')!, 1e6, 'm.keras'))).toBe(big);
    expect(Array.from(readZipEntry(zip, entries.get('model.weights.h5')!, 1e6, 'm.keras'))).toEqual(Array.from({ length: 300 }, (_, i) => i % 251));
    expect(decoded(readZipEntry(zip, entries.get('metadata.json')!, 1e6, 'm.keras'))).toBe('{"keras_version": "3.15.1"}');
  });

  it('finds the end record behind an archive comment', () => {
    const zip = writeZip([{ name: 'a', data: text('x') }]);
    const comment = text('saved by a test');
    const withComment = new Uint8Array(zip.length + comment.length);
    withComment.set(zip);
    withComment.set(comment, zip.length);
    new DataView(withComment.buffer).setUint16(zip.length - 2, comment.length, true);
    expect(decoded(readZipEntry(withComment, readZipEntries(withComment, 'c.keras').get('a')!, 10, 'c.keras'))).toBe('x');
  });

  it('refuses an entry larger than the limit before inflating it', () => {
    const zip = writeZip([{ name: 'config.json', data: text('{}'.repeat(1000)), deflate: true }]);
    const entry = readZipEntries(zip, 'm.keras').get('config.json')!;
    expect(() => readZipEntry(zip, entry, 100, 'm.keras')).toThrow('m.keras: config.json holds 2000 bytes; Netwright reads at most 100');
  });

  it.each([
    ['cut off before its end record', (z: Uint8Array) => z.subarray(0, z.length - 10), 'm.keras is not a complete zip archive (no end of central directory)'],
    ['with its central directory pointing past the end', (z: Uint8Array) => {
      const c = z.slice();
      new DataView(c.buffer).setUint32(c.length - 6, c.length, true);
      return c;
    }, 'm.keras is damaged: its central directory lies outside the file'],
  ] as const)('refuses an archive %s', (_what, damage, message) => {
    const zip = damage(writeZip([{ name: 'config.json', data: text('{}') }]));
    expect(() => readZipEntries(zip, 'm.keras')).toThrow(message);
  });

  it.each([
    ['encrypted', { flags: 1 }, 'entry "config.json" is encrypted; save the model without a password'],
    ['compressed with bzip2 (method 12)', { method: 12 }, 'config.json is compressed with method 12; Netwright reads stored and deflated entries'],
    ['stored with two sizes', { size: 5 }, 'config.json is stored with two different sizes'],
    ['inflating past its stated size (a deflate bomb)', { deflate: true, size: 3 }, 'config.json inflates to more than the 3 bytes its directory says'],
    ['inflating short of its stated size', { deflate: true, size: 100 }, 'config.json inflates to 8 bytes, not the 100 its directory says'],
    ['whose deflate stream is garbage', { method: 8 }, 'config.json does not inflate'],
  ] as const)('refuses an entry %s', (_what, fields, message) => {
    const zip = writeZip([{ name: 'config.json', data: text('{"a": 1}'), ...fields }]);
    expect(() => readZipEntry(zip, readZipEntries(zip, 'm.keras').get('config.json')!, 1e6, 'm.keras')).toThrow(message);
  });
});
