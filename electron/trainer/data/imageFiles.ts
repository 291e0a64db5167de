// Decoding a list of labelled image files (from a class folder tree or a CSV) into one Dataset.
// Every image is decoded with a real decoder and resampled to one shape: the target shape when
// given, otherwise the first image's size in RGB. Reads run a few files ahead of decoding.
import { readFile } from 'node:fs/promises';
import { decodeImage } from './decode.ts';
import { conformImage } from './resize.ts';
import { pickIndices } from './select.ts';
import { DatasetError, type Dataset, type LoadOptions } from './types.ts';

export interface LabelledFile {
  file: string; // absolute path
  label: number;
  /** Where the entry came from, for messages (e.g. "labels.csv line 7"). */
  origin?: string;
}

const READ_AHEAD = 8;

export async function loadImageFiles(
  entries: LabelledFile[],
  meta: { name: string; source: string; classes: string[] },
  options: LoadOptions = {},
): Promise<Dataset> {
  const keep = pickIndices(entries.map((e) => e.label), meta.classes.length, options);
  const chosen = Array.from(keep, (i) => entries[i]!);
  const total = chosen.length;
  let shape = options.targetShape;
  let images: Uint8Array | undefined = shape ? new Uint8Array(total * shape[0] * shape[1] * shape[2]) : undefined;
  const labels = new Int32Array(total);
  const read = (e: LabelledFile): Promise<Uint8Array> =>
    readFile(e.file).catch((err: NodeJS.ErrnoException) => {
      const where = e.origin ? ` (${e.origin})` : '';
      const why = err.code === 'ENOENT' ? 'does not exist' : `could not be read (${err.code ?? err.message})`;
      throw new DatasetError(`Image ${e.file}${where} ${why}. Fix the path or remove the entry.`, e.file);
    });
  const pending: Promise<Uint8Array>[] = [];
  const schedule = (k: number): void => {
    if (k >= total) return;
    const p = read(chosen[k]!);
    // Awaited later; a read that fails before its turn must not count as an unhandled rejection.
    p.catch(() => undefined);
    pending[k] = p;
  };
  for (let k = 0; k < Math.min(READ_AHEAD, total); k++) schedule(k);
  options.onProgress?.(0, total);
  for (let k = 0; k < total; k++) {
    options.signal?.throwIfAborted();
    const entry = chosen[k]!;
    const bytes = await pending[k]!;
    delete pending[k];
    schedule(k + READ_AHEAD);
    const raw = decodeImage(bytes, entry.origin ? `${entry.file} (${entry.origin})` : entry.file);
    if (!shape) {
      shape = [raw.height, raw.width, 3];
      images = new Uint8Array(total * raw.height * raw.width * 3);
    }
    const pixels = conformImage(raw.data, [raw.height, raw.width, raw.channels], shape, options.resample);
    images!.set(pixels, k * pixels.length);
    labels[k] = entry.label;
    if ((k + 1) % 16 === 0 || k + 1 === total) options.onProgress?.(k + 1, total);
  }
  return {
    name: meta.name,
    source: meta.source,
    images: images ?? new Uint8Array(0),
    labels,
    shape: shape ?? [0, 0, 3],
    classes: meta.classes,
    count: total,
    files: chosen.map((e) => e.file),
  };
}
