/** AlexNet (single tower, with LRN): counted by hand below, checked by our analysis and by tfjs. */
import { describe, expect, it } from 'vitest';
import { buildWithTfjs, expand } from './library.ts';

describe('AlexNet template', () => {
  it('has 62,378,344 parameters and the case study\'s shapes', () => {
    // By hand, (k*k*Cin + 1)*F per conv and (in + 1)*out per dense; LRN, pooling and dropout have none:
    //   conv1 (11*11*3 + 1)*96    =     34,944   -> 55x55x96, pool1 -> 27x27x96
    //   conv2 (5*5*96 + 1)*256    =    614,656   -> 27x27x256, pool2 -> 13x13x256
    //   conv3 (3*3*256 + 1)*384   =    885,120
    //   conv4 (3*3*384 + 1)*384   =  1,327,488
    //   conv5 (3*3*384 + 1)*256   =    884,992   -> 13x13x256, pool5 -> 6x6x256 = 9,216
    //   fc6   (9,216 + 1)*4096    = 37,752,832
    //   fc7   (4,096 + 1)*4096    = 16,781,312
    //   fc8   (4,096 + 1)*1000    =  4,097,000
    //   total                       62,378,344  (the figure usually quoted for AlexNet)
    const { project, analysis } = expand('alexnet');
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals).toMatchObject({ total: 62_378_344, trainable: 62_378_344, nonTrainable: 0 });
    const shape = (name: string) => [...analysis.nodes.values()].find((a) => a.name === name)!.shape;
    expect(shape('conv1')).toEqual([55, 55, 96]);
    expect(shape('pool1')).toEqual([27, 27, 96]);
    expect(shape('pool2')).toEqual([13, 13, 256]);
    expect(shape('pool5')).toEqual([6, 6, 256]);
    expect(project.nodes.filter((n) => n.kind === 'LocalResponseNormalization').map((n) => n.name)).toEqual(['norm1', 'norm2']);
    const facts = buildWithTfjs(project, analysis);
    expect(facts).toMatchObject({ countParams: 62_378_344, trainable: 62_378_344, shapeMismatches: [], missingNames: [] });
  });
});
