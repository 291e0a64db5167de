/**
 * Cross-entropy from the logits, as tf.keras computes it: when the output comes from a sigmoid or
 * softmax and the loss is binary / categorical / sparse categorical cross-entropy, Keras takes the
 * tensor before the activation (keras backend: `output.op.type == 'Sigmoid'` -> `op.inputs[0]`)
 * and uses the stable formulas, whose gradient sigmoid(z) - y (softmax(z) - y) never vanishes.
 * tfjs instead clips the probabilities to [1e-7, 1 - 1e-7], so a saturated unit gets no gradient
 * at all and stays stuck (HappyModel at Adam 1e-3 sticks at the majority class).
 *
 * `logitsTraining` builds a second view of a built model for training: the same layer objects
 * (same weights) up to the output layer's input, then a twin of the output layer without its
 * activation (or nothing, when the output layer is a bare Activation / Softmax). The original
 * model keeps Keras' semantics for saving, exporting and predicting; only the twin's weights are
 * separate, and `toKeras` / `fromKeras` copy them across. This lives in the trainer rather than
 * in shared/compile because it works on any tfjs LayersModel (compiled graphs and loaded files).
 */
import type * as TF from '@tensorflow/tfjs';
import type { LossName } from '../../shared/train/settings.ts';

export type OutputActivation = 'sigmoid' | 'softmax';

/** A loss or metric function as tfjs' model.compile takes it: per-sample values. */
export type LossFn = (yTrue: TF.Tensor, yPred: TF.Tensor) => TF.Tensor;

// Layers whose output is activation(linear(x)): dropping `activation` from the config leaves the logits.
const LINEAR_THEN_ACTIVATION = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'SeparableConv2D', 'DepthwiseConv2D']);

/**
 * Binary cross-entropy of labels `y` against logits `z`, mean over the last axis (Keras'
 * binary_crossentropy(from_logits=True)). Value: max(z, 0) - z*y + log(1 + exp(-|z|)), finite for
 * any z; gradient with respect to z: sigmoid(z) - y, exactly (tf.customGrad), also at z = 0.
 */
export function sigmoidCrossEntropyFromLogits(tf: typeof TF, y: TF.Tensor, z: TF.Tensor): TF.Tensor {
  const perUnit = tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => {
    const [labels, logits, save] = args as [TF.Tensor, TF.Tensor, TF.GradSaveFunc];
    save([labels, logits]);
    const value = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return {
      value,
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [l, g] = saved as [TF.Tensor, TF.Tensor];
        return [tf.mul(dy, tf.neg(g)), tf.mul(dy, tf.sub(tf.sigmoid(g), l))];
      },
    };
  });
  return tf.mean(perUnit(tf.cast(y, 'float32'), z), -1);
}

/**
 * Categorical cross-entropy of one-hot (or soft) labels `y` against logits `z` over the last
 * axis: -sum(y * logSoftmax(z)). logSoftmax is z - logSumExp(z), stable for any z, and its
 * gradient gives softmax(z) * sum(y) - y.
 */
export function softmaxCrossEntropyFromLogits(tf: typeof TF, y: TF.Tensor, z: TF.Tensor): TF.Tensor {
  return tf.neg(tf.sum(tf.mul(tf.cast(y, 'float32'), tf.logSoftmax(z)), -1));
}

/** Sparse categorical cross-entropy: class indices `labels` (shape [n] or [n, 1]) against logits `z` [n, k]. */
export function sparseSoftmaxCrossEntropyFromLogits(tf: typeof TF, labels: TF.Tensor, z: TF.Tensor): TF.Tensor {
  const k = z.shape[z.shape.length - 1]!;
  return softmaxCrossEntropyFromLogits(tf, tf.oneHot(tf.cast(tf.reshape(labels, [-1]), 'int32'), k), z);
}

