/**
 * The tensorflow engine for real: the tfjs-node binding built against the reference venv's
 * TensorFlow 2.21 wheel (once, into .netwright-tmp/engines/tensorflow, which .ci/run fills first),
 * then trainer processes that train HappyModel (the course data) and a ResNet identity block on it, agree with
 * fastcpu for the same seed, resume each other's checkpoints, and fall back when the build is broken.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveProject } from '../../../../electron/cli/resolveProject.ts';
import { readManifest, type EngineManifest } from '../../../../electron/trainer/engines/tensorflow/build.ts';
import { ENGINE_DIR_ENV } from '../../../../electron/trainer/engines/tensorflow/index.ts';
import { TrainerSupervisor } from '../../../../electron/trainer/supervisor.ts';
import type { ProjectInput } from '../../../../shared/graph/schema.ts';
import type { DoneEvent, ErrorEvent, StartedEvent, TrainEvent } from '../../../../shared/train/events.ts';
import type { TrainerRequestInput } from '../../../../shared/train/request.ts';
import { DATASETS, patchNpy, tempDir } from '../fixtures.ts';
import { BUILD_COMMAND, ENGINE_DIR, engineSkipReason, ensureEngine } from './tensorflowFixture.ts';

// NETWRIGHT_DATASETS: the course data when the checkout is not next to shared/ (a worktree).
const HAPPY = join(process.env.NETWRIGHT_DATASETS ?? DATASETS, 'course-h5', 'test_happy.h5');

const skip = engineSkipReason();
const title = (name: string) => (skip ? `${name} (skipped: ${skip}; then run: ${BUILD_COMMAND})` : name);
const noHappy = existsSync(HAPPY) ? undefined : `${HAPPY} is absent; set NETWRIGHT_DATASETS to the folder holding course-h5/`;

function template(id: string): ProjectInput {
  const r = resolveProject(id, {});
  if (!r.ok) throw new Error(r.message);
  return r.project;
}

/** Input 8x8x1 -> Conv 8 -> [1x1, 3x3 same, 1x1 + BN] + shortcut -> Add -> ReLU -> GAP -> Dense(3). */
function identityBlockProject(): ProjectInput {
  const conv = (id: string, k: number) => ({ id, kind: 'Conv2D', params: { filters: 8, kernelSize: [k, k], padding: 'same' } });
  const nodes = [
    { id: 'x', kind: 'Input', params: { shape: [8, 8, 1] } },
    conv('stem', 3),
    { id: 'stem_relu', kind: 'Activation', params: { activation: 'relu' } },
    conv('branch2a', 1),
    { id: 'bn2a', kind: 'BatchNormalization' },
    { id: 'relu2a', kind: 'Activation', params: { activation: 'relu' } },
    conv('branch2b', 3),
    { id: 'bn2b', kind: 'BatchNormalization' },
    { id: 'relu2b', kind: 'Activation', params: { activation: 'relu' } },
    conv('branch2c', 1),
    { id: 'bn2c', kind: 'BatchNormalization' },
    { id: 'add', kind: 'Add' },
    { id: 'relu', kind: 'Activation', params: { activation: 'relu' } },
    { id: 'gap', kind: 'GlobalAveragePooling2D' },
    { id: 'fc', kind: 'Dense', params: { units: 3, activation: 'softmax' } },
  ];
  const chain = ['x', 'stem', 'stem_relu', 'branch2a', 'bn2a', 'relu2a', 'branch2b', 'bn2b', 'relu2b', 'branch2c', 'bn2c'];
  const edges = chain.slice(1).map((t, i) => ({ id: `e${i}`, source: chain[i]!, target: t }));
  edges.push({ id: 'in0', source: 'bn2c', target: 'add', targetPort: 'in0' } as (typeof edges)[number], { id: 'in1', source: 'stem_relu', target: 'add', targetPort: 'in1' } as (typeof edges)[number]);
  edges.push({ id: 'r', source: 'add', target: 'relu' }, { id: 'g', source: 'relu', target: 'gap' }, { id: 'f', source: 'gap', target: 'fc' });
  return { schemaVersion: 1, name: 'identity_block_net', nodes, edges } as ProjectInput;
}

interface Trained {
  final: DoneEvent | ErrorEvent;
  started?: StartedEvent;
  epochLosses: number[];
  epochs: Extract<TrainEvent, { type: 'epoch' }>[];
}

