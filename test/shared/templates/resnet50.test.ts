/**
 * ResNet-50 exactly as the course's Keras code builds it, checked three ways: the course's own
 * model.summary() totals, Keras' published ResNet50 backbone, and tfjs building the graph.
 */
import { describe, expect, it } from 'vitest';
import { buildWithTfjs, expand } from './library.ts';

/**
 * The course ResNet-50's parameters computed from its architecture alone (no layer code of ours):
 * conv (k*k*Cin + 1)*F, BatchNorm 4*C of which 2*C non-trainable; stem ZeroPadding(3) + 7x7/2 conv,
 * 3x3/2 max-pool; stages of bottleneck blocks (the first with a projection shortcut), strides 1, 2, 2, 2
 * on 'valid' 1x1 convolutions; then AveragePooling2D((2,2)) (stride 2, 'valid'), Flatten, Dense.
 */
function courseResNet50(h: number, w: number, c: number, classes: number) {
  const conv = (k: number, cin: number, f: number) => (k * k * cin + 1) * f;
  let total = conv(7, c, 64) + 4 * 64;
  let nonTrainable = 2 * 64;
  let cin = 64;
  const stages: [number[], number][] = [[[64, 64, 256], 3], [[128, 128, 512], 4], [[256, 256, 1024], 6], [[512, 512, 2048], 3]];
  for (const [[f1, f2, f3], blocks] of stages) {
    for (let b = 0; b < blocks; b++) {
      total += conv(1, cin, f1!) + conv(3, f1!, f2!) + conv(1, f2!, f3!) + 4 * (f1! + f2! + f3!);
      nonTrainable += 2 * (f1! + f2! + f3!);
      if (b === 0) {
        total += conv(1, cin, f3!) + 4 * f3!;
        nonTrainable += 2 * f3!;
      }
      cin = f3!;
    }
  }
  const backbone = total;
  const side = (n: number) => {
    let s = Math.floor((n + 6 - 7) / 2) + 1; // conv1 on the padded input
    s = Math.floor((s - 3) / 2) + 1; // max-pool 3x3/2
    for (let i = 0; i < 3; i++) s = Math.floor((s - 1) / 2) + 1; // stages 3-5: 1x1 stride 2
    return Math.floor((s - 2) / 2) + 1; // avg_pool 2x2/2
  };
  total += (side(h) * side(w) * 2048 + 1) * classes;
  return { backbone, total, trainable: total - nonTrainable, nonTrainable };
}

describe('ResNet-50 template', () => {
  it('is the course model at 64x64x3, 6 classes: 23,600,006 parameters, 23,546,886 trainable', () => {
    // Pinned from the course notebook's model.summary() (Residual Networks assignment).
    const { project, analysis } = expand('resnet50');
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals).toMatchObject({ total: 23_600_006, trainable: 23_546_886, nonTrainable: 53_120 });
    expect(courseResNet50(64, 64, 3, 6)).toMatchObject({ total: 23_600_006, trainable: 23_546_886 });
    const facts = buildWithTfjs(project, analysis);
    expect(facts).toMatchObject({ countParams: 23_600_006, trainable: 23_546_886, shapeMismatches: [], missingNames: [] });
  });

  it('matches Keras at 224x224x3 and 1000 classes (42,020,712), and tfjs agrees', () => {
    // Keras' published keras.applications.ResNet50(include_top=False) summary: 23,587,712 parameters,
    // 53,120 non-trainable - the same backbone. The course head differs from Keras' (2x2 avg_pool, not
    // global): at 224 the last stage is 7x7, avg_pool gives 3x3x2048 = 18,432 features, and the Dense
    // layer has (18,432 + 1)*1000 = 18,433,000 weights. 23,587,712 + 18,433,000 = 42,020,712.
    const reference = courseResNet50(224, 224, 3, 1000);
    expect(reference.backbone).toBe(23_587_712);
    expect(reference).toMatchObject({ total: 42_020_712, nonTrainable: 53_120, trainable: 41_967_592 });
    const { project, analysis } = expand('resnet50', { input: [224, 224, 3], classes: 1000 });
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals).toMatchObject({ total: 42_020_712, trainable: 41_967_592, nonTrainable: 53_120 });
    expect(analysis.nodes.get('avg_pool')!.shape).toEqual([3, 3, 2048]);
    expect([...analysis.nodes.values()].some((a) => a.name === 'fc1000')).toBe(true);
    const facts = buildWithTfjs(project, analysis);
    expect(facts).toMatchObject({ countParams: 42_020_712, trainable: 41_967_592, shapeMismatches: [], missingNames: [] });
  });

  it.each([
    [[128, 128, 3], 10],
    [[96, 160, 1], 2],
    [[200, 200, 3], 1000],
  ] as const)('matches the architecture formula at %j with %i classes', (input, classes) => {
    const { analysis } = expand('resnet50', { input: [...input], classes });
    expect(analysis.diagnostics).toEqual([]);
    const ref = courseResNet50(input[0], input[1], input[2], classes);
    expect(analysis.totals).toMatchObject({ total: ref.total, trainable: ref.trainable, nonTrainable: ref.nonTrainable });
  });
});
