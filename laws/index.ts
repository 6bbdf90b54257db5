/**
 * The law kit, `immutorch/laws` (SPEC §7): the laws the library's own suites check, as plain
 * predicates and one-line runners over fast-check arbitraries, plus the generators they use, so a
 * user can check their own module, layer, transform, tree node kind or kernel the same way.
 * fast-check is a peer of this entry: the runners take and return its arbitraries.
 * @module immutorch/laws
 */
export * from './module.js'
export * from './tree.js'
export * from './tensor.js'
export * from './mm.js'
export * from './random.js'
export { params, runs } from './runs.js'
export * from './grad.js'
export * from './optim.js'
export * from './safetensors.js'
export * as arbitraries from './arbitraries/index.js'
