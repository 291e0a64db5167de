// ELK in a worker (the renderer's preview and auto-layout) against ELK in-process (CLI and backend
// export): the same templates, laid out through elk-api.js and elkjs' own elk-worker.min.js in a
// real second thread, give layouts and SVG equal to the bundled build's. Also the shared worker's
// scheduling: a lane's newer layout supersedes its older one and cancel stops it, while the other
// callers' layouts finish (posted again to a new worker); a dead worker is an error, not a hang.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ELK from 'elkjs/lib/elk-api.js';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplateLibrary } from '../../../electron/templates.ts';
import { createWorkerElk, LayoutSuperseded } from '../../../renderer/elk/workerElk.ts';
import { bundledElk } from '../../../shared/diagram/bundledElk.ts';
import { placeWithElk, type ElkEngine } from '../../../shared/diagram/elk.ts';
import { buildDiagramGraph } from '../../../shared/diagram/graph.ts';
import { layoutSelection } from '../../../shared/diagram/selection.ts';
import { renderSvg } from '../../../shared/diagram/svg.ts';
import type { DiagramOptions } from '../../../shared/diagram/model.ts';
import { analyzeGraph, type Analysis } from '../../../shared/graph/analyze.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { expandTemplate } from '../../../shared/templates/expand.ts';
import { nodeWebWorker } from './nodeWebWorker.ts';

/** The file the renderer serves to its worker (renderer/elk/appElk.ts imports it with ?url). */
const WORKER_FILE = createRequire(import.meta.url).resolve('elkjs/lib/elk-worker.min.js');

const library = loadTemplateLibrary().templates;
function expand(id: string): { project: Project; analysis: Analysis } {
  const r = expandTemplate(library.get(id)!, {}, library);
  if (!r.ok) throw new Error(r.message);
  return { project: r.project, analysis: analyzeGraph(r.project) };
}

/** Counts what goes through `engine`, so a test knows the worker really did the layout. */
function counting(engine: ElkEngine): ElkEngine & { calls: number } {
  const counted = { calls: 0, layout: (g: Parameters<ElkEngine['layout']>[0]) => (counted.calls++, engine.layout(g)) };
  return counted;
}

describe('ELK in a worker lays out exactly as ELK in-process', () => {
  const worker = createWorkerElk(() => nodeWebWorker(WORKER_FILE) as unknown as Worker);
  afterAll(() => worker.dispose());

  const resnet = expand('resnet50');
  const res3a = resnet.project.groups.find((g) => g.name.startsWith('res3a'))!.id;
  const cases: [string, { project: Project; analysis: Analysis }, DiagramOptions][] = [
    ['ResNet-50 expanded', resnet, { groups: 'expanded' }],
    ['ResNet-50 collapsed', resnet, { groups: 'collapsed' }],
    ['ResNet-50 block res3a selected, expanded', resnet, { groups: 'expanded', selection: [res3a] }],
    ['HappyModel', expand('happy_model'), {}],
  ];
  it.each(cases)('%s', async (_name, { project, analysis }, options) => {
    const inProcess = await layoutSelection(project, analysis, { ...options, engine: bundledElk });
    const viaWorker = counting(worker.lane());
    const inWorker = await layoutSelection(project, analysis, { ...options, engine: viaWorker });
    expect(viaWorker.calls).toBe(1);
    expect(inWorker.boxes.length).toBeGreaterThan(0);
    expect(inWorker).toEqual(inProcess);
    expect(renderSvg(inWorker, { theme: 'dark' })).toBe(renderSvg(inProcess, { theme: 'dark' }));
  });
});

describe("the editor's auto-layout on the shared worker", () => {
  it('places ResNet-50 (blocks open, then collapsed) as its own elk-api worker did, and as ELK in-process', async () => {
    const { layoutWith } = await import('../../../renderer/editor/layout.ts');
    const shared = createWorkerElk(() => nodeWebWorker(WORKER_FILE) as unknown as Worker);
    // What the editor ran before the worker was shared: elk-api with a worker of its own.
    const own = new ELK({ workerFactory: () => nodeWebWorker(WORKER_FILE) as unknown as Worker });
    try {
      const { project } = expand('resnet50');
      const size = () => ({ width: 180, height: 62 });
      const open = { ...project, groups: project.groups.map((g) => ({ ...g, collapsed: false })) };
      const closed = { ...project, groups: project.groups.map((g) => ({ ...g, collapsed: g.block !== undefined })) };
      for (const p of [open, closed]) {
        const viaShared = counting(shared);
        const positions = await layoutWith(viaShared, p, size);
        expect(viaShared.calls).toBe(1);
        expect(positions.size).toBe(p.nodes.length);
        expect(positions).toEqual(await layoutWith(own, p, size));
        expect(positions).toEqual(await layoutWith(bundledElk, p, size));
      }
    } finally {
      shared.dispose();
      own.terminateWorker();
    }
  });
});

