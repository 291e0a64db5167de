/**
 * The generated graph the editor benchmark and its profiler open: an Input, then residual blocks
 * (Conv2D 3x3 same -> BN -> ReLU -> Add with the shortcut) laid out in columns of 40.
 */
import type { Project } from '../shared/graph/schema.ts';

/** A residual chain of exactly `layers` nodes (Dropout fills the rest). */
export function generatedGraph(layers: number): Project {
  const nodes: Project['nodes'] = [{ id: 'in', kind: 'Input', params: { shape: [32, 32, 16] }, position: { x: 0, y: 0 } }];
  const edges: Project['edges'] = [];
  let prev = 'in';
  let k = 0;
  const place = () => {
    const i = nodes.length;
    return { x: Math.floor(i / 40) * 300, y: (i % 40) * 140 };
  };
  while (nodes.length + 4 <= layers) {
    const c = `c${k}`;
    const b = `b${k}`;
    const r = `r${k}`;
    const a = `a${k}`;
    nodes.push({ id: c, kind: 'Conv2D', params: { filters: 16, kernelSize: [3, 3], padding: 'same' }, position: place() });
    nodes.push({ id: b, kind: 'BatchNormalization', params: {}, position: place() });
    nodes.push({ id: r, kind: 'ReLU', params: {}, position: place() });
    nodes.push({ id: a, kind: 'Add', params: {}, position: place() });
    edges.push({ id: `e${k}a`, source: prev, sourcePort: 'out', target: c, targetPort: 'in' });
    edges.push({ id: `e${k}b`, source: c, sourcePort: 'out', target: b, targetPort: 'in' });
    edges.push({ id: `e${k}c`, source: b, sourcePort: 'out', target: r, targetPort: 'in' });
    edges.push({ id: `e${k}d`, source: r, sourcePort: 'out', target: a, targetPort: 'in0' });
    edges.push({ id: `e${k}e`, source: prev, sourcePort: 'out', target: a, targetPort: 'in1' });
    prev = a;
    k++;
  }
  while (nodes.length < layers) {
    const id = `d${nodes.length}`;
    nodes.push({ id, kind: 'Dropout', params: {}, position: place() });
    edges.push({ id: `e${id}`, source: prev, sourcePort: 'out', target: id, targetPort: 'in' });
    prev = id;
  }
  return { schemaVersion: 1, name: `generated-${layers}`, nodes, edges, groups: [] };
}
