/**
 * The evaluation process' entry point: receives one request (ensemble or multi-crop), runs it,
 * posts the result or the error, and exits. Runs out of the caller's process because tfjs'
 * engines keep worker threads alive (a CLI would never exit) and a crash must not take the
 * editor with it. Works under child_process.fork (process.send) and Electron's utilityProcess.
 */
import { evaluateEnsemble } from './ensemble.ts';
import { evaluateMultiCrop } from './multiCrop.ts';
import type { EvaluationReply, EvaluationRequest } from './process.ts';

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

async function run(request: EvaluationRequest): Promise<EvaluationReply> {
  try {
    if (request.type === 'ensemble') return { type: 'result', result: await evaluateEnsemble(request.paths, request.data, request.options) };
    return { type: 'result', result: await evaluateMultiCrop(request.path, request.data, request.options) };
  } catch (e) {
    return { type: 'error', message: (e as Error).message };
  }
}

const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
const post = (m: EvaluationReply): Promise<void> =>
  electronPort ? Promise.resolve(electronPort.postMessage(m)) : new Promise((resolve) => process.send!(m, undefined, undefined, () => resolve()));
const onRequest = async (request: EvaluationRequest) => {
  await post(await run(request));
  process.exit(0);
};
if (electronPort) {
  electronPort.on('message', (e) => void onRequest(e.data as EvaluationRequest));
  electronPort.postMessage({ type: 'ready' });
}
else if (process.send) {
  process.on('message', (m) => void onRequest(m as EvaluationRequest));
  process.send({ type: 'ready' });
} else {
  process.stderr.write('electron/evaluation/child.ts runs as a child process (started by runEvaluation)\n');
  process.exit(2);
}
