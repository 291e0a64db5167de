/**
 * `netwright multicrop <run|model.json> --data ... [--crop 0.875|HxW]`: 10-crop testing (four
 * corners and the centre of a slightly smaller window, resized back, plus mirrors) beside the
 * single-pass accuracy, with the extra inference cost; one JSON object on stdout. The model
 * runs in an evaluation process.
 */
import { resolve } from 'node:path';
import { runEvaluation } from '../../evaluation/process.ts';
import { EVALUATION_OPTIONS, parseCommandArgs } from '../args.ts';
import type { Command } from '../io.ts';
import { evaluationFlags, reportEvaluation } from './evaluationFlags.ts';

const HELP = `usage: netwright multicrop <run-dir|model.json> --data <folder|file.h5|file.csv|x.npy,y.npy|mnist>
                           [--crop 0.875|HxW] [--no-mirror] [--batch-size N] [--limit N] [--engine auto|tensorflow|fastcpu|cpu|tfjs-node-gpu]

Evaluates a trained model with 10-crop testing: the four corner crops and the centre crop
(--crop: a fraction of the input side, default 0.875, or a size like 24x24), each resized back
to the model input, and their mirrors; the ten predictions are averaged. Prints one JSON object
with the single-pass accuracy, the 10-crop accuracy, each view's accuracy and the cost.
Arrays (mnist, .h5, x.npy,y.npy) must hold images of exactly the model's input shape, and the
data as many classes as it predicts; image folders and CSVs are resized as in training. Data that
does not fit is refused (exit 1), saying what differs.
  --no-mirror  leave out the mirrored views (5-crop): for digits, text, or models trained without flips`;

export const multicropCommand: Command = {
  description: 'evaluate a trained run with 10-crop testing beside one pass (JSON on stdout)',
  async run(args, io) {
    const parsed = parseCommandArgs('multicrop', args, { ...EVALUATION_OPTIONS, crop: { type: 'string' }, 'no-mirror': { type: 'boolean' } }, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const fail = (message: string) => (io.err(`netwright multicrop: ${message}`), 2);
    const [model] = parsed.positionals;
    if (!model || !v.data) return fail(`${!model ? 'name a run folder or model.json' : '--data is required'}\n\n${HELP}`);
    const read = await evaluationFlags(v);
    if (!read.ok) return fail(read.message);
    const { data, engine, ...counts } = read.flags;
    let crop: number | [number, number] | undefined;
    if (v.crop !== undefined) {
      const size = /^(\d+)x(\d+)$/i.exec(v.crop.trim());
      const fraction = Number(v.crop);
      if (size) crop = [Number(size[1]), Number(size[2])];
      else if (v.crop.trim() !== '' && fraction > 0 && fraction <= 1) crop = fraction;
      else return fail(`--crop expects a fraction above 0 and at most 1 (e.g. 0.875) or a size like 24x24; received "${v.crop}"`);
    }
    return reportEvaluation(
      io,
      'multicrop',
      () => runEvaluation({ type: 'multicrop', path: resolve(model), data, options: { engine, ...(crop !== undefined ? { crop } : {}), ...(v['no-mirror'] ? { mirrors: false } : {}), ...counts } }),
      (r) => [
        `single pass: accuracy ${r.single.accuracy.toFixed(4)}; ${r.cost.forwardPassesPerImage}-crop (${r.crop.join('x')} of ${r.inputShape.slice(0, 2).join('x')}): accuracy ${r.tenCrop.accuracy.toFixed(4)}; ${r.cost.forwardPassesPerImage} forward passes per image, ${r.cost.timeRatio.toFixed(2)}x the time`,
      ],
      (r) => ({
        samples: r.samples,
        classes: r.classes,
        input_shape: r.inputShape,
        crop: r.crop,
        single: { accuracy: r.single.accuracy, loss: r.single.loss, seconds: r.single.seconds },
        ten_crop: { accuracy: r.tenCrop.accuracy, loss: r.tenCrop.loss, seconds: r.tenCrop.seconds },
        views: r.views,
        forward_passes_per_image: r.cost.forwardPassesPerImage,
        time_ratio: r.cost.timeRatio,
        engine: r.engine,
      }),
    );
  },
};
