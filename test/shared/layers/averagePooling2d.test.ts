// AveragePooling2D: the same table as MaxPooling2D (one shape rule for both).
import { tableFor, tf } from './harness.ts';
import { poolingRows } from './poolingRows.ts';

tableFor('AveragePooling2D', {
  tfjsLayer: (c) => tf.layers.averagePooling2d({ poolSize: 2, ...c } as never),
  ...poolingRows('AveragePooling2D'),
});
