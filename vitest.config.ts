import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Trainer and evaluation processes start from bundles of the current sources (see the file).
    globalSetup: ['test/globalSetup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // tfjs work is CPU-bound and this machine has two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
