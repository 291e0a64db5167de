/**
 * `netwright train <project|template> --data ...`: trains in a trainer child process (the same
 * supervisor the app uses), draws a progress bar on stderr, keeps the run under --out, and ends
 * stdout with one JSON line (engine, epochs, loss, accuracy, val_loss, val_accuracy,
 * samples_per_second, ...). Ctrl-C stops after the current batch; a second Ctrl-C kills.
 */
import { resolve } from 'node:path';
import type { DoneEvent, ErrorEvent, TrainEvent } from '../../../shared/train/events.ts';
import type { DataSpecInput, TrainerRequestInput } from '../../../shared/train/request.ts';
import { resolveDataArg } from '../../trainer/data/index.ts';
import { TrainerSupervisor } from '../../trainer/supervisor.ts';
import { parseCommandArgs, resolveTarget, TEMPLATE_OPTIONS, trainSettingsFlags } from '../args.ts';
import { processIO, type CliIO, type Command } from '../io.ts';

const HELP = `usage: netwright train <project.json|template> --data <folder|file.h5|file.csv|x.npy,y.npy|mnist>
                       [--test-data ...] [--epochs N] [--batch-size N] [--optimizer sgd|momentum|adam|rmsprop]
                       [--lr X] [--loss auto|NAME] [--validation-split F] [--engine auto|tensorflow|fastcpu|cpu|tfjs-node-gpu]
                       [--out DIR] [--seed N] [--limit N] [--run-id ID] [--resume] [--weights RUN|model.json]
                       [--input HxWxC] [--classes N] [--param name=value ...]

Trains the model in a separate trainer process. Progress goes to stderr; the last line of
stdout is one JSON object with engine, epochs, loss, accuracy, val_loss, val_accuracy,
samples_per_second, the test metrics and the run folder.
  --data              training data; 'mnist' is the built-in digits (mnist:test its test part)
  --test-data         a separate test set, evaluated at the end
  --validation-split  fraction held out for validation (default 0.2)
  --out               folder of runs (default ./runs); the run is kept in <out>/<run-id>
  --limit             train on at most N samples (quick experiments)
  --resume            continue run --run-id from its last checkpoint (optimizer state restarts)
  --weights           start from the weights of a run folder or model.json (matching layer names)
  --input, --classes, --param   template parameters, as for 'netwright summary'`;

/** The --data value as a DataSpec, with files checked; a message naming the file otherwise. */
export async function dataSpec(arg: string, flag = '--data'): Promise<{ ok: true; spec: DataSpecInput } | { ok: false; message: string }> {
  try {
    return { ok: true, spec: (await resolveDataArg(arg)) as DataSpecInput };
  } catch (e) {
    return { ok: false, message: `${flag}: ${(e as Error).message}` };
  }
}

/**
 * Runs one request in a trainer process, forwarding events; SIGINT stops it (twice: kills).
 * Resolves with the final event.
 */
