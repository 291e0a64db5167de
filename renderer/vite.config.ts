// Builds the renderer (the React editor) into dist/renderer with relative URLs, so the same
// bundle loads from file:// in Electron and from the browser-mode server. Monaco is bundled with
// its workers, never fetched from a CDN: the app works offline. The tfjs typings the code panel
// type-checks against are bundled too, as a chunk loaded when the panel first opens.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const modules = fileURLToPath(new URL('../node_modules', import.meta.url));

/** The packages `import * as tf from '@tensorflow/tfjs'` reaches, with their declaration files. */
const TFJS_PACKAGES = ['tfjs', 'tfjs-core', 'tfjs-layers', 'tfjs-converter', 'tfjs-data', 'tfjs-backend-cpu', 'tfjs-backend-webgl'];

function declarations(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return declarations(dir, path);
    // Test declarations (*_test.d.ts, test_util) are never imported by user code.
    return e.name.endsWith('.d.ts') && !e.name.endsWith('_test.d.ts') ? [path] : [];
  });
}

/**
 * `virtual:tfjs-types`: { files: { 'node_modules/@tensorflow/tfjs-core/dist/index.d.ts': text, ...,
 * '.../package.json': {name, version, types} }, version } - the typings of the tfjs this app ships.
 */
function tfjsTypes(): Plugin {
  const id = 'virtual:tfjs-types';
  return {
    name: 'netwright-tfjs-types',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const files: Record<string, string> = {};
      let version = '';
      for (const name of TFJS_PACKAGES) {
        const dir = join(modules, '@tensorflow', name);
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; types?: string; typings?: string };
        if (name === 'tfjs') version = pkg.version;
        files[`node_modules/@tensorflow/${name}/package.json`] = JSON.stringify({ name: `@tensorflow/${name}`, version: pkg.version, types: pkg.types ?? pkg.typings ?? 'dist/index.d.ts' });
        for (const f of declarations(join(dir, 'dist'))) files[`node_modules/@tensorflow/${name}/dist/${f}`] = readFileSync(join(dir, 'dist', f), 'utf8');
      }
      return `export const version = ${JSON.stringify(version)};\nexport const files = ${JSON.stringify(files)};\n`;
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), tfjsTypes()],
  // monaco-editor's package exports map only .js files; its stylesheets are reached by path.
  resolve: { alias: [{ find: /^monaco-css\//, replacement: `${join(modules, 'monaco-editor', 'esm', 'vs')}/` }] },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
