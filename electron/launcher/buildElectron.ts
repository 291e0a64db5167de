/**
 * Bundles the Electron side for the Electron runtime: dist/electron/main.cjs (main process, with
 * shared/ and zod inlined), dist/electron/preload.cjs (sandboxed preload: a single file that
 * requires nothing but 'electron'), dist/electron/trainer-child.cjs (the trainer process: the
 * packaged app cannot load TypeScript through tsx) and dist/electron/evaluation-child.cjs (ensembles
 * and multi-crop testing, likewise). Run with `npm run build:electron`.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Packages that stay outside the bundle: Electron itself, native modules (tfjs-node-gpu, resvg for
 * diagram PNGs), and the TypeScript compiler, which the code panel's Apply loads only when used.
 */
const EXTERNAL = ['electron', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@resvg/resvg-js', 'typescript'];

/**
 * Also outside the trainer bundle: tfjs, so there is one copy of tfjs-core, shared with the wasm
 * backend, which loads its .wasm files from its own folder. (h5wasm's Node build carries its
 * wasm inline, so it is bundled.)
 */
const TRAINER_EXTERNAL = [...EXTERNAL, '@tensorflow/*'];

/** Bundles into `outdir` (default dist/electron); returns the files written. */
export async function buildElectron(root: string, outdir = join(root, 'dist', 'electron')): Promise<string[]> {
  const common = { bundle: true, format: 'cjs', target: 'node22', sourcemap: true, logLevel: 'warning', external: EXTERNAL } as const;
  /** A Node-side bundle; modules written as ESM may use import.meta.url, which becomes the bundle's own URL. */
  const nodeBundle = (entry: string[], outfile: string, external: string[]) =>
    build({
      ...common,
      entryPoints: [join(root, ...entry)],
      outfile: join(outdir, outfile),
      platform: 'node',
      external,
      define: { 'import.meta.url': '__netwright_import_meta_url' },
      banner: { js: "const __netwright_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    });
  await nodeBundle(['electron', 'main.ts'], 'main.cjs', EXTERNAL);
  await nodeBundle(['electron', 'trainer', 'child.ts'], 'trainer-child.cjs', TRAINER_EXTERNAL);
  // The ensemble / multi-crop evaluation process, bundled like the trainer for the same reason.
  await nodeBundle(['electron', 'evaluation', 'child.ts'], 'evaluation-child.cjs', TRAINER_EXTERNAL);
  await build({
    ...common,
    entryPoints: [join(root, 'electron', 'preload.ts')],
    outfile: join(outdir, 'preload.cjs'),
    platform: 'browser',
    // It carries zod (through the channel list of shared/ipc.ts); minified it parses faster.
    minify: true,
  });
  return [join(outdir, 'main.cjs'), join(outdir, 'preload.cjs'), join(outdir, 'trainer-child.cjs'), join(outdir, 'evaluation-child.cjs')];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
  const outputs = await buildElectron(root);
  console.log(`built ${outputs.join(', ')}`);
}
