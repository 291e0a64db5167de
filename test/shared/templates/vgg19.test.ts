/** VGG-19 against Keras' published keras.applications.VGG19 totals, and built with tfjs (143M weights: built once). */
import { describe, expect, it } from 'vitest';
import { buildWithTfjs, expand } from './library.ts';

describe('VGG-19 template', () => {
  it('has 143,667,240 parameters, as Keras and tfjs count them', () => {
    // keras.applications.VGG19(include_top=True, weights=None).summary(): Total params: 143,667,240.
    const { project, analysis } = expand('vgg19');
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals).toMatchObject({ total: 143_667_240, trainable: 143_667_240, nonTrainable: 0 });
    const convs = analysis.order.map((id) => analysis.nodes.get(id)!).filter((a) => a.kind === 'Conv2D').map((a) => a.name);
    expect(convs).toHaveLength(16);
    expect(convs.slice(-4)).toEqual(['block5_conv1', 'block5_conv2', 'block5_conv3', 'block5_conv4']);
    const facts = buildWithTfjs(project, analysis);
    expect(facts).toMatchObject({ countParams: 143_667_240, trainable: 143_667_240, shapeMismatches: [], missingNames: [] });
  });

  it('keeps Keras\' convolutional base of 20,024,384 at other class counts', () => {
    // keras.applications.VGG19(include_top=False).summary(): Total params: 20,024,384.
    const { analysis } = expand('vgg19', { classes: 5 });
    expect(analysis.totals.total).toBe(20_024_384 + (25_088 + 1) * 4096 + (4096 + 1) * 4096 + (4096 + 1) * 5);
  });
});
