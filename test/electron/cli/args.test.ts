// The argument helpers every command uses: --help and bad flags (with their exit codes and where
// the text goes), value types kept precise (checked by tsc), the template flags, and the value
// checks whose messages scripts see. The commands' own outputs are covered by their tests.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { engineFlag, parseCommandArgs, positiveInts, resolveTarget, TEMPLATE_OPTIONS, templateParams, trainSettingsFlags } from '../../../electron/cli/args.ts';
import { memoryIO } from '../../../electron/cli/io.ts';
import { ENGINES } from '../../../shared/train/settings.ts';

const HELP = 'usage: netwright demo <file>';
const OPTIONS = { epochs: { type: 'string' }, fast: { type: 'boolean' }, output: { type: 'string', short: 'o' }, ...TEMPLATE_OPTIONS } as const;

describe('parseCommandArgs', () => {
  it('gives values typed as parseArgs types them, and the positionals', () => {
    const io = memoryIO();
    const parsed = parseCommandArgs('demo', ['a.json', '--epochs', '3', '--fast', '-o', 'x', '--param', 'p=1', '--param', 'q=2'], OPTIONS, HELP, io);
    if (typeof parsed === 'number') throw new Error(`exit ${parsed}: ${io.stderr.join('\n')}`);
    expect(parsed.positionals).toEqual(['a.json']);
    expect(parsed.values).toEqual({ epochs: '3', fast: true, output: 'x', param: ['p=1', 'q=2'] });
    expectTypeOf(parsed.values.epochs).toEqualTypeOf<string | undefined>();
    expectTypeOf(parsed.values.fast).toEqualTypeOf<boolean | undefined>();
    expectTypeOf(parsed.values.param).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(parsed.values.help).toEqualTypeOf<boolean | undefined>();
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toEqual([]);
  });

  it.each([['--help'], ['-h'], ['a.json', '--epochs', '2', '--help']])('%s prints the help on stdout, exit 0', (...args) => {
    const io = memoryIO();
    expect(parseCommandArgs('demo', args, OPTIONS, HELP, io)).toBe(0);
    expect(io.stdout).toEqual([HELP]);
    expect(io.stderr).toEqual([]);
  });

  it.each([
    [['--nope'], "Unknown option '--nope'"],
    [['--epochs'], "Option '--epochs <value>' argument missing"],
    [['--fast=yes'], "Option '--fast' does not take an argument"],
  ])('%j: what is wrong and the help on stderr, exit 2', (args, message) => {
    const io = memoryIO();
    expect(parseCommandArgs('demo', args, OPTIONS, HELP, io)).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]!.startsWith(`netwright demo: ${message}`)).toBe(true);
    expect(io.stderr[0]!.endsWith(`\n\n${HELP}`)).toBe(true);
  });

  it('refuses positionals when the command takes none', () => {
    const io = memoryIO();
    expect(parseCommandArgs('demo', ['extra'], {}, HELP, io, { positionals: false })).toBe(2);
    expect(io.stderr[0]).toMatch(/^netwright demo: Unexpected argument 'extra'/);
    expect(parseCommandArgs('demo', [], {}, HELP, memoryIO(), { positionals: false })).toEqual({ values: {}, positionals: [] });
  });
});

describe('template flags', () => {
  it('--param name=value (the value may hold =), then --input and --classes', () => {
    expect(templateParams({ param: ['aux=true', ' filters =64,128', 'expr=a=b'], input: '32x32x3', classes: '10' })).toEqual({
      ok: true,
      params: { aux: 'true', filters: '64,128', expr: 'a=b', input: '32x32x3', classes: '10' },
    });
    expect(templateParams({ param: ['input=1x1x1'], input: '8x8x1' })).toEqual({ ok: true, params: { input: '8x8x1' } });
    for (const bad of ['aux', '=1', '']) {
      expect(templateParams({ param: [bad] })).toEqual({ ok: false, message: `--param expects name=value, e.g. --param aux=true; received "${bad}"` });
    }
  });

  it('resolveTarget expands a template with them, and reports either kind of problem', () => {
    const r = resolveTarget('lenet5', { classes: '7' });
    if (!r.ok) throw new Error(r.message);
    expect(r.project.nodes.find((n) => n.kind === 'Dense' && (n.params as { units?: number }).units === 7)).toBeDefined();
    expect(resolveTarget('lenet5', { param: ['x'] })).toEqual({ ok: false, message: expect.stringMatching(/^--param expects name=value/) });
    expect(resolveTarget('lenet5', { param: ['nope=1'] })).toEqual({ ok: false, message: expect.stringMatching(/template lenet5 has no parameter "nope"/) });
  });
});

describe('value checks', () => {
  it('--engine: auto when absent, one of ENGINES, or a message listing them', () => {
    expect(engineFlag(undefined)).toEqual({ ok: true, engine: 'auto' });
    for (const e of ENGINES) expect(engineFlag(e)).toEqual({ ok: true, engine: e });
    expect(engineFlag('warp')).toEqual({ ok: false, message: `--engine must be one of ${ENGINES.join(', ')}; received "warp"` });
  });

  it('whole numbers of at least 1, absent flags left out', () => {
    expect(positiveInts({ 'batch-size': '32' }, ['batch-size', 'limit'])).toEqual({ ok: true, ints: { 'batch-size': 32 } });
    for (const bad of ['0', '-3', '1.5', 'x', '']) {
      expect(positiveInts({ limit: bad }, ['limit'])).toEqual({ ok: false, message: `--limit expects a whole number of at least 1; received "${bad}"` });
    }
  });

  it('training settings from flags: numbers checked, then the schema, problems named by flag', () => {
    const numeric = [['epochs', 'epochs'], ['lr', 'learningRate'], ['batch-size', 'batchSize']] as const;
    const ok = trainSettingsFlags({ epochs: '3', lr: '0.01' }, numeric, { epochs: 5, optimizer: 'sgd' });
    if (!ok.ok) throw new Error(ok.message);
    expect(ok.settings).toMatchObject({ epochs: 3, learningRate: 0.01, optimizer: 'sgd' });
    expect(trainSettingsFlags({}, numeric, { epochs: 5 })).toMatchObject({ ok: true, settings: { epochs: 5 } });
    expect(trainSettingsFlags({ lr: 'fast' }, numeric, {})).toEqual({ ok: false, message: '--lr expects a number; received "fast"' });
    expect(trainSettingsFlags({ epochs: ' ' }, numeric, {})).toEqual({ ok: false, message: '--epochs expects a number; received " "' });
    expect(trainSettingsFlags({ 'batch-size': '0' }, numeric, {})).toEqual({ ok: false, message: expect.stringMatching(/^--batch-size: /) });
    expect(trainSettingsFlags({ lr: '-1' }, numeric, {})).toEqual({ ok: false, message: expect.stringMatching(/^--lr: /) });
    expect(trainSettingsFlags({}, numeric, { optimizer: 'warp' })).toEqual({ ok: false, message: expect.stringMatching(/^--optimizer: /) });
  });
});
