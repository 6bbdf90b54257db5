/**
 * 2-D convolution over NCHW tensors (torch.nn.functional.conv2d): stride, zero padding (numbers,
 * 'valid' or 'same'), dilation and groups. Each (batch, group) slice is unfolded by im2col into one
 * column matrix and multiplied by the group's weight rows with the device mm kernel, so the work is
 * one product per slice with no per-element closures. The vector-Jacobian product runs the same
 * kernel with operands read transposed in place: dW = G·colᵀ, dcol = Wᵀ·G folded back by col2im.
 */
import { computeArray, numbersOf, storageFrom } from './convert.js'
import { device } from './device.js'
import { isFloating, type DType } from './dtype.js'
import { dual } from './dual.js'
import { showShape } from './shape.js'
import { fromStorage, type Tensor } from './tensor.js'
import { traced } from './trace.js'
import { reshape } from './view.js'

/** A size given once for both spatial dims or as [height, width]. */
export type Pair = number | readonly [number, number]

/** Options of conv2d, PyTorch's names and defaults. */
export interface Conv2dOptions {
  readonly stride?: Pair
  readonly padding?: Pair | 'valid' | 'same'
  readonly dilation?: Pair
  readonly groups?: number
}

/** Where windows sit on one input plane: sizes, kernel, stride, dilation, top/left pad, output. */
interface Window {
  readonly H: number; readonly W: number
  readonly kH: number; readonly kW: number
  readonly sH: number; readonly sW: number
  readonly dH: number; readonly dW: number
  readonly pT: number; readonly pL: number
  readonly oH: number; readonly oW: number
}

/** @internal `v` as [h, w] of integers ≥ `min`, or an error naming the op and the argument. */
export function pair(op: string, name: string, v: unknown, min: number): [number, number] {
  const hw = typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 ? v : undefined
  if (hw === undefined || !hw.every((s) => Number.isSafeInteger(s) && s >= min)) {
    throw new RangeError(`${op}: ${name} must be an integer ≥ ${min} or a pair [h, w] of them, got ${JSON.stringify(v)}`)
  }
  return [hw[0], hw[1]]
}

/** @internal The float compute array of `t` (Float32Array for float32 and the half types). */
export function floatsOf(t: Tensor): Float32Array | Float64Array {
  const v = numbersOf(t)
  const f32 = t.dtype !== 'float64'
  return f32 ? (v instanceof Float32Array ? v : Float32Array.from(v)) : (v instanceof Float64Array ? v : Float64Array.from(v))
}

/** @internal Wraps a computed array (float64 accumulators included) as a tensor of dtype `d`. */
export const tensorOf = (a: Float32Array | Float64Array, shape: readonly number[], d: DType, dev: string): Tensor =>
  fromStorage(storageFrom(a, d), shape, d, dev)

/**
 * col[r, oh·oW + ow] = x[c, oh·sH − pT + i·dH, ow·sW − pL + j·dW] for row r = (c, i, j), zero where
 * the window reads padding. The valid ow range of a row is computed once, so the inner loop is a
 * plain strided copy.
 */
function im2col(x: Float32Array | Float64Array, off: number, C: number, w: Window, col: Float32Array | Float64Array): void {
  const { H, W, kH, kW, sH, sW, dH, dW, pT, pL, oH, oW } = w
  let o = 0
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++) {
        const shift = j * dW - pL
        const lo = shift >= 0 ? 0 : Math.min(oW, Math.ceil(-shift / sW))
        const hi = Math.max(lo, Math.min(oW, Math.ceil((W - shift) / sW)))
        for (let oh = 0; oh < oH; oh++, o += oW) {
          const ih = oh * sH - pT + i * dH
          if (ih < 0 || ih >= H) {
            col.fill(0, o, o + oW)
            continue
          }
          const base = off + (c * H + ih) * W + shift
          for (let ow = 0; ow < lo; ow++) col[o + ow] = 0
          for (let ow = lo; ow < hi; ow++) col[o + ow] = x[base + ow * sW]
          for (let ow = hi; ow < oW; ow++) col[o + ow] = 0
        }
      }
    }
  }
}

/** The adjoint of im2col: adds every column entry back onto the input element it was read from. */
function col2im(col: Float32Array | Float64Array, C: number, w: Window, dx: Float64Array, off: number): void {
  const { H, W, kH, kW, sH, sW, dH, dW, pT, pL, oH, oW } = w
  let o = 0
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++) {
        const shift = j * dW - pL
        const lo = shift >= 0 ? 0 : Math.min(oW, Math.ceil(-shift / sW))
        const hi = Math.max(lo, Math.min(oW, Math.ceil((W - shift) / sW)))
        for (let oh = 0; oh < oH; oh++, o += oW) {
          const ih = oh * sH - pT + i * dH
          if (ih < 0 || ih >= H) continue
          const base = off + (c * H + ih) * W + shift
          for (let ow = lo; ow < hi; ow++) dx[base + ow * sW] += col[o + ow]
        }
      }
    }
  }
}

