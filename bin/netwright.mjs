#!/usr/bin/env node
// The `netwright` command line. Runs the TypeScript sources through tsx, so the CLI always
// matches the checkout it lives in (no stale build).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
