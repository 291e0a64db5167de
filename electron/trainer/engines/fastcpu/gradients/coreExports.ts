/**
 * The CommonJS exports object of @tensorflow/tfjs-core, as loaded by tf.layers. tf.layers and
 * @tensorflow/tfjs read its properties at call time, so replacing one (tf.moments) reaches
 * every caller; the engine only does so for ops whose maths it keeps identical.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function tfjsCoreExports(): Record<string, unknown> {
  const layersEntry = require.resolve('@tensorflow/tfjs-layers');
  return createRequire(layersEntry)('@tensorflow/tfjs-core') as Record<string, unknown>;
}
