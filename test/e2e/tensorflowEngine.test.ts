/**
 * The Train view's engine line, picker and GPU doctor without and with the tensorflow engine
 * (real Chromium, the real backend; the engine built on the reference venv's TensorFlow), and a
 * LeNet-5 run trained on it from the view. Screenshots go to artifacts/screenshots/engine-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DIR_ENV } from '../../electron/trainer/engines/tensorflow/index.ts';
import { ENGINE_DIR, engineSkipReason, ensureEngine } from '../electron/trainer/engines/tensorflowFixture.ts';
import { REF_PYTHON } from '../reference/referee.ts';
import { hasChromium, screenshot, SKIP_REASON } from './harness.ts';
import { insertTemplate, openTrainView, pageForSuite } from './steps.ts';

const skip = !hasChromium ? SKIP_REASON : engineSkipReason();

/** Points the backend (and the trainer processes it starts) at `dir` for the describe block. */
function engineDirForSuite(dir: string | (() => string)): void {
  let before: string | undefined;
  beforeAll(() => {
    before = process.env[ENGINE_DIR_ENV];
    process.env[ENGINE_DIR_ENV] = typeof dir === 'string' ? dir : dir();
  });
  afterAll(() => {
    process.env[ENGINE_DIR_ENV] = before;
  });
}

describe.skipIf(skip !== undefined)('the Train view without the tensorflow engine', () => {
  engineDirForSuite(`${ENGINE_DIR}-absent`);
  const suite = pageForSuite();

  it('expects fastcpu, lists the engine in the picker, and the doctor recommends building it', async () => {
    const { page } = suite;
    await insertTemplate(page, 'lenet', 'lenet5', '61,706');
    await openTrainView(page);
    await expect.poll(() => page.getByTestId('engine-label').textContent()).toMatch(/^Fast CPU/);
    const options = await page.getByTestId('train-engine').locator('option').allTextContents();
    expect(options).toContain('TensorFlow (your own, CPU or GPU)');
    await page.getByTestId('why-not-gpu').click();
    const doctor = await page.getByTestId('gpu-doctor').textContent();
    expect(doctor).toContain('the tensorflow engine (your own TensorFlow) is not built');
    expect(doctor).toContain("Recommended for current GPUs (CUDA 12 and later drivers): in a Python environment run pip install 'tensorflow[and-cuda]', then netwright engine build --python");
    expect(doctor).toMatch(/CUDA 11\.2 toolkit/);
    await page.getByTestId('gpu-doctor').scrollIntoViewIfNeeded();
    await screenshot(page, 'engine-01-without-tensorflow-doctor');

    // Building from the view: a Python without TensorFlow, then the reference venv's on a machine
    // without a C++ compiler: each time the progress and what to install.
    await page.getByTestId('engine-build-python').fill('/no/such/python');
    await page.getByTestId('engine-build-button').click();
    await expect.poll(() => page.getByTestId('engine-build-error').textContent(), { timeout: 60_000 }).toMatch(/^no TensorFlow found \(\/no\/such\/python: not found\)\. Install it with: pip install tensorflow/);
    const cxx = process.env.CXX;
    process.env.CXX = 'no-such-c++-compiler';
    try {
      await page.getByTestId('engine-build-python').fill(REF_PYTHON);
      await page.getByTestId('engine-build-button').click();
      await expect.poll(() => page.getByTestId('engine-build-error').textContent(), { timeout: 60_000 }).toContain('cannot build the tensorflow engine: no-such-c++-compiler not found. Install a C++ toolchain: on Debian/Ubuntu sudo apt install build-essential python3');
      expect(await page.getByTestId('engine-build-log').textContent()).toContain('checking for a C++ compiler, make and python3');
      expect(await page.getByTestId('engine-label').textContent()).toMatch(/^Fast CPU/);
      await page.getByTestId('engine-build').scrollIntoViewIfNeeded();
      await screenshot(page, 'engine-05-build-without-compiler');
    } finally {
      if (cxx === undefined) delete process.env.CXX;
      else process.env.CXX = cxx;
    }
  }, 120_000);
});

describe.skipIf(skip !== undefined)('the Train view with the tensorflow engine', () => {
  beforeAll(async () => {
    await ensureEngine();
  }, 600_000);
  engineDirForSuite(ENGINE_DIR);
  const suite = pageForSuite();

  it('expects it, the doctor describes the build, and a run chosen in the picker trains on it', async () => {
    const { page } = suite;
    await insertTemplate(page, 'lenet', 'lenet5', '61,706');
    await openTrainView(page);
    await expect.poll(() => page.getByTestId('engine-label').textContent()).toBe('tensorflow (TensorFlow 2.21.0; confirmed when a run starts)');
    await page.getByTestId('why-not-gpu').click();
    const doctor = await page.getByTestId('gpu-doctor').textContent();
    expect(doctor).toMatch(/the tensorflow engine is built against TensorFlow 2\.21\.0 at \S+, a CPU build \(no CUDA pip libraries beside it\), so it trains on the CPU/);
    expect(doctor).toContain("GPU not used: the tensorflow engine's TensorFlow 2.21.0 is a CPU build, so it trains on the CPU");
    expect(doctor).toContain('netwright engine build --force --python');
    await page.getByTestId('train-engine').selectOption('tensorflow');
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-limit').fill('300');
    await page.getByTestId('gpu-doctor').scrollIntoViewIfNeeded();
    await screenshot(page, 'engine-02-with-tensorflow-doctor');
    await page.getByTestId('train-engine').scrollIntoViewIfNeeded();
    await screenshot(page, 'engine-03-with-tensorflow-picker');
    await page.getByTestId('train-button').click();
    await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 120_000 }).toBe('done');
    await expect.poll(() => page.getByTestId('engine-label').textContent()).toMatch(/^tensorflow \(TensorFlow 2\.21\.0 on the CPU, /);
    // One epoch of 240 digits: validation well above the 10% of guessing (68% when measured).
    const valAccuracy = Number((await page.getByTestId('final-val-accuracy').textContent())?.replace('%', '')) / 100;
    expect(valAccuracy).toBeGreaterThan(0.3);
    await screenshot(page, 'engine-04-trained-on-tensorflow');
  }, 300_000);
});