/** The activation `loss` can be computed through from the logits, or undefined when it cannot. */
export function logitsActivationFor(loss: LossName, activation: string): OutputActivation | undefined {
  if (loss === 'binaryCrossentropy' && activation === 'sigmoid') return 'sigmoid';
  if ((loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') && activation === 'softmax') return 'softmax';
  return undefined;
}

/** The per-sample loss of `loss` computed from logits (yPred is the pre-activation output). */
export function logitsLoss(tf: typeof TF, loss: LossName): LossFn {
  switch (loss) {
    case 'binaryCrossentropy':
      return (y, z) => sigmoidCrossEntropyFromLogits(tf, y, z);
    case 'categoricalCrossentropy':
      return (y, z) => softmaxCrossEntropyFromLogits(tf, y, z);
    case 'sparseCategoricalCrossentropy':
      return (y, z) => sparseSoftmaxCrossEntropyFromLogits(tf, y, z);
    default:
      throw new Error(`${loss} has no form computed from logits`);
  }
}

/**
 * Accuracy from logits, per sample, as tfjs' accuracy on probabilities: z > 0 is sigmoid(z) > 0.5;
 * argmax of the logits is argmax of the softmax.
 */
export function logitsAccuracy(tf: typeof TF, loss: LossName): LossFn {
  const fn: LossFn =
    loss === 'binaryCrossentropy'
      ? (y, z) => tf.mean(tf.cast(tf.equal(tf.cast(y, 'float32'), tf.cast(tf.greater(z, 0), 'float32')), 'float32'), -1)
      : loss === 'sparseCategoricalCrossentropy'
        ? (y, z) => tf.cast(tf.equal(tf.cast(tf.reshape(y, [-1]), 'int32'), tf.cast(tf.argMax(z, -1), 'int32')), 'float32')
        : (y, z) => tf.cast(tf.equal(tf.argMax(y, -1), tf.argMax(z, -1)), 'float32');
  // tfjs names metrics by the function's name in its logs.
  Object.defineProperty(fn, 'name', { value: 'acc' });
  return fn;
}

/** The model to train on logits, tied to the Keras model it was made from. */
export interface LogitsTraining {
  /** Same inputs and layers as the Keras model; outputs the logits of its output layer. */
  model: TF.LayersModel;
  activation: OutputActivation;
  /** The output layer's name (shared by the Keras layer and its linear twin). */
  layerName: string;
  loss: LossFn;
  accuracy: LossFn;
  /** Copies the trained output layer into the Keras model (before saving or predicting with it). */
  toKeras(): void;
  /** Copies the Keras model's output layer into the training model (after loading weights into it). */
  fromKeras(): void;
  /** Frees the twin's weights; the shared layers belong to the Keras model (dispose it as usual). */
  dispose(): void;
}

/**
 * The logits view of `keras` for training with `loss`, or undefined when the loss is not a
 * cross-entropy matching the output activation (sigmoid for binary, softmax for categorical and
 * sparse categorical), or the output layer is not one whose logits can be reached.
 */
export function logitsTraining(tf: typeof TF, keras: TF.LayersModel, loss: LossName): LogitsTraining | undefined {
  if (keras.outputs.length !== 1 || keras.outputs[0]!.shape.length !== 2) return undefined;
  const layer = keras.outputs[0]!.sourceLayer as TF.layers.Layer;
  if (layer.inboundNodes.length !== 1) return undefined;
  const className = layer.getClassName();
  const config = layer.getConfig() as Record<string, unknown>;
  let activation: string | undefined;
  if (className === 'Softmax') activation = config.axis === -1 || config.axis === 1 ? 'softmax' : undefined;
  else if (className === 'Activation' || LINEAR_THEN_ACTIVATION.has(className)) activation = typeof config.activation === 'string' ? config.activation : undefined;
  const act = activation ? logitsActivationFor(loss, activation) : undefined;
  if (!act) return undefined;

  const input = layer.input as TF.SymbolicTensor;
  let twin: TF.layers.Layer | undefined;
  let logits: TF.SymbolicTensor = input;
  if (LINEAR_THEN_ACTIVATION.has(className)) {
    // The same class rebuilt from its own config (as tfjs deserialises layers), minus the activation.
    const cls = layer.constructor as unknown as TF.serialization.SerializableConstructor<TF.layers.Layer>;
    twin = cls.fromConfig(cls, { ...config, activation: 'linear' } as TF.serialization.ConfigDict);
    logits = twin.apply(input) as TF.SymbolicTensor;
    twin.setWeights(layer.getWeights());
  }
  const model = tf.model({ inputs: keras.inputs, outputs: logits, name: `${keras.name}_logits` });
  const copy = (from: TF.layers.Layer, to: TF.layers.Layer) => to.setWeights(from.getWeights());
  return {
    model,
    activation: act,
    layerName: layer.name,
    loss: logitsLoss(tf, loss),
    accuracy: logitsAccuracy(tf, loss),
    toKeras: () => twin && copy(twin, layer),
    fromKeras: () => twin && copy(layer, twin),
    dispose: () => twin?.dispose(),
  };
}

/** Probabilities from logits `z` [n, k]: sigmoid per unit, or softmax over the last axis. */
export function applyActivation(tf: typeof TF, z: TF.Tensor, activation: OutputActivation): TF.Tensor {
  return activation === 'sigmoid' ? tf.sigmoid(z) : tf.softmax(z);
}
