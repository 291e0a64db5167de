/**
 * Small graphs whose Keras layer order is easy to get wrong: shortcuts, several inputs and
 * outputs, ports wired out of file order, one tensor used twice, an Input nobody uses. The shared
 * test holds our order to tfjs-layers' model.layers, the reference test to Keras 3's.
 */
import type { ProjectInput } from '../../../shared/graph/schema.ts';

/** A node and the nodes feeding it, in port order. */
type Spec = [id: string, kind: string, params: Record<string, unknown>, from: string[]];

const IMAGE = { shape: [8, 8, 4] };
const conv = (filters: number) => ({ filters, kernelSize: [3, 3], padding: 'same' });

/** Nodes in the order given (the file order), each wired from its `from` list through in0, in1, ... */
function graph(name: string, specs: Spec[]): ProjectInput {
  return {
    schemaVersion: 1,
    name,
    nodes: specs.map(([id, kind, params]) => ({ id, kind, params, name: id })),
    edges: specs.flatMap(([id, , , from]) => from.map((src, i) => ({ id: `${src}->${id}.${i}`, source: src, target: id, targetPort: from.length > 1 ? `in${i}` : 'in' }))),
  };
}

export const TOPOLOGIES: Record<string, ProjectInput> = {
  // ResNet's convolutional block: Keras interleaves the shortcut with the main branch by depth.
  conv_block: graph('conv_block', [
    ['x', 'Input', IMAGE, []],
    ['a1', 'Conv2D', conv(4), ['x']],
    ['a1_bn', 'BatchNormalization', {}, ['a1']],
    ['a1_relu', 'ReLU', {}, ['a1_bn']],
    ['a2', 'Conv2D', conv(6), ['a1_relu']],
    ['a2_bn', 'BatchNormalization', {}, ['a2']],
    ['s1', 'Conv2D', conv(6), ['x']],
    ['s1_bn', 'BatchNormalization', {}, ['s1']],
    ['sum', 'Add', {}, ['a2_bn', 's1_bn']],
    ['out_relu', 'ReLU', {}, ['sum']],
    ['gap', 'GlobalAveragePooling2D', {}, ['out_relu']],
    ['fc', 'Dense', { units: 3 }, ['gap']],
  ]),
  // The shortcut enters the Add first, and the file lists the shortcut before the main branch.
  shortcut_first: graph('shortcut_first', [
    ['x', 'Input', IMAGE, []],
    ['s1', 'Conv2D', conv(4), ['x']],
    ['a1', 'Conv2D', conv(4), ['x']],
    ['a2', 'Conv2D', conv(4), ['a1']],
    ['a3', 'Conv2D', conv(4), ['a2']],
    ['sum', 'Add', {}, ['s1', 'a3']],
    ['flat', 'Flatten', {}, ['sum']],
    ['fc', 'Dense', { units: 2 }, ['flat']],
  ]),
  // A skip from a deep layer back to an earlier one, and the same tensor added to itself.
  skips: graph('skips', [
    ['x', 'Input', IMAGE, []],
    ['c1', 'Conv2D', conv(4), ['x']],
    ['c2', 'Conv2D', conv(4), ['c1']],
    ['c3', 'Conv2D', conv(4), ['c2']],
    ['late', 'Add', {}, ['c1', 'c3']],
    ['twice', 'Add', {}, ['late', 'late']],
    ['pool', 'GlobalMaxPooling2D', {}, ['twice']],
    ['fc', 'Dense', { units: 2 }, ['pool']],
  ]),
  // Two outputs (the file lists the short head first) on a shared trunk.
  two_heads: graph('two_heads', [
    ['x', 'Input', IMAGE, []],
    ['trunk', 'Conv2D', conv(4), ['x']],
    ['short_pool', 'GlobalAveragePooling2D', {}, ['trunk']],
    ['short', 'Dense', { units: 2 }, ['short_pool']],
    ['long1', 'Conv2D', conv(4), ['trunk']],
    ['long2', 'Conv2D', conv(4), ['long1']],
    ['long_pool', 'GlobalAveragePooling2D', {}, ['long2']],
    ['long', 'Dense', { units: 3 }, ['long_pool']],
  ]),
  // Two Inputs at different depths, concatenated with the ports out of file order, one Input also
  // feeding a second branch; a third Input nobody uses.
  two_inputs: graph('two_inputs', [
    ['a', 'Input', IMAGE, []],
    ['b', 'Input', { shape: [8, 8, 2] }, []],
    ['unused', 'Input', { shape: [5] }, []],
    ['b_conv', 'Conv2D', conv(2), ['b']],
    ['a_conv', 'Conv2D', conv(3), ['a']],
    ['a_conv2', 'Conv2D', conv(3), ['a_conv']],
    ['cat', 'Concatenate', {}, ['b_conv', 'a_conv2', 'b']],
    ['flat', 'Flatten', {}, ['cat']],
    ['fc', 'Dense', { units: 2 }, ['flat']],
  ]),
};
