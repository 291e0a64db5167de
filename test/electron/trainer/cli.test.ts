/**
 * The train / evaluate / predict commands: `netwright train` run as a real child process on a
 * tiny project and .npy data must end stdout with the JSON result line; evaluate and predict on
 * the run it made; argument errors name the flag.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../../electron/cli/io.ts';
import { main } from '../../../electron/cli/main.ts';
import { mlpProject, patchDataset, patchNpy, tempDir } from './fixtures.ts';

const BIN = new URL('../../../bin/netwright.mjs', import.meta.url).pathname;

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('netwright train / evaluate / predict', () => {
  const dir = tempDir();
  const project = join(dir, 'tiny.json');
  writeFileSync(project, JSON.stringify(mlpProject(3)));
  const data = patchNpy(300, 3);
  const dataArg = `${data.x},${data.y}`;
  const out = join(dir, 'runs');

  it('train prints progress on stderr and one JSON object as the last stdout line', async () => {
    const r = await runCli(['train', project, '--data', dataArg, '--epochs', '2', '--batch-size', '20', '--lr', '0.01', '--engine', 'cpu', '--out', out, '--run-id', 'cli1', '--seed', '7']);
    expect(r.code, r.stderr).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1)!;
    const result = JSON.parse(last);
    expect(result).toMatchObject({ engine: 'cpu', epochs: 2, run_id: 'cli1', run_dir: join(out, 'cli1'), stopped: false });
    for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'samples_per_second']) expect(typeof result[key], key).toBe('number');
    expect(result.samples_per_second).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/training on tfjs cpu backend.*240 samples \(60 validation\), 2 epochs of 12 batches/);
    expect(r.stderr).toMatch(/Epoch 2\/2: loss \d\.\d{4} acc \d\.\d{4} val_loss \d\.\d{4} val_acc \d\.\d{4}/);
  });

  it('evaluate and predict read the run folder and print JSON', async () => {
    const io = memoryIO();
    expect(await main(['evaluate', join(out, 'cli1'), '--data', dataArg, '--engine', 'cpu'], io), io.stderr.join('\n')).toBe(0);
    const ev = JSON.parse(io.stdout.at(-1)!);
    expect(ev).toMatchObject({ samples: 300, classes: ['0', '1', '2'], engine: 'cpu' });
    expect(ev.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(300);

    const ds = patchDataset(3, 3);
    const images = [0, 1, 2].map((i) => {
      const png = new PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) png.data.set([ds.images[i * 64 + p]!, ds.images[i * 64 + p]!, ds.images[i * 64 + p]!, 255], p * 4);
      const file = join(dir, `img${i}.png`);
      writeFileSync(file, PNG.sync.write(png));
      return file;
    });
    const io2 = memoryIO();
    expect(await main(['predict', join(out, 'cli1'), ...images, '--engine', 'cpu'], io2), io2.stderr.join('\n')).toBe(0);
    const pr = JSON.parse(io2.stdout.at(-1)!);
    expect(pr.classes).toEqual(['0', '1', '2']);
    expect(pr.predictions.map((p: { file: string }) => p.file)).toEqual(images);
    for (const p of pr.predictions) {
      const sum = Object.values(p.probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
      expect(p.probability).toBe(p.probabilities[p.label]);
    }
  });

  it('argument errors name the flag and exit 2 without starting a trainer', async () => {
    const cases: [string[], RegExp][] = [
      [['train', project], /--data is required/],
      [['train', project, '--data', dataArg, '--lr', 'fast'], /--lr expects a number; received "fast"/],
      [['train', project, '--data', dataArg, '--optimizer', 'lbfgs'], /--optimizer: Invalid option/i],
      [['train', project, '--data', '/no/such/folder'], /--data: .*\/no\/such\/folder does not exist/],
      [['train', 'no_such_template', '--data', 'mnist'], /no_such_template: no such file, and no template of that name/],
      [['train', project, '--data', dataArg, '--resume'], /--resume needs --run-id/],
      [['evaluate', join(out, 'cli1')], /--data is required/],
      [['predict', join(out, 'cli1')], /name at least one image file/],
    ];
    for (const [args, message] of cases) {
      const io = memoryIO();
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.stderr.join('\n')).toMatch(message);
    }
  });
});
