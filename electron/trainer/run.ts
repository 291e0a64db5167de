/**
 * runTraining(request, emit, signal): one training run as a plain module, runnable in the
 * trainer child process, the CLI and tests. The loop calls model.trainOnBatch per batch, so Stop
 * (the abort signal, checked before every batch) ends the run within one batch and a NaN loss is
 * caught at the batch where it appears. Each epoch: validation in inference mode, an epoch
 * event, a checkpoint. Events follow shared/train/events.ts. Cross-entropy after a sigmoid or
 * softmax output trains on the logits, as tf.keras does (logits.ts); checkpoints keep Keras' model.
 */
import { mkdir } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { batchThrottle, type DoneEvent, type EpochEvent, type ErrorEvent, type TrainEvent, type WithoutRunId } from '../../shared/train/events.ts';
import { estimateTrainingMemory } from '../../shared/train/memory.ts';
import { runIdFromDate, TrainRequestSchema, type TrainRequestInput } from '../../shared/train/request.ts';
import { batches, loadDataset } from './data/index.ts';
import { seededPermutation, shuffled, splitIndices } from './batches.ts';
import { readCheckpointInfo, readModelFile, resolveModelPath, loadWeightsByName, writeCheckpoint } from './checkpoint.ts';
import { EarlyStopping } from './earlyStopping.ts';
import { EngineError, selectEngine, type Engine, type EngineImports } from './engine.ts';
import { evaluateOn } from './evaluate.ts';
import { logitsTraining, type LogitsTraining } from './logits.ts';
import { analyzeProject, buildModel, checkData, chooseLoss, classify, loadData, makeAugmenter, makeOptimizer, modelInput, TrainError, type LoadDataset } from './prepare.ts';

export interface RunOptions {
  /** Engine importers (tests simulate engines that load or fail). */
  imports?: EngineImports;
  /** Dataset loader; defaults to electron/trainer/data's loadDataset. */
  loadDataset?: LoadDataset;
  /** Minimum milliseconds between batch events. */
  batchIntervalMs?: number;
  /** Called after every batch with its 1-based epoch and batch (tests inject faults here); a promise it returns is awaited. */
  onBatch?: (epoch: number, batch: number) => unknown;
}

