/**
 * `netwright evaluate <run-dir|model.json> --data ...`: loss, accuracy and confusion matrix of a
 * saved model on data, computed in a trainer process; one JSON object on stdout.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TrainEvent } from '../../../shared/train/events.ts';
import { ENGINES, type EnginePreference } from '../../../shared/train/settings.ts';
import type { Command } from '../io.ts';
import { dataSpec, runSupervised } from './train.ts';

const HELP = `usage: netwright evaluate <run-dir|model.json> --data <folder|file.h5|file.csv|x.npy,y.npy|mnist>
                          [--batch-size N] [--limit N] [--engine auto|fastcpu|cpu|tfjs-node-gpu]

Evaluates a trained model (a run folder's last checkpoint, or a tfjs model.json) on data and
prints one JSON object: samples, loss, accuracy, classes, confusion (rows: true class,
columns: predicted class) and the engine.`;

export const evaluateCommand: Command = {
  description: 'evaluate a trained run or model.json on data (JSON on stdout)',
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { data: { type: 'string' }, 'batch-size': { type: 'string' }, limit: { type: 'string' }, engine: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      });
    } catch (e) {
      io.err(`netwright evaluate: ${(e as Error).message}\n\n${HELP}`);
      return 2;
    }
    const v = parsed.values;
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    const [model] = parsed.positionals;
    if (!model || !v.data) {
      io.err(`netwright evaluate: ${!model ? 'name a run folder or model.json' : '--data is required'}\n\n${HELP}`);
      return 2;
    }
    const fail = (message: string) => (io.err(`netwright evaluate: ${message}`), 2);
    const engine = (v.engine ?? 'auto') as EnginePreference;
    if (!ENGINES.includes(engine)) return fail(`--engine must be one of ${ENGINES.join(', ')}; received "${v.engine}"`);
    const ints: Record<string, number> = {};
    for (const flag of ['batch-size', 'limit'] as const) {
      const raw = v[flag];
      if (raw === undefined) continue;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) return fail(`--${flag} expects a whole number of at least 1; received "${raw}"`);
      ints[flag] = n;
    }
    const data = await dataSpec(v.data);
    if (!data.ok) return fail(data.message);
    let evaluated: Extract<TrainEvent, { type: 'evaluated' }> | undefined;
    let engineName = '';
    const final = await runSupervised(
      { type: 'evaluate', model: resolve(model), data: data.spec, engine, ...(ints['batch-size'] ? { batchSize: ints['batch-size'] } : {}), ...(ints.limit ? { limit: ints.limit } : {}) },
      (e) => {
        if (e.type === 'evaluated') evaluated = e;
        if (e.type === 'log') io.err(`${e.level === 'warning' ? 'warning: ' : ''}${e.message}`);
        if (e.type === 'done') engineName = e.engine;
      },
      false,
    );
    if (final.type === 'error' || !evaluated) {
      const message = final.type === 'error' ? `${final.code}: ${final.message}` : 'the trainer ended without an evaluation';
      io.err(`netwright evaluate: ${message}`);
      io.out(JSON.stringify({ error: final.type === 'error' ? { code: final.code, message: final.message } : { code: 'INTERNAL', message } }));
      return 1;
    }
    io.out(JSON.stringify({ samples: evaluated.samples, loss: evaluated.loss, accuracy: evaluated.accuracy, classes: evaluated.classes, confusion: evaluated.confusion, engine: engineName }));
    return 0;
  },
};
