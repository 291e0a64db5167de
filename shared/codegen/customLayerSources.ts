/**
 * Source text of the custom layer classes the compiler uses where stock tfjs falls short
 * (shared/layers/*: LocalResponseNormalization, Reshape with -1, dilated DepthwiseConv2D and
 * SeparableConv2D), keyed by the factory name of their tfjs spec. A generated module carries the
 * classes it uses, so it runs with nothing but @tensorflow/tfjs (or TensorFlow) installed.
 * `python` is given only where Keras itself lacks the layer. test/shared/codegen/customLayers.test.ts
 * checks every class here against the compiler's own on a forward pass.
 */

export interface CustomLayerSource {
  /** TypeScript declarations using `tf` (imported as `* as tf`), ending with the class registration. */
  ts: string;
  /** A Python class using `tf` and `layers` (tf.keras.layers), when Keras has no such layer. */
  python?: string;
}

const DILATED_CONV_TS = `
/** The convolution fields the dilated layers read (tfjs keeps them protected). */
interface DilatedConvFields {
  kernelSize: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
  dilationRate: [number, number];
  useBias: boolean;
  bias: tf.LayerVariable | null;
  activation: { apply(x: tf.Tensor): tf.Tensor } | null;
  depthwiseKernel: tf.LayerVariable;
  pointwiseKernel?: tf.LayerVariable;
}

/**
 * A dilated depthwise convolution (then, for separable layers, the 1x1 step) computed with the
 * kernel spread out by zeros, which every tfjs backend can differentiate; bias and activation after.
 */
function dilatedDepthwiseCall(f: DilatedConvFields, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const k = f.depthwiseKernel.read() as tf.Tensor4D;
    const [kh, kw, c, m] = k.shape;
    const [dh, dw] = f.dilationRate;
    const spread = tf.pad(tf.reshape(k, [kh, 1, kw, 1, c * m]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0]]);
    const kernel = tf.slice(tf.reshape(spread, [kh * dh, kw * dw, c, m]), [0, 0, 0, 0], [dh * (kh - 1) + 1, dw * (kw - 1) + 1, c, m]) as tf.Tensor4D;
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    let y: tf.Tensor4D = tf.depthwiseConv2d(x, kernel, f.strides, f.padding);
    if (f.pointwiseKernel) y = tf.conv2d(y, f.pointwiseKernel.read() as tf.Tensor4D, 1, 'valid');
    let out: tf.Tensor = y;
    if (f.useBias && f.bias) out = tf.add(out, f.bias.read());
    return f.activation ? f.activation.apply(out) : out;
  });
}

const isDilated = (f: DilatedConvFields) => f.dilationRate[0] > 1 || f.dilationRate[1] > 1;
`;

