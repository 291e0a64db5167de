// whyWorse reads the reason a test-time evaluation did worse from its numbers alone: the mirrors
// (mirrored views far below the plain ones), the corner crops (far below the centre), weak ensemble
// members; nothing when the combined evaluation is at least as good as the best single model.
import { describe, expect, it } from 'vitest';
import { mirrorSplit, whyWorse } from '../../../shared/train/evaluation.ts';

const NAMES = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'centre'];
const views = (plain: number[], mirrored: number[]) => [...NAMES.map((view, i) => ({ view, accuracy: plain[i]! })), ...NAMES.map((view, i) => ({ view: `${view} mirrored`, accuracy: mirrored[i]! }))];
const single = (accuracy: number) => ({ runId: 'r', name: 'm', accuracy, loss: 0, seconds: 1 });
const crop = (one: number, combined: number, v: ReturnType<typeof views>) => ({
  kind: 'multicrop' as const,
  combined: { label: '10-crop', accuracy: combined, loss: 0, seconds: 1 },
  bestSingle: { runId: 'r', accuracy: one },
  meanSingleAccuracy: one,
  singles: [single(one)],
  views: v,
});

describe('whyWorse', () => {
  it('says nothing when the combined evaluation is at least as good', () => {
    expect(whyWorse(crop(0.9, 0.9, views([0.9, 0.9, 0.9, 0.9, 0.9], [0.9, 0.9, 0.9, 0.9, 0.9])))).toBeUndefined();
  });

  it('blames the mirrors when mirrored views score far below the plain ones (digits)', () => {
    const v = views([0.8, 0.8, 0.8, 0.8, 0.8], [0.3, 0.3, 0.3, 0.3, 0.3]);
    expect(mirrorSplit(v)).toEqual({ plain: 0.8, mirrored: 0.3 });
    const why = whyWorse(crop(0.9, 0.6, v))!;
    expect(why).toMatch(/^Mirrored views score 30\.0% on their own against 80\.0% for the unmirrored crops/);
    expect(why).not.toContain('corner');
  });

  it('blames the corner crops when they score far below the centre, with the mirrors when both hold', () => {
    expect(whyWorse(crop(0.9, 0.7, views([0.5, 0.5, 0.5, 0.5, 0.85], [0.5, 0.5, 0.5, 0.5, 0.85])))).toMatch(/^The corner crops score 50\.0% on their own against 85\.0% for the centre/);
    const both = whyWorse(crop(0.8, 0.6, views([0.4, 0.5, 0.6, 0.4, 0.7], [0.2, 0.3, 0.2, 0.3, 0.3])))!;
    expect(both).toMatch(/^Mirrored views score 26\.0%.* Also, the corner crops score 47\.5% on their own against 70\.0% for the centre/);
  });

  it('ensembles: weak members, or members that err alike', () => {
    const ens = (accs: number[], combined: number) => ({
      kind: 'ensemble' as const,
      combined: { label: 'e', accuracy: combined, loss: 0, seconds: 1 },
      bestSingle: { runId: 'r', accuracy: Math.max(...accs) },
      meanSingleAccuracy: accs.reduce((a, b) => a + b) / accs.length,
      singles: accs.map(single),
    });
    expect(whyWorse(ens([0.9, 0.6], 0.85))).toMatch(/below its best member \(90\.0%\): the weaker members \(down to 60\.0%\)/);
    expect(whyWorse(ens([0.9, 0.89], 0.895))).toMatch(/make the same mistakes/);
    expect(whyWorse(ens([0.9, 0.89], 0.91))).toBeUndefined();
  });
});
