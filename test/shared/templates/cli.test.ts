/** `netwright summary <template> [--input] [--classes] [--param]` and `netwright templates`, run in-process. */
import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.ts';
import { memoryIO } from '../../../electron/cli/io.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { formatSummary } from '../../../shared/summary.ts';
import { expand } from './library.ts';

async function run(...argv: string[]) {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('netwright summary <template>', () => {
  it('prints the template with its defaults exactly as the summary of the expanded project', async () => {
    const r = await run('summary', 'resnet50');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const { project } = expand('resnet50');
    expect(r.out).toBe(formatSummary(project.name, analyzeGraph(project)));
    expect(r.out).toContain('Total params: 23,600,006\nTrainable params: 23,546,886\nNon-trainable params: 53,120');
  });

  it('takes --input and --classes', async () => {
    const r = await run('summary', 'resnet50', '--input', '224x224x3', '--classes', '1000');
    expect(r.code).toBe(0);
    expect(r.out).toContain(' fc1000 (Dense)');
    expect(r.out).toContain('Total params: 42,020,712\nTrainable params: 41,967,592\nNon-trainable params: 53,120');
    const v = await run('summary', 'vgg16.json', '--classes=10');
    expect(v.out).toContain(`Total params: ${(14_714_688 + 25_089 * 4096 + 4097 * 4096 + 4097 * 10).toLocaleString('en-US')}`);
  });

  it('takes any other parameter with --param name=value', async () => {
    const r = await run('summary', 'googlenet', '--param', 'aux=true', '--param', 'lrn=false');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Total params: 13,378,280');
    expect(r.out).not.toContain('LocalResponseNormalization');
  });

  it('says what is wrong with a parameter, with exit code 2', async () => {
    const bad = await run('summary', 'resnet50', '--input', '224x224');
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toMatch(/^netwright summary: template resnet50: --input expects 3 values like 64x64x3; received "224x224"$/);
    const unknown = await run('summary', 'googlenet', '--param', 'depth=3');
    expect(unknown.err).toBe('netwright summary: template googlenet has no parameter "depth"; its parameters are input, classes, aux, lrn');
    const notBool = await run('summary', 'googlenet', '--param', 'aux=maybe');
    expect(notBool.err).toBe('netwright summary: template googlenet: --param aux expects true or false; received "maybe"');
    const noEq = await run('summary', 'googlenet', '--param', 'aux');
    expect(noEq).toMatchObject({ code: 2, err: 'netwright summary: --param expects name=value, e.g. --param aux=true; received "aux"' });
  });
});

describe('netwright templates', () => {
  it('lists one line per template: id, kind, parameters with defaults', async () => {
    const r = await run('templates');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(16);
    expect(lines).toContain('resnet50               network  input=64x64x3 classes=6');
    expect(lines).toContain('resnet_identity_block  block    input=15x15x256 stage=2 block=b f=3 filters=64,64,256');
    expect(lines).toContain('googlenet              network  input=224x224x3 classes=1000 aux=false lrn=true');
    expect(lines.slice(0, 10).every((l) => / network /.test(l))).toBe(true);
  });

  it('is listed in the command table', async () => {
    const r = await run('--help');
    expect(r.out).toMatch(/\n {2}templates +list the network and block templates/);
  });
});
