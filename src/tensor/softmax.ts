/**
 * softmax and logSoftmax along a dim, computed stably (subtract the max first) in float64 and
 * rounded to the input's floating dtype.
 */
import { isFloating } from './dtype.js'
import { computeArray, numbersOf, storageFrom } from './convert.js'
import { normDim, numel } from './shape.js'
import { fromStorage, type Tensor } from './tensor.js'
import { traced } from './trace.js'
import { mul, sub } from './arithmetic.js'
import { exp } from './math.js'
import { sum } from './reduce.js'

function along(op: string, x: Tensor, dim: number, log: boolean): Tensor {
  if (!isFloating(x.dtype)) throw new TypeError(`${op}: input must be floating point, got ${x.dtype}`)
  const d = normDim(op, dim, x.ndim)
  const size = x.ndim === 0 ? 1 : x.shape[d]
  const inner = x.ndim === 0 ? 1 : numel(x.shape.slice(d + 1))
  const outer = x.size / Math.max(1, size * inner)
  const src = numbersOf(x)
  const dst = computeArray(x.dtype, src.length)
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * size * inner + j
      let m = -Infinity
      for (let i = 0; i < size; i++) m = Math.max(m, src[base + i * inner])
      if (m === -Infinity) m = 0
      let z = 0
      for (let i = 0; i < size; i++) z += Math.exp(src[base + i * inner] - m)
      const lz = Math.log(z)
      for (let i = 0; i < size; i++) {
        const v = src[base + i * inner] - m
        dst[base + i * inner] = log ? v - lz : Math.exp(v) / z
      }
    }
  }
  return fromStorage(storageFrom(dst, x.dtype), x.shape, x.dtype, x.device)
}

/** softmax: y·(g − Σ g·y); logSoftmax: g − eʸ·Σ g (sums along `dim`). */
const vjp = (dim: number, log: boolean) => (g: Tensor, _x: readonly Tensor[], y: Tensor): Tensor[] => [
  log
    ? sub(g, mul(exp(y), sum(g, { dim, keepdim: true })))
    : mul(y, sub(g, sum(mul(g, y), { dim, keepdim: true }))),
]

/**
 * exp(x) / Σ exp(x) along `dim`.
 * @example
 * import { softmax, tensor } from 'immutorch'
 *
 * softmax(tensor([[0, 0], [0, Math.log(3)]]), 1) // ≈ [[0.5, 0.5], [0.25, 0.75]]
 */
export const softmax = (x: Tensor, dim: number): Tensor => traced(along('softmax', x, dim, false), [x], vjp(dim, false))

/** log(softmax(x)) along `dim`, without forming the softmax. */
export const logSoftmax = (x: Tensor, dim: number): Tensor => traced(along('logSoftmax', x, dim, true), [x], vjp(dim, true))
