// Builds the renderer (the React editor) into dist/renderer with relative URLs, so the same
// bundle loads from file:// in Electron and from the browser-mode server. Monaco is bundled,
// never fetched from a CDN: the app works offline.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  server: { host: '127.0.0.1' },
});
