/**
 * `netwright train <project|template> --data ...`: trains in a trainer child process (the same
 * supervisor the app uses), draws a progress bar on stderr, keeps the run under --out, and ends
 * stdout with one JSON line (engine, epochs, loss, accuracy, val_loss, val_accuracy,
 * samples_per_second, ...). Ctrl-C stops after the current batch; a second Ctrl-C kills.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DoneEvent, ErrorEvent, TrainEvent } from '../../../shared/train/events.ts';
import type { DataSpecInput, TrainerRequestInput } from '../../../shared/train/request.ts';
import { TrainSettingsSchema } from '../../../shared/train/settings.ts';
import { resolveDataArg } from '../../trainer/data/index.ts';
import { TrainerSupervisor } from '../../trainer/supervisor.ts';
import { processIO, type CliIO, type Command } from '../io.ts';
import { resolveProject } from '../resolveProject.ts';

const HELP = `usage: netwright train <project.json|template> --data <folder|file.h5|file.csv|x.npy,y.npy|mnist>
                       [--test-data ...] [--epochs N] [--batch-size N] [--optimizer sgd|momentum|adam|rmsprop]
                       [--lr X] [--loss auto|NAME] [--validation-split F] [--engine auto|fastcpu|cpu|tfjs-node-gpu]
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

/** Parses --param name=value, --input and --classes into template parameter text. */
export function templateParams(values: { input?: string; classes?: string; param?: string[] }): { ok: true; params: Record<string, string> } | { ok: false; message: string } {
  const params: Record<string, string> = {};
  for (const p of values.param ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) return { ok: false, message: `--param expects name=value, e.g. --param aux=true; received "${p}"` };
    params[p.slice(0, eq).trim()] = p.slice(eq + 1);
  }
  if (values.input !== undefined) params.input = values.input;
  if (values.classes !== undefined) params.classes = values.classes;
  return { ok: true, params };
}

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

export const trainCommand: Command = {
  description: 'train a project or template on data (progress on stderr, JSON result on stdout)',
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
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
          input: { type: 'string' },
          classes: { type: 'string' },
          param: { type: 'string', multiple: true },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (e) {
      io.err(`netwright train: ${(e as Error).message}\n\n${HELP}`);
      return 2;
    }
    const v = parsed.values;
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    const [target] = parsed.positionals;
    if (!target || !v.data) {
      io.err(`netwright train: ${!target ? 'name a project file or template' : '--data is required'}\n\n${HELP}`);
      return 2;
    }
    const fail = (message: string) => (io.err(`netwright train: ${message}`), 2);
    const params = templateParams(v);
    if (!params.ok) return fail(params.message);
    const resolved = resolveProject(target, params.params);
    if (!resolved.ok) return fail(resolved.message);
    const data = await dataSpec(v.data);
    if (!data.ok) return fail(data.message);
    const testData = v['test-data'] ? await dataSpec(v['test-data'], '--test-data') : undefined;
    if (testData && !testData.ok) return fail(testData.message);

    const settingsInput: Record<string, unknown> = {};
    const numeric: [keyof typeof v, string][] = [['epochs', 'epochs'], ['batch-size', 'batchSize'], ['lr', 'learningRate'], ['validation-split', 'validationSplit'], ['seed', 'seed'], ['limit', 'limit']];
    for (const [flag, key] of numeric) {
      const raw = v[flag];
      if (typeof raw !== 'string') continue;
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return fail(`--${String(flag)} expects a number; received "${raw}"`);
      settingsInput[key] = n;
    }
    if (v.optimizer) settingsInput.optimizer = v.optimizer;
    if (v.loss) settingsInput.loss = v.loss;
    if (v.engine) settingsInput.engine = v.engine;
    if (testData) settingsInput.validation = v['validation-split'] === undefined ? 'test' : 'split';
    const settings = TrainSettingsSchema.safeParse(settingsInput);
    if (!settings.success) {
      const issue = settings.error.issues[0]!;
      const flag = { batchSize: 'batch-size', learningRate: 'lr', validationSplit: 'validation-split' }[String(issue.path[0])] ?? String(issue.path[0]);
      return fail(`--${flag}: ${issue.message}`);
    }
    if (v.resume && !v['run-id']) return fail('--resume needs --run-id naming the run to continue');

    const request: TrainerRequestInput = {
      type: 'train',
      runsDir: resolve(v.out ?? 'runs'),
      ...(v['run-id'] ? { runId: v['run-id'] } : {}),
      project: resolved.project as unknown as Record<string, unknown>,
      data: data.spec,
      ...(testData ? { testData: testData.spec } : {}),
      settings: settings.data,
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
