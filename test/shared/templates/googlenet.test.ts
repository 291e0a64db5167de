/** GoogLeNet / Inception v1 from the paper's Table 1: counted by hand below, checked by tfjs, with and without auxiliary classifiers. */
import { describe, expect, it } from 'vitest';
import { buildWithTfjs, expand } from './library.ts';

// Per Inception module with input C: (C+1)*#1x1 + (C+1)*#3x3red + (9*#3x3red+1)*#3x3
//   + (C+1)*#5x5red + (25*#5x5red+1)*#5x5 + (C+1)*poolproj, all convolutions with bias:
//   stem: conv1 (7*7*3+1)*64 = 9,472; conv2 reduce (64+1)*64 = 4,160; conv2 (9*64+1)*192 = 110,784
//   3a (C=192)   163,696 -> 256 channels     4a (C=480)   376,176 -> 512    4d (C=512)   605,376 -> 528
//   3b (C=256)   388,736 -> 480              4b (C=512)   449,160 -> 512    4e (C=528)   868,352 -> 832
//                                            4c (C=512)   510,104 -> 512    5a (C=832) 1,043,456 -> 832
//                                                                           5b (C=832) 1,444,080 -> 1024
//   classifier (1024+1)*1000 = 1,025,000
//   total 6,998,552 (the paper's Table 1 omits biases and rounds; this is the Keras count)
// Auxiliary classifier after 4a: 5x5/3 avg-pool -> 4x4x512, conv 1x1 (512+1)*128 = 65,664,
//   FC (4*4*128+1)*1024 = 2,098,176, softmax (1024+1)*1000 = 1,025,000: 3,188,840;
//   after 4d the conv has (528+1)*128 = 67,712: 3,190,888. With both: 13,378,280.
describe('GoogLeNet template', () => {
  it('has 6,998,552 parameters without auxiliary classifiers', () => {
    const { project, analysis } = expand('googlenet');
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals.total).toBe(6_998_552);
    const byName = (n: string) => [...analysis.nodes.values()].find((a) => a.name === n)!;
    expect(byName('inception_3a_output').shape).toEqual([28, 28, 256]);
    expect(byName('inception_4e_output').shape).toEqual([14, 14, 832]);
    expect(byName('inception_5b_output').shape).toEqual([7, 7, 1024]);
    expect(byName('pool5_7x7_s1').shape).toEqual([1, 1, 1024]);
    const inception = (label: string) => project.groups.find((g) => g.name === `inception ${label}`)!;
    const params = (label: string) => [...analysis.nodes.values()].filter((a) => project.nodes.find((n) => n.id === a.id)!.group === inception(label).id).reduce((s, a) => s + a.count.trainable, 0);
    expect([params('3a'), params('4e'), params('5b')]).toEqual([163_696, 868_352, 1_444_080]);
    const facts = buildWithTfjs(project, analysis);
    expect(facts).toMatchObject({ countParams: 6_998_552, trainable: 6_998_552, shapeMismatches: [], missingNames: [], outputs: 1 });
  });

  it('has 13,378,280 parameters and three outputs with auxiliary classifiers', () => {
    const { project, analysis } = expand('googlenet', { aux: true });
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals.total).toBe(13_378_280);
    const facts = buildWithTfjs(project, analysis);
    expect(facts).toMatchObject({ countParams: 13_378_280, shapeMismatches: [], missingNames: [], outputs: 3 });
  });
});
