/**
 * The evaluation channels of the bridge: an ensemble of kept runs and 10-crop testing of one run,
 * each in its own evaluation process (runEvaluation), so the UI stays responsive and Stop can end
 * it. Handlers check the runs first (ids, finished, a checkpoint, same classes and input) and pick
 * the data: what the caller gives (refused unless it fits the runs: evaluation/dataFit.ts), else
 * the runs' own test data (evaluationData.ts). 'evaluate:data' says which data that would be and
 * whether it fits, before anything runs. One evaluation at a time.
 */
import { join } from 'node:path';
import type { Handlers } from '../../shared/ipc.ts';
import type { EvaluationReply, EvaluationReport } from '../../shared/train/evaluation.ts';
import type { DataSpecInput } from '../../shared/train/request.ts';
import { runEvaluation, type SpawnEvaluation } from '../evaluation/process.ts';
import { readCheckpointInfo } from '../trainer/checkpoint.ts';
import { loadRun, type RunRecord } from '../trainer/runs.ts';
import { dataLabel, sameData, testDataOf } from './evaluationData.ts';
import { dataFit, misfitMessage, type RunsInput } from '../evaluation/dataFit.ts';
import { DatasetCache } from './trainingData.ts';

export interface EvaluationDeps {
  /** Runs are kept in <userDataDir>/runs. */
  userDataDir: string;
  /** The evaluation child entry (default: the bundle beside the running code, else child.ts with tsx). */
  evaluationEntry?: string;
  /** How the evaluation process starts (Electron: utilityProcessEvaluation). */
  spawnEvaluation?: SpawnEvaluation;
}

export type EvaluationChannel = 'evaluate:ensemble' | 'evaluate:multicrop' | 'evaluate:stop' | 'evaluate:data';

const RUN_ID = /^[A-Za-z0-9_.-]{1,120}$/;

/** A run ready to evaluate: its record, folder and what its checkpoint says. */
interface CheckedRun {
  id: string;
  name: string;
  dir: string;
  record: RunRecord;
  classes: string[];
  inputShape: number[];
}

class Refusal extends Error {}

/**
 * `activeRun` names the run training now (the trainer slot): a run whose run.json still says
 * running but is not that run ended with its trainer (as train:runs shows it: crashed) and is
 * evaluated from its last checkpoint. Without it, every run that says running is refused.
 */
