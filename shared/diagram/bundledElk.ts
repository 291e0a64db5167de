/**
 * elkjs' bundled build as an ElkEngine: ELK in-process, no worker, for the callers that run in Node
 * (the CLI's plot, the backend's diagram export, tests). A module of its own, imported by nothing
 * the renderer loads, so the renderer (which lays out in its worker) never ships this 1.6 MB build.
 */
import type { ElkEngine } from './elk.ts';

let bundledModule: Promise<typeof import('elkjs/lib/elk.bundled.js')> | undefined;

/**
 * ELK in-process: each layout on a fresh instance of the bundled build, loaded on first use (a
 * backend that never draws a diagram never parses it).
 */
export const bundledElk: ElkEngine = {
  async layout(graph) {
    bundledModule ??= import('elkjs/lib/elk.bundled.js');
    const { default: ELK } = await bundledModule;
    return new ELK().layout(graph);
  },
};
