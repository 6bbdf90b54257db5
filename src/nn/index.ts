/**
 * The `nn` namespace: modules as immutable records, their traversals and transforms, running with
 * mode as a value, printing, and the layers.
 */
export { module, rebuild, isModule, type Module, type AnyModule, type Mode, type Tensors, type Children, type Forward, type ModuleDef, type InputOf, type OutputOf, type RandomOf } from './module.js'
export { type Context, childKey } from './context.js'
export { run, type RunOptions } from './run.js'
export { namedParameters, parameters, namedBuffers, buffers, namedChildren, children, namedModules, modules, type TraverseOptions } from './traverse.js'
export { getSubmodule, getParameter, getBuffer, type SubmodulePath, type ParameterPath, type BufferPath } from './paths.js'
export { apply, mapParameters, mapBuffers, transformModules } from './transform.js'
export { to, half, float, double, bfloat16 } from './cast.js'
export { freeze, unfreeze, frozenNames, type Selection } from './freeze.js'
export { formatModule as repr } from './repr.js'
export { summary } from './summary.js'
export { Linear, type LinearOptions, type LinearConfig } from './layers/linear.js'
export { Sequential } from './layers/sequential.js'
export { Identity, ReLU, GELU, Tanh, Sigmoid, Softmax, Flatten, type Stateless } from './layers/activation.js'
export { Dropout } from './layers/dropout.js'
export { BatchNorm1d, type BatchNormOptions, type BatchNormConfig } from './layers/batchnorm.js'
export { LayerNorm, type LayerNormConfig } from './layers/layernorm.js'
export { Embedding, type EmbeddingConfig } from './layers/embedding.js'
export { mseLoss, crossEntropy, nllLoss, binaryCrossEntropyWithLogits, type Reduction, type ClassLossOptions, type CrossEntropyOptions } from './losses.js'
export { mapTrainable, zipTrainable, isTrainable } from './trainable.js'
