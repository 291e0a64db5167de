// Concatenate's axis in imported Keras files: the channel axis counted with the batch (3 on an
// image batch, keras.applications' InceptionV3 "mixed0" and DenseNet121) or from the end (-1)
// imports and keeps its value; any other axis is refused at the layer, saying which axes work.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { importModelJson } from '../../../shared/import/index.ts';

function joined(axis: number, shapes: [number[], number[]]): string {
  const a = tf.input({ shape: shapes[0], name: 'a' });
  const b = tf.input({ shape: shapes[1], name: 'b' });
  const out = tf.layers.concatenate({ axis, name: 'mixed0' }).apply([a, b]) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [a, b], outputs: out, name: 'join' });
  try {
    return model.toJSON(null, true) as string;
  } finally {
    model.dispose();
  }
}

describe('Concatenate axis on import', () => {
  it.each([
    [3, [[5, 5, 8], [5, 5, 4]]],
    [-1, [[5, 5, 8], [5, 5, 4]]],
    [1, [[8], [4]]],
  ] as const)('axis %i imports as the channel axis', async (axis, shapes) => {
    const result = await importModelJson(joined(axis, [[...shapes[0]], [...shapes[1]]]));
    if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
    expect(result.model.project.nodes.find((n) => n.name === 'mixed0')!.params).toEqual({ axis });
  });

  it.each([2, -2])('axis %i (not the channels) is refused at the layer', async (axis) => {
    const result = await importModelJson(joined(axis, [[5, 5, 8], [5, 3, 8]]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.path).toBe('config.layers[2]');
    expect(!result.ok && result.error.message).toContain(`Concatenate joins along the channel axis (-1 or 3 for 5x5x8 inputs); received axis ${axis}`);
  });
});
