/** VGG-16 against Keras' published keras.applications.VGG16 totals, and built with tfjs (138M weights: built once). */
import { describe, expect, it } from 'vitest';
import { buildWithTfjs, expand } from './library.ts';

describe('VGG-16 template', () => {
  it('has Keras VGG16 layer names and 138,357,544 parameters, as tfjs counts too', () => {
    // keras.applications.VGG16(include_top=True, weights=None).summary(): Total params: 138,357,544.
    const { project, analysis } = expand('vgg16');
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals).toMatchObject({ total: 138_357_544, trainable: 138_357_544, nonTrainable: 0 });
    const names = analysis.order.map((id) => analysis.nodes.get(id)!.name);
    expect(names).toEqual([
      'input_1',
      'block1_conv1', 'block1_conv2', 'block1_pool',
      'block2_conv1', 'block2_conv2', 'block2_pool',
      'block3_conv1', 'block3_conv2', 'block3_conv3', 'block3_pool',
      'block4_conv1', 'block4_conv2', 'block4_conv3', 'block4_pool',
      'block5_conv1', 'block5_conv2', 'block5_conv3', 'block5_pool',
      'flatten', 'fc1', 'fc2', 'predictions',
    ]);
    const facts = buildWithTfjs(project, analysis);
    expect(facts).toMatchObject({ countParams: 138_357_544, trainable: 138_357_544, shapeMismatches: [], missingNames: [] });
  });

  it('keeps Keras\' convolutional base of 14,714,688 at other class counts', () => {
    // keras.applications.VGG16(include_top=False).summary(): Total params: 14,714,688. The top adds
    // (7*7*512 + 1)*4096 + (4096 + 1)*4096 + (4096 + 1)*classes.
    const { analysis } = expand('vgg16', { classes: 10 });
    expect(analysis.totals.total).toBe(14_714_688 + (25_088 + 1) * 4096 + (4096 + 1) * 4096 + (4096 + 1) * 10);
  });
});
