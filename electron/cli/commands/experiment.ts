/**
 * `netwright experiment plain-vs-residual --data ...`: trains the plain and the residual 20-layer
 * networks on the same data, settings and seed (electron/experiments/plainVsResidual.ts);
 * epoch lines on stderr, one JSON summary with both curves as the last line of stdout.
 */
import { resolve } from 'node:path';
import { parseParamText, TemplateError } from '../../../shared/templates/params.ts';
import { experimentSummary, runPlainVsResidual } from '../../experiments/plainVsResidual.ts';
import { parseCommandArgs, trainSettingsFlags } from '../args.ts';
import type { Command } from '../io.ts';
import { dataSpec } from './train.ts';

const HELP = `usage: netwright experiment plain-vs-residual --data <folder|file.h5|file.csv|x.npy,y.npy|mnist>
                       [--test-data ...] [--epochs N] [--batch-size N] [--lr X] [--optimizer NAME]
                       [--seed N] [--limit N] [--filters A,B,C] [--input HxWxC] [--out DIR]
                       [--engine auto|tensorflow|fastcpu|cpu|tfjs-node-gpu]

Trains templates plain_deep and residual_deep (the same 20-layer stack without and with
shortcut connections) one after the other on the same data, settings and seed, keeps both
runs under --out (default ./runs), and prints one JSON object with both runs' curves.
  --filters  filters of the three stages (default 16,32,64; 8,16,32 trains faster)
  --input    the networks' input shape (default: the data's image size, at most 64x64)
  --limit    train on at most N samples (quick experiments)`;

const EXPERIMENT_OPTIONS = {
  data: { type: 'string' },
  'test-data': { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  optimizer: { type: 'string' },
  seed: { type: 'string' },
  limit: { type: 'string' },
  filters: { type: 'string' },
  input: { type: 'string' },
  engine: { type: 'string' },
  out: { type: 'string' },
} as const;

export const experimentCommand: Command = {
  description: 'run a built-in experiment (plain-vs-residual); JSON summary on stdout',
  async run(args, io) {
    const parsed = parseCommandArgs('experiment', args, EXPERIMENT_OPTIONS, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const fail = (message: string) => (io.err(`netwright experiment: ${message}`), 2);
    const [name] = parsed.positionals;
    if (name !== 'plain-vs-residual') return fail(`${name ? `unknown experiment "${name}"` : 'name an experiment'}; the experiments are: plain-vs-residual\n\n${HELP}`);
    if (!v.data) return fail(`--data is required\n\n${HELP}`);
    const data = await dataSpec(v.data);
    if (!data.ok) return fail(data.message);
    const testData = v['test-data'] ? await dataSpec(v['test-data'], '--test-data') : undefined;
    if (testData && !testData.ok) return fail(testData.message);

    const numeric = [['epochs', 'epochs'], ['batch-size', 'batchSize'], ['lr', 'learningRate'], ['seed', 'seed'], ['limit', 'limit']] as const;
    const settings = trainSettingsFlags(v, numeric, {
      epochs: 5,
      ...(v.optimizer ? { optimizer: v.optimizer } : {}),
      ...(v.engine ? { engine: v.engine } : {}),
      ...(testData ? { validation: 'test' } : {}),
    });
    if (!settings.ok) return fail(settings.message);
    const params: Record<string, unknown> = {};
    try {
      if (v.filters) params.filters = parseParamText(v.filters, [16, 32, 64], '--filters');
      if (v.input) params.input = parseParamText(v.input, [32, 32, 3], '--input');
    } catch (e) {
      if (e instanceof TemplateError) return fail(e.message);
      throw e;
    }

    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = () => (++interrupts === 1 ? controller.abort() : process.exit(130));
    process.on('SIGINT', onSigint);
    try {
      const result = await runPlainVsResidual({
        data: data.spec,
        ...(testData?.ok ? { testData: testData.spec } : {}),
        runsDir: resolve(v.out ?? 'runs'),
        settings: settings.settings,
        params,
        signal: controller.signal,
        onEvent: (variant, e) => {
          if (e.type === 'started') io.err(`${variant}: training on ${e.engineLabel}: ${e.samples.train} samples (${e.samples.validation} validation), ${e.epochs} epochs, ${e.params.total.toLocaleString('en-US')} params`);
          if (e.type === 'epoch') io.err(`${variant}: epoch ${e.epoch}/${e.epochs}: loss ${e.loss.toFixed(4)} acc ${e.accuracy?.toFixed(4) ?? '-'} val_loss ${e.val_loss?.toFixed(4) ?? '-'} val_acc ${e.val_accuracy?.toFixed(4) ?? '-'} (${e.seconds.toFixed(1)}s)`);
          if (e.type === 'error') io.err(`${variant}: ${e.code}: ${e.message}`);
        },
      });
      io.out(JSON.stringify(experimentSummary(result)));
      return result.runs.every((r) => r.status === 'done') ? 0 : 1;
    } catch (e) {
      return fail((e as Error).message);
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
