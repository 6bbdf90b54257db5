/**
 * 2-D max and average pooling over NCHW tensors (torch.nn.functional.max_pool2d / avg_pool2d),
 * with torch's output sizes (ceil_mode included), window clipping and divisors. Max pooling pads
 * with −∞ and records the first maximum of each window in row-major window order (a NaN wins, as in
 * ATen's CPU kernel), and its vector-Jacobian product sends each cotangent to that element. Average
 * pooling sums in double, as ATen does on CPU, and spreads each cotangent evenly over its window.
 */
import { computeArray } from './convert.js'
import { floatsOf, pair, tensorOf, type Pair } from './conv.js'
import { isFloating } from './dtype.js'
import { dual } from './dual.js'
import { showShape } from './shape.js'
import type { Tensor } from './tensor.js'
import { traced } from './trace.js'
import { reshape } from './view.js'

/** Options of maxPool2d; stride defaults to the kernel size. */
export interface MaxPool2dOptions {
  readonly stride?: Pair
  readonly padding?: Pair
  readonly dilation?: Pair
  readonly ceilMode?: boolean
}

/** Options of avgPool2d; stride defaults to the kernel size. */
export interface AvgPool2dOptions {
  readonly stride?: Pair
  readonly padding?: Pair
  readonly ceilMode?: boolean
  readonly countIncludePad?: boolean
  readonly divisorOverride?: number
}

/**
 * torch's pooling_output_shape: ⌊(size + 2·pad − dil·(k − 1) − 1 [+ stride − 1 in ceil mode]) / stride⌋ + 1,
 * less one in ceil mode when the last window would start past the input and its left padding.
 */
