/**
 * Every generator the laws use, one namespace per area, so names such as `shapeArb` can repeat
 * across areas without clashing.
 */
export * as module from './module.js'
export * as tree from './tree.js'
export * as tensor from './tensor.js'
export * as matrix from './matrix.js'
export * as random from './random.js'
export * as grad from './grad.js'
export * as optim from './optim.js'
export * as safetensors from './safetensors.js'
