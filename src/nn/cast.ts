/**
 * Casting a module: `to(m, dtype | device | { dtype, device })` and `half`, `float`, `double`,
 * `bfloat16`. As in PyTorch, a dtype cast touches floating-point parameters and buffers only
 * (integer and bool buffers such as num_batches_tracked keep their dtype); a device move takes
 * every tensor. A non-floating target dtype is an error. Names, structure and ties are kept.
 */
import { resolveTarget, to as toTensor, type ToTarget } from '../tensor/cast.js'
import { isFloating } from '../tensor/dtype.js'
import type { Tensor } from '../tensor/tensor.js'
import type { AnyModule } from './module.js'
import { mapTensors } from './transform.js'

/**
 * A new module with floating tensors cast to `dtype` and every tensor moved to `device`.
 * @example
 * import { nn } from 'immutorch'
 *
 * const bn = nn.to(nn.BatchNorm1d(3), 'float64')
 * nn.getBuffer(bn, 'running_var').dtype // 'float64'
 * nn.getBuffer(bn, 'num_batches_tracked').dtype // 'int64'
 */
export function to<M extends AnyModule>(m: M, target: ToTarget): M {
  const { dtype, device } = resolveTarget(target, 'nn.to')
  if (dtype !== undefined && !isFloating(dtype)) {
    throw new TypeError(`nn.to: modules can only be cast to floating point dtypes (float32, float64, float16, bfloat16), got ${dtype}`)
  }
  const cast = (t: Tensor): Tensor => toTensor(t, {
    ...(dtype !== undefined && isFloating(t.dtype) ? { dtype } : {}),
    ...(device !== undefined ? { device } : {}),
  })
  return mapTensors(m, ['params', 'buffers'], cast)
}

/**
 * Floating parameters and buffers to float16.
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const fc = nn.Linear(2, 2, { key: random.key(0) })
 * nn.half(fc).params.weight.dtype // 'float16'
 * fc.params.weight.dtype // 'float32'
 */
export const half = <M extends AnyModule>(m: M): M => to(m, 'float16')
/** Floating parameters and buffers to float32. */
export const float = <M extends AnyModule>(m: M): M => to(m, 'float32')
/** Floating parameters and buffers to float64. */
export const double = <M extends AnyModule>(m: M): M => to(m, 'float64')
/** Floating parameters and buffers to bfloat16. */
export const bfloat16 = <M extends AnyModule>(m: M): M => to(m, 'bfloat16')
