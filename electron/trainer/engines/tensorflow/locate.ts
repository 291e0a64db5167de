/**
 * Finding the TensorFlow a person already has: the `tensorflow` Python package of an interpreter
 * (its folder holds libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C headers under
 * include/), or a libtensorflow folder (lib/ + include/). A GPU build installed with
 * `pip install tensorflow[and-cuda]` brings CUDA 12 as pip packages under site-packages/nvidia/.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A TensorFlow C library to build the tfjs-node binding against. */
export interface TensorflowInstall {
  /** Where it came from, for people: "python .venv/bin/python (tensorflow 2.21.0)". */
  source: string;
  version: string;
  /** The folder holding the shared libraries (becomes the binding's rpath). */
  libDir: string;
  /** The folder holding tensorflow/c/c_api.h. */
  includeDir: string;
  /** The libraries to link, as file names in libDir. */
  libraries: string[];
  /** Folders of CUDA pip libraries (site-packages/nvidia/<name>/lib), empty for a CPU build. */
  cudaLibDirs: string[];
}

/** The TensorFlow could not be found or is incomplete; the message names what and where. */
export class TensorflowNotFound extends Error {
  override name = 'TensorflowNotFound';
}

// find_spec locates the package without importing it (importing TensorFlow takes seconds).
const FIND_SPEC = 'import importlib.util as u, importlib.metadata as m\ns = u.find_spec("tensorflow")\nprint(s.submodule_search_locations[0] if s else "")\nv = ""\nfor d in ("tensorflow", "tensorflow-cpu", "tensorflow_cpu", "tf-nightly"):\n    try:\n        v = m.version(d); break\n    except Exception: pass\nprint(v)';

/** The Python interpreters tried when none is named: the ones on PATH. */
export const DEFAULT_PYTHONS = ['python3', 'python'];

/**
 * Finds TensorFlow through a Python interpreter: `python` names one, else the first of
 * DEFAULT_PYTHONS with a `tensorflow` package. Throws TensorflowNotFound saying what was tried.
 */
export async function findPythonTensorflow(python?: string): Promise<TensorflowInstall> {
  const tried: string[] = [];
  for (const exe of python ? [python] : DEFAULT_PYTHONS) {
    let out: string;
    try {
      out = await run(exe, ['-c', FIND_SPEC]);
    } catch (e) {
      tried.push(`${exe}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (e as Error).message.split('\n')[0]}`);
      continue;
    }
    const [dir = '', version = ''] = out.trim().split('\n').map((s) => s.trim());
    if (!dir) {
      tried.push(`${exe}: has no tensorflow package`);
      continue;
    }
    return fromPackageDir(dir, version || 'unknown', `python ${exe}`);
  }
  throw new TensorflowNotFound(`no TensorFlow found (${tried.join('; ')}). Install it with: pip install tensorflow (or tensorflow[and-cuda] for an NVIDIA GPU), or name a libtensorflow folder`);
}

/** A `tensorflow` package folder of site-packages (pip wheel layout). Exported for tests. */
export function fromPackageDir(dir: string, version: string, via: string): TensorflowInstall {
  const libraries = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'];
  const missing = libraries.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) throw new TensorflowNotFound(`${dir} lacks ${missing.join(' and ')}: this TensorFlow (${version}) is not a Linux pip wheel with the C library; install tensorflow>=2.12 with pip`);
  const includeDir = join(dir, 'include');
  if (!existsSync(join(includeDir, 'tensorflow', 'c', 'c_api.h'))) throw new TensorflowNotFound(`${includeDir}/tensorflow/c/c_api.h is missing: the TensorFlow package at ${dir} has no C headers`);
  return { source: `${via} (tensorflow ${version})`, version, libDir: dir, includeDir, libraries, cudaLibDirs: cudaPipLibDirs(dirname(dir)) };
}

/** A libtensorflow folder (lib/libtensorflow.so.2 + include/), as the TensorFlow C downloads unpack. */
export function fromLibtensorflowDir(root: string): TensorflowInstall {
  const libDir = join(root, 'lib');
  const includeDir = join(root, 'include');
  const libraries = ['libtensorflow.so.2', 'libtensorflow_framework.so.2'];
  const missing = libraries.filter((f) => !existsSync(join(libDir, f)));
  if (missing.length > 0) throw new TensorflowNotFound(`${libDir} lacks ${missing.join(' and ')}: name the folder that holds lib/ and include/ of libtensorflow`);
  if (!existsSync(join(includeDir, 'tensorflow', 'c', 'c_api.h'))) throw new TensorflowNotFound(`${includeDir}/tensorflow/c/c_api.h is missing: name the folder that holds lib/ and include/ of libtensorflow`);
  let version = 'unknown';
  const m = /TF_VERSION_STRING\s+"([^"]+)"/.exec(safeRead(join(includeDir, 'tensorflow', 'core', 'public', 'version.h')));
  if (m) version = m[1]!;
  return { source: `libtensorflow ${root} (${version})`, version, libDir, includeDir, libraries, cudaLibDirs: [] };
}

/** site-packages/nvidia/<name>/lib folders (cuda_runtime, cudnn, cublas, ...) that hold libraries. */
export function cudaPipLibDirs(sitePackages: string): string[] {
  const root = join(sitePackages, 'nvidia');
  let names: string[];
  try {
    names = readdirSync(root).sort();
  } catch {
    return [];
  }
  return names.map((n) => join(root, n, 'lib')).filter((d) => {
    try {
      return readdirSync(d).some((f) => f.includes('.so'));
    } catch {
      return false;
    }
  });
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 30_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}
