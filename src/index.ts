/**
 * immutorch: PyTorch's nn.Module with a functional, immutable body. The tensor API is exported at
 * the top level; the layers above it as namespaces.
 * @module immutorch
 */
export * from './tensor/index.js'
export * as random from './random/index.js'
export * as tree from './tree/index.js'
export * as nn from './nn/index.js'
export { grad, valueAndGrad, stopGradient, type GradOptions } from './autodiff/index.js'
export * as optim from './optim/index.js'
export * as io from './io/index.js'