export function poolOutputSize(size: number, k: number, pad: number, stride: number, dilation: number, ceilMode: boolean): number {
  let out = Math.floor((size + 2 * pad - dilation * (k - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) + 1
  if (ceilMode && (out - 1) * stride >= size + pad) out--
  return out
}

/** Window sizes before they meet an input. */
export interface PoolWindowOptions {
  readonly stride?: Pair
  readonly padding?: Pair
  readonly dilation?: Pair
}

interface PoolPlan {
  readonly planes: number
  readonly H: number; readonly W: number
  readonly kH: number; readonly kW: number
  readonly sH: number; readonly sW: number
  readonly pH: number; readonly pW: number
  readonly dH: number; readonly dW: number
  readonly oH: number; readonly oW: number
}

/** The pooling window options as pairs, checked as torch checks them (padding at most half the kernel). */
export function poolWindow(op: string, kernel: Pair, o: PoolWindowOptions): Omit<PoolPlan, 'planes' | 'H' | 'W' | 'oH' | 'oW'> {
  const [kH, kW] = pair(op, 'kernelSize', kernel, 1)
  const [sH, sW] = pair(op, 'stride', o.stride ?? kernel, 1)
  const [pH, pW] = pair(op, 'padding', o.padding ?? 0, 0)
  const [dH, dW] = pair(op, 'dilation', o.dilation ?? 1, 1)
  if (pH > kH >> 1 || pW > kW >> 1) {
    throw new RangeError(`${op}: padding [${pH}, ${pW}] must be at most half the kernel size [${kH}, ${kW}]`)
  }
  return { kH, kW, sH, sW, pH, pW, dH, dW }
}

/** Validated pooling geometry for input `x`; errors name the op, the argument and the input shape. */
function poolPlan(op: string, x: Tensor, kernel: Pair, o: PoolWindowOptions & { readonly ceilMode?: boolean }): PoolPlan {
  if (x.ndim !== 4) throw new RangeError(`${op}: expected input 3-D [C, H, W] or 4-D [N, C, H, W], got ${showShape(x.shape)}`)
  if (!isFloating(x.dtype)) throw new TypeError(`${op}: expects a floating-point input, got ${x.dtype}`)
  const { kH, kW, sH, sW, pH, pW, dH, dW } = poolWindow(op, kernel, o)
  const [N, C, H, W] = x.shape
  const oH = poolOutputSize(H, kH, pH, sH, dH, o.ceilMode ?? false)
  const oW = poolOutputSize(W, kW, pW, sW, dW, o.ceilMode ?? false)
  if (oH < 1 || oW < 1 || C === 0) {
    throw new RangeError(`${op}: input ${showShape(x.shape)} gives output size ${oH}×${oW} with kernel [${kH}, ${kW}], stride [${sH}, ${sW}], padding [${pH}, ${pW}], dilation [${dH}, ${dW}]; it must be at least 1×1`)
  }
  return { planes: N * C, H, W, kH, kW, sH, sW, pH, pW, dH, dW, oH, oW }
}

/** Runs a 4-D pooling on a 3-D input by adding and then dropping a batch dim. */
const batched = (x: Tensor, f: (x4: Tensor) => Tensor): Tensor => {
  if (x.ndim !== 3) return f(x)
  const y = f(reshape(x, [1, ...x.shape]))
  return reshape(y, y.shape.slice(1))
}

function maxPool4(x: Tensor, kernel: Pair, o: MaxPool2dOptions): Tensor {
  const { planes, H, W, kH, kW, sH, sW, pH, pW, dH, dW, oH, oW } = poolPlan('maxPool2d', x, kernel, o)
  const xs = floatsOf(x)
  const out = computeArray(x.dtype, planes * oH * oW)
  const arg = new Int32Array(out.length) // index of each window's maximum within its plane
  for (let p = 0, q = 0; p < planes; p++) {
    const base = p * H * W
    for (let oh = 0; oh < oH; oh++) {
      let h0 = oh * sH - pH
      const h1 = Math.min(h0 + (kH - 1) * dH + 1, H)
      while (h0 < 0) h0 += dH
      for (let ow = 0; ow < oW; ow++, q++) {
        let w0 = ow * sW - pW
        const w1 = Math.min(w0 + (kW - 1) * dW + 1, W)
        while (w0 < 0) w0 += dW
        // A dilated window can step over the whole input: it pools nothing, yields −∞, gets no gradient.
        let best = h0 < h1 && w0 < w1 ? h0 * W + w0 : -1
        let max = -Infinity
        for (let h = h0; h < h1; h += dH) {
          for (let w = w0; w < w1; w += dW) {
            const v = xs[base + h * W + w]
            if (v > max || v !== v) {
              max = v
              best = h * W + w
            }
          }
        }
        out[q] = max
        arg[q] = best
      }
    }
  }
  const y = tensorOf(out, [x.shape[0], x.shape[1], oH, oW], x.dtype, x.device)
  return traced(y, [x], (g, [x]) => {
    const gs = floatsOf(g)
    const dx = new Float64Array(x.size)
    const per = oH * oW
    for (let q = 0; q < gs.length; q++) if (arg[q] >= 0) dx[((q / per) | 0) * H * W + arg[q]] += gs[q]
    return [tensorOf(dx, x.shape, x.dtype, x.device)]
  })
}

function avgPool4(x: Tensor, kernel: Pair, o: AvgPool2dOptions): Tensor {
  const { planes, H, W, kH, kW, sH, sW, pH, pW, oH, oW } = poolPlan('avgPool2d', x, kernel, { ...o, dilation: 1 })
  const { countIncludePad = true, divisorOverride } = o
  if (divisorOverride !== undefined && (!Number.isSafeInteger(divisorOverride) || divisorOverride === 0)) {
    throw new RangeError(`avgPool2d: divisorOverride must be a non-zero integer, got ${divisorOverride}`)
  }
  // One window per output position, the same in every plane: clipped bounds and divisor.
  const per = oH * oW
  const win = new Int32Array(per * 4)
  const div = new Float64Array(per)
  for (let oh = 0, q = 0; oh < oH; oh++) {
    for (let ow = 0; ow < oW; ow++, q++) {
      const h0 = oh * sH - pH
      const w0 = ow * sW - pW
      const h1 = Math.min(h0 + kH, H + pH)
      const w1 = Math.min(w0 + kW, W + pW)
      const padded = (h1 - h0) * (w1 - w0) // the window inside input + padding, as torch counts it
      win[4 * q] = Math.max(h0, 0)
      win[4 * q + 1] = Math.min(h1, H)
      win[4 * q + 2] = Math.max(w0, 0)
      win[4 * q + 3] = Math.min(w1, W)
      div[q] = divisorOverride ?? (countIncludePad ? padded : (win[4 * q + 1] - win[4 * q]) * (win[4 * q + 3] - win[4 * q + 2]))
    }
  }
  const xs = floatsOf(x)
  const out = computeArray(x.dtype, planes * per)
  for (let p = 0; p < planes; p++) {
    const base = p * H * W
    for (let q = 0; q < per; q++) {
      const h0 = win[4 * q], h1 = win[4 * q + 1], w0 = win[4 * q + 2], w1 = win[4 * q + 3]
      if (h0 >= h1 || w0 >= w1) continue // a window wholly in padding averages to 0
      let s = 0
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) s += xs[base + h * W + w]
      out[p * per + q] = s / div[q]
    }
  }
  const y = tensorOf(out, [x.shape[0], x.shape[1], oH, oW], x.dtype, x.device)
  return traced(y, [x], (g, [x]) => {
    const gs = floatsOf(g)
    const dx = new Float64Array(x.size)
    for (let p = 0; p < planes; p++) {
      const base = p * H * W
      for (let q = 0; q < per; q++) {
        const v = gs[p * per + q] / div[q]
        for (let h = win[4 * q]; h < win[4 * q + 1]; h++) for (let w = win[4 * q + 2]; w < win[4 * q + 3]; w++) dx[base + h * W + w] += v
      }
    }
    return [tensorOf(dx, x.shape, x.dtype, x.device)]
  })
}

const isDataFirst = (args: IArguments): boolean =>
  args[0] !== undefined && args[0] !== null && typeof args[0] === 'object' && 'dtype' in args[0]

/**
 * Max over each kH×kW window (torch.nn.functional.max_pool2d), input [N, C, H, W] or [C, H, W];
 * padding (at most half the kernel) reads as −∞. Data-last: `maxPool2d(2)(x)`.
 * @example
 * import { maxPool2d, tensor, zeros } from 'immutorch'
 *
 * maxPool2d(zeros([1, 6, 24, 24]), 2).shape // [1, 6, 12, 12]
 * maxPool2d(tensor([[[1, 2], [3, 4]]]), 2) // [[[4]]]
 */
export const maxPool2d: {
  (x: Tensor, kernelSize: Pair, options?: MaxPool2dOptions): Tensor
  (kernelSize: Pair, options?: MaxPool2dOptions): (x: Tensor) => Tensor
} = dual(isDataFirst, (x: Tensor, kernelSize: Pair, options: MaxPool2dOptions = {}): Tensor =>
  batched(x, (x4) => maxPool4(x4, kernelSize, options)))

/**
 * Mean over each kH×kW window (torch.nn.functional.avg_pool2d), input [N, C, H, W] or [C, H, W];
 * the divisor counts zero padding unless `countIncludePad` is false, or is `divisorOverride`.
 * Data-last: `avgPool2d(2)(x)`.
 * @example
 * import { avgPool2d, ones } from 'immutorch'
 *
 * avgPool2d(ones([1, 1, 4, 4]), 3, { stride: 2, padding: 1, countIncludePad: false }) // [[[[1, 1], [1, 1]]]]
 * avgPool2d(ones([1, 1, 4, 4]), 2) // [[[[1, 1], [1, 1]]]]
 */
export const avgPool2d: {
  (x: Tensor, kernelSize: Pair, options?: AvgPool2dOptions): Tensor
  (kernelSize: Pair, options?: AvgPool2dOptions): (x: Tensor) => Tensor
} = dual(isDataFirst, (x: Tensor, kernelSize: Pair, options: AvgPool2dOptions = {}): Tensor =>
  batched(x, (x4) => avgPool4(x4, kernelSize, options)))
