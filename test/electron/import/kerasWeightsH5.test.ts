/**
 * The Keras weights file the export writes, read back through h5wasm by our own .h5 reader:
 * layers in order, datasets in get_weights() order with shapes (scalars too) and exact values,
 * layers without weights left out, names HDF5 cannot hold refused by layer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readKerasH5 } from '../../../electron/import/h5.ts';
import { writeKerasWeightsH5 } from '../../../electron/import/kerasWeightsH5.ts';
import { makeTempDir } from '../../shared/codegen/tempDir.ts';

const tmp = makeTempDir('keras-weights-h5');
afterAll(() => tmp.remove());

const ramp = (n: number, from: number) => Float32Array.from({ length: n }, (_, i) => from + i * 0.25);

describe('writeKerasWeightsH5', () => {
  it('round-trips layers, shapes and values through the h5 reader', async () => {
    const layers = [
      { name: 'conv0', weights: [{ name: 'conv0/kernel', shape: [3, 3, 2, 4], values: ramp(72, -9) }, { name: 'conv0/bias', shape: [4], values: ramp(4, 1) }] },
      { name: 'flatten', weights: [] },
      {
        name: 'bn0',
        weights: ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w, i) => ({ name: `bn0/${w}`, shape: [4], values: ramp(4, i) })),
      },
      { name: 'scale', weights: [{ name: 'scale/alpha', shape: [], values: Float32Array.of(0.5) }] },
    ];
    const path = join(tmp.dir, 'model.weights.h5');
    await writeKerasWeightsH5(layers, path);
    const read = await readKerasH5(new Uint8Array(readFileSync(path)), 'model.weights.h5');
    expect([...read.layerWeights.keys()]).toEqual(['conv0', 'bn0', 'scale']);
    for (const layer of layers.filter((l) => l.weights.length > 0)) {
      const got = read.layerWeights.get(layer.name)!;
      expect(got.map((w) => w.shape)).toEqual(layer.weights.map((w) => w.shape));
      got.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(layer.weights[i]!.values)));
    }
  });

  it('refuses a layer name HDF5 would split into groups, naming the layer', async () => {
    await expect(writeKerasWeightsH5([{ name: 'block/conv', weights: [{ name: 'k', shape: [1], values: Float32Array.of(1) }] }], join(tmp.dir, 'bad.h5'))).rejects.toThrow(/layer "block\/conv"/);
  });
});
