/** GlobalAveragePooling2D (keras.layers.GlobalAveragePooling2D): the mean of each channel. */
import { globalPooling2d } from './globalPooling2d.ts';

export const globalAveragePooling2d = globalPooling2d(
  'GlobalAveragePooling2D',
  'global_average_pooling2d',
  'globalAveragePooling2d',
  'Averages each channel over the whole image: HxWxC becomes C (ResNet, Inception heads).',
);