export function createEvaluationHandlers(deps: EvaluationDeps, activeRun?: () => string | undefined): Pick<Handlers, EvaluationChannel> {
  const runsDir = join(deps.userDataDir, 'runs');
  let active: { controller: AbortController; what: string } | undefined;
  // Its own cache of the last dataset read (the Train view's data panel keeps another).
  const datasets = new DatasetCache();

  async function checkRun(id: string): Promise<CheckedRun> {
    if (!RUN_ID.test(id) || id.startsWith('.')) throw new Refusal(`"${id}" is not a run id (letters, digits, _ . - ; not starting with a dot)`);
    let record: RunRecord;
    try {
      record = loadRun(runsDir, id);
    } catch {
      throw new Refusal(`there is no run "${id}" in ${runsDir}; refresh the runs list`);
    }
    const name = typeof record.project.name === 'string' ? record.project.name : 'model';
    if (record.status === 'running' && (!activeRun || activeRun() === id)) throw new Refusal(`run ${id} (${name}) is still training; wait for it to finish or stop it, then evaluate it`);
    const dir = join(runsDir, id);
    const checkpoint = await readCheckpointInfo(dir).catch((e: Error) => {
      throw new Refusal(e.message);
    });
    if (!checkpoint) throw new Refusal(`run ${id} (${name}) has no checkpoint to evaluate: it ended before its first epoch or was trained with checkpoints off`);
    return { id, name, dir, record, classes: checkpoint.classes, inputShape: checkpoint.inputShape };
  }

  /** Same classes and input across the runs (checked before an ensemble), else a refusal naming two runs. */
  function agreeing(runs: readonly CheckedRun[]): RunsInput {
    const first = runs[0]!;
    for (const r of runs.slice(1)) {
      if (r.classes.join('\n') !== first.classes.join('\n')) {
        throw new Refusal(`runs ${first.id} (${first.name}) and ${r.id} (${r.name}) predict different classes (${listed(first.classes)} vs ${listed(r.classes)}); an ensemble averages the same classes`);
      }
      if (r.inputShape.join('x') !== first.inputShape.join('x')) {
        throw new Refusal(`runs ${first.id} (${first.name}) and ${r.id} (${r.name}) take different inputs (${first.inputShape.join('x')} vs ${r.inputShape.join('x')}); ensemble runs with the same input shape`);
      }
    }
    return { runs: runs.map((r) => ({ id: r.id, name: r.name })), inputShape: first.inputShape, classes: first.classes };
  }

  /** The data as stored (count, shape, classes), read in this process; a read failure is a refusal naming the data. */
  async function describe(spec: DataSpecInput, perClass = 1) {
    try {
      return await datasets.describe(spec, undefined, perClass);
    } catch (e) {
      throw new Refusal(`the data ${dataLabel(spec)} cannot be read: ${(e as Error).message}`);
    }
  }

  /** Refuses chosen data that does not fit the runs (input shape, classes), naming both. */
  async function checkChosen(spec: DataSpecInput, runs: RunsInput): Promise<void> {
    const fit = dataFit(spec, await describe(spec), runs);
    if (fit.problems.length > 0) throw new Refusal(misfitMessage(fit, runs));
  }

  /**
   * Runs `work` as the one evaluation in progress (the slot is taken before the runs are checked,
   * so two quick requests cannot both start); refusals and failures become { ok: false }.
   */
  async function exclusive(what: string, work: (signal: AbortSignal) => Promise<EvaluationReport>): Promise<EvaluationReply> {
    if (active) return { ok: false, message: `an evaluation is already running (${active.what}); stop it or wait for it to finish` };
    const controller = new AbortController();
    active = { controller, what };
    try {
      return { ok: true, report: await work(controller.signal) };
    } catch (e) {
      if (e instanceof Refusal) return { ok: false, message: e.message };
      if (controller.signal.aborted) return { ok: false, message: `the evaluation (${what}) was stopped`, stopped: true };
      return { ok: false, message: (e as Error).message };
    } finally {
      active = undefined;
    }
  }

  const processOptions = (signal: AbortSignal) => ({ signal, ...(deps.evaluationEntry ? { entry: deps.evaluationEntry } : {}), ...(deps.spawnEvaluation ? { spawn: deps.spawnEvaluation } : {}) });

  return {
    'evaluate:ensemble': ({ runIds, data, limit }) =>
      exclusive(`ensemble of ${runIds.length} runs`, async (signal) => {
        const twice = runIds.find((id, i) => runIds.indexOf(id) !== i);
        if (twice) throw new Refusal(`run ${twice} is named twice; an ensemble needs different runs`);
        const runs: CheckedRun[] = [];
        for (const id of runIds) runs.push(await checkRun(id));
        const input = agreeing(runs);
        if (data) await checkChosen(data, input);
        const chosen = data ? chosenData(data, runs) : commonTestData(runs);
        const start = performance.now();
        const r = await runEvaluation({ type: 'ensemble', paths: runs.map((x) => x.dir), data: chosen.spec, options: { engine: 'auto', ...(limit ? { limit } : {}) } }, processOptions(signal));
        const singles = r.members.map((m, i) => ({ runId: runs[i]!.id, name: runs[i]!.name, accuracy: m.accuracy, loss: m.loss, seconds: m.seconds }));
        const best = singles.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
        return {
          kind: 'ensemble',
          runIds: runs.map((x) => x.id),
          data: chosen.spec,
          dataLabel: dataLabel(chosen.spec),
          ...(chosen.note ? { dataNote: chosen.note } : {}),
          samples: r.samples,
          classes: r.classes,
          singles,
          combined: { label: `Ensemble of ${runs.length} (probabilities averaged)`, accuracy: r.ensemble.accuracy, loss: r.ensemble.loss, seconds: r.ensemble.seconds },
          bestSingle: { runId: best.runId, accuracy: best.accuracy },
          meanSingleAccuracy: r.meanAccuracy,
          passesPerImage: r.cost.forwardPassesPerImage,
          timeRatio: r.cost.timeRatio,
          engine: r.engine,
          seconds: (performance.now() - start) / 1000,
        };
      }),

    'evaluate:multicrop': ({ runId, data, limit, crop, mirrors }) => {
      const views = mirrors === false ? 5 : 10;
      return exclusive(`${views}-crop test of run ${runId}`, async (signal) => {
        const run = await checkRun(runId);
        if (run.inputShape.length !== 3) throw new Refusal(`run ${run.id} (${run.name}) takes ${run.inputShape.join('x')}, not an image (height x width x channels); multi-crop testing crops images`);
        if (data) await checkChosen(data, agreeing([run]));
        const chosen = data ? chosenData(data, [run]) : testDataOf(run.record);
        const start = performance.now();
        const r = await runEvaluation(
          { type: 'multicrop', path: run.dir, data: chosen.spec, options: { engine: 'auto', ...(limit ? { limit } : {}), ...(crop ? { crop } : {}), ...(mirrors === false ? { mirrors: false } : {}) } },
          processOptions(signal),
        );
        const single = { runId: run.id, name: run.name, accuracy: r.single.accuracy, loss: r.single.loss, seconds: r.single.seconds };
        return {
          kind: 'multicrop',
          runIds: [run.id],
          data: chosen.spec,
          dataLabel: dataLabel(chosen.spec),
          ...(chosen.note ? { dataNote: chosen.note } : {}),
          samples: r.samples,
          classes: r.classes,
          singles: [single],
          combined: { label: `${r.cost.forwardPassesPerImage}-crop (${r.crop.join('x')} crops of ${r.inputShape.slice(0, 2).join('x')}${views === 10 ? ', with mirrors' : ''})`, accuracy: r.tenCrop.accuracy, loss: r.tenCrop.loss, seconds: r.tenCrop.seconds },
          bestSingle: { runId: run.id, accuracy: single.accuracy },
          meanSingleAccuracy: single.accuracy,
          passesPerImage: r.cost.forwardPassesPerImage,
          timeRatio: r.cost.timeRatio,
          views: r.views.map((v) => ({ view: v.view, accuracy: v.accuracy })),
          crop: r.crop,
          inputShape: r.inputShape,
          engine: r.engine,
          seconds: (performance.now() - start) / 1000,
        };
      });
    },

    'evaluate:data': async ({ runIds, data }) => {
      try {
        const runs: CheckedRun[] = [];
        for (const id of runIds) runs.push(await checkRun(id));
        const input = agreeing(runs);
        const chosen = data ? chosenData(data, runs) : runs.length === 1 ? testDataOf(runs[0]!.record) : commonTestData(runs);
        const d = await describe(chosen.spec, 8);
        const fit = dataFit(chosen.spec, d, input);
        return {
          ok: true as const,
          data: chosen.spec,
          own: !data,
          label: dataLabel(chosen.spec),
          source: d.source,
          count: d.count,
          shape: d.shape,
          classes: d.classes,
          runs: { inputShape: input.inputShape, classes: input.classes },
          problems: fit.problems,
          notes: [...(chosen.note ? [chosen.note] : []), ...fit.notes],
          preview: { grid: d.grid, perClass: d.perClass, counts: d.counts },
        };
      } catch (e) {
        return { ok: false as const, message: e instanceof Refusal ? e.message : (e as Error).message };
      }
    },

    'evaluate:stop': async () => {
      if (!active) return { ok: false as const, message: 'no evaluation is running' };
      active.controller.abort();
      return { ok: true as const };
    },
  };
}

