// The plain-vs-residual pair and experiment: the two templates are the same stack but for the
// shortcuts (weights differ by exactly the two projections); the experiment trains both through
// the real trainer supervisor (child processes) on real MNIST digits and returns two runs with
// per-epoch curves, both kept on disk. Which one wins is not asserted: a few epochs are noisy.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentProjects, experimentSummary, paramsForData, runPlainVsResidual } from '../../../electron/experiments/plainVsResidual.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { main } from '../../../electron/cli/main.ts';
import { memoryIO } from '../../../electron/cli/io.ts';

const tmp = mkdtempSync(join(tmpdir(), 'netwright-exp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('plain_deep / residual_deep templates', () => {
  it('are the same 20-layer stack; the residual one adds 9 shortcuts and 2 projections', () => {
    const [plain, residual] = experimentProjects({ input: [32, 32, 3], classes: 10 }).map((p) => p.project as unknown as Project);
    const a = analyzeGraph(plain!);
    const b = analyzeGraph(residual!);
    expect(a.diagnostics).toEqual([]);
    expect(b.diagnostics).toEqual([]);
    const weighted = (p: Project, kind: string) => p.nodes.filter((n) => n.kind === kind).map((n) => n.name);
    // 19 convolutions + 1 dense = 20 weighted layers in the plain stack (He et al.'s 6n+2, n = 3).
    expect(weighted(plain!, 'Conv2D')).toHaveLength(19);
    expect(weighted(plain!, 'Dense')).toHaveLength(1);
    const convs = weighted(residual!, 'Conv2D');
    expect(convs.filter((n) => !n!.endsWith('_proj'))).toEqual(weighted(plain!, 'Conv2D'));
    expect(convs.filter((n) => n!.endsWith('_proj'))).toEqual(['s2b1_proj', 's3b1_proj']);
    expect(weighted(residual!, 'Add')).toHaveLength(9);
    expect(weighted(plain!, 'Add')).toHaveLength(0);
    // Projections: (16*32 + 32) + 4*32 and (32*64 + 64) + 4*64 (conv + BatchNorm).
    expect(b.totals.total - a.totals.total).toBe(16 * 32 + 32 + 4 * 32 + (32 * 64 + 64) + 4 * 64);
    expect(a.totals.total).toBe(271_786);
    const out = (x: ReturnType<typeof analyzeGraph>) => x.nodes.get(x.outputs[0]!)!.shape;
    expect(out(a)).toEqual([10]);
    expect(out(b)).toEqual([10]);
  });

  it('fit the data: its image size (at most 64 a side) and its classes', () => {
    expect(paramsForData({ shape: [28, 28, 1], classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] })).toEqual({ input: [28, 28, 1], classes: 10 });
    expect(paramsForData({ shape: [100, 100, 3], classes: ['a', 'b'] })).toEqual({ input: [64, 64, 3], classes: 2 });
  });
});

describe('runPlainVsResidual', () => {
  it('trains both on the same MNIST subset and seed; two runs with per-epoch curves', async () => {
    const events: string[] = [];
    const result = await runPlainVsResidual({
      data: { kind: 'mnist' },
      runsDir: join(tmp, 'runs'),
      settings: { epochs: 2, batchSize: 16, limit: 96, validationSplit: 0.25, seed: 7 },
      params: { filters: [4, 8, 16] },
      runIdPrefix: 'pvr',
      onEvent: (variant, e) => events.push(`${variant}:${e.type}`),
    });
    expect(result.params).toMatchObject({ input: [28, 28, 1], classes: 10, filters: [4, 8, 16] });
    const [plain, residual] = result.runs;
    for (const run of [plain, residual]) {
      expect(run.error).toBeUndefined();
      expect(run.status).toBe('done');
      expect(run.curves.map((c) => c.epoch)).toEqual([1, 2]);
      for (const c of run.curves) {
        expect(Number.isFinite(c.loss)).toBe(true);
        expect(c.accuracy).toBeGreaterThanOrEqual(0);
        expect(c.accuracy).toBeLessThanOrEqual(1);
        expect(c.val_accuracy).not.toBeNull();
      }
      // Kept on disk like any run, with the same curves and the same seed.
      const record = JSON.parse(readFileSync(join(run.runDir, 'run.json'), 'utf8'));
      expect(record.status).toBe('done');
      expect(record.curves).toHaveLength(2);
      expect(record.settings.seed).toBe(7);
      expect(record.samples).toEqual({ train: 72, validation: 24, test: 0 });
      expect(existsSync(join(run.runDir, 'checkpoint.json'))).toBe(true);
    }
    expect(plain.runId).toBe('pvr-plain');
    expect(residual.runId).toBe('pvr-residual');
    expect(residual.params.total).toBeGreaterThan(plain.params.total);
    // The plain run finishes before the residual one starts.
    expect(events.indexOf('plain:done')).toBeLessThan(events.indexOf('residual:started'));
    const summary = experimentSummary(result) as { plain: { curve: { loss: number[] } }; residual: { curve: { loss: number[] } } };
    expect(summary.plain.curve.loss).toHaveLength(2);
    expect(summary.residual.curve.loss).toHaveLength(2);
    console.log(`plain-vs-residual (MNIST 72 train / 24 val, 2 epochs): ${JSON.stringify({ plain: plain.curves.map((c) => [c.loss.toFixed(3), c.val_accuracy]), residual: residual.curves.map((c) => [c.loss.toFixed(3), c.val_accuracy]) })}`);
  });

  it('netwright experiment refuses unknown experiments and missing data', async () => {
    const io = memoryIO();
    expect(await main(['experiment', 'deep-vs-wide', '--data', 'mnist'], io)).toBe(2);
    expect(await main(['experiment', 'plain-vs-residual'], io)).toBe(2);
    expect(await main(['experiment', 'plain-vs-residual', '--data', 'mnist', '--filters', '8,16'], io)).toBe(2);
    const err = io.stderr.join('\n');
    expect(err).toContain('unknown experiment "deep-vs-wide"; the experiments are: plain-vs-residual');
    expect(err).toContain('--data is required');
    expect(err).toContain('--filters expects 3 values');
  });
});
