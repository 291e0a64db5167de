/**
 * `netwright engine build|status`: builds the tensorflow engine (the tfjs-node binding against the
 * person's own TensorFlow) into the user data folder, or says whether it is built and loads.
 * Progress goes to stderr; stdout ends with one JSON line.
 */
import { resolve } from 'node:path';
import { buildTensorflowEngine, readManifest } from '../../trainer/engines/tensorflow/build.ts';
import { tensorflowEngineDir } from '../../trainer/engines/tensorflow/index.ts';
import { findPythonTensorflow, fromLibtensorflowDir, type TensorflowInstall } from '../../trainer/engines/tensorflow/locate.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../io.ts';

const HELP = `usage: netwright engine build [--python PATH | --libtensorflow DIR] [--dir DIR] [--force]
       netwright engine status [--dir DIR]

build   compiles the tfjs-node binding against an installed TensorFlow, once, so that
        'netwright train --engine tensorflow' (and 'auto') trains on it. TensorFlow is taken from
        the Python interpreter --python names (default: the first of python3, python with a
        tensorflow package) or from a libtensorflow folder (lib/ and include/). Needs a C++
        compiler, make and python3. With tensorflow[and-cuda] the engine trains on the GPU.
status  prints the engine folder, the TensorFlow it was built against, and whether it is built.
  --dir   the engine folder (default: NETWRIGHT_TENSORFLOW_ENGINE, else <user data>/engines/tensorflow)
  --force rebuild even if this TensorFlow is already built`;

export const engineCommand: Command = {
  description: 'build the tensorflow engine on your own TensorFlow, or show its status',
  async run(args, io) {
    const parsed = parseCommandArgs('engine', args, { python: { type: 'string' }, libtensorflow: { type: 'string' }, dir: { type: 'string' }, force: { type: 'boolean' } }, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const [action, ...extra] = parsed.positionals;
    const v = parsed.values;
    const engineDir = v.dir ? resolve(v.dir) : tensorflowEngineDir();
    if (extra.length > 0 || (action !== 'build' && action !== 'status')) {
      io.err(`netwright engine: expected 'build' or 'status'${action ? `; received "${[action, ...extra].join(' ')}"` : ''}\n\n${HELP}`);
      return 2;
    }
    if (action === 'status') {
      const m = readManifest(engineDir);
      io.out(JSON.stringify(m ? { built: true, dir: engineDir, tensorflow: m.tensorflow.source, libDir: m.tensorflow.libDir, cuda: m.tensorflow.cudaLibDirs.length > 0, binding: m.binding, builtAt: m.builtAt } : { built: false, dir: engineDir }));
      return 0;
    }
    if (v.python && v.libtensorflow) {
      io.err('netwright engine build: give --python or --libtensorflow, not both');
      return 2;
    }
    const started = Date.now();
    let tensorflow: TensorflowInstall;
    try {
      tensorflow = v.libtensorflow ? fromLibtensorflowDir(resolve(v.libtensorflow)) : await findPythonTensorflow(v.python);
      io.err(`found ${tensorflow.source} at ${tensorflow.libDir}${tensorflow.cudaLibDirs.length > 0 ? ` with ${tensorflow.cudaLibDirs.length} CUDA pip libraries` : ''}`);
      const m = await buildTensorflowEngine({ engineDir, tensorflow, force: v.force === true, onProgress: (s) => io.err(`engine: ${s}`) });
      io.out(JSON.stringify({ built: true, dir: engineDir, tensorflow: m.tensorflow.source, binding: m.binding, seconds: Math.round((Date.now() - started) / 100) / 10 }));
      return 0;
    } catch (e) {
      io.err(`netwright engine build: ${(e as Error).message}`);
      return 1;
    }
  },
};