/** Chosen data, with a note when some run trained on it (its accuracies there flatter it). */
function chosenData(spec: DataSpecInput, runs: readonly CheckedRun[]): { spec: DataSpecInput; note?: string } {
  // Built-in MNIST without a split is its training part; a limit only takes fewer of the same images.
  const images = (d: DataSpecInput): DataSpecInput => (d.kind === 'mnist' ? { kind: 'mnist', split: d.split ?? 'train' } : d);
  const trainedOn = runs.filter((r) => sameData(images(r.record.data), images(spec)));
  if (trainedOn.length === 0) return { spec };
  const which = trainedOn.length === runs.length ? (runs.length === 1 ? 'the run' : 'every run') : `run${trainedOn.length === 1 ? '' : 's'} ${trainedOn.map((r) => r.id).join(', ')}`;
  return { spec, note: `${which} trained on this data, so accuracies here are higher than on new images` };
}

/** The test data every run would use on its own; refused when they differ. */
function commonTestData(runs: readonly CheckedRun[]): { spec: DataSpecInput; note?: string } {
  const picks = runs.map((r) => ({ run: r, ...testDataOf(r.record) }));
  const first = picks[0]!;
  const other = picks.find((p) => !sameData(p.spec, first.spec));
  if (other) {
    throw new Refusal(
      `runs ${first.run.id} (${first.run.name}) and ${other.run.id} (${other.run.name}) were tested on different data (${dataLabel(first.spec)} vs ${dataLabel(other.spec)}); an ensemble needs the same images: choose the data to evaluate on`,
    );
  }
  return first;
}

function listed(classes: readonly string[]): string {
  return classes.length > 6 ? `${classes.length} classes: ${classes.slice(0, 5).join(', ')}, ...` : classes.join(', ');
}
