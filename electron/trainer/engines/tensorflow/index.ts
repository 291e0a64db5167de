/**
 * The `tensorflow` engine: tfjs-node's kernels on the person's own TensorFlow (build.ts compiled
 * the binding into <userData>/engines/tensorflow). Loading reads engine.json, checks that the
 * library is still where it was built against, and requires tfjs-node from that folder.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { defaultUserDataDir } from '../../../backend/userData.ts';
import { readManifest, type EngineManifest } from './build.ts';

/** Names the engine folder instead of <userData>/engines/tensorflow (CI and tests share one build). */
export const ENGINE_DIR_ENV = 'NETWRIGHT_TENSORFLOW_ENGINE';

/** Where the tensorflow engine is built and looked for. */
export function tensorflowEngineDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENGINE_DIR_ENV] || join(defaultUserDataDir(env), 'engines', 'tensorflow');
}

/** The engine is not built, or its build no longer loads; the message names the file and the fix. */
export class TensorflowEngineError extends Error {
  override name = 'TensorflowEngineError';
  constructor(message: string, readonly notBuilt = false) {
    super(message);
  }
}

export interface TensorflowEngine {
  tf: typeof TF;
  name: 'tensorflow';
  label: string;
  manifest: EngineManifest;
  gpu: boolean;
}

export const BUILD_COMMAND = 'netwright engine build';

/**
 * The environment a trainer process needs for the engine in `engineDir`: the CUDA pip libraries'
 * folders on LD_LIBRARY_PATH (read when the process starts, so it must be set by the parent).
 * Empty when the engine is not built or is a CPU build.
 */
export function tensorflowChildEnv(engineDir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const dirs = readManifest(engineDir)?.tensorflow.cudaLibDirs ?? [];
  if (dirs.length === 0) return {};
  return { LD_LIBRARY_PATH: [...dirs, ...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)].join(':') };
}

let loaded: TensorflowEngine | undefined;

/** Loads the engine built in `engineDir` (once per process) and makes 'tensorflow' tfjs' backend. */
export async function loadTensorflowEngine(engineDir: string = tensorflowEngineDir()): Promise<TensorflowEngine> {
  if (!loaded) {
    const manifest = readManifest(engineDir);
    if (!manifest) throw new TensorflowEngineError(`the tensorflow engine is not built (no ${join(engineDir, 'engine.json')}); build it once with: ${BUILD_COMMAND}`, true);
    for (const lib of manifest.tensorflow.libraries) {
      const file = join(manifest.tensorflow.libDir, lib);
      if (!existsSync(file)) throw new TensorflowEngineError(`the tensorflow engine was built against ${file}, which is gone (was TensorFlow uninstalled or its environment moved?); rebuild with: ${BUILD_COMMAND} --force`);
    }
    let tf: typeof TF;
    try {
      const require = createRequire(join(manifest.packageRoot, 'package.json'));
      tf = require('@tensorflow/tfjs-node') as typeof TF;
    } catch (e) {
      const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
      throw new TensorflowEngineError(`the tensorflow engine's binding ${manifest.binding} does not load: ${first}. Rebuild it with: ${BUILD_COMMAND} --force`);
    }
    const backend = tf.findBackend('tensorflow') as unknown as { isUsingGpuDevice?: boolean } | null;
    const gpu = backend?.isUsingGpuDevice === true;
    const where = gpu ? 'GPU' : 'CPU';
    loaded = { tf, name: 'tensorflow', label: `tensorflow (TensorFlow ${manifest.tensorflow.version} on the ${where}, ${manifest.tensorflow.libDir})`, manifest, gpu };
  }
  if (loaded.tf.getBackend() !== 'tensorflow') await loaded.tf.setBackend('tensorflow');
  await loaded.tf.ready();
  return loaded;
}
