// MaxPooling2D: strides equal to or unlike the pool, same/valid, odd sizes, window > input with 'same'.
import { tableFor, tf } from './harness.ts';
import { poolingRows } from './poolingRows.ts';

tableFor('MaxPooling2D', {
  tfjsLayer: (c) => tf.layers.maxPooling2d({ poolSize: 2, ...c } as never),
  ...poolingRows('MaxPooling2D'),
});
