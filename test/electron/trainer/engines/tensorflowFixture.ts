/**
 * The tensorflow engine the tests share: built once against the reference venv's TensorFlow into
 * .netwright-tmp/engines/tensorflow (.ci/run builds it before npm test; a test reuses or makes it),
 * and why it cannot be, naming the command, where the venv or a compiler is missing.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildTensorflowEngine, type EngineManifest } from '../../../../electron/trainer/engines/tensorflow/build.ts';
import { findPythonTensorflow } from '../../../../electron/trainer/engines/tensorflow/locate.ts';
import { hasReference, REF_PYTHON, referenceSkipReason } from '../../../reference/referee.ts';

export const ENGINE_DIR = join(resolve(import.meta.dirname, '../../../..'), '.netwright-tmp', 'engines', 'tensorflow');
export const BUILD_COMMAND = 'node bin/netwright.mjs engine build --python .venv-ref/bin/python --dir .netwright-tmp/engines/tensorflow';

function compilerMissing(): string | undefined {
  for (const tool of [process.env.CXX || 'c++', 'make']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
    } catch {
      return tool;
    }
  }
  return undefined;
}

/** Why the engine cannot be built here, or undefined when it can. */
export function engineSkipReason(): string | undefined {
  if (!hasReference('tensorflow')) return referenceSkipReason('tensorflow');
  const tool = compilerMissing();
  return tool ? `${tool} is not installed (sudo apt install build-essential), so the binding cannot be built` : undefined;
}

/** The built engine (reused when engine.json matches, else built: ~15 s on 2 cores). */
export async function ensureEngine(): Promise<EngineManifest> {
  return buildTensorflowEngine({ engineDir: ENGINE_DIR, tensorflow: await findPythonTensorflow(REF_PYTHON) });
}
