#!/usr/bin/env node
// `npm start` / `npm run web`: opens the Electron window where Electron can run, otherwise serves
// browser mode and prints one line with the reason and the address (electron/launcher/start.ts).
// Runs the TypeScript sources through tsx, like the CLI.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { start } = await import('../electron/launcher/start.ts');
const root = fileURLToPath(new URL('..', import.meta.url));
process.exitCode = await start(root, process.argv.slice(2));
