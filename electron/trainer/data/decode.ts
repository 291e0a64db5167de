// Decoding one JPEG or PNG file into raw pixels with real decoders (jpeg-js, pngjs). The format is
// recognised by its magic bytes, not its name, so a mislabelled or truncated file gets a message
// naming it instead of garbage pixels.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DatasetError } from './types.ts';

export interface RawImage {
  data: Uint8Array; // height*width*channels, row-major
  width: number;
  height: number;
  channels: 3 | 4;
}

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'bmp' | 'webp' | 'unknown';

export function sniffFormat(bytes: Uint8Array): ImageFormat {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46) return 'gif';
  if (b(0) === 0x42 && b(1) === 0x4d) return 'bmp';
  if (b(0) === 0x52 && b(1) === 0x49 && b(8) === 0x57 && b(9) === 0x45) return 'webp';
  return 'unknown';
}

/** Decode JPEG/PNG bytes; every failure is a DatasetError naming `file`. */
export function decodeImage(bytes: Uint8Array, file: string): RawImage {
  const format = sniffFormat(bytes);
  if (format === 'jpeg') {
    try {
      // tolerantDecoding off: a truncated or corrupt JPEG is an error, not a half-grey image.
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
      const channels = img.data.length / (img.width * img.height);
      if (channels !== 3 || img.width < 1 || img.height < 1) throw new Error(`decoded ${channels} channels`);
      return { data: img.data, width: img.width, height: img.height, channels: 3 };
    } catch (err) {
      throw new DatasetError(
        `${file}: this JPEG could not be decoded (${(err as Error).message}); the file is corrupt or truncated. Re-export it or remove it from the dataset.`,
        file,
      );
    }
  }
  if (format === 'png') {
    try {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength), width: png.width, height: png.height, channels: 4 };
    } catch (err) {
      throw new DatasetError(
        `${file}: this PNG could not be decoded (${(err as Error).message}); the file is corrupt or truncated. Re-export it or remove it from the dataset.`,
        file,
      );
    }
  }
  const what =
    format === 'unknown'
      ? 'is not a JPEG or PNG image'
      : `is a ${format.toUpperCase()} image, which Netwright does not read`;
  throw new DatasetError(`${file} ${what}. Convert it to PNG or JPEG, or move it out of the dataset folder.`, file);
}
