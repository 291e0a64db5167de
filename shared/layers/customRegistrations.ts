/**
 * Imports every layer file that registers a custom tfjs class, so the compiler and model
 * loaders see them. Add one import per custom layer kind.
 */
import './localResponseNormalization.ts';
import './depthwiseConv2d.ts';
import './separableConv2d.ts';
import './reshape.ts';
