/** MaxPooling2D (keras.layers.MaxPooling2D): the largest value in each window. */
import { pooling2d } from './pooling2d.ts';

export const maxPooling2d = pooling2d(
  'MaxPooling2D',
  'max_pooling2d',
  'maxPooling2d',
  'Keeps the largest value of each window, shrinking height and width.',
);
