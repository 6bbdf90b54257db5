/**
 * LayerNorm over the trailing `normalizedShape` dims with the biased variance, and an optional
 * elementwise affine (weight ones, bias zeros), as torch.nn.LayerNorm.
 */
import { add, mul, sub } from '../../tensor/arithmetic.js'
import { full, zeros } from '../../tensor/create.js'
import type { FloatDType } from '../../tensor/dtype.js'
import { rsqrt } from '../../tensor/math.js'
import { mean, var_ } from '../../tensor/reduce.js'
import type { Tensor } from '../../tensor/tensor.js'
import { module, type Module } from '../module.js'
import { pyBool, pyFloat, pyTuple } from '../repr.js'
import { checkSize } from './linear.js'

/** LayerNorm's static configuration. */
export interface LayerNormConfig {
  readonly normalizedShape: readonly number[]
  readonly eps: number
  readonly elementwiseAffine: boolean
}

/** The LayerNorm module type. */
export type LayerNorm = Module<{ weight: Tensor | null; bias: Tensor | null }, {}, {}, LayerNormConfig, Tensor, Tensor, false>

/**
 * Layer normalisation over the last dims, shaped `normalizedShape` (a size or a list of sizes).
 * @example
 * import { nn, tensor } from 'immutorch'
 *
 * nn.run(nn.LayerNorm(2), tensor([[1, 3], [0, 10]]), { mode: 'eval' })[0] // ≈ [[-1.0, 1.0], [-1.0, 1.0]]
 */
export function LayerNorm(normalizedShape: number | readonly number[], { eps = 1e-5, elementwiseAffine = true, dtype = 'float32' }: { readonly eps?: number; readonly elementwiseAffine?: boolean; readonly dtype?: FloatDType } = {}): LayerNorm {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape]
  if (shape.length === 0) throw new RangeError('LayerNorm: normalizedShape must name at least one dim')
  shape.forEach((s, i) => checkSize('LayerNorm', `normalizedShape[${i}]`, s))
  return module('LayerNorm', {
    params: {
      weight: elementwiseAffine ? (full(shape, 1, { dtype }) as Tensor) : null,
      bias: elementwiseAffine ? (zeros(shape, { dtype }) as Tensor) : null,
    },
    config: { normalizedShape: Object.freeze(shape), eps, elementwiseAffine },
    forward: (self, x: Tensor) => {
      const ns = self.config.normalizedShape
      const tail = x.shape.slice(x.ndim - ns.length)
      if (x.ndim < ns.length || tail.some((s, i) => s !== ns[i])) {
        throw new RangeError(`LayerNorm: input [${x.shape.join(', ')}] must end with normalized_shape [${ns.join(', ')}]`)
      }
      const dims = ns.map((_, i) => x.ndim - ns.length + i)
      const mu = mean(x, { dim: dims, keepdim: true })
      const v = var_(x, { dim: dims, keepdim: true, correction: 0 })
      let y = mul(sub(x, mu), rsqrt(add(v, self.config.eps)))
      if (self.params.weight !== null) y = mul(y, self.params.weight)
      if (self.params.bias !== null) y = add(y, self.params.bias)
      return y
    },
    extraRepr: (self) => `${pyTuple(self.config.normalizedShape)}, eps=${pyFloat(self.config.eps)}, elementwise_affine=${pyBool(self.config.elementwiseAffine)}`,
  })
}