export async function runSupervised(request: TrainerRequestInput, onEvent: (e: TrainEvent) => void, record = true): Promise<DoneEvent | ErrorEvent> {
  const job = new TrainerSupervisor({ record }).start(request, onEvent);
  let interrupts = 0;
  const onSigint = () => (++interrupts === 1 ? job.stop() : job.kill());
  process.on('SIGINT', onSigint);
  try {
    return await job.done;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const num = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? '-' : v.toFixed(digits));

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

/** Progress on stderr: a redrawn bar on a terminal, epoch lines elsewhere. */
function progressPrinter(io: CliIO): (e: TrainEvent) => void {
  const tty = io === processIO && process.stderr.isTTY === true;
  let barShown = false;
  const clearBar = () => {
    if (barShown) process.stderr.write('\r\x1b[2K');
    barShown = false;
  };
  const line = (text: string) => {
    clearBar();
    io.err(text);
  };
  return (e) => {
    switch (e.type) {
      case 'started': {
        line(`training on ${e.engineLabel}: ${e.samples.train} samples (${e.samples.validation} validation${e.samples.test ? `, ${e.samples.test} test` : ''}), ${e.epochs} epochs of ${e.batchesPerEpoch} batches, loss ${e.loss}`);
        if (e.gpuDoctor && !e.gpuDoctor.gpuUsable) line(`  ${e.gpuDoctor.summary} (--engine tfjs-node-gpu says what to install)`);
        line(`  memory: ${e.memoryEstimate.message}`);
        for (const w of e.warnings) line(`  warning: ${w}`);
        if (e.startEpoch > 1) line(`  resuming at epoch ${e.startEpoch}`);
        break;
      }
      case 'batch': {
        if (!tty) return;
        const width = 30;
        const filled = Math.round((e.batch / e.batches) * width);
        process.stderr.write(`\r\x1b[2KEpoch ${e.epoch} [${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}] ${e.batch}/${e.batches} loss ${num(e.loss)}${e.acc !== null ? ` acc ${num(e.acc)}` : ''}`);
        barShown = true;
        break;
      }
      case 'epoch':
        line(`Epoch ${e.epoch}/${e.epochs}: loss ${num(e.loss)} acc ${num(e.accuracy)} val_loss ${num(e.val_loss)} val_acc ${num(e.val_accuracy)} (${e.samplesPerSecond.toFixed(1)} samples/s, ${duration(e.seconds)}${e.etaSeconds > 0 ? `, ETA ${duration(e.etaSeconds)}` : ''})`);
        break;
      case 'weights':
        line(`weights from ${e.source}: ${e.matched.length} layer(s) loaded (${e.matched.join(', ') || 'none'})${e.skipped.length ? `; not loaded: ${e.skipped.map((s) => `${s.layer} (${s.reason})`).join('; ')}` : ''}`);
        break;
      case 'evaluated':
        line(`evaluated on ${e.on} (${e.samples} samples): loss ${num(e.loss)} accuracy ${num(e.accuracy)}`);
        break;
      case 'log':
        line(`${e.level === 'warning' ? 'warning: ' : ''}${e.message}`);
        break;
      case 'error':
        line(`netwright train: ${e.code}: ${e.message}`);
        break;
      case 'done':
        clearBar();
        break;
      default:
        break;
    }
  };
}

const TRAIN_OPTIONS = {
  data: { type: 'string' },
  'test-data': { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  loss: { type: 'string' },
  'validation-split': { type: 'string' },
  engine: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  limit: { type: 'string' },
  'run-id': { type: 'string' },
  resume: { type: 'boolean' },
  weights: { type: 'string' },
  ...TEMPLATE_OPTIONS,
} as const;

/** The numeric flags and the training settings they set. */
const NUMERIC_SETTINGS = [['epochs', 'epochs'], ['batch-size', 'batchSize'], ['lr', 'learningRate'], ['validation-split', 'validationSplit'], ['seed', 'seed'], ['limit', 'limit']] as const;

export const trainCommand: Command = {
  description: 'train a project or template on data (progress on stderr, JSON result on stdout)',
  async run(args, io) {
    const parsed = parseCommandArgs('train', args, TRAIN_OPTIONS, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const [target] = parsed.positionals;
    if (!target || !v.data) {
      io.err(`netwright train: ${!target ? 'name a project file or template' : '--data is required'}\n\n${HELP}`);
      return 2;
    }
    const fail = (message: string) => (io.err(`netwright train: ${message}`), 2);
    const resolved = resolveTarget(target, v);
    if (!resolved.ok) return fail(resolved.message);
    const data = await dataSpec(v.data);
    if (!data.ok) return fail(data.message);
    const testData = v['test-data'] ? await dataSpec(v['test-data'], '--test-data') : undefined;
    if (testData && !testData.ok) return fail(testData.message);

    const settings = trainSettingsFlags(v, NUMERIC_SETTINGS, {
      ...(v.optimizer ? { optimizer: v.optimizer } : {}),
      ...(v.loss ? { loss: v.loss } : {}),
      ...(v.engine ? { engine: v.engine } : {}),
      ...(testData ? { validation: v['validation-split'] === undefined ? 'test' : 'split' } : {}),
    });
    if (!settings.ok) return fail(settings.message);
    if (v.resume && !v['run-id']) return fail('--resume needs --run-id naming the run to continue');

    const request: TrainerRequestInput = {
      type: 'train',
      runsDir: resolve(v.out ?? 'runs'),
      ...(v['run-id'] ? { runId: v['run-id'] } : {}),
      project: resolved.project as unknown as Record<string, unknown>,
      data: data.spec,
      ...(testData ? { testData: testData.spec } : {}),
      settings: settings.settings,
      ...(v.resume ? { resume: true } : {}),
      ...(v.weights ? { initialWeights: { path: resolve(v.weights) } } : {}),
    };
    const print = progressPrinter(io);
    let started: Extract<TrainEvent, { type: 'started' }> | undefined;
    let evaluated: Extract<TrainEvent, { type: 'evaluated' }> | undefined;
    const final = await runSupervised(request, (e) => {
      if (e.type === 'started') started = e;
      if (e.type === 'evaluated') evaluated = e;
      print(e);
    });
    if (final.type === 'error') {
      io.out(JSON.stringify({ error: { code: final.code, message: final.message, ...(final.epoch !== undefined ? { epoch: final.epoch } : {}), ...(final.batch !== undefined ? { batch: final.batch } : {}) }, run_id: final.runId }));
      return 1;
    }
    io.out(
      JSON.stringify({
        engine: final.engine,
        engine_label: started?.engineLabel ?? null,
        epochs: final.epochs,
        loss: final.final.loss,
        accuracy: final.final.accuracy,
        val_loss: final.final.val_loss,
        val_accuracy: final.final.val_accuracy,
        samples_per_second: final.samplesPerSecond,
        seconds: final.seconds,
        test_loss: evaluated?.on === 'test' ? evaluated.loss : null,
        test_accuracy: evaluated?.on === 'test' ? evaluated.accuracy : null,
        stopped: final.stopped,
        stopped_early: final.stoppedEarly,
        run_id: final.runId,
        run_dir: started?.runDir ?? null,
      }),
    );
    return 0;
  },
};
