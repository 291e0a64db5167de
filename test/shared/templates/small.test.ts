/** LeNet-5 and the block templates standing alone: counted by hand, checked by our analysis and by tfjs. */
import { describe, expect, it } from 'vitest';
import { buildWithTfjs, expand } from './library.ts';

describe('small templates', () => {
  it('LeNet-5 has 61,706 parameters', () => {
    // c1 (5*5*1+1)*6 = 156 -> 28x28x6, s2 -> 14x14x6; c3 (5*5*6+1)*16 = 2,416 -> 10x10x16, s4 -> 5x5x16 = 400;
    // f5 (400+1)*120 = 48,120; f6 (120+1)*84 = 10,164; output (84+1)*10 = 850. Total 61,706.
    const { project, analysis } = expand('lenet5');
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals.total).toBe(61_706);
    expect([...analysis.nodes.values()].find((a) => a.name === 's4')!.shape).toEqual([5, 5, 16]);
    expect(buildWithTfjs(project, analysis)).toMatchObject({ countParams: 61_706, shapeMismatches: [], missingNames: [] });
  });

  it.each([
    // 1x1 256->64: (256+1)*64 = 16,448; 3x3 64->64: (9*64+1)*64 = 36,928; 1x1 64->256: (64+1)*256 = 16,640;
    // BN 4*(64+64+256) = 1,536, half non-trainable (768). Total 71,552.
    ['resnet_identity_block', 71_552, 768],
    // (256+1)*128 = 32,896; (9*128+1)*128 = 147,584; (128+1)*512 = 66,048; shortcut (256+1)*512 = 131,584;
    // BN 4*(128+128+512+512) = 5,120, 2,560 non-trainable. Total 383,232.
    ['resnet_conv_block', 383_232, 2_560],
    // Inception 3a on 28x28x192 (see googlenet.test.ts): 163,696.
    ['inception_module', 163_696, 0],
    // 1x1 256->64: (256+1)*64 = 16,448; BN 4*64 = 256, 128 non-trainable. Total 16,704.
    ['bottleneck_1x1', 16_704, 128],
  ] as const)('%s standing alone has %i parameters', (id, total, nonTrainable) => {
    const { project, analysis } = expand(id);
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals).toMatchObject({ total, nonTrainable });
    expect(buildWithTfjs(project, analysis)).toMatchObject({ countParams: total, trainable: total - nonTrainable, shapeMismatches: [], missingNames: [] });
  });
});