/** Checks operands and options; returns the window, channel counts and the padded sizes. */
function plan(x: Tensor, weight: Tensor, bias: Tensor | null, o: Conv2dOptions) {
  const op = 'conv2d'
  if (x.ndim !== 4) throw new RangeError(`${op}: expected input 3-D [C, H, W] or 4-D [N, C, H, W], got ${showShape(x.shape)}`)
  if (weight.ndim !== 4) throw new RangeError(`${op}: weight must be 4-D [out_channels, in_channels/groups, kH, kW], got ${showShape(weight.shape)}`)
  for (const [what, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t !== null && (t.dtype !== x.dtype || t.device !== x.device)) {
      throw new TypeError(`${op}: input is ${x.dtype} on ${x.device} but ${what} is ${t.dtype} on ${t.device}; cast one with .to()`)
    }
  }
  if (!isFloating(x.dtype)) throw new TypeError(`${op}: expects floating-point tensors, got ${x.dtype}`)
  const groups = o.groups ?? 1
  if (!Number.isSafeInteger(groups) || groups < 1) throw new RangeError(`${op}: groups must be a positive integer, got ${String(groups)}`)
  const [N, C, H, W] = x.shape
  const [Cout, Cg, kH, kW] = weight.shape
  if (Cout % groups !== 0) throw new RangeError(`${op}: weight ${showShape(weight.shape)} has ${Cout} output channels (dim 0), not divisible by groups=${groups}`)
  if (Cg * groups !== C) {
    throw new RangeError(`${op}: weight ${showShape(weight.shape)} with groups=${groups} expects input with ${Cg * groups} channels (weight dim 1 × groups), but input ${showShape(x.shape)} has ${C} at dim 1`)
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== Cout)) {
    throw new RangeError(`${op}: bias must be 1-D [${Cout}] (weight dim 0), got ${showShape(bias.shape)}`)
  }
  const [sH, sW] = pair(op, 'stride', o.stride ?? 1, 1)
  const [dH, dW] = pair(op, 'dilation', o.dilation ?? 1, 1)
  const p = o.padding ?? 0
  // 'same' pads dilation·(k − 1) in total, the odd element after (bottom/right), as torch does.
  let pad: [number, number, number, number]
  if (p === 'valid') pad = [0, 0, 0, 0]
  else if (p === 'same') {
    if (sH !== 1 || sW !== 1) throw new RangeError(`${op}: padding='same' needs stride 1, got stride [${sH}, ${sW}]`)
    const tH = dH * (kH - 1)
    const tW = dW * (kW - 1)
    pad = [tH >> 1, tH - (tH >> 1), tW >> 1, tW - (tW >> 1)]
  } else {
    const [ph, pw] = pair(op, 'padding', p, 0)
    pad = [ph, ph, pw, pw]
  }
  const eH = dH * (kH - 1) + 1
  const eW = dW * (kW - 1) + 1
  const inH = H + pad[0] + pad[1]
  const inW = W + pad[2] + pad[3]
  if (eH > inH || eW > inW) {
    const dim = eH > inH ? `dim 2 (height): ${eH} > ${inH}` : `dim 3 (width): ${eW} > ${inW}`
    throw new RangeError(`${op}: kernel ${kH}×${kW} with dilation [${dH}, ${dW}] spans ${eH}×${eW}, larger than the padded input ${inH}×${inW} of input ${showShape(x.shape)} at ${dim}`)
  }
  const win: Window = { H, W, kH, kW, sH, sW, dH, dW, pT: pad[0], pL: pad[2], oH: Math.floor((inH - eH) / sH) + 1, oW: Math.floor((inW - eW) / sW) + 1 }
  return { N, C, Cout, Cg, groups, win }
}

