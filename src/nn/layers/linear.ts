/**
 * Linear: y = x·Wᵀ + b with weight [out, in] and bias [out], initialised from U(−1/√in, 1/√in)
 * as torch.nn.Linear does.
 */
import { split, type Key } from '../../random/key.js'
import type { FloatDType } from '../../tensor/dtype.js'
import { linear } from '../../tensor/matmul.js'
import type { Tensor } from '../../tensor/tensor.js'
import { fanInBound, uniformInit } from '../init.js'
import { module, type Module } from '../module.js'
import { pyBool } from '../repr.js'

/** Linear's static configuration. */
export interface LinearConfig {
  readonly inFeatures: number
  readonly outFeatures: number
  readonly bias: boolean
}

/** The Linear module type. */
export type Linear = Module<{ weight: Tensor; bias: Tensor | null }, {}, {}, LinearConfig, Tensor, Tensor, false>

/** Options of Linear: its init key (required: no hidden randomness), bias and dtype. */
export interface LinearOptions {
  readonly key: Key
  readonly bias?: boolean
  readonly dtype?: FloatDType
}

const checkSize = (kind: string, name: string, v: number): void => {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${kind}: ${name} must be a non-negative integer, got ${v}`)
}

/**
 * A fully connected layer, as torch.nn.Linear(in, out, bias).
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const fc = nn.Linear(5, 1, { key: random.key(0) })
 * fc.params.weight.shape // [1, 5]
 * String(fc) // 'Linear(in_features=5, out_features=1, bias=True)'
 */
export function Linear(inFeatures: number, outFeatures: number, { key, bias = true, dtype = 'float32' }: LinearOptions): Linear {
  checkSize('Linear', 'inFeatures', inFeatures)
  checkSize('Linear', 'outFeatures', outFeatures)
  const [kw, kb] = split(key)
  const bound = fanInBound(inFeatures)
  return module('Linear', {
    params: {
      weight: uniformInit(kw, [outFeatures, inFeatures], bound, dtype),
      bias: bias ? uniformInit(kb, [outFeatures], bound, dtype) : null,
    },
    config: { inFeatures, outFeatures, bias },
    forward: (self, x: Tensor) => linear(x, self.params.weight, self.params.bias),
    extraRepr: (self) => `in_features=${self.config.inFeatures}, out_features=${self.config.outFeatures}, bias=${pyBool(self.config.bias)}`,
  })
}

export { checkSize }
