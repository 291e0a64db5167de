/**
 * 'engine:info' and 'engine:build' through dispatch: whether the tensorflow engine is built, a
 * build's progress as 'engine-build' events, its refusal without a compiler (what to install),
 * and the engine line's forecast and doctor once the engine is there (the shared test build).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { dispatch } from '../../electron/backend/dispatch.ts';
import { ENGINE_DIR_ENV } from '../../electron/trainer/engines/tensorflow/index.ts';
import type { BackendEvent } from '../../shared/ipc.ts';
import { REF_PYTHON } from '../reference/referee.ts';
import { ENGINE_DIR, engineSkipReason, ensureEngine } from './trainer/engines/tensorflowFixture.ts';
import { tempDir } from './trainer/fixtures.ts';

function setup() {
  const userDataDir = join(tempDir('nw-engine-handlers-'), 'user');
  mkdirSync(userDataDir);
  const events: BackendEvent[] = [];
  const handlers = createHandlers({ mode: 'browser', version: 'test', userDataDir, templatesDir: join(import.meta.dirname, '../../templates'), broadcast: (e) => events.push(e) });
  const call = async (channel: string, payload: unknown): Promise<any> => {
    const reply = await dispatch(handlers, channel, payload);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  const lines = () => events.flatMap((e) => (e.type === 'engine-build' ? [e.line] : []));
  return { call, lines };
}

const skip = engineSkipReason();
const saved = { dir: process.env[ENGINE_DIR_ENV], cxx: process.env.CXX };
afterEach(() => {
  process.env[ENGINE_DIR_ENV] = saved.dir;
  if (saved.cxx === undefined) delete process.env.CXX;
  else process.env.CXX = saved.cxx;
});

describe('the tensorflow engine through the backend', () => {
  it('not built: engine:info says so; engine:build without a compiler says what to install and builds nothing', async () => {
    const dir = join(tempDir(), 'engine');
    process.env[ENGINE_DIR_ENV] = dir;
    process.env.CXX = 'no-such-c++-compiler';
    const t = setup();
    const info = await t.call('engine:info', {});
    expect(info.tensorflow).toEqual({ built: false, dir });
    expect(info.gpuDoctor.findings).toContain('the tensorflow engine (your own TensorFlow) is not built');
    // A Python without TensorFlow is named as such; one with it reaches the compiler check.
    const none = await t.call('engine:build', { python: '/no/such/python' });
    expect(none).toEqual({ ok: false, message: expect.stringMatching(/^no TensorFlow found \(\/no\/such\/python: not found\)/) });
    if (skip) return;
    const noCompiler = await t.call('engine:build', { python: REF_PYTHON });
    expect(noCompiler).toEqual({ ok: false, message: expect.stringContaining('cannot build the tensorflow engine: no-such-c++-compiler not found. Install a C++ toolchain: on Debian/Ubuntu sudo apt install build-essential python3') });
    expect(t.lines()[0]).toMatch(/^found python .* \(tensorflow 2\.21\.0\) at /);
    expect(t.lines()).toContain('checking for a C++ compiler, make and python3 (node-gyp needs them)');
    expect((await t.call('engine:info', {})).tensorflow.built).toBe(false);
  });

  it.skipIf(skip !== undefined)(skip ? `built (skipped: ${skip})` : 'built: engine:build reports it, engine:info forecasts it and the doctor describes it', async () => {
    await ensureEngine();
    process.env[ENGINE_DIR_ENV] = ENGINE_DIR;
    const t = setup();
    const built = await t.call('engine:build', { python: REF_PYTHON });
    expect(built).toMatchObject({ ok: true, tensorflow: expect.stringMatching(/\(tensorflow 2\.21\.0\)$/) });
    expect(t.lines().at(-1)).toMatch(/^already built for python .*: .*tfjs_binding\.node$/);
    const info = await t.call('engine:info', {});
    expect(info).toMatchObject({ engine: 'tensorflow', label: 'tensorflow (TensorFlow 2.21.0; confirmed when a run starts)', confirmed: false, tensorflow: { built: true, dir: ENGINE_DIR } });
    expect(info.gpuDoctor.summary).toBe("GPU not used: the tensorflow engine's TensorFlow 2.21.0 is a CPU build, so it trains on the CPU");
  });
});
