/**
 * Finding TensorFlow and preparing its build, without compiling: the pip wheel and libtensorflow
 * layouts on fake folders, CUDA pip libraries, the binding.gyp written for them, the messages for
 * an incomplete install, a missing compiler, and `netwright engine` on the command line.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../../electron/cli/main.ts';
import { memoryIO } from '../../../../electron/cli/io.ts';
import { bindingGyp, buildTensorflowEngine } from '../../../../electron/trainer/engines/tensorflow/build.ts';
import { tensorflowChildEnv } from '../../../../electron/trainer/engines/tensorflow/index.ts';
import { cudaPipLibDirs, findPythonTensorflow, fromLibtensorflowDir, fromPackageDir } from '../../../../electron/trainer/engines/tensorflow/locate.ts';
import { tempDir } from '../fixtures.ts';

function touch(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
}

/** site-packages with a tensorflow wheel layout (and, with cuda, nvidia/* pip libraries). */
function fakeSitePackages(cuda: boolean): string {
  const site = tempDir('netwright-site-');
  touch(join(site, 'tensorflow', 'libtensorflow_cc.so.2'));
  touch(join(site, 'tensorflow', 'libtensorflow_framework.so.2'));
  touch(join(site, 'tensorflow', 'include', 'tensorflow', 'c', 'c_api.h'));
  if (cuda) {
    touch(join(site, 'nvidia', 'cuda_runtime', 'lib', 'libcudart.so.12'));
    touch(join(site, 'nvidia', 'cudnn', 'lib', 'libcudnn.so.9'));
    touch(join(site, 'nvidia', 'cuda_nvcc', 'bin', 'ptxas'));
  }
  return site;
}

describe('finding TensorFlow', () => {
  it('a pip wheel: its libraries, headers and the CUDA pip library folders', () => {
    const site = fakeSitePackages(true);
    const tf = fromPackageDir(join(site, 'tensorflow'), '2.21.0', 'python /venv/bin/python');
    expect(tf).toEqual({
      source: 'python /venv/bin/python (tensorflow 2.21.0)',
      version: '2.21.0',
      libDir: join(site, 'tensorflow'),
      includeDir: join(site, 'tensorflow', 'include'),
      libraries: ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'],
      // cuda_nvcc has no lib folder with libraries: not listed.
      cudaLibDirs: [join(site, 'nvidia', 'cuda_runtime', 'lib'), join(site, 'nvidia', 'cudnn', 'lib')],
    });
    expect(cudaPipLibDirs(fakeSitePackages(false))).toEqual([]);
  });

  it('an incomplete wheel or libtensorflow folder: the message names the missing file', () => {
    const site = tempDir('netwright-site-');
    touch(join(site, 'tensorflow', 'libtensorflow_framework.so.2'));
    expect(() => fromPackageDir(join(site, 'tensorflow'), '2.4.0', 'python x')).toThrow(`${join(site, 'tensorflow')} lacks libtensorflow_cc.so.2: this TensorFlow (2.4.0) is not a Linux pip wheel with the C library`);
    const lib = tempDir('netwright-libtf-');
    touch(join(lib, 'lib', 'libtensorflow.so.2'));
    touch(join(lib, 'lib', 'libtensorflow_framework.so.2'));
    expect(() => fromLibtensorflowDir(lib)).toThrow(`${join(lib, 'include')}/tensorflow/c/c_api.h is missing`);
    touch(join(lib, 'include', 'tensorflow', 'c', 'c_api.h'));
    mkdirSync(join(lib, 'include', 'tensorflow', 'core', 'public'), { recursive: true });
    writeFileSync(join(lib, 'include', 'tensorflow', 'core', 'public', 'version.h'), '#define TF_VERSION_STRING "2.18.0"\n');
    expect(fromLibtensorflowDir(lib)).toMatchObject({ version: '2.18.0', libDir: join(lib, 'lib'), libraries: ['libtensorflow.so.2', 'libtensorflow_framework.so.2'] });
  });

  it('an interpreter that is missing or has no tensorflow: says what was tried and what to install', async () => {
    await expect(findPythonTensorflow('/no/such/python')).rejects.toThrow(/^no TensorFlow found \(\/no\/such\/python: not found\)\. Install it with: pip install tensorflow \(or tensorflow\[and-cuda\] for an NVIDIA GPU\)/);
  });

  it('binding.gyp links the found libraries by file name with an rpath, and the child env carries the CUDA folders', () => {
    const site = fakeSitePackages(true);
    const tf = fromPackageDir(join(site, 'tensorflow'), '2.21.0', 'python p');
    const gyp = JSON.parse(bindingGyp(tf)) as { targets: { include_dirs?: string[]; libraries?: string[] }[] };
    expect(gyp.targets[0]!.include_dirs).toEqual(['..', join(site, 'tensorflow', 'include')]);
    expect(gyp.targets[0]!.libraries).toEqual([`-L${tf.libDir}`, '-l:libtensorflow_cc.so.2', '-l:libtensorflow_framework.so.2', `-Wl,-rpath,${tf.libDir}`]);
    const dir = tempDir('netwright-engine-');
    writeFileSync(join(dir, 'engine.json'), JSON.stringify({ tensorflow: tf }));
    expect(tensorflowChildEnv(dir, { LD_LIBRARY_PATH: '/opt/x' })).toEqual({ LD_LIBRARY_PATH: `${tf.cudaLibDirs.join(':')}:/opt/x` });
    expect(tensorflowChildEnv(join(dir, 'none'))).toEqual({});
  });
});

describe('building and the netwright engine command', () => {
  const cxx = process.env.CXX;
  afterEach(() => {
    if (cxx === undefined) delete process.env.CXX;
    else process.env.CXX = cxx;
  });

  it('without a compiler: says what to install, and builds nothing', async () => {
    process.env.CXX = 'no-such-c++-compiler';
    const site = fakeSitePackages(false);
    const engineDir = join(tempDir(), 'engine');
    await expect(buildTensorflowEngine({ engineDir, tensorflow: fromPackageDir(join(site, 'tensorflow'), '2.21.0', 'python p') })).rejects.toThrow(
      'cannot build the tensorflow engine: no-such-c++-compiler not found. Install a C++ toolchain: on Debian/Ubuntu sudo apt install build-essential python3',
    );
    expect(existsSync(join(engineDir, 'engine.json'))).toBe(false);
    expect(existsSync(join(engineDir, 'package'))).toBe(false);
  });

  it('status when not built, a wrong action, and build with a TensorFlow that is not there', async () => {
    const dir = join(tempDir(), 'engine');
    let io = memoryIO();
    expect(await main(['engine', 'status', '--dir', dir], io)).toBe(0);
    expect(JSON.parse(io.stdout.at(-1)!)).toEqual({ built: false, dir });
    io = memoryIO();
    expect(await main(['engine', 'make'], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/^netwright engine: expected 'build' or 'status'; received "make"/);
    io = memoryIO();
    expect(await main(['engine', 'build', '--libtensorflow', dir, '--dir', dir], io)).toBe(1);
    expect(io.stderr.at(-1)).toBe(`netwright engine build: ${join(dir, 'lib')} lacks libtensorflow.so.2 and libtensorflow_framework.so.2: name the folder that holds lib/ and include/ of libtensorflow`);
  });
});
