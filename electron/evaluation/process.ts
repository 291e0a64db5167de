/**
 * runEvaluation: ensemble or multi-crop evaluation in its own process (child.ts), so the
 * caller (CLI, backend) stays responsive and can exit. The request and reply are plain data.
 * The entry is the bundled dist/electron/evaluation-child.cjs when the caller itself runs from
 * that bundle folder (the packaged app has no tsx), else child.ts through tsx.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundleOrSource, execArgvFor } from '../launcher/childEntry.ts';
import type { DataSpecInput } from '../../shared/train/request.ts';
import type { UtilityProcessModule } from '../trainer/supervisor.ts';
import type { EnsembleResult } from './ensemble.ts';
import type { MultiCropOptions, MultiCropResult } from './multiCrop.ts';
import type { EvaluationOptions } from './predict.ts';
import { tensorflowChildEnv, tensorflowEngineDir } from '../trainer/engines/tensorflow/index.ts';

export type EvaluationRequest =
  | { type: 'ensemble'; paths: string[]; data: DataSpecInput; options: Omit<EvaluationOptions, 'signal'> }
  | { type: 'multicrop'; path: string; data: DataSpecInput; options: Omit<MultiCropOptions, 'signal'> };

export type EvaluationReply = { type: 'result'; result: EnsembleResult | MultiCropResult } | { type: 'error'; message: string };

/** The file name of the bundled evaluation entry (electron/launcher/buildElectron.ts writes it). */
export const EVALUATION_BUNDLE = 'evaluation-child.cjs';

/** The evaluation entry in the TypeScript sources (runs through tsx). */
export const EVALUATION_SOURCE_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));

/**
 * The entry to use by default: the bundle next to the running code when there is one (this
 * module is then part of dist/electron/main.cjs), else the TypeScript source.
 */
export function defaultEvaluationEntry(moduleUrl: string = import.meta.url): string {
  return bundleOrSource(moduleUrl, EVALUATION_BUNDLE, EVALUATION_SOURCE_ENTRY);
}

/** The evaluation entry; NETWRIGHT_EVALUATION_ENTRY names another one (as NETWRIGHT_TRAINER_ENTRY does for the trainer). */
export const EVALUATION_ENTRY = process.env.NETWRIGHT_EVALUATION_ENTRY || defaultEvaluationEntry();

/** A started evaluation process, whatever started it (child_process.fork or Electron's utilityProcess). */
export interface EvaluationProcess {
  send(message: EvaluationRequest): void;
  kill(): void;
  onMessage(listener: (message: { type: string }) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  onOutput(listener: (text: string) => void): void;
}

export type SpawnEvaluation = (entry: string, execArgv: string[]) => EvaluationProcess;

/** The environment of an evaluation process: the tensorflow engine's CUDA folders (a GPU build) on the library path. */
function evaluationEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...tensorflowChildEnv(tensorflowEngineDir()) };
}

/** Node flags an entry needs: TypeScript sources load through tsx; bundles need none. */
export const evaluationExecArgv = execArgvFor;

/** child_process.fork: the default outside Electron. */
export const forkEvaluation: SpawnEvaluation = (entry, execArgv) => {
  const child = fork(entry, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: evaluationEnv() });
  return {
    send: (m) => {
      if (child.connected) child.send(m);
    },
    kill: () => child.kill('SIGKILL'),
    onMessage: (l) => child.on('message', (m) => l(m as { type: string })),
    onExit: (l) => {
      child.on('exit', (code, sig) => l(code, sig));
      child.on('error', (e) => {
        if (child.pid === undefined) l(null, `spawn failed: ${e.message}`);
      });
    },
    onOutput: (l) => {
      child.stdout?.on('data', (d: Buffer) => l(d.toString()));
      child.stderr?.on('data', (d: Buffer) => l(d.toString()));
    },
  };
};

export interface RunEvaluationOptions {
  signal?: AbortSignal;
  /** The child entry (default EVALUATION_ENTRY: the bundle beside the running code, else child.ts). */
  entry?: string;
  /** How the process starts (default child_process.fork; Electron passes utilityProcess). */
  spawn?: SpawnEvaluation;
}

export function runEvaluation(request: Extract<EvaluationRequest, { type: 'ensemble' }>, options?: RunEvaluationOptions): Promise<EnsembleResult>;
export function runEvaluation(request: Extract<EvaluationRequest, { type: 'multicrop' }>, options?: RunEvaluationOptions): Promise<MultiCropResult>;
/** Runs `request` in its own process; rejects with the evaluation's own message on failure. */
export function runEvaluation(request: EvaluationRequest, options: RunEvaluationOptions = {}): Promise<EnsembleResult | MultiCropResult> {
  const { signal } = options;
  const entry = options.entry ?? EVALUATION_ENTRY;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('the evaluation was stopped'));
    const child = (options.spawn ?? forkEvaluation)(entry, evaluationExecArgv(entry));
    let output = '';
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = () => {
      child.kill();
      finish(() => reject(new Error('the evaluation was stopped')));
    };
    signal?.addEventListener('abort', onAbort);
    child.onOutput((text) => (output = (output + text).slice(-4000)));
    child.onMessage((m) => {
      if (m.type === 'ready') child.send(request);
      else if (m.type === 'result') finish(() => resolve((m as Extract<EvaluationReply, { type: 'result' }>).result));
      else if (m.type === 'error') finish(() => reject(new Error((m as Extract<EvaluationReply, { type: 'error' }>).message)));
    });
    child.onExit((code, sig) => {
      const tail = output.trim().split('\n').slice(-6).join('\n');
      finish(() => reject(new Error(`the evaluation process (${entry}) ${sig ? `was ended by ${sig}` : `exited with code ${code}`} before answering${tail ? `:\n${tail}` : ''}`)));
    });
  });
}

/** A spawner for Electron: utilityProcess.fork with the same entry and messages (child.ts speaks to its parentPort). */
export function utilityProcessEvaluation(utilityProcess: UtilityProcessModule): SpawnEvaluation {
  return (entry, execArgv) => {
    const child = utilityProcess.fork(entry, [], { execArgv, stdio: 'pipe', serviceName: 'Netwright evaluation', env: evaluationEnv() });
    return {
      send: (m) => child.postMessage(m),
      kill: () => void child.kill(),
      onMessage: (l) => child.on('message', (m) => l(m as { type: string })),
      // utilityProcess reports only a code; a crash by signal shows as a non-zero code.
      onExit: (l) => child.on('exit', (code) => l(code, null)),
      onOutput: (l) => {
        child.stdout?.on('data', (d: Buffer) => l(d.toString()));
        child.stderr?.on('data', (d: Buffer) => l(d.toString()));
      },
    };
  };
}
