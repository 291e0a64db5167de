/**
 * runEvaluation: ensemble or multi-crop evaluation in its own process (child.ts), so the
 * caller (CLI, backend) stays responsive and can exit. The request and reply are plain data.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DataSpecInput } from '../../shared/train/request.ts';
import type { EnsembleResult } from './ensemble.ts';
import type { MultiCropOptions, MultiCropResult } from './multiCrop.ts';
import type { EvaluationOptions } from './predict.ts';

export type EvaluationRequest =
  | { type: 'ensemble'; paths: string[]; data: DataSpecInput; options: Omit<EvaluationOptions, 'signal'> }
  | { type: 'multicrop'; path: string; data: DataSpecInput; options: Omit<MultiCropOptions, 'signal'> };

export type EvaluationReply = { type: 'result'; result: EnsembleResult | MultiCropResult } | { type: 'error'; message: string };

export const EVALUATION_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));

export function runEvaluation(request: Extract<EvaluationRequest, { type: 'ensemble' }>, signal?: AbortSignal): Promise<EnsembleResult>;
export function runEvaluation(request: Extract<EvaluationRequest, { type: 'multicrop' }>, signal?: AbortSignal): Promise<MultiCropResult>;
/** Runs `request` in a forked process; rejects with the evaluation's own message on failure. */
export function runEvaluation(request: EvaluationRequest, signal?: AbortSignal): Promise<EnsembleResult | MultiCropResult> {
  return new Promise((resolve, reject) => {
    const child = fork(EVALUATION_ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let output = '';
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(() => reject(new Error('the evaluation was stopped')));
    };
    signal?.addEventListener('abort', onAbort);
    child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.on('message', (m: { type: string }) => {
      if (m.type === 'ready') child.send(request);
      else if (m.type === 'result') finish(() => resolve((m as Extract<EvaluationReply, { type: 'result' }>).result));
      else if (m.type === 'error') finish(() => reject(new Error((m as Extract<EvaluationReply, { type: 'error' }>).message)));
    });
    child.on('exit', (code, sig) => {
      const tail = output.trim().split('\n').slice(-6).join('\n');
      finish(() => reject(new Error(`the evaluation process ${sig ? `was ended by ${sig}` : `exited with code ${code}`} before answering${tail ? `:\n${tail}` : ''}`)));
    });
    child.on('error', (e) => finish(() => reject(new Error(`cannot start the evaluation process: ${e.message}`))));
  });
}
