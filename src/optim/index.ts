/**
 * The `optim` namespace: optax-style pure optimisers matching torch.optim's arithmetic.
 */
export { chain, identity, scale, scaleByLearningRate, addDecayedWeights, applyUpdates, step, mapUpdates, type GradientTransformation, type StepOptions, type Updates, type CountState, type LearningRate } from './transform.js'
export { sgd, traceMomentum, type SgdOptions, type TraceState } from './sgd.js'
export { adam, adamw, scaleByAdam, type AdamState, type AdamOptions, type AdamRecipeOptions } from './adam.js'
export { clipByGlobalNorm, globalNorm } from './clip.js'
export { constant, stepDecay, cosineDecay, linearWarmup, joinSchedules, type Schedule } from './schedule.js'
