import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.ts';
import { memoryIO } from '../../../electron/cli/io.ts';
import { emitKeras } from '../../../shared/codegen/keras.ts';
import { emitTypeScript } from '../../../shared/codegen/typescript.ts';
import { templateLibrary, templateProjects } from './templateProjects.ts';
import { makeTempDir } from './tempDir.ts';

const library = templateLibrary();
const happy = templateProjects(library).find((c) => c.id === 'happy_model')!;

describe('netwright export', () => {
  const tmp = makeTempDir('export-cli');
  afterAll(() => tmp.remove());

  it('writes the TypeScript module for a template to -o', async () => {
    const io = memoryIO();
    const out = join(tmp.dir, 'nested', 'model.ts');
    expect(await main(['export', 'happy_model', '--lang', 'ts', '-o', out], io)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(emitTypeScript(happy.project, { blocks: library }));
    expect(io.stderr.join('\n')).toContain(`wrote ${out}`);
  });

  it('prints Keras code with the chosen strategy and training flags to stdout', async () => {
    const io = memoryIO();
    const code = await main(['export', 'happy_model', '--lang', 'keras', '--strategy', 'multiworker', '--epochs', '3', '--optimizer', 'sgd'], io);
    expect(code).toBe(0);
    const expected = emitKeras(happy.project, { blocks: library, strategy: 'multiworker', training: { epochs: 3, optimizer: 'sgd' } });
    expect(`${io.stdout.join('\n')}\n`).toBe(expected);
    expect(expected).toContain('tf.distribute.MultiWorkerMirroredStrategy()');
    expect(expected).toContain('tf.keras.optimizers.SGD(learning_rate=0.001)');
  });

  it('reads training settings from a file, flags winning', async () => {
    const settings = join(tmp.dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({ optimizer: 'adam', learningRate: 0.05, epochs: 7, batchSize: 16 }));
    const io = memoryIO();
    expect(await main(['export', 'happy_model', '--lang', 'ts', '--training', settings, '--epochs', '2'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('tf.train.adam(0.05)');
    expect(text).toContain('{ epochs: 2, batchSize: 16, validationSplit: 0.2 }');
  });

  it.each([
    [['export', 'happy_model'], /usage: netwright export/],
    [['export', 'happy_model', '--lang', 'java'], /--lang must be ts or keras; received "java"/],
    [['export', 'happy_model', '--lang', 'ts', '--strategy', 'mirrored'], /--strategy applies to --lang keras only/],
    [['export', 'happy_model', '--lang', 'keras', '--strategy', 'tpu'], /--strategy must be one of default, mirrored, multiworker; received "tpu"/],
    [['export', 'happy_model', '--lang', 'ts', '--epochs', 'ten'], /--epochs expects a number; received "ten"/],
    [['export', 'no_such_model', '--lang', 'ts'], /no_such_model: no such file, and no template of that name/],
    [['export', 'happy_model', '--lang', 'ts', '--optimizer', 'adamw'], /training options: optimizer/],
  ])('%j fails with a clear message', async (argv, message) => {
    const io = memoryIO();
    expect(await main(argv as string[], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
  });

  it('refuses a graph with errors, listing them (exit code 1)', async () => {
    const io = memoryIO();
    expect(await main(['export', 'resnet50', '--lang', 'ts', '--input', '32x32x3'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/KERNEL_TOO_LARGE at node "avg_pool"/);
  });
});