/** One request in a trainer process (as the app and the CLI run it), engine folder `engineDir`. */
async function train(request: TrainerRequestInput, engineDir = ENGINE_DIR): Promise<Trained> {
  const before = process.env[ENGINE_DIR_ENV];
  process.env[ENGINE_DIR_ENV] = engineDir;
  const events: TrainEvent[] = [];
  try {
    const final = await new TrainerSupervisor({ record: false }).start(request, (e) => events.push(e)).done;
    const epochs = events.filter((e): e is Extract<TrainEvent, { type: 'epoch' }> => e.type === 'epoch');
    const started = events.find((e): e is StartedEvent => e.type === 'started');
    return { final, epochs, epochLosses: epochs.map((e) => e.loss), ...(started ? { started } : {}) };
  } finally {
    process.env[ENGINE_DIR_ENV] = before;
  }
}

function happyRequest(runsDir: string, engine: 'tensorflow' | 'fastcpu' | 'auto', epochs: number, extra: Partial<TrainerRequestInput> = {}): TrainerRequestInput {
  // 120 of the 150 course images (Keras' defaults: Adam 1e-3, batch 16): 8 batches an epoch.
  return { type: 'train', runsDir, project: template('happy_model'), data: { kind: 'h5', path: HAPPY }, settings: { engine, epochs, batchSize: 16, learningRate: 1e-3, optimizer: 'adam', validationSplit: 0.2, seed: 7 }, ...extra } as TrainerRequestInput;
}

/** The identity-block network on 240 synthetic 8x8 images of 3 classes (fast on every engine). */
function patchRequest(runsDir: string, engine: 'tensorflow' | 'fastcpu' | 'auto', epochs: number, extra: Partial<TrainerRequestInput> = {}): TrainerRequestInput {
  return { type: 'train', runsDir, project: identityBlockProject(), data: patchNpy(240, 3), settings: { engine, epochs, batchSize: 16, learningRate: 3e-3, validationSplit: 0.25, seed: 3 }, ...extra } as TrainerRequestInput;
}

