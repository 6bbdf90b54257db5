/**
 * BatchNorm1d over [N, C] or [N, C, L] inputs, as torch.nn.BatchNorm1d. Train: normalise with the
 * batch mean and biased variance, and return updated running statistics (momentum is the weight
 * of the new batch; running_var takes the unbiased variance; momentum null averages cumulatively
 * over num_batches_tracked, an int64 count). Eval: normalise with the running statistics.
 */
import { add, mul, sub } from '../../tensor/arithmetic.js'
import { full, tensor, zeros } from '../../tensor/create.js'
import type { FloatDType } from '../../tensor/dtype.js'
import { rsqrt } from '../../tensor/math.js'
import { mean, var_ } from '../../tensor/reduce.js'
import { storageOf, type Tensor } from '../../tensor/tensor.js'
import { reshape } from '../../tensor/view.js'
import { module, type Module } from '../module.js'
import { pyBool, pyFloat } from '../repr.js'
import { checkSize } from './linear.js'

/** BatchNorm's static configuration. */
export interface BatchNormConfig {
  readonly numFeatures: number
  readonly eps: number
  readonly momentum: number | null
  readonly affine: boolean
  readonly trackRunningStats: boolean
}

/** The BatchNorm1d module type. */
export type BatchNorm1d = Module<
  { weight: Tensor | null; bias: Tensor | null },
  { running_mean: Tensor | null; running_var: Tensor | null; num_batches_tracked: Tensor | null },
  {}, BatchNormConfig, Tensor, Tensor, false
>

/** Options of BatchNorm1d, PyTorch's defaults. */
export interface BatchNormOptions {
  readonly eps?: number
  readonly momentum?: number | null
  readonly affine?: boolean
  readonly trackRunningStats?: boolean
  readonly dtype?: FloatDType
}

/**
 * Batch normalisation over the channel dim of [N, C] or [N, C, L] inputs.
 * @example
 * import { nn, tensor } from 'immutorch'
 *
 * const bn = nn.BatchNorm1d(1)
 * const [y, bn2] = nn.run(bn, tensor([[1], [3]]), { mode: 'train' })
 * y // ≈ [[-1.0], [1.0]]
 * nn.getBuffer(bn2, 'running_mean') // ≈ [0.2]
 * nn.getBuffer(bn2, 'running_var') // ≈ [1.1]
 */
export function BatchNorm1d(numFeatures: number, { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, dtype = 'float32' }: BatchNormOptions = {}): BatchNorm1d {
  checkSize('BatchNorm1d', 'numFeatures', numFeatures)
  const c = numFeatures
  return module('BatchNorm1d', {
    params: {
      weight: affine ? (full([c], 1, { dtype }) as Tensor) : null,
      bias: affine ? (zeros([c], { dtype }) as Tensor) : null,
    },
    buffers: {
      running_mean: trackRunningStats ? (zeros([c], { dtype }) as Tensor) : null,
      running_var: trackRunningStats ? (full([c], 1, { dtype }) as Tensor) : null,
      num_batches_tracked: trackRunningStats ? (zeros([], { dtype: 'int64' }) as Tensor) : null,
    },
    config: { numFeatures, eps, momentum, affine, trackRunningStats },
    forward: (self, x: Tensor, ctx) => {
      if (x.ndim !== 2 && x.ndim !== 3) throw new RangeError(`BatchNorm1d: expected 2D or 3D input [N, C] or [N, C, L], got ${x.ndim}D [${x.shape.join(', ')}]`)
      if (x.shape[1] !== c) throw new RangeError(`BatchNorm1d: expected ${c} channels at dim 1, got input [${x.shape.join(', ')}]`)
      const dims = x.ndim === 2 ? [0] : [0, 2]
      const stat = (t: Tensor): Tensor => (x.ndim === 2 ? reshape(t, [1, c]) : reshape(t, [1, c, 1]))
      const { running_mean: rm, running_var: rv, num_batches_tracked: nbt } = self.buffers
      const useBatch = ctx.mode === 'train' || rm === null || rv === null
      let mu: Tensor
      let v: Tensor
      if (useBatch) {
        const perChannel = x.size / c
        if (perChannel <= 1) {
          throw new RangeError(`BatchNorm1d: expected more than 1 value per channel when training, got input [${x.shape.join(', ')}]`)
        }
        mu = mean(x, { dim: dims })
        v = var_(x, { dim: dims, correction: 0 })
        if (ctx.mode === 'train' && rm !== null && rv !== null && nbt !== null) {
          const count = storageOf(nbt as Tensor<'int64'>)[0] + 1n
          const m = self.config.momentum ?? 1 / Number(count)
          const unbiased = mul(v, perChannel / (perChannel - 1))
          ctx.setBuffers({
            running_mean: add(mul(rm, 1 - m), mul(mu, m)),
            running_var: add(mul(rv, 1 - m), mul(unbiased, m)),
            num_batches_tracked: tensor([count], { dtype: 'int64', shape: [] }),
          })
        }
      } else {
        mu = rm!
        v = rv!
      }
      let y = mul(sub(x, stat(mu)), stat(rsqrt(add(v, self.config.eps))))
      const { weight, bias } = self.params
      if (weight !== null) y = mul(y, stat(weight))
      if (bias !== null) y = add(y, stat(bias))
      return y
    },
    extraRepr: (self) => {
      const k = self.config
      return `${k.numFeatures}, eps=${pyFloat(k.eps)}, momentum=${pyFloat(k.momentum)}, affine=${pyBool(k.affine)}, track_running_stats=${pyBool(k.trackRunningStats)}`
    },
  })
}

