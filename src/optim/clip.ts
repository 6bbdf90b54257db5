/**
 * Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_: scale every gradient by
 * maxNorm / (‖g‖ + 1e-6) when that is below 1.
 */
import { mul } from '../tensor/arithmetic.js'
import { sum } from '../tensor/reduce.js'
import { square } from '../tensor/math.js'
import type { Tensor } from '../tensor/tensor.js'
import { mapUpdates, type GradientTransformation, type Updates } from './transform.js'

/**
 * The L2 norm of all gradients together.
 * @example
 * import { optim, tensor } from 'immutorch'
 *
 * optim.globalNorm({ a: tensor([3]), b: tensor([4]) }) // 5
 */
export function globalNorm(grads: Updates): number {
  let total = 0
  mapUpdates((g: Tensor) => {
    total += sum(square(g.to('float64'))).item() as number
    return g
  }, grads)
  return Math.sqrt(total)
}

/** Clips gradients to a global L2 norm of at most `maxNorm`. */
export const clipByGlobalNorm = (maxNorm: number): GradientTransformation<null> => ({
  init: () => null,
  update: (grads, state) => {
    const coef = maxNorm / (globalNorm(grads) + 1e-6)
    return [coef < 1 ? mapUpdates((g) => mul(g, coef), grads) : grads, state]
  },
})
