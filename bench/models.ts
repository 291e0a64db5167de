/**
 * The benchmark models, built with plain tf.layers (no Netwright code), and the data shapes
 * they train on. bench/torch_models.py builds the same models in PyTorch.
 */
import type * as TF from '@tensorflow/tfjs';

export interface BenchModel {
  name: 'happy' | 'lenet5' | 'resnet' | 'resnet50';
  title: string;
  inputShape: [number, number, number];
  classes: number;
  batch: number;
  build(tf: typeof TF): TF.LayersModel;
}

function happy(tf: typeof TF): TF.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.zeroPadding2d({ padding: 3, inputShape: [64, 64, 3] }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 7, strides: 1 }));
  m.add(tf.layers.batchNormalization({ axis: 3 }));
  m.add(tf.layers.activation({ activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  return m;
}

function lenet5(tf: typeof TF): TF.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 5, activation: 'tanh', inputShape: [32, 32, 1] }));
  m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'tanh' }));
  m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 120, activation: 'tanh' }));
  m.add(tf.layers.dense({ units: 84, activation: 'tanh' }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

/** ResNet-50's stage 2 shape: a conv block then identity blocks, filters [64, 64, 256]. */
function resnet(tf: typeof TF): TF.LayersModel {
  type S = TF.SymbolicTensor;
  const convBn = (x: S, filters: number, k: number, relu: boolean): S => {
    let y = tf.layers.conv2d({ filters, kernelSize: k, padding: 'same' }).apply(x) as S;
    y = tf.layers.batchNormalization({ axis: 3 }).apply(y) as S;
    return relu ? (tf.layers.activation({ activation: 'relu' }).apply(y) as S) : y;
  };
  const block = (x: S, shortcut: S): S => {
    const y = convBn(convBn(convBn(x, 64, 1, true), 64, 3, true), 256, 1, false);
    return tf.layers.activation({ activation: 'relu' }).apply(tf.layers.add().apply([y, shortcut])) as S;
  };
  const input = tf.input({ shape: [56, 56, 64] });
  let x = block(input, convBn(input, 256, 1, false));
  for (let i = 0; i < 3; i++) x = block(x, x);
  const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as S;
  const out = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(pooled) as S;
  return tf.model({ inputs: input, outputs: out });
}

/**
 * ResNet-50 as the deeplearning.ai course builds it for the 64x64 SIGNS images (6 classes): a 7x7/2
 * stem, max-pool 3x3/2, bottleneck stages of 3, 4, 6, 3 blocks (the first of stages 3-5 strided by
 * 2 in its first 1x1 convolution and its projection), average-pool 2x2, softmax.
 */
function resnet50(tf: typeof TF): TF.LayersModel {
  type S = TF.SymbolicTensor;
  const convBn = (x: S, filters: number, k: number, relu: boolean, strides = 1): S => {
    let y = tf.layers.conv2d({ filters, kernelSize: k, strides, padding: k === 1 ? 'valid' : 'same' }).apply(x) as S;
    y = tf.layers.batchNormalization({ axis: 3 }).apply(y) as S;
    return relu ? (tf.layers.activation({ activation: 'relu' }).apply(y) as S) : y;
  };
  const bottleneck = (x: S, f: number, strides: number, project: boolean): S => {
    const y = convBn(convBn(convBn(x, f, 1, true, strides), f, 3, true), 4 * f, 1, false);
    const shortcut = project ? convBn(x, 4 * f, 1, false, strides) : x;
    return tf.layers.activation({ activation: 'relu' }).apply(tf.layers.add().apply([y, shortcut])) as S;
  };
  const input = tf.input({ shape: [64, 64, 3] });
  let x = tf.layers.zeroPadding2d({ padding: 3 }).apply(input) as S;
  x = tf.layers.conv2d({ filters: 64, kernelSize: 7, strides: 2 }).apply(x) as S;
  x = tf.layers.activation({ activation: 'relu' }).apply(tf.layers.batchNormalization({ axis: 3 }).apply(x)) as S;
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }).apply(x) as S;
  for (const [f, blocks, strides] of [[64, 3, 1], [128, 4, 2], [256, 6, 2], [512, 3, 2]] as const) {
    x = bottleneck(x, f, strides, true);
    for (let i = 1; i < blocks; i++) x = bottleneck(x, f, 1, false);
  }
  x = tf.layers.flatten().apply(tf.layers.averagePooling2d({ poolSize: 2 }).apply(x)) as S;
  const out = tf.layers.dense({ units: 6, activation: 'softmax' }).apply(x) as S;
  return tf.model({ inputs: input, outputs: out });
}

export const BENCH_MODELS: BenchModel[] = [
  { name: 'happy', title: 'HappyModel 64x64x3', inputShape: [64, 64, 3], classes: 1, batch: 16, build: happy },
  { name: 'lenet5', title: 'LeNet-5 32x32x1', inputShape: [32, 32, 1], classes: 10, batch: 32, build: lenet5 },
  { name: 'resnet', title: 'ResNet conv+3 identity 56x56x64', inputShape: [56, 56, 64], classes: 10, batch: 8, build: resnet },
  { name: 'resnet50', title: 'ResNet-50 64x64x3', inputShape: [64, 64, 3], classes: 6, batch: 8, build: resnet50 },
];
