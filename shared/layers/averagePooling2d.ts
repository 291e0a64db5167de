/** AveragePooling2D (keras.layers.AveragePooling2D): the mean of each window. */
import { pooling2d } from './pooling2d.ts';

export const averagePooling2d = pooling2d(
  'AveragePooling2D',
  'average_pooling2d',
  'averagePooling2d',
  'Averages each window, shrinking height and width (LeNet-5, ResNet avg_pool).',
);
