/**
 * `netwright predict <run-dir|model.json> <image...>`: class probabilities for image files
 * (JPEG/PNG, resized to the model input), computed in a trainer process; JSON on stdout.
 */
import { resolve } from 'node:path';
import type { TrainEvent } from '../../../shared/train/events.ts';
import { engineFlag, parseCommandArgs } from '../args.ts';
import type { Command } from '../io.ts';
import { runSupervised } from './train.ts';

const HELP = `usage: netwright predict <run-dir|model.json> <image...> [--engine auto|tensorflow|fastcpu|cpu|tfjs-node-gpu]

Prints one JSON object: the classes, and per image its file, the predicted label with its
probability, and the probability of every class.`;

export const predictCommand: Command = {
  description: 'class probabilities of images from a trained run or model.json (JSON on stdout)',
  async run(args, io) {
    const parsed = parseCommandArgs('predict', args, { engine: { type: 'string' } }, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const [model, ...images] = parsed.positionals;
    if (!model || images.length === 0) {
      io.err(`netwright predict: ${!model ? 'name a run folder or model.json' : 'name at least one image file'}\n\n${HELP}`);
      return 2;
    }
    const engine = engineFlag(parsed.values.engine);
    if (!engine.ok) {
      io.err(`netwright predict: ${engine.message}`);
      return 2;
    }
    let predicted: Extract<TrainEvent, { type: 'predicted' }> | undefined;
    const final = await runSupervised({ type: 'predict', model: resolve(model), images: images.map((f) => resolve(f)), engine: engine.engine }, (e) => {
      if (e.type === 'predicted') predicted = e;
    }, false);
    if (final.type === 'error' || !predicted) {
      const error = final.type === 'error' ? { code: final.code, message: final.message } : { code: 'INTERNAL', message: 'the trainer ended without predictions' };
      io.err(`netwright predict: ${error.code}: ${error.message}`);
      io.out(JSON.stringify({ error }));
      return 1;
    }
    const classes = predicted.classes;
    io.out(
      JSON.stringify({
        classes,
        predictions: predicted.predictions.map((p) => ({
          file: p.source,
          label: p.top.label,
          probability: p.top.probability,
          probabilities: Object.fromEntries(p.probabilities.map((q, k) => [classes[k] ?? String(k), q])),
        })),
      }),
    );
    return 0;
  },
};
