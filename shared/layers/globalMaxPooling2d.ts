/** GlobalMaxPooling2D (keras.layers.GlobalMaxPooling2D): the largest value of each channel. */
import { globalPooling2d } from './globalPooling2d.ts';

export const globalMaxPooling2d = globalPooling2d(
  'GlobalMaxPooling2D',
  'global_max_pooling2d',
  'globalMaxPooling2d',
  'Keeps the largest value of each channel over the whole image: HxWxC becomes C.',
);
