/**
 * Pooling layers: MaxPool2d and AvgPool2d, parameter-free modules around the tensor ops with
 * torch's defaults (stride = kernel size) and torch's extra_repr, which prints each size as it was
 * given: `2` for a number, `(2, 3)` for a pair.
 */
import type { Pair } from '../../tensor/conv.js'
import { avgPool2d, maxPool2d, poolWindow, type AvgPool2dOptions, type MaxPool2dOptions } from '../../tensor/pool.js'
import type { Tensor } from '../../tensor/tensor.js'
import { module } from '../module.js'
import { pyBool } from '../repr.js'
import type { Stateless } from './activation.js'

/** MaxPool2d's configuration, sizes as given. */
export interface MaxPool2dConfig {
  readonly kernelSize: Pair
  readonly stride: Pair
  readonly padding: Pair
  readonly dilation: Pair
  readonly ceilMode: boolean
}

/** AvgPool2d's configuration, sizes as given. */
export interface AvgPool2dConfig {
  readonly kernelSize: Pair
  readonly stride: Pair
  readonly padding: Pair
  readonly ceilMode: boolean
  readonly countIncludePad: boolean
  readonly divisorOverride: number | undefined
}

/** A size as Python prints what torch stores: an int, or a tuple. */
const py = (p: Pair): string => (typeof p === 'number' ? String(p) : `(${p[0]}, ${p[1]})`)

/**
 * Max pooling, as torch.nn.MaxPool2d(kernel_size, stride=kernel_size, padding=0, dilation=1, ceil_mode=False).
 * @example
 * import { nn, zeros } from 'immutorch'
 *
 * String(nn.MaxPool2d(2)) // 'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * nn.run(nn.MaxPool2d(2), zeros([1, 6, 28, 28]), { mode: 'eval' })[0].shape // [1, 6, 14, 14]
 */
export function MaxPool2d(
  kernelSize: Pair,
  { stride = kernelSize, padding = 0, dilation = 1, ceilMode = false }: MaxPool2dOptions = {},
): Stateless<MaxPool2dConfig> {
  poolWindow('MaxPool2d', kernelSize, { stride, padding, dilation })
  return module('MaxPool2d', {
    config: { kernelSize, stride, padding, dilation, ceilMode },
    forward: (self, x: Tensor) => maxPool2d(x, self.config.kernelSize, self.config),
    extraRepr: ({ config: c }) => `kernel_size=${py(c.kernelSize)}, stride=${py(c.stride)}, padding=${py(c.padding)}, dilation=${py(c.dilation)}, ceil_mode=${pyBool(c.ceilMode)}`,
  }) as Stateless<MaxPool2dConfig>
}

/**
 * Average pooling, as torch.nn.AvgPool2d(kernel_size, stride=kernel_size, padding=0, ceil_mode=False,
 * count_include_pad=True, divisor_override=None); torch's repr shows only the first three.
 */
export function AvgPool2d(
  kernelSize: Pair,
  { stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride }: AvgPool2dOptions = {},
): Stateless<AvgPool2dConfig> {
  poolWindow('AvgPool2d', kernelSize, { stride, padding })
  if (divisorOverride !== undefined && (!Number.isSafeInteger(divisorOverride) || divisorOverride === 0)) {
    throw new RangeError(`AvgPool2d: divisorOverride must be a non-zero integer, got ${divisorOverride}`)
  }
  return module('AvgPool2d', {
    config: { kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride },
    forward: (self, x: Tensor) => avgPool2d(x, self.config.kernelSize, self.config),
    extraRepr: ({ config: c }) => `kernel_size=${py(c.kernelSize)}, stride=${py(c.stride)}, padding=${py(c.padding)}`,
  }) as Stateless<AvgPool2dConfig>
}