/** 4-D convolution; see conv2d. */
function conv4(x: Tensor, weight: Tensor, bias: Tensor | null, options: Conv2dOptions): Tensor {
  const { N, C, Cout, Cg, groups, win } = plan(x, weight, bias, options)
  const { H, W, kH, kW, sH, sW, pT, pL, oH, oW } = win
  const d = x.dtype
  const Og = Cout / groups
  const K = Cg * kH * kW
  const L = oH * oW
  const HW = H * W
  // A 1×1 kernel with stride 1 and no padding reads the input itself as the column matrix.
  const direct = kH === 1 && kW === 1 && sH === 1 && sW === 1 && pT === 0 && pL === 0 && L === HW
  const { mm } = device(x.device).kernels
  const xs = floatsOf(x)
  const ws = floatsOf(weight)
  const out = computeArray(d, N * Cout * L)
  const col = direct ? xs : computeArray(d, K * L)
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < groups; g++) {
      const xOff = (n * C + g * Cg) * HW
      if (!direct) im2col(xs, xOff, Cg, win, col)
      mm(ws, g * Og * K, col, direct ? xOff : 0, out, (n * Cout + g * Og) * L, Og, K, L, false, false)
    }
  }
  if (bias !== null) {
    const bs = floatsOf(bias)
    for (let r = 0; r < N * Cout; r++) {
      const b = bs[r % Cout]
      for (let i = r * L; i < (r + 1) * L; i++) out[i] += b
    }
  }
  const y = tensorOf(out, [N, Cout, oH, oW], d, x.device)
  const inputs = bias === null ? [x, weight] : [x, weight, bias]
  // Cotangents only for inputs that are traced: the input image often is not, and dX costs a forward.
  const wantX = x.node !== undefined
  const wantW = weight.node !== undefined
  return traced(y, inputs, (gt, [x, weight]) => {
    const gs = floatsOf(gt)
    const xs = floatsOf(x)
    const ws = floatsOf(weight)
    const dx = wantX ? new Float64Array(N * C * HW) : null
    const dw = wantW ? new Float64Array(Cout * K) : null
    const part = computeArray(d, dw === null ? 0 : Og * K)
    const dcol = computeArray(d, dx === null ? 0 : K * L)
    const col = direct ? xs : computeArray(d, dw === null ? 0 : K * L)
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < groups; g++) {
        const xOff = (n * C + g * Cg) * HW
        const gOff = (n * Cout + g * Og) * L
        if (dw !== null) {
          if (!direct) im2col(xs, xOff, Cg, win, col)
          mm(gs, gOff, col, direct ? xOff : 0, part, 0, Og, L, K, false, true)
          const wOff = g * Og * K
          for (let i = 0; i < Og * K; i++) dw[wOff + i] += part[i]
        }
        if (dx !== null) {
          mm(ws, g * Og * K, gs, gOff, dcol, 0, K, Og, L, true, false)
          if (direct) for (let i = 0; i < HW * Cg; i++) dx[xOff + i] = dcol[i]
          else col2im(dcol, Cg, win, dx, xOff)
        }
      }
    }
    let db: Tensor | null = null
    if (bias !== null) {
      const acc = new Float64Array(Cout)
      for (let r = 0; r < N * Cout; r++) {
        let s = 0
        for (let i = r * L; i < (r + 1) * L; i++) s += gs[i]
        acc[r % Cout] += s
      }
      db = tensorOf(acc, [Cout], d, x.device)
    }
    return [
      dx === null ? null : tensorOf(dx, x.shape, d, x.device),
      dw === null ? null : tensorOf(dw, weight.shape, d, x.device),
      db,
    ]
  })
}

const isDataFirst = (args: IArguments): boolean =>
  args[1] !== undefined && args[1] !== null && typeof args[1] === 'object' && 'dtype' in args[1] && (args[1] as Tensor).ndim !== 1

/**
 * 2-D convolution as torch.nn.functional.conv2d: input [N, Cin, H, W] (or unbatched [Cin, H, W]),
 * weight [Cout, Cin/groups, kH, kW], optional bias [Cout]; output [N, Cout, oH, oW] with
 * oH = ⌊(H + 2·padH − dilH·(kH − 1) − 1)/strideH⌋ + 1. Data-last: `conv2d(weight, bias?, options?)(x)`.
 * @example
 * import { conv2d, ones, tensor } from 'immutorch'
 *
 * const x = ones([1, 1, 4, 4])
 * const w = ones([2, 1, 3, 3])
 * conv2d(x, w) // [[[[9, 9], [9, 9]], [[9, 9], [9, 9]]]]
 * conv2d(x, w, tensor([0, 1]), { stride: 2, padding: 1 }).shape // [1, 2, 2, 2]
 */
export const conv2d: {
  (x: Tensor, weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): Tensor
  (weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): (x: Tensor) => Tensor
} = dual(isDataFirst, (x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor => {
  if (x.ndim !== 3) return conv4(x, weight, bias, options)
  const y = conv4(reshape(x, [1, ...x.shape]), weight, bias, options)
  return reshape(y, y.shape.slice(1))
})
