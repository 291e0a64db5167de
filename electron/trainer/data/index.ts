// Public surface of the trainer's data layer: loading (MNIST, course HDF5, image folders, CSV,
// .npy pairs), checks against the model, batching, splitting, augmentation and dataset pictures.
export * from './types.ts';
export { loadDataset, parseDataArg, resolveDataArg } from './load.ts';
export { checkDatasetAgainstModel, type CheckOptions } from './check.ts';
export { batches, normalizeImages, encodeLabels, type Batch, type BatchOptions } from './batches.ts';
export { shuffledIndices, trainValidationSplit, classCounts, type Split, type SplitOptions } from './split.ts';
export { pickIndices, subsetDataset, conformDataset } from './select.ts';
export { createAugmenter, augmentImages, validateAugmentSettings, type AugmentSettings, type Augmenter } from './augmenter.ts';
export { flipHorizontal, padCrop, cropResize, rotate, shiftColor, pcaOffset, warpAffine } from './augment.ts';
export { colorPca, symmetricEigen3, type ColorPca } from './pca.ts';
export { sampleGrid, sampleGridPng, imageToPng, imageAt, augmentPreview } from './preview.ts';
export { resizeImage, convertChannels, padImage, conformImage } from './resize.ts';
export { decodeImage } from './decode.ts';
export { parseNpy, parseNpyHeader, type NpyArray } from './npy.ts';
export { parseCsvIndex } from './csv.ts';
export { createRng, type Rng } from './rng.ts';
export { MNIST_TEST_FRACTION } from './mnist.ts';
