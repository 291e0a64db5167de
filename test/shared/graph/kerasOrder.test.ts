// Keras' model.layers order: analyzeGraph lists layers as tfjs-layers' Container does (the same
// map_graph as Keras 3; test/reference/kerasExport.test.ts holds it to Keras itself).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { kerasLayerOrder } from '../../../shared/graph/kerasOrder.ts';
import type { ProjectInput } from '../../../shared/graph/schema.ts';
import { templateProjects } from '../codegen/templateProjects.ts';
import { TOPOLOGIES } from './topologies.ts';

await tf.setBackend('cpu');

const names = (project: ProjectInput) => {
  const a = analyzeGraph(project);
  expect(a.diagnostics).toEqual([]);
  return a.order.map((id) => a.nodes.get(id)!.name);
};

describe('analyzeGraph order is Keras\' layer order', () => {
  const cases: Array<[string, ProjectInput]> = [...templateProjects().map((t) => [t.id, t.project] as [string, ProjectInput]), ...Object.entries(TOPOLOGIES)];
  // tfjs leaves an Input nobody uses out of model.layers (Keras keeps it): compared without it.
  it.each(cases)('%s: as tfjs-layers lists model.layers', (_, project) => {
    const model = compileToTfjs(tf, project);
    try {
      expect(names(project).filter((n) => n !== 'unused')).toEqual(model.layers.map((l) => l.name));
    } finally {
      model.dispose();
    }
  });

  it('interleaves a shortcut with the main branch by depth, as Keras lists ResNet blocks', () => {
    expect(names(TOPOLOGIES.conv_block!)).toEqual(['x', 'a1', 'a1_bn', 'a1_relu', 'a2', 's1', 'a2_bn', 's1_bn', 'sum', 'out_relu', 'gap', 'fc']);
  });

  it('does not depend on the file order of nodes', () => {
    const project = structuredClone(TOPOLOGIES.conv_block!);
    project.nodes.reverse();
    expect(names(project)).toEqual(names(TOPOLOGIES.conv_block!));
  });

  it('walks a chain of 20,000 layers without running out of stack', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `n${i}`);
    expect(kerasLayerOrder(ids, (id) => (id === 'n0' ? [] : [`n${Number(id.slice(1)) - 1}`]), ['n19999'], ['n0'])).toEqual(ids);
  });

  it('keeps every node of a graph with a cycle listed, the ones before it in topological order', () => {
    const project: ProjectInput = {
      schemaVersion: 1,
      name: 'cycle',
      nodes: [
        { id: 'x', kind: 'Input', params: { shape: [4] } },
        { id: 'd1', kind: 'Dense', params: { units: 2 } },
        { id: 'loop1', kind: 'Add' },
        { id: 'loop2', kind: 'Dense', params: { units: 2 } },
      ],
      edges: [
        { id: 'e1', source: 'x', target: 'd1' },
        { id: 'e2', source: 'd1', target: 'loop1', targetPort: 'in0' },
        { id: 'e3', source: 'loop2', target: 'loop1', targetPort: 'in1' },
        { id: 'e4', source: 'loop1', target: 'loop2' },
      ],
    };
    const a = analyzeGraph(project);
    expect(a.diagnostics.map((d) => d.code)).toContain('CYCLE');
    expect(a.order).toEqual(['x', 'd1']);
  });
});
