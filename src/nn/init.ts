/**
 * Parameter initialisation with explicit keys, PyTorch's distributions: uniform(−bound, bound) for
 * Linear (kaiming_uniform with a = √5 reduces to bound = 1/√fan_in), standard normal for Embedding.
 */
import { normal } from '../random/normal.js'
import { uniform } from '../random/uniform.js'
import type { Key } from '../random/key.js'
import type { FloatDType } from '../tensor/dtype.js'
import type { Tensor } from '../tensor/tensor.js'

/** U(−bound, bound) of `shape`. */
export const uniformInit = (key: Key, shape: readonly number[], bound: number, dtype: FloatDType = 'float32'): Tensor =>
  uniform(key, shape, { minval: -bound, maxval: bound, dtype })

/** N(0, 1) of `shape`. */
export const normalInit = (key: Key, shape: readonly number[], dtype: FloatDType = 'float32'): Tensor =>
  normal(key, shape, { dtype })

/** Linear's bound: 1/√fan_in (0 for an empty fan-in). */
export const fanInBound = (fanIn: number): number => (fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0)
