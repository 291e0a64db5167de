/**
 * Kept runs for evaluation tests: tiny CNNs trained for real (runTraining, in this process) on a
 * few hundred built-in MNIST digits, recorded into <runsDir>/<id> exactly as the app keeps runs
 * (run.json through createRunRecorder, checkpoints from the trainer).
 */
import type { ProjectInput } from '../../../shared/graph/schema.ts';
import { chainProject } from '../../shared/chainProject.ts';
import type { DataSpecInput, TrainRequestInput } from '../../../shared/train/request.ts';
import { createRunRecorder } from '../../../electron/trainer/runs.ts';
import { runTraining } from '../../../electron/trainer/run.ts';

/** Input side x side x 1 -> Conv2D(filters, k x k, relu) -> MaxPool 2 -> Flatten -> Dense(classes, softmax). */
export function smallCnn(name: string, filters: number, kernel: number, side = 28, classes = 10): ProjectInput {
  return chainProject(name, [
    { id: 'in', kind: 'Input', name: 'input_1', params: { shape: [side, side, 1] } },
    { id: 'c', kind: 'Conv2D', name: 'conv', params: { filters, kernelSize: [kernel, kernel], activation: 'relu' } },
    { id: 'p', kind: 'MaxPooling2D', name: 'pool', params: { poolSize: [2, 2] } },
    { id: 'f', kind: 'Flatten', name: 'flatten', params: {} },
    { id: 'd', kind: 'Dense', name: 'out', params: { units: classes, activation: 'softmax' } },
  ]);
}

/** Trains `project` into runsDir/id and keeps it as the app does; throws the trainer's error. */
export async function trainKeptRun(runsDir: string, id: string, project: ProjectInput, options: { data?: DataSpecInput; testData?: DataSpecInput; limit?: number; epochs?: number; seed?: number } = {}): Promise<string> {
  const request: TrainRequestInput = {
    type: 'train',
    runId: id,
    runsDir,
    project: project as unknown as Record<string, unknown>,
    data: options.data ?? { kind: 'mnist' },
    ...(options.testData ? { testData: options.testData } : {}),
    settings: { epochs: options.epochs ?? 1, batchSize: 16, learningRate: 0.003, limit: options.limit ?? 400, validationSplit: 0, seed: options.seed ?? 1 },
  };
  const record = createRunRecorder(runsDir, id, request);
  const done = await runTraining(request, record, new AbortController().signal);
  if (done.type === 'error') throw new Error(`${id}: ${done.code}: ${done.message}`);
  return id;
}
