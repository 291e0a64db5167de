/**
 * `netwright ensemble <run|model.json> <run|model.json> ... --data ...`: averages the class
 * probabilities of several trained models and prints one JSON object: each member's accuracy,
 * the ensemble's, and the extra inference cost. The models run in an evaluation process.
 */
import { resolve } from 'node:path';
import { runEvaluation } from '../../evaluation/process.ts';
import { EVALUATION_OPTIONS, parseCommandArgs } from '../args.ts';
import type { Command } from '../io.ts';
import { evaluationFlags, reportEvaluation } from './evaluationFlags.ts';

const HELP = `usage: netwright ensemble <run-dir|model.json> <run-dir|model.json> ... --data <folder|file.h5|file.csv|x.npy,y.npy|mnist>
                          [--batch-size N] [--limit N] [--engine auto|tensorflow|fastcpu|cpu|tfjs-node-gpu]

Evaluates several trained models together: their predicted class probabilities are averaged.
Prints one JSON object: samples, each member's accuracy and loss, the ensemble's, the best
single member's, and the cost (forward passes per image, measured time vs the best member).
Arrays (mnist, .h5, x.npy,y.npy) must hold images of exactly the members' input shape, and the
data as many classes as they predict; image folders and CSVs are resized as in training. Data that
does not fit is refused (exit 1), saying what differs.`;

export const ensembleCommand: Command = {
  description: 'evaluate several trained runs together, probabilities averaged (JSON on stdout)',
  async run(args, io) {
    const parsed = parseCommandArgs('ensemble', args, EVALUATION_OPTIONS, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const fail = (message: string) => (io.err(`netwright ensemble: ${message}`), 2);
    const paths = parsed.positionals.flatMap((p) => p.split(',')).filter((p) => p.trim() !== '');
    if (paths.length < 2) return fail(`name at least two run folders or model.json files (space- or comma-separated)\n\n${HELP}`);
    if (!v.data) return fail(`--data is required\n\n${HELP}`);
    const read = await evaluationFlags(v);
    if (!read.ok) return fail(read.message);
    const { data, engine, ...counts } = read.flags;
    return reportEvaluation(
      io,
      'ensemble',
      () => runEvaluation({ type: 'ensemble', paths: paths.map((p) => resolve(p)), data, options: { engine, ...counts } }),
      (r) => [
        ...r.members.map((m) => `member ${m.path}: accuracy ${m.accuracy.toFixed(4)} (${m.seconds.toFixed(2)}s)`),
        `ensemble of ${r.members.length}: accuracy ${r.ensemble.accuracy.toFixed(4)} vs best member ${r.best.accuracy.toFixed(4)}; ${r.cost.forwardPassesPerImage} forward passes per image, ${r.cost.timeRatio.toFixed(2)}x the time`,
      ],
      (r) => ({
        samples: r.samples,
        classes: r.classes,
        members: r.members.map((m) => ({ path: m.path, accuracy: m.accuracy, loss: m.loss, seconds: m.seconds })),
        ensemble: { accuracy: r.ensemble.accuracy, loss: r.ensemble.loss, seconds: r.ensemble.seconds },
        best_member: { path: r.best.path, accuracy: r.best.accuracy },
        mean_member_accuracy: r.meanAccuracy,
        forward_passes_per_image: r.cost.forwardPassesPerImage,
        time_ratio: r.cost.timeRatio,
        engine: r.engine,
      }),
    );
  },
};
