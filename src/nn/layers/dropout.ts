/**
 * Dropout: in train mode zeroes each element with probability p, drawn from the module's key, and
 * scales the rest by 1/(1−p); in eval mode returns its input. A train run without a key is an
 * error, at the type level (`run` demands `key`) and at run time.
 */
import { bernoulli } from '../../random/discrete.js'
import { mul } from '../../tensor/arithmetic.js'
import { isFloating } from '../../tensor/dtype.js'
import { to } from '../../tensor/cast.js'
import type { Tensor } from '../../tensor/tensor.js'
import { module, type Module } from '../module.js'
import { pyBool, pyFloat } from '../repr.js'

/** The Dropout module type. */
export type Dropout = Module<{}, {}, {}, { p: number }, Tensor, Tensor, true>

/**
 * Dropout with drop probability `p` (default 0.5), as torch.nn.Dropout.
 * @example
 * import { logicalOr, nn, ones, random } from 'immutorch'
 *
 * const [y] = nn.run(nn.Dropout(0.5), ones([1000]), { mode: 'train', key: random.key(0) })
 * // Each element is dropped (0) or scaled by 1 / (1 - p) (2).
 * logicalOr(y.eq(0), y.eq(2)).all().item() // true
 * nn.run(nn.Dropout(0.5), ones([3]), { mode: 'eval' })[0] // [1, 1, 1]
 */
export function Dropout(p = 0.5): Dropout {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be a probability in [0, 1], got ${p}`)
  return module('Dropout', {
    config: { p },
    random: true as const,
    forward: (self, x: Tensor, ctx) => {
      const { p } = self.config
      if (!isFloating(x.dtype)) throw new TypeError(`Dropout: input must be floating point, got ${x.dtype}`)
      if (ctx.mode === 'eval' || p === 0) return x
      const key = ctx.requireKey('Dropout')
      if (p === 1) return mul(x, 0)
      // As ATen does: noise = mask · (1 / (1 − p)) with the scale computed in the input's precision.
      const scale = x.dtype === 'float64' ? 1 / (1 - p) : Math.fround(1 / Math.fround(1 - p))
      const noise = mul(to(bernoulli(key, 1 - p, x.shape), x.dtype), scale)
      return mul(x, noise)
    },
    extraRepr: (self) => `p=${pyFloat(self.config.p)}, inplace=${pyBool(false)}`,
  })
}
