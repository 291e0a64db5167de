/**
 * The zip archives Keras 3 saves as `.keras` (config.json, model.weights.h5, metadata.json):
 * entries found through the central directory at the end of the file, each read on demand,
 * stored or deflated (node:zlib), with its size checked against a limit before it is inflated.
 * No encryption and no Zip64 (Netwright reads at most MAX_WEIGHT_BYTES, far below 4 GB).
 */
import { inflateRawSync } from 'node:zlib';
import { ImportError } from '../../shared/import/index.ts';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** Where the entry's local header starts. */
  headerOffset: number;
}

const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65535. */
const END_SEARCH = 22 + 0xffff;

/** True when the bytes start like a zip archive (a local file header). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The archive's entries by name; throws ImportError (prefixed with `label`) on a damaged archive. */
export function readZipEntries(bytes: Uint8Array, label: string): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - END_SEARCH); at--) {
    if (view.getUint32(at, true) === END_SIGNATURE) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ImportError('', `${label} is not a complete zip archive (no end of central directory); save it again with model.save()`);
  const count = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ImportError('', `${label} is a Zip64 archive (over 4 GB or 65535 entries); Netwright reads .keras files up to 1 GB`);
  if (dirOffset + dirSize > end) throw new ImportError('', `${label} is damaged: its central directory lies outside the file`);
  const entries = new Map<string, ZipEntry>();
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw new ImportError('', `${label} is damaged: entry ${i} of its central directory is unreadable`);
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const entry: ZipEntry = {
      name,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      headerOffset: view.getUint32(at + 42, true),
    };
    if (flags & 1) throw new ImportError(name, `${label}: entry "${name}" is encrypted; save the model without a password`);
    entries.set(name, entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** One entry's bytes, refused when it would be larger than `limit`; throws ImportError. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, limit: number, label: string): Uint8Array {
  const where = `${label}: ${entry.name}`;
  if (entry.size > limit) throw new ImportError(entry.name, `${where} holds ${entry.size} bytes; Netwright reads at most ${limit}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = entry.headerOffset;
  if (h + 30 > bytes.length || view.getUint32(h, true) !== LOCAL_SIGNATURE) throw new ImportError(entry.name, `${where}: its local header is missing; the archive is damaged`);
  const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new ImportError(entry.name, `${where} is cut short; the archive is damaged`);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ImportError(entry.name, `${where} is stored with two different sizes; the archive is damaged`);
    return data;
  }
  if (entry.method !== 8) throw new ImportError(entry.name, `${where} is compressed with method ${entry.method}; Netwright reads stored and deflated entries (Keras writes those)`);
  let out: Buffer;
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch (e) {
    // maxOutputLength stops a deflate bomb at the size the directory promised.
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ImportError(entry.name, `${where} inflates to more than the ${entry.size} bytes its directory says; the archive is damaged`);
    throw new ImportError(entry.name, `${where} does not inflate (${(e as Error).message}); the archive is damaged`);
  }
  if (out.length !== entry.size) throw new ImportError(entry.name, `${where} inflates to ${out.length} bytes, not the ${entry.size} its directory says; the archive is damaged`);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
