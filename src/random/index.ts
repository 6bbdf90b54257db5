/**
 * The `random` namespace: JAX-compatible PRNG keys and samplers. Keys are values; every sampler
 * takes its key explicitly and returns the same output for the same key, with no hidden state.
 * Keys, `split`, `foldIn`, `bits` and `uniform` reproduce JAX's classic threefry2x32 numbers
 * (`jax_threefry_partitionable=False`, the default before JAX 0.5); `normal` matches to float32
 * rounding. See each file's header for the exact JAX function it follows.
 */
export { type Key, isKey, key, keyData, wrapKeyData, split, foldIn, keyEquals } from './key.js'
export { type BitWidth, type UIntName, type BitsArrayOf, type BitsOptions, bits, bitsArray } from './bits.js'
export { type UniformOptions, uniform } from './uniform.js'
export { type NormalOptions, normal } from './normal.js'
export { type RandintDType, type RandintOptions, bernoulli, randint } from './discrete.js'
export { type PermutationOptions, permutation } from './permutation.js'
export { threefry2x32 } from './threefry.js'