describe.skipIf(skip !== undefined)('the tensorflow engine (tfjs-node binding on the TensorFlow 2.21 wheel)', () => {
  let manifest: EngineManifest;
  beforeAll(async () => {
    const started = Date.now();
    // .ci/run builds it first; here the build is reused (engine.json) or made (~15 s on 2 cores).
    manifest = await ensureEngine();
    console.log(`tensorflow engine ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${manifest.binding}`);
  }, 600_000);

  it.skipIf(noHappy !== undefined)(noHappy ? `HappyModel (skipped: ${noHappy})` : title('trains HappyModel with finite, falling loss, and its first epoch matches fastcpu for the same seed'), async () => {
    const tf = await train(happyRequest(tempDir(), 'tensorflow', 3));
    const fast = await train(happyRequest(tempDir(), 'fastcpu', 1));
    expect(tf.final.type, JSON.stringify(tf.final)).toBe('done');
    expect(tf.started).toMatchObject({ engine: 'tensorflow' });
    expect(tf.started!.engineLabel).toMatch(/^tensorflow \(TensorFlow 2\.21\.0 on the CPU, /);
    console.log(`tensorflow: ${tf.epochs.map((e) => `epoch ${e.epoch} loss ${e.loss.toFixed(4)} acc ${e.accuracy?.toFixed(4)} val_loss ${e.val_loss?.toFixed(4)}`).join('; ')}; ${(tf.final as DoneEvent).samplesPerSecond.toFixed(1)} samples/s`);
    console.log(`fastcpu:    epoch 1 loss ${fast.epochs[0]!.loss.toFixed(4)} acc ${fast.epochs[0]!.accuracy?.toFixed(4)} val_loss ${fast.epochs[0]!.val_loss?.toFixed(4)}; ${(fast.final as DoneEvent).samplesPerSecond.toFixed(1)} samples/s`);
    expect(tf.epochLosses.every(Number.isFinite)).toBe(true);
    expect(tf.epochLosses[2]!).toBeLessThan(tf.epochLosses[0]!);
    // Same split, order and initial weights: only float rounding (oneDNN vs XNNPACK) differs.
    const [a, b] = [tf.epochs[0]!, fast.epochs[0]!];
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(0.005 * Math.abs(b.loss) + 0.005);
    expect(Math.abs(a.accuracy! - b.accuracy!)).toBeLessThanOrEqual(2 / 120 + 1e-9);
    expect(Math.abs(a.val_loss! - b.val_loss!)).toBeLessThan(0.005 * Math.abs(b.val_loss!) + 0.005);
  });

  it(title('trains a ResNet identity block (BatchNorm, Add) with finite, falling loss; its first epoch matches fastcpu for the same seed'), async () => {
    const run = await train(patchRequest(tempDir(), 'tensorflow', 4));
    expect(run.final.type, JSON.stringify(run.final)).toBe('done');
    console.log(`identity block on tensorflow: losses ${run.epochLosses.map((l) => l.toFixed(4)).join(', ')}`);
    expect(run.epochLosses.every(Number.isFinite)).toBe(true);
    expect(run.epochLosses[3]!).toBeLessThan(run.epochLosses[0]!);
    // The same seed on fastcpu: the same first epoch, up to float rounding.
    const fast = await train(patchRequest(tempDir(), 'fastcpu', 1));
    const [a, b] = [run.epochs[0]!, fast.epochs[0]!];
    console.log(`identity block epoch 1: tensorflow loss ${a.loss.toFixed(5)} val_loss ${a.val_loss?.toFixed(5)}, fastcpu loss ${b.loss.toFixed(5)} val_loss ${b.val_loss?.toFixed(5)}`);
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(0.005 * b.loss + 0.005);
    expect(Math.abs(a.val_loss! - b.val_loss!)).toBeLessThan(0.005 * b.val_loss! + 0.005);
  });

  it(title('a checkpoint written by one engine resumes on the other, both ways'), async () => {
    for (const [first, then] of [['tensorflow', 'fastcpu'], ['fastcpu', 'tensorflow']] as const) {
      const runsDir = tempDir();
      const a = await train(patchRequest(runsDir, first, 2, { runId: 'r' }));
      expect(a.final.type, JSON.stringify(a.final)).toBe('done');
      const b = await train(patchRequest(runsDir, then, 3, { runId: 'r', resume: true }));
      expect(b.final.type, JSON.stringify(b.final)).toBe('done');
      expect(b.started).toMatchObject({ engine: then });
      expect(b.epochs.map((e) => e.epoch)).toEqual([3]);
      // The trained weights (and BatchNorm's moving statistics) came across: epoch 3 goes on from
      // epoch 2 instead of starting over at epoch 1's loss (same seed, so the same start).
      expect(b.epochLosses[0]!).toBeLessThan(a.epochLosses[1]! * 1.05);
      expect(b.epochLosses[0]!).toBeLessThan(a.epochLosses[0]! * 0.9);
    }
  });

  it(title('a broken build: --engine tensorflow names the file and the fix; auto falls back to fastcpu and says why'), async () => {
    const broken = tempDir('netwright-broken-engine-');
    cpSync(ENGINE_DIR, broken, { recursive: true, verbatimSymlinks: true });
    const copy = readManifest(broken)!;
    const packageRoot = join(broken, 'package');
    const binding = copy.binding.replace(manifest.packageRoot, packageRoot);
    writeFileSync(binding, 'not a shared object');
    writeFileSync(join(broken, 'engine.json'), JSON.stringify({ ...copy, packageRoot, binding }));
    const named = await train(patchRequest(tempDir(), 'tensorflow', 1), broken);
    expect(named.final).toMatchObject({ type: 'error', code: 'ENGINE' });
    expect((named.final as ErrorEvent).message).toContain(`binding ${binding} does not load`);
    expect((named.final as ErrorEvent).message).toMatch(/Rebuild it with: netwright engine build --force/);
    const auto = await train(patchRequest(tempDir(), 'auto', 1), broken);
    expect(auto.final.type, JSON.stringify(auto.final)).toBe('done');
    expect(auto.started).toMatchObject({ engine: 'fastcpu' });
    expect(auto.started!.warnings.join('\n')).toContain(`the tensorflow engine was not used: the tensorflow engine's binding ${binding} does not load`);

    // TensorFlow uninstalled after the build: the library file is named.
    const gone = tempDir('netwright-gone-engine-');
    mkdirSync(gone, { recursive: true });
    writeFileSync(join(gone, 'engine.json'), JSON.stringify({ ...manifest, tensorflow: { ...manifest.tensorflow, libDir: join(gone, 'site-packages', 'tensorflow') } }));
    const missing = await train(patchRequest(tempDir(), 'tensorflow', 1), gone);
    expect((missing.final as ErrorEvent).message).toContain(`built against ${join(gone, 'site-packages', 'tensorflow', 'libtensorflow_cc.so.2')}, which is gone`);
    rmSync(broken, { recursive: true, force: true });
  });

  it(title('not built: auto trains on fastcpu without a warning; --engine tensorflow says how to build it'), async () => {
    const none = join(tempDir(), 'none');
    const auto = await train(patchRequest(tempDir(), 'auto', 1), none);
    expect(auto.started).toMatchObject({ engine: 'fastcpu' });
    expect(auto.started!.warnings.join('\n')).not.toMatch(/tensorflow/);
    const named = await train(patchRequest(tempDir(), 'tensorflow', 1), none);
    expect((named.final as ErrorEvent).message).toContain(`the tensorflow engine is not built (no ${join(none, 'engine.json')}); build it once with: netwright engine build`);
  });
});