/** Runs one training request; never throws: failures end as an `error` event, which is returned. */
export async function runTraining(request: TrainRequestInput, emit: (event: TrainEvent) => void, signal: AbortSignal, options: RunOptions = {}): Promise<DoneEvent | ErrorEvent> {
  const parsed = TrainRequestSchema.safeParse(request);
  const runId = (parsed.success ? parsed.data.runId : undefined) ?? runIdFromDate(new Date());
  const throttle = batchThrottle(options.batchIntervalMs ?? 100);
  const send = <E extends WithoutRunId<TrainEvent>>(e: E): void => {
    const event = { ...e, runId } as TrainEvent;
    if (throttle(event)) emit(event);
  };
  let model: TF.LayersModel | undefined;
  let logits: LogitsTraining | undefined;
  let optimizer: TF.Optimizer | undefined;
  let engine: Engine | undefined;
  let where: { epoch?: number; batch?: number } = {};
  try {
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TrainError('REQUEST', `the training request is not valid at ${issue.path.join('.') || 'the top'}: ${issue.message}`);
    }
    const req = parsed.data;
    const settings = req.settings;
    const runDir = join(req.runsDir, runId);
    const { project, analysis, head } = analyzeProject(req.project);
    const loss = chooseLoss(settings, head);
    const warnings = loss.warning ? [loss.warning] : [];

    try {
      engine = await selectEngine(settings.engine, options.imports);
    } catch (e) {
      if (e instanceof EngineError) throw new TrainError('ENGINE', e.message);
      throw e;
    }
    if (engine.fallback) warnings.push(engine.fallback);
    const tf = engine.tf;
    const { inputShape, targetShape } = modelInput(analysis);
    const load = options.loadDataset ?? loadDataset;
    const progress = (role: 'training' | 'test') => (done: number, total: number) => send({ type: 'loading', role, done, total });
    const data = await loadData(load, req.data, { ...(targetShape ? { targetShape } : {}), ...(settings.limit ? { limit: settings.limit } : {}), signal, onProgress: progress('training') }, 'training');
    warnings.push(...checkData(data, inputShape, head, loss.loss, 'training'));
    const test = req.testData ? await loadData(load, req.testData, { ...(targetShape ? { targetShape } : {}), signal, onProgress: progress('test') }, 'test') : undefined;
    if (test) warnings.push(...checkData(test, inputShape, head, loss.loss, 'test'));
    if (test && test.classes.join('\n') !== data.classes.join('\n')) {
      warnings.push(`the test data's classes (${test.classes.join(', ')}) differ from the training data's (${data.classes.join(', ')}); labels are compared by index`);
    }
    if (settings.validation === 'test' && !test) throw new TrainError('REQUEST', 'validation is set to the test set, but the request has no test data; add test data or use a validation split');
    const split = settings.validation === 'test' ? { train: seededPermutation(data.count, settings.seed), validation: new Int32Array(0) } : splitIndices(data.count, settings.validationSplit, settings.seed, settings.shuffle);
    const validation = settings.validation === 'test' ? { dataset: test!, indices: Int32Array.from({ length: test!.count }, (_, i) => i) } : { dataset: data, indices: split.validation };
    if (split.train.length === 0) throw new TrainError('DATA', `${data.source}: no training samples left after holding out ${settings.validationSplit * 100}% for validation`);

    const memoryEstimate = estimateTrainingMemory(analysis, {
      batchSize: settings.batchSize,
      optimizer: settings.optimizer,
      dataBytes: data.images.byteLength + (test?.images.byteLength ?? 0),
      available: { totalBytes: totalmem(), freeBytes: freemem() },
    });
    if (!memoryEstimate.fits) warnings.push(`memory: ${memoryEstimate.message}`);

    model = buildModel(tf, project, analysis, settings.seed);
    optimizer = makeOptimizer(tf, settings);
    const withAccuracy = settings.metrics.includes('accuracy');
    logits = logitsTraining(tf, model, loss.loss);
    // The model the optimizer trains: the logits view when the loss allows it, else the model itself.
    const learner = logits?.model ?? model;
    if (logits) learner.compile({ optimizer, loss: logits.loss, metrics: withAccuracy ? [logits.accuracy] : [] });
    else model.compile({ optimizer, loss: loss.loss, metrics: withAccuracy ? ['accuracy'] : [] });
    const evalOptions = { inputShape, loss: loss.loss, encoding: loss.encoding, batchSize: Math.max(settings.batchSize, 64), signal, withAccuracy, ...(logits ? { fromLogits: logits.activation } : {}) };

    let startEpoch = 1;
    let history: EpochEvent[] = [];
    const logs: string[] = [];
    if (req.resume) {
      const info = await readCheckpointInfo(runDir);
      if (!info) throw new TrainError('CHECKPOINT', `${runDir}: no checkpoint to resume from (checkpoint.json is missing); start a new run`);
      loadWeightsByName(tf, model, await readModelFile(join(runDir, info.model)), true);
      logits?.fromKeras();
      startEpoch = info.epoch + 1;
      history = info.history.map((h) => ({ ...h, runId }));
      logs.push(`resumed after epoch ${info.epoch} from ${join(runDir, info.model)}; the optimizer state (e.g. Adam's moments) starts afresh`);
    }
    await mkdir(runDir, { recursive: true });
    const batchesPerEpoch = Math.ceil(split.train.length / settings.batchSize);
    send({
      type: 'started',
      runDir,
      engine: engine.name,
      engineLabel: engine.label,
      ...(engine.gpuDoctor ? { gpuDoctor: engine.gpuDoctor } : {}),
      memoryEstimate,
      samples: { train: split.train.length, validation: validation.indices.length, test: test?.count ?? 0 },
      classes: data.classes,
      inputShape,
      loss: loss.loss,
      lossReason: logits ? `${loss.reason}; computed from the logits of "${logits.layerName}" (before its ${logits.activation}), as tf.keras does, so a saturated output still learns` : loss.reason,
      settings,
      startEpoch,
      epochs: settings.epochs,
      batchesPerEpoch,
      params: analysis.totals,
      warnings,
    });
    for (const message of logs) send({ type: 'log', level: 'info', message });
    if (req.initialWeights) {
      const source = await resolveModelPath(req.initialWeights.path);
      const transfer = loadWeightsByName(tf, model, await readModelFile(source.modelJson));
      logits?.fromKeras();
      send({ type: 'weights', source: source.modelJson, ...transfer });
    }
    const augment = makeAugmenter(data, settings.augmentation);

    let stopped = false;
    let stoppedEarly = false;
    let lastBatch: { epoch: number; batch: number } | undefined;
    const early = settings.earlyStopping ? new EarlyStopping(settings.earlyStopping, history) : undefined;
    for (let epoch = startEpoch; epoch <= settings.epochs; epoch++) {
      const order = settings.shuffle ? shuffled(split.train, settings.seed * 7919 + epoch) : split.train;
      const batchOptions = { oneHot: loss.encoding === 'onehot', numClasses: head.units, seed: settings.seed * 104_729 + epoch, ...(augment ? { augment } : {}) };
      const iterator = batches(data, order, settings.batchSize, batchOptions);
      const started = performance.now();
      let lossSum = 0;
      let accSum = 0;
      let seen = 0;
      for (let b = 0; b < batchesPerEpoch; b++) {
        if (signal.aborted) {
          stopped = true;
          break;
        }
        where = { epoch, batch: b + 1 };
        const batch = iterator.next().value!;
        const x = tf.tensor(batch.x, [batch.size, ...inputShape]);
        const y = loss.encoding === 'onehot' ? tf.tensor2d(batch.y, [batch.size, head.units]) : tf.tensor2d(batch.y, [batch.size, 1]);
        let out: number | number[];
        try {
          out = await learner.trainOnBatch(x, y);
        } finally {
          tf.dispose([x, y]);
        }
        const [l, a] = Array.isArray(out) ? [out[0]!, out[1] ?? null] : [out, null];
        if (!Number.isFinite(l)) {
          throw new TrainError(
            'NAN_LOSS',
            `the loss became ${l} at epoch ${epoch}, batch ${b + 1} of ${batchesPerEpoch}: training diverged. Lower the learning rate (now ${settings.learningRate}), check the data for extreme values, or add BatchNormalization`,
            where,
          );
        }
        lossSum += l * batch.size;
        accSum += (a ?? 0) * batch.size;
        seen += batch.size;
        lastBatch = { epoch, batch: b + 1 };
        send({ type: 'batch', epoch, batch: b + 1, batches: batchesPerEpoch, loss: l, acc: a });
        await options.onBatch?.(epoch, b + 1);
        // Let the stop message (a macrotask) in between batches.
        await new Promise((r) => setImmediate(r));
      }
      if (stopped) break;
      const trainSeconds = (performance.now() - started) / 1000;
      where = { epoch };
      const val =
        validation.indices.length > 0
          ? await evaluateOn(tf, learner, validation.dataset, validation.indices, evalOptions)
          : undefined;
      if (signal.aborted) {
        stopped = true;
        break;
      }
      const seconds = (performance.now() - started) / 1000;
      const event: EpochEvent = {
        type: 'epoch',
        runId,
        epoch,
        epochs: settings.epochs,
        loss: lossSum / seen,
        accuracy: withAccuracy ? accSum / seen : null,
        val_loss: val ? val.loss : null,
        val_accuracy: val ? val.accuracy : null,
        samplesPerSecond: seen / trainSeconds,
        etaSeconds: (settings.epochs - epoch) * seconds,
        seconds,
      };
      history.push(event);
      send(event);
      if (settings.checkpoints) {
        logits?.toKeras();
        const path = await writeCheckpoint(tf, model, runDir, { epoch, classes: data.classes, inputShape, loss: loss.loss, history });
        send({ type: 'checkpoint', epoch, path });
      }
      const stopNow = early?.update(event);
      if (stopNow) {
        stoppedEarly = true;
        send({ type: 'log', level: 'info', message: stopNow });
        break;
      }
    }

    where = {};
    if (!stopped) {
      const target = test ? { on: 'test' as const, dataset: test, indices: Int32Array.from({ length: test.count }, (_, i) => i) } : validation.indices.length > 0 ? { on: 'validation' as const, ...validation } : { on: 'data' as const, dataset: data, indices: split.train };
      const result = await evaluateOn(tf, learner, target.dataset, target.indices, evalOptions);
      if (!signal.aborted) send({ type: 'evaluated', on: target.on, samples: result.samples, loss: result.loss, accuracy: result.accuracy, classes: data.classes, confusion: result.confusion });
      else stopped = true;
    }
    const last = history[history.length - 1];
    const trained = history.filter((h) => h.epoch >= startEpoch);
    const seconds = trained.reduce((s, h) => s + h.seconds, 0);
    const done: DoneEvent = {
      type: 'done',
      runId,
      history,
      final: { loss: last?.loss ?? null, accuracy: last?.accuracy ?? null, val_loss: last?.val_loss ?? null, val_accuracy: last?.val_accuracy ?? null },
      epochs: last?.epoch ?? 0,
      stoppedEarly,
      stopped,
      ...(stopped && lastBatch ? { stoppedAt: lastBatch } : {}),
      samplesPerSecond: trained.length > 0 ? trained.reduce((s, h) => s + h.samplesPerSecond, 0) / trained.length : 0,
      seconds,
      engine: engine.name,
    };
    emit(done);
    return done;
  } catch (e) {
    if (signal.aborted && (e as Error)?.name === 'AbortError') {
      // Stopped while the data was loading: nothing trained, nothing wrong.
      const done: DoneEvent = { type: 'done', runId, history: [], final: { loss: null, accuracy: null, val_loss: null, val_accuracy: null }, epochs: 0, stoppedEarly: false, stopped: true, samplesPerSecond: 0, seconds: 0, engine: engine?.name ?? 'cpu' };
      emit(done);
      return done;
    }
    const error: ErrorEvent = { type: 'error', runId, ...classify(e, where) };
    emit(error);
    return error;
  } finally {
    logits?.dispose();
    model?.dispose();
    optimizer?.dispose();
  }
}
