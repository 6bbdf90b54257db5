/**
 * Conv2d: 2-D convolution with weight [out, in/groups, kH, kW] and bias [out], initialised as
 * torch.nn.Conv2d does: kaiming_uniform(a = √5), which is U(−1/√fan_in, 1/√fan_in) with
 * fan_in = (in/groups)·kH·kW, and the bias from the same bound. Its repr is torch's extra_repr.
 */
import { split, type Key } from '../../random/key.js'
import { conv2d, pair, type Pair } from '../../tensor/conv.js'
import type { FloatDType } from '../../tensor/dtype.js'
import type { Tensor } from '../../tensor/tensor.js'
import { fanInBound, uniformInit } from '../init.js'
import { module, type Module } from '../module.js'
import { checkSize } from './linear.js'

/** Conv2d's static configuration, sizes as [h, w] pairs (torch stores them as tuples too). */
export interface Conv2dConfig {
  readonly inChannels: number
  readonly outChannels: number
  readonly kernelSize: readonly [number, number]
  readonly stride: readonly [number, number]
  readonly padding: readonly [number, number] | 'valid' | 'same'
  readonly dilation: readonly [number, number]
  readonly groups: number
}

/** The Conv2d module type. */
export type Conv2d = Module<{ weight: Tensor; bias: Tensor | null }, {}, {}, Conv2dConfig, Tensor, Tensor, false>

/** Options of Conv2d: its init key (required), geometry with torch's defaults, bias and dtype. */
export interface Conv2dLayerOptions {
  readonly key: Key
  readonly stride?: Pair
  readonly padding?: Pair | 'valid' | 'same'
  readonly dilation?: Pair
  readonly groups?: number
  readonly bias?: boolean
  readonly dtype?: FloatDType
}

/** A pair as Python prints a tuple: `(5, 5)`. */
const tuple = (p: readonly [number, number]): string => `(${p[0]}, ${p[1]})`

/** torch's _ConvNd.extra_repr: sizes always, padding, dilation, groups and bias only when not default. */
function conv2dRepr(self: Conv2d): string {
  const c = self.config
  let s = `${c.inChannels}, ${c.outChannels}, kernel_size=${tuple(c.kernelSize)}, stride=${tuple(c.stride)}`
  if (typeof c.padding === 'string') s += `, padding=${c.padding}`
  else if (c.padding[0] !== 0 || c.padding[1] !== 0) s += `, padding=${tuple(c.padding)}`
  if (c.dilation[0] !== 1 || c.dilation[1] !== 1) s += `, dilation=${tuple(c.dilation)}`
  if (c.groups !== 1) s += `, groups=${c.groups}`
  if (self.params.bias === null) s += ', bias=False'
  return s
}

/**
 * A 2-D convolution layer, as torch.nn.Conv2d(in, out, kernel_size, stride, padding, dilation, groups, bias).
 * @example
 * import { nn, random, zeros } from 'immutorch'
 *
 * const conv = nn.Conv2d(1, 6, 5, { key: random.key(0), padding: 2 })
 * String(conv) // 'Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))'
 * nn.run(conv, zeros([1, 1, 28, 28]), { mode: 'eval' })[0].shape // [1, 6, 28, 28]
 */
export function Conv2d(
  inChannels: number, outChannels: number, kernelSize: Pair,
  { key, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, dtype = 'float32' }: Conv2dLayerOptions,
): Conv2d {
  checkSize('Conv2d', 'inChannels', inChannels)
  checkSize('Conv2d', 'outChannels', outChannels)
  if (!Number.isSafeInteger(groups) || groups < 1) throw new RangeError(`Conv2d: groups must be a positive integer, got ${String(groups)}`)
  if (inChannels % groups !== 0) throw new RangeError(`Conv2d: inChannels ${inChannels} must be divisible by groups ${groups}`)
  if (outChannels % groups !== 0) throw new RangeError(`Conv2d: outChannels ${outChannels} must be divisible by groups ${groups}`)
  const k = pair('Conv2d', 'kernelSize', kernelSize, 1)
  const s = pair('Conv2d', 'stride', stride, 1)
  const d = pair('Conv2d', 'dilation', dilation, 1)
  if (padding !== 'same' && padding !== 'valid' && typeof padding === 'string') {
    throw new RangeError(`Conv2d: padding must be 'same', 'valid', an integer or a pair, got '${String(padding)}'`)
  }
  const p = typeof padding === 'string' ? padding : pair('Conv2d', 'padding', padding, 0)
  if (p === 'same' && (s[0] !== 1 || s[1] !== 1)) throw new RangeError(`Conv2d: padding='same' is not supported for strided convolutions (stride ${tuple(s)})`)
  const [kw, kb] = split(key)
  const fanIn = (inChannels / groups) * k[0] * k[1]
  const bound = fanInBound(fanIn)
  const config: Conv2dConfig = { inChannels, outChannels, kernelSize: k, stride: s, padding: p, dilation: d, groups }
  return module('Conv2d', {
    params: {
      weight: uniformInit(kw, [outChannels, inChannels / groups, k[0], k[1]], bound, dtype),
      bias: bias ? uniformInit(kb, [outChannels], bound, dtype) : null,
    },
    config,
    forward: (self, x: Tensor) => conv2d(x, self.params.weight, self.params.bias, self.config),
    extraRepr: conv2dRepr,
  })
}
