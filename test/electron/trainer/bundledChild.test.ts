/**
 * The packaged app's trainer process: buildElectron writes dist/electron/trainer-child.cjs, which
 * needs no tsx and leaves only tfjs outside; a supervisor running from that folder
 * picks it by default; a LeNet run on a tiny MNIST subset trains through it under plain `node`
 * (laid out as in the app: <app>/dist/electron next to <app>/node_modules).
 */
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../../electron/launcher/buildElectron.ts';
import { defaultTrainerEntry, execArgvFor, TRAINER_SOURCE_ENTRY, TrainerSupervisor } from '../../../electron/trainer/supervisor.ts';
import type { TrainEvent } from '../../../shared/train/events.ts';
import { chainProject } from '../../shared/chainProject.ts';
import { DATASETS, lenetProject, tempDir } from './fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const HAPPY = join(DATASETS, 'course-h5', 'test_happy.h5');
const FAST = existsSync(join(ROOT, 'electron', 'trainer', 'engines', 'fastcpu', 'index.ts'));
let app: string;
let child: string;

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'nw-trainer-bundle-'));
  const outputs = await buildElectron(ROOT, join(app, 'dist', 'electron'));
  child = outputs.find((f) => f.endsWith('trainer-child.cjs'))!;
  // The packaged layout: app.asar holds dist/ and node_modules/ side by side.
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
});

// rm does not follow the node_modules link: only the link goes.
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('the bundled trainer process', () => {
  it('is written by buildElectron and loads only node built-ins and tfjs from outside', () => {
    expect(child).toBe(join(app, 'dist', 'electron', 'trainer-child.cjs'));
    const text = readFileSync(child, 'utf8');
    const required = new Set([...text.matchAll(/\b(?:require|import)\(["']([^"']+)["']\)/g)].map((m) => m[1]!));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const packages = [...required].filter((r) => !builtins.has(r)).sort();
    for (const p of packages) expect(['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm']).toContain(p);
    expect(packages).toContain('@tensorflow/tfjs');
    expect(text).not.toMatch(/require\(["']tsx/);
    // The fast CPU engine is inside the bundle, not loaded from a .ts file at run time.
    if (FAST) expect(text).toContain('loadFastCpuEngine');
  });

  it('is the default entry of a supervisor running from the bundle folder; sources run through tsx', () => {
    expect(defaultTrainerEntry(pathToFileURL(join(app, 'dist', 'electron', 'main.cjs')).href)).toBe(child);
    expect(defaultTrainerEntry(pathToFileURL(join(ROOT, 'electron', 'trainer', 'supervisor.ts')).href)).toBe(TRAINER_SOURCE_ENTRY);
    expect(execArgvFor(child)).toEqual([]);
    expect(execArgvFor(TRAINER_SOURCE_ENTRY)).toEqual(['--import', 'tsx']);
  });

  it('trains LeNet on 200 MNIST digits for one epoch under plain node', async () => {
    const events: TrainEvent[] = [];
    const sup = new TrainerSupervisor({ entry: child, record: false });
    const job = sup.start(
      {
        type: 'train',
        runsDir: tempDir(),
        project: lenetProject() as unknown as Record<string, unknown>,
        data: { kind: 'mnist' },
        settings: { epochs: 1, batchSize: 32, limit: 200, validationSplit: 0.2 },
      },
      (e) => events.push(e),
    );
    const done = await job.done;
    expect(done, JSON.stringify(done)).toMatchObject({ type: 'done', epochs: 1, stopped: false });
    const started = events.find((e): e is Extract<TrainEvent, { type: 'started' }> => e.type === 'started')!;
    expect(started.engine).toBe(FAST ? 'fastcpu' : 'cpu');
    expect(started.samples).toMatchObject({ train: 160, validation: 40 });
    expect(events.some((e) => e.type === 'loading')).toBe(true);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(1);
    expect(events.some((e) => e.type === 'checkpoint')).toBe(true);
    expect(job.pid).not.toBe(process.pid);
  });

  const h5 = existsSync(HAPPY) ? 'reads a course HDF5 file (h5wasm inside the bundle)' : `reads a course HDF5 file (skipped: ${HAPPY} is absent)`;
  it.skipIf(!existsSync(HAPPY))(h5, async () => {
    const project = chainProject('h5_probe', [
      { id: 'in', kind: 'Input', name: 'input_1', params: { shape: [64, 64, 3] } },
      { id: 'flat', kind: 'Flatten', name: 'flatten', params: {} },
      { id: 'out', kind: 'Dense', name: 'out', params: { units: 1, activation: 'sigmoid' } },
    ]);
    const events: TrainEvent[] = [];
    const job = new TrainerSupervisor({ entry: child, record: false }).start(
      { type: 'train', runsDir: tempDir(), project, data: { kind: 'h5', path: HAPPY }, settings: { engine: 'cpu', epochs: 1, batchSize: 32, checkpoints: false } },
      (e) => events.push(e),
    );
    const done = await job.done;
    expect(done, JSON.stringify(done)).toMatchObject({ type: 'done', epochs: 1 });
    expect(events.find((e) => e.type === 'started')).toMatchObject({ samples: { train: 120, validation: 30 }, classes: ['0', '1'] });
  });
});
