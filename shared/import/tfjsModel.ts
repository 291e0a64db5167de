/**
 * The tfjs Layers format: model.json holds `modelTopology` (a Keras model config, bare or inside
 * `model_config`) and `weightsManifest` (groups of weight specs, each group stored in one or more
 * binary shard files listed by relative path). Paths are checked here before anyone opens a
 * file: nothing absolute, no `..`, no URLs, no backslashes. Decoding turns shard bytes into
 * named float arrays, honouring tfjs' uint8/uint16/float16 quantization.
 */
import { z } from 'zod';
import { formatPath } from '../graph/load.ts';
import { ImportError, readKerasModel, type KerasGraph } from './kerasModel.ts';

/** One weight's values, by its full name (e.g. `conv0/kernel`). */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

const WeightSpecSchema = z.object({
  name: z.string().min(1).max(1000),
  shape: z.array(z.number().int().min(0).max(2 ** 31 - 1)).max(8),
  dtype: z.enum(['float32', 'int32', 'bool']),
  quantization: z
    .object({
      dtype: z.enum(['uint8', 'uint16', 'float16']),
      scale: z.number().finite().optional(),
      min: z.number().finite().optional(),
      original_dtype: z.string().max(20).optional(),
    })
    .optional(),
});

const ManifestSchema = z
  .array(z.object({ paths: z.array(z.string().max(1000)).min(1).max(10_000), weights: z.array(WeightSpecSchema).max(100_000) }))
  .max(10_000);

export type WeightsManifest = z.output<typeof ManifestSchema>;

/** The largest weight file set Netwright reads (1 GiB; VGG-19, among the largest classic CNNs, needs 0.55). */
export const MAX_WEIGHT_BYTES = 2 ** 30;

/** Refuses weight paths that could reach outside the model's folder; returns the path unchanged. */
export function checkWeightPath(p: string, at: string): string {
  const problem =
    p.length === 0
      ? 'is empty'
      : p.includes('\0')
        ? 'contains a NUL character'
        : p.includes('\\')
          ? 'contains a backslash'
          : p.startsWith('/')
            ? 'is absolute'
            : /^[A-Za-z][A-Za-z0-9+.-]*:/.test(p)
              ? 'is a URL or a drive path'
              : p.split('/').some((s) => s === '..')
                ? 'climbs out of the folder with ..'
                : undefined;
  if (problem) throw new ImportError(at, `weight file path ${JSON.stringify(p.slice(0, 100))} ${problem}; weights are only read from the model's own folder`);
  return p;
}

export interface TfjsModelJson {
  graph: KerasGraph;
  /** Undefined when the file has no weights manifest. */
  manifest?: WeightsManifest;
}

/** Reads a parsed model.json: its topology and (checked) weights manifest. */
export function readTfjsModelJson(value: unknown): TfjsModelJson {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ImportError('', 'a tfjs model.json holds one JSON object');
  const o = value as Record<string, unknown>;
  if (o.format !== undefined && o.format !== 'layers-model') {
    throw new ImportError('format', `this is a tfjs "${String(o.format).slice(0, 40)}" model; Netwright imports Layers models (format "layers-model"), whose layers it can show`);
  }
  const topology = o.modelTopology;
  if (topology === null || typeof topology !== 'object') throw new ImportError('modelTopology', 'missing: a tfjs Layers model.json has a modelTopology object');
  const inner = (topology as Record<string, unknown>).model_config;
  const graph = inner !== undefined ? readKerasModel(inner, 'modelTopology.model_config') : readKerasModel(topology, 'modelTopology');
  if (o.weightsManifest === undefined) return { graph };
  const parsed = ManifestSchema.safeParse(o.weightsManifest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ImportError(`weightsManifest${formatPath(issue.path).replace(/^(?=[^[])/, '.')}`, issue.message);
  }
  parsed.data.forEach((g, i) => g.paths.forEach((p, j) => checkWeightPath(p, `weightsManifest[${i}].paths[${j}]`)));
  return { graph, manifest: parsed.data };
}

/** Elements of a shape, refusing products past 2^31 (no float64 overflow games). */
function elements(shape: number[], at: string): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n > 2 ** 31) throw new ImportError(at, `shape ${JSON.stringify(shape)} holds more than 2^31 values`);
  }
  return n;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/**
 * The weights of every group, decoded from its shards' bytes (`shards(path)`, in the manifest's
 * order). The bytes must be exactly what the manifest describes.
 */
export function decodeWeights(manifest: WeightsManifest, shards: (path: string, at: string) => Uint8Array): NamedWeight[] {
  const out: NamedWeight[] = [];
  let total = 0;
  manifest.forEach((group, gi) => {
    const parts = group.paths.map((p, j) => shards(p, `weightsManifest[${gi}].paths[${j}]`));
    const size = parts.reduce((a, b) => a + b.byteLength, 0);
    total += size;
    if (total > MAX_WEIGHT_BYTES) throw new ImportError(`weightsManifest[${gi}]`, `the weight files hold more than ${MAX_WEIGHT_BYTES} bytes`);
    let bytes = parts[0]!;
    if (parts.length > 1) {
      bytes = new Uint8Array(size);
      let o = 0;
      for (const p of parts) {
        bytes.set(p, o);
        o += p.byteLength;
      }
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    group.weights.forEach((w, wi) => {
      const at = `weightsManifest[${gi}].weights[${wi}]`;
      const n = elements(w.shape, `${at}.shape`);
      const q = w.quantization;
      const width = q ? (q.dtype === 'uint8' ? 1 : 2) : w.dtype === 'bool' ? 1 : 4;
      if (offset + n * width > size) {
        throw new ImportError(at, `weight "${w.name}" needs bytes ${offset} to ${offset + n * width}, but ${group.paths.join(' + ')} hold only ${size}; the weight files do not match model.json`);
      }
      out.push({ name: w.name, shape: w.shape, values: readValues(view, bytes, offset, n, w.dtype, q) });
      offset += n * width;
    });
    if (offset !== size) throw new ImportError(`weightsManifest[${gi}]`, `${group.paths.join(' + ')} hold ${size} bytes, but the manifest describes ${offset}; the weight files do not match model.json`);
  });
  return out;
}

type Quantization = z.output<typeof WeightSpecSchema>['quantization'];

/** `n` values of one weight starting at byte `offset`, as floats. */
function readValues(view: DataView, bytes: Uint8Array, offset: number, n: number, dtype: string, q: Quantization): Float32Array {
  // Plain float32 (nearly every weight): one copy, read as little-endian floats.
  if (!q && dtype === 'float32' && LITTLE_ENDIAN) {
    const start = bytes.byteOffset + offset;
    return start % 4 === 0 ? new Float32Array(bytes.buffer, start, n).slice() : new Float32Array(bytes.slice(offset, offset + n * 4).buffer);
  }
  const width = q ? (q.dtype === 'uint8' ? 1 : 2) : dtype === 'bool' ? 1 : 4;
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const b = offset + i * width;
    if (q?.dtype === 'uint8') values[i] = view.getUint8(b) * (q.scale ?? 1) + (q.min ?? 0);
    else if (q?.dtype === 'uint16') values[i] = view.getUint16(b, true) * (q.scale ?? 1) + (q.min ?? 0);
    else if (q?.dtype === 'float16') values[i] = halfToFloat(view.getUint16(b, true));
    else if (dtype === 'float32') values[i] = view.getFloat32(b, true);
    else if (dtype === 'int32') values[i] = view.getInt32(b, true);
    else values[i] = view.getUint8(b) ? 1 : 0;
  }
  return values;
}
