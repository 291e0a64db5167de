/**
 * `netwright evaluate <run-dir|model.json> --data ...`: loss, accuracy and confusion matrix of a
 * saved model on data, computed in a trainer process; one JSON object on stdout.
 */
import { resolve } from 'node:path';
import type { TrainEvent } from '../../../shared/train/events.ts';
import { EVALUATION_OPTIONS, parseCommandArgs } from '../args.ts';
import type { Command } from '../io.ts';
import { evaluationFlags } from './evaluationFlags.ts';
import { runSupervised } from './train.ts';

const HELP = `usage: netwright evaluate <run-dir|model.json> --data <folder|file.h5|file.csv|x.npy,y.npy|mnist>
                          [--batch-size N] [--limit N] [--engine auto|tensorflow|fastcpu|cpu|tfjs-node-gpu]

Evaluates a trained model (a run folder's last checkpoint, or a tfjs model.json) on data and
prints one JSON object: samples, loss, accuracy, classes, confusion (rows: true class,
columns: predicted class) and the engine.`;

export const evaluateCommand: Command = {
  description: 'evaluate a trained run or model.json on data (JSON on stdout)',
  async run(args, io) {
    const parsed = parseCommandArgs('evaluate', args, EVALUATION_OPTIONS, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const [model] = parsed.positionals;
    if (!model || !v.data) {
      io.err(`netwright evaluate: ${!model ? 'name a run folder or model.json' : '--data is required'}\n\n${HELP}`);
      return 2;
    }
    const fail = (message: string) => (io.err(`netwright evaluate: ${message}`), 2);
    const read = await evaluationFlags(v);
    if (!read.ok) return fail(read.message);
    const { data, ...flags } = read.flags;
    let evaluated: Extract<TrainEvent, { type: 'evaluated' }> | undefined;
    let engineName = '';
    const final = await runSupervised(
      { type: 'evaluate', model: resolve(model), data, ...flags },
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