describe('the shared worker schedules layouts', () => {
  const { project, analysis } = expand('resnet50');
  /** The ELK input of a diagram, captured on its way to the engine (placeWithElk builds it). */
  async function elkInput(groups: 'expanded' | 'collapsed') {
    let input: Parameters<ElkEngine['layout']>[0] | undefined;
    await placeWithElk(buildDiagramGraph(project, analysis, { groups }), 0, 0, {
      layout: async (g) => {
        input = structuredClone(g);
        throw new Error('captured');
      },
    }).catch(() => undefined);
    return input!;
  }
  /** A worker engine that counts the workers it starts. */
  function counted() {
    const workers = { started: 0 };
    const engine = createWorkerElk(() => (workers.started++, nodeWebWorker(WORKER_FILE) as unknown as Worker));
    return { engine, workers };
  }

  it('starts no worker before the first layout; a newer layout in a lane supersedes the older one and gets its own result', async () => {
    const { engine, workers } = counted();
    try {
      const lane = engine.lane();
      expect(engine.started).toBe(false);
      expect(workers.started).toBe(0);
      const [big, small] = [await elkInput('expanded'), await elkInput('collapsed')];
      const older = lane.layout(structuredClone(big));
      const newer = lane.layout(structuredClone(small));
      await expect(older).rejects.toBeInstanceOf(LayoutSuperseded);
      const laid = await newer;
      // The older worker was terminated rather than left to finish ahead of the newer request.
      expect(workers.started).toBe(2);
      expect(laid.children!.map((c) => c.id).sort()).toEqual(small.children!.map((c) => c.id).sort());
      expect(withoutHashCodes(laid)).toEqual(withoutHashCodes(await inProcess(small)));
    } finally {
      engine.dispose();
    }
  });

  it("cancel rejects the lane's layout in progress and the next layout starts a fresh worker", async () => {
    const { engine, workers } = counted();
    try {
      const lane = engine.lane();
      const small = await elkInput('collapsed');
      const pending = lane.layout(structuredClone(small));
      lane.cancel();
      await expect(pending).rejects.toBeInstanceOf(LayoutSuperseded);
      expect(engine.started).toBe(false);
      await lane.layout(structuredClone(small));
      expect(workers.started).toBe(2);
      // Idle: cancel keeps the worker for the next layout.
      lane.cancel();
      expect(engine.started).toBe(true);
      await lane.layout(structuredClone(small));
      expect(workers.started).toBe(2);
    } finally {
      engine.dispose();
    }
  });

  it("a lane stopping its layout does not stop the others': they finish on a new worker, with the in-process result", async () => {
    const { engine, workers } = counted();
    try {
      const [preview, other] = [engine.lane(), engine.lane()];
      const [big, small] = [await elkInput('expanded'), await elkInput('collapsed')];
      // Posted first: the worker is busy with the auto-layout (the engine's own layout) when the
      // preview's two requests and another lane's arrive behind it.
      const autoLayout = engine.layout(structuredClone(big));
      const otherLane = other.layout(structuredClone(small));
      const older = preview.layout(structuredClone(small));
      const newer = preview.layout(structuredClone(small));
      await expect(older).rejects.toBeInstanceOf(LayoutSuperseded);
      expect(workers.started).toBe(2);
      const [laidBig, laidOther, laidNewer] = await Promise.all([autoLayout, otherLane, newer]);
      expect(workers.started).toBe(2);
      expect(withoutHashCodes(laidBig)).toEqual(withoutHashCodes(await inProcess(big)));
      const expected = withoutHashCodes(await inProcess(small));
      expect(withoutHashCodes(laidOther)).toEqual(expected);
      expect(withoutHashCodes(laidNewer)).toEqual(expected);

      // Cancelling an idle lane leaves the worker and a layout in flight alone.
      const again = engine.layout(structuredClone(small));
      preview.cancel();
      expect(withoutHashCodes(await again)).toEqual(expected);
      expect(workers.started).toBe(2);
    } finally {
      engine.dispose();
    }
  });

  it('a worker whose script fails rejects every layout in flight with a message instead of hanging', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'netwright-elk-')), 'elk-worker.js');
    writeFileSync(broken, "throw new Error('no ELK in this script');\n");
    const engine = createWorkerElk(() => nodeWebWorker(broken) as unknown as Worker);
    try {
      const input = await elkInput('collapsed');
      const failed = /the ELK layout worker stopped \(.+\); try again: the next layout starts a new worker/;
      const [own, inLane] = [engine.layout(structuredClone(input)), engine.lane().layout(structuredClone(input))];
      await expect(own).rejects.toThrow(failed);
      await expect(inLane).rejects.toThrow(failed);
      expect(engine.started).toBe(false);
    } finally {
      engine.dispose();
      rmSync(dirname(broken), { recursive: true, force: true });
    }
  });
});

/** The bundled in-process ELK's answer for the same input. */
async function inProcess(input: Parameters<ElkEngine['layout']>[0]) {
  return bundledElk.layout(structuredClone(input));
}

/** ELK's output without `$H`, the Java identity hash GWT stamps on the objects it touched (it differs per run). */
function withoutHashCodes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === '$H' ? undefined : v)));
}
