/**
 * The benchmark models, built with plain tf.layers (no Netwright code), and the data shapes
 * they train on. bench/torch_models.py builds the same three in PyTorch.
 */
import type * as TF from '@tensorflow/tfjs';

export interface BenchModel {
  name: 'happy' | 'lenet5' | 'resnet';
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

export const BENCH_MODELS: BenchModel[] = [
  { name: 'happy', title: 'HappyModel 64x64x3', inputShape: [64, 64, 3], classes: 1, batch: 16, build: happy },
  { name: 'lenet5', title: 'LeNet-5 32x32x1', inputShape: [32, 32, 1], classes: 10, batch: 32, build: lenet5 },
  { name: 'resnet', title: 'ResNet conv+3 identity 56x56x64', inputShape: [56, 56, 64], classes: 10, batch: 8, build: resnet },
];
