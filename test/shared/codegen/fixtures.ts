/** Small graphs for the code generation tests, beside the templates. */
import type { Project, ProjectInput } from '../../../shared/graph/schema.ts';
import { chainProject } from '../chainProject.ts';

/** A small network, so training in the test takes well under a second of CPU. */
export const tiny: ProjectInput = chainProject('tiny', [
  { id: 'x', kind: 'Input', params: { shape: [8, 8, 1] } },
  { id: 'c', kind: 'Conv2D', params: { filters: 2, kernelSize: [3, 3] } },
  { id: 'f', kind: 'Flatten' },
  { id: 'd', kind: 'Dense', params: { units: 1, activation: 'sigmoid' } },
]);
/** Every kind the compiler builds with a custom class: the module must carry each class. */
export const customs: ProjectInput = {
  schemaVersion: 1,
  name: 'customs',
  nodes: [
    { id: 'x', kind: 'Input', params: { shape: [9, 9, 4] } },
    { id: 'dw', kind: 'DepthwiseConv2D', params: { kernelSize: [3, 3], dilationRate: [2, 2], padding: 'same', depthMultiplier: 2 } },
    { id: 'sep', kind: 'SeparableConv2D', params: { filters: 3, kernelSize: [3, 3], dilationRate: [2, 1], padding: 'valid', activation: 'relu' } },
    { id: 'lrn', kind: 'LocalResponseNormalization', params: { depthRadius: 1 } },
    { id: 'flat', kind: 'Reshape', params: { targetShape: [-1] } },
    { id: 'out', kind: 'Dense', params: { units: 2 } },
  ],
  edges: [
    { id: 'e1', source: 'x', target: 'dw' },
    { id: 'e2', source: 'dw', target: 'sep' },
    { id: 'e3', source: 'sep', target: 'lrn' },
    { id: 'e4', source: 'lrn', target: 'flat' },
    { id: 'e5', source: 'flat', target: 'out' },
  ],
};

/**
 * ResNet-50 after the person edited three block instances: one edit a block parameter can say
 * (res3b's F2), one it cannot (res3c_branch2a becomes 3x3), and a frozen layer (res4c).
 */
export function editedResnet(resnet: Project): Project {
  const edited = structuredClone(resnet);
  edited.nodes.find((n) => n.name === 'res3b_branch2b')!.params.filters = 100;
  Object.assign(edited.nodes.find((n) => n.name === 'res3c_branch2a')!.params, { kernelSize: [3, 3], padding: 'same' });
  edited.nodes.find((n) => n.name === 'res4c_branch2a')!.trainable = false;
  return edited;
}