export const CUSTOM_LAYER_SOURCES: Record<string, CustomLayerSource> = {
  LocalResponseNormalization: {
    ts: `
/** Local response normalization (AlexNet, section 3.3) as a layer: tf.localResponseNormalization. No weights. */
class LocalResponseNormalization extends tf.layers.Layer {
  static className = 'LocalResponseNormalization';
  private readonly depthRadius: number;
  private readonly bias: number;
  private readonly alpha: number;
  private readonly beta: number;

  constructor(config: { name?: string; trainable?: boolean; depthRadius?: number; bias?: number; alpha?: number; beta?: number }) {
    super(config);
    this.depthRadius = config.depthRadius ?? 2;
    this.bias = config.bias ?? 2;
    this.alpha = config.alpha ?? 1e-4;
    this.beta = config.beta ?? 0.75;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      return tf.localResponseNormalization(x, this.depthRadius, this.bias, this.alpha, this.beta);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthRadius: this.depthRadius, bias: this.bias, alpha: this.alpha, beta: this.beta };
  }
}
tf.serialization.registerClass(LocalResponseNormalization);
`,
    python: `
class LocalResponseNormalization(layers.Layer):
    """Local response normalization (AlexNet, section 3.3): tf.nn.local_response_normalization. No weights."""

    def __init__(self, depth_radius=2, bias=2.0, alpha=1e-4, beta=0.75, **kwargs):
        super().__init__(**kwargs)
        self.depth_radius = depth_radius
        self.bias = bias
        self.alpha = alpha
        self.beta = beta

    def call(self, inputs):
        return tf.nn.local_response_normalization(
            inputs, depth_radius=self.depth_radius, bias=self.bias, alpha=self.alpha, beta=self.beta)

    def get_config(self):
        config = super().get_config()
        config.update(depth_radius=self.depth_radius, bias=self.bias, alpha=self.alpha, beta=self.beta)
        return config
`,
  },
  Reshape: {
    ts: `
const ReshapeBase = tf.layers.reshape({ targetShape: [1] }).constructor as (new (config: Parameters<typeof tf.layers.reshape>[0]) => tf.layers.Layer) & Pick<typeof tf.layers.Layer, 'fromConfig'>;

/** Reshape that works out a -1 size from the known sample size, as Keras does (tfjs leaves it unknown). */
class Reshape extends ReshapeBase {
  static className = 'Reshape';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const target = (this as unknown as { targetShape: (number | null)[] }).targetShape;
    const sample = s.slice(1);
    if (sample.some((d) => d == null)) return super.computeOutputShape(inputShape);
    const size = (sample as number[]).reduce((a, b) => a * b, 1);
    const known = target.reduce<number>((a, d) => (d == null || d < 0 ? a : a * d), 1);
    return [s[0] ?? null, ...target.map((d) => (d == null || d < 0 ? size / known : d))];
  }
}
tf.serialization.registerClass(Reshape);
`,
  },
  DepthwiseConv2D: {
    ts: `${DILATED_CONV_TS}
const DepthwiseConv2DBase = tf.layers.depthwiseConv2d({ kernelSize: 1 }).constructor as (new (config: Parameters<typeof tf.layers.depthwiseConv2d>[0]) => tf.layers.Layer) & Pick<typeof tf.layers.Layer, 'fromConfig'>;

/** DepthwiseConv2D that honours dilationRate (tfjs' own ignores it) in its output shape, values and gradient. */
class DepthwiseConv2D extends DepthwiseConv2DBase {
  static className = 'DepthwiseConv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const f = this as unknown as DilatedConvFields;
    return isDilated(f) ? dilatedDepthwiseCall(f, inputs) : super.call(inputs, kwargs);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const f = this as unknown as DilatedConvFields;
    const out = [...(super.computeOutputShape(inputShape) as tf.Shape)];
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    for (const i of [0, 1]) {
      const n = s[i + 1];
      const extent = f.dilationRate[i] * (f.kernelSize[i] - 1) + 1;
      out[i + 1] = n == null ? null : f.padding === 'same' ? Math.ceil(n / f.strides[i]) : Math.floor((n - extent) / f.strides[i]) + 1;
    }
    return out;
  }
}
tf.serialization.registerClass(DepthwiseConv2D);
`,
  },
  SeparableConv2D: {
    ts: `${DILATED_CONV_TS}
const SeparableConv2DBase = tf.layers.separableConv2d({ filters: 1, kernelSize: 1 }).constructor as (new (config: Parameters<typeof tf.layers.separableConv2d>[0]) => tf.layers.Layer) & Pick<typeof tf.layers.Layer, 'fromConfig'>;

/**
 * SeparableConv2D whose dilated form can train (stock tfjs has no gradient for it) and whose saved
 * config keeps depthMultiplier (tfjs 4.22 drops it, so the model would not reload).
 */
class SeparableConv2D extends SeparableConv2DBase {
  static className = 'SeparableConv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const f = this as unknown as DilatedConvFields;
    return isDilated(f) ? dilatedDepthwiseCall(f, inputs) : super.call(inputs, kwargs);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthMultiplier: (this as unknown as { depthMultiplier: number }).depthMultiplier };
  }
}
tf.serialization.registerClass(SeparableConv2D);
`,
  },
};

/**
 * The module-level source for a set of custom classes: each class once, and declarations they
 * share (the dilated-convolution helper) once.
 */
export function customClassesTs(classes: readonly string[]): string[] {
  const out: string[] = [];
  let sharedDone = false;
  for (const cls of classes) {
    let text = CUSTOM_LAYER_SOURCES[cls]!.ts;
    if (text.startsWith(DILATED_CONV_TS)) {
      text = sharedDone ? text.slice(DILATED_CONV_TS.length) : text;
      sharedDone = true;
    }
    out.push(text.trim(), '');
  }
  return out;
}

/** The Python classes among `classes` (those Keras lacks). */
export function customClassesPy(classes: readonly string[]): string[] {
  return classes.flatMap((cls) => (CUSTOM_LAYER_SOURCES[cls]!.python ? [CUSTOM_LAYER_SOURCES[cls]!.python!.trim(), '', ''] : []));
}

/** The Python class name for a custom factory, or undefined when Keras' own layer serves. */
export function pythonCustomClass(factory: string): string | undefined {
  return Object.hasOwn(CUSTOM_LAYER_SOURCES, factory) && CUSTOM_LAYER_SOURCES[factory]!.python ? factory : undefined;
}
