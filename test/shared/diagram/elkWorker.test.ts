// ELK in a worker (the renderer's preview) against ELK in-process (CLI and backend export): the
// same templates, laid out through elk-api.js and elkjs' own elk-worker.min.js in a real second
// thread, give layouts and SVG equal to the bundled build's. Also the worker engine's scheduling:
// a newer layout supersedes an older one, cancel stops it, a dead worker is an error, not a hang.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplateLibrary } from '../../../electron/templates.ts';
import { createWorkerElk, LayoutSuperseded } from '../../../renderer/panels/diagramElk.ts';
import { placeWithElk, setElkEngine, type ElkEngine } from '../../../shared/diagram/elk.ts';
import { buildDiagramGraph } from '../../../shared/diagram/graph.ts';
import { layoutSelection } from '../../../shared/diagram/selection.ts';
import { renderSvg } from '../../../shared/diagram/svg.ts';
import type { DiagramOptions } from '../../../shared/diagram/model.ts';
import { analyzeGraph, type Analysis } from '../../../shared/graph/analyze.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { expandTemplate } from '../../../shared/templates/expand.ts';
import { nodeWebWorker } from './nodeWebWorker.ts';

/** The file the renderer serves to its worker (renderer/panels/diagramPreview.ts imports it with ?url). */
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
  afterAll(() => {
    worker.dispose();
    setElkEngine(undefined);
  });

  const resnet = expand('resnet50');
  const res3a = resnet.project.groups.find((g) => g.name.startsWith('res3a'))!.id;
  const cases: [string, { project: Project; analysis: Analysis }, DiagramOptions][] = [
    ['ResNet-50 expanded', resnet, { groups: 'expanded' }],
    ['ResNet-50 collapsed', resnet, { groups: 'collapsed' }],
    ['ResNet-50 block res3a selected, expanded', resnet, { groups: 'expanded', selection: [res3a] }],
    ['HappyModel', expand('happy_model'), {}],
  ];
  it.each(cases)('%s', async (_name, { project, analysis }, options) => {
    setElkEngine(undefined);
    const inProcess = await layoutSelection(project, analysis, options);
    const viaWorker = counting(worker);
    setElkEngine(viaWorker);
    const inWorker = await layoutSelection(project, analysis, options);
    setElkEngine(undefined);
    expect(viaWorker.calls).toBe(1);
    expect(inWorker.boxes.length).toBeGreaterThan(0);
    expect(inWorker).toEqual(inProcess);
    expect(renderSvg(inWorker, { theme: 'dark' })).toBe(renderSvg(inProcess, { theme: 'dark' }));
  });
});

describe('the worker engine schedules one layout at a time', () => {
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

  it('starts no worker before the first layout; a newer layout supersedes the older one and gets its own result', async () => {
    let started = 0;
    const engine = createWorkerElk(() => (started++, nodeWebWorker(WORKER_FILE) as unknown as Worker));
    try {
      expect(engine.started).toBe(false);
      expect(started).toBe(0);
      const [big, small] = [await elkInput('expanded'), await elkInput('collapsed')];
      const older = engine.layout(structuredClone(big));
      const newer = engine.layout(structuredClone(small));
      await expect(older).rejects.toBeInstanceOf(LayoutSuperseded);
      const laid = await newer;
      // The older worker was terminated rather than left to finish ahead of the newer request.
      expect(started).toBe(2);
      expect(laid.children!.map((c) => c.id).sort()).toEqual(small.children!.map((c) => c.id).sort());
      expect(withoutHashCodes(laid)).toEqual(withoutHashCodes(await inProcess(small)));
    } finally {
      engine.dispose();
    }
  });

  it('cancel rejects the layout in progress and the next layout starts a fresh worker', async () => {
    let started = 0;
    const engine = createWorkerElk(() => (started++, nodeWebWorker(WORKER_FILE) as unknown as Worker));
    try {
      const small = await elkInput('collapsed');
      const pending = engine.layout(structuredClone(small));
      engine.cancel();
      await expect(pending).rejects.toBeInstanceOf(LayoutSuperseded);
      expect(engine.started).toBe(false);
      await engine.layout(structuredClone(small));
      expect(started).toBe(2);
      // Idle: cancel keeps the worker for the next layout.
      engine.cancel();
      expect(engine.started).toBe(true);
      await engine.layout(structuredClone(small));
      expect(started).toBe(2);
    } finally {
      engine.dispose();
    }
  });

  it('a worker whose script fails rejects the layout with a message instead of hanging', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'netwright-elk-')), 'elk-worker.js');
    writeFileSync(broken, "throw new Error('no ELK in this script');\n");
    const engine = createWorkerElk(() => nodeWebWorker(broken) as unknown as Worker);
    try {
      await expect(engine.layout(await elkInput('collapsed'))).rejects.toThrow(/the layout worker stopped \(.+\); close and reopen the dialog/);
      expect(engine.started).toBe(false);
    } finally {
      engine.dispose();
      rmSync(dirname(broken), { recursive: true, force: true });
    }
  });
});

/** The bundled in-process ELK's answer for the same input. */
async function inProcess(input: Parameters<ElkEngine['layout']>[0]) {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  return new ELK().layout(structuredClone(input));
}

/** ELK's output without `$H`, the Java identity hash GWT stamps on the objects it touched (it differs per run). */
function withoutHashCodes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === '$H' ? undefined : v)));
}
