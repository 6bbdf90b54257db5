/**
 * Unary math and activations: sqrt, exp, log, sigmoid, tanh, relu, gelu (erf and tanh forms), erf,
 * and friends. Integer inputs give float32, as PyTorch's floating ops do.
 */
import { erf as erfScalar } from '../kernels/erf.js'
import { isFloating, type DType } from './dtype.js'
import { dual } from './dual.js'
import { mapBinary, mapTernary, mapUnary } from './elementwise.js'
import { computeArray, numbersOf, storageFrom } from './convert.js'
import { traced, type Vjp } from './trace.js'
import { fromStorage, storageOf, type Tensor } from './tensor.js'
import { device } from './device.js'
import type { FloatArray } from '../kernels/mm.js'

const floatOf = (d: DType): DType => (isFloating(d) ? d : 'float32')

/**
 * A unary op with its derivative: `dy(x, y)` is ∂y/∂x from the input and output values, so the
 * vjp is one elementwise pass g · dy(x, y).
 */
const unary = (f: (v: number) => number, dy: (x: number, y: number) => number, dtypeOf = floatOf) =>
  (x: Tensor): Tensor =>
    traced(mapUnary(x, dtypeOf(x.dtype), f), [x], (g, [x], y) => [
      mapTernary('vjp', g, x, y, g.dtype, (g, x, y) => g * dy(x, y)),
    ])

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI)

/** √x. */
export const sqrt = unary(Math.sqrt, (_x, y) => 0.5 / y)
/** 1/√x. */
export const rsqrt = unary((v) => 1 / Math.sqrt(v), (_x, y) => -0.5 * y * y * y)
/** eˣ. */
export const exp = unary(Math.exp, (_x, y) => y)
/** Natural logarithm. */
export const log = unary(Math.log, (x) => 1 / x)
/** log(1 + x), accurate near 0. */
export const log1p = unary(Math.log1p, (x) => 1 / (1 + x))
/** Sine. */
export const sin = unary(Math.sin, Math.cos)
/** Cosine. */
export const cos = unary(Math.cos, (x) => -Math.sin(x))
/** Hyperbolic tangent. */
export const tanh = unary(Math.tanh, (_x, y) => 1 - y * y)
/** The error function. */
export const erf = unary(erfScalar, (x) => TWO_OVER_SQRT_PI * Math.exp(-x * x))
/**
 * Logistic sigmoid 1 / (1 + e⁻ˣ).
 * @example
 * import { sigmoid, tensor } from 'immutorch'
 *
 * sigmoid(tensor([0])) // [0.5]
 */
export const sigmoid = unary((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))), (_x, y) => y * (1 - y))

const relu_ = unary((v) => (v < 0 ? 0 : v), (x) => (x > 0 ? 1 : 0), (d) => d)

/** ReLU's vjp as PyTorch's threshold_backward: 0 where the output is ≤ 0, else the cotangent. */
const reluVjp: Vjp = (g, _inputs, y) => {
  const dst = computeArray(g.dtype, g.size)
  device(g.device).kernels.elementwise.reluBackward(numbersOf(g) as FloatArray, numbersOf(y) as FloatArray, dst)
  return [fromStorage(storageFrom(dst, g.dtype), g.shape, g.dtype, g.device)]
}

/**
 * max(x, 0), keeping the dtype. NaN stays NaN, as in PyTorch; the gradient at 0 is 0. Floating
 * inputs run a loop of their own: the shared elementwise loop calls many functions and stops
 * inlining them, and ReLU is a network's most frequent op.
 * @example
 * import { relu, tensor } from 'immutorch'
 *
 * relu(tensor([-1, 0, 2])) // [0, 0, 2]
 */
export const relu = (x: Tensor): Tensor => {
  if (x.dtype === 'bool') throw new TypeError('relu: not defined for bool tensors')
  if (x.dtype !== 'float32' && x.dtype !== 'float64') return relu_(x)
  const src = storageOf(x as Tensor<'float32' | 'float64'>)
  const dst = x.dtype === 'float32' ? new Float32Array(src.length) : new Float64Array(src.length)
  device(x.device).kernels.elementwise.relu(src, dst)
  return traced(fromStorage(storageFrom(dst, x.dtype), x.shape, x.dtype, x.device), [x], reluVjp)
}

/** x². */
export const square = unary((v) => v * v, (x) => 2 * x, (d) => (d === 'bool' ? 'int64' : d))

/** The sign of each element (−1, 0, 1); its gradient is zero. */
export const sign = (x: Tensor): Tensor => mapUnary(x, x.dtype, (v) => (v > 0 ? 1 : v < 0 ? -1 : v))

/** GELU's two forms, as torch.nn.functional.gelu's `approximate`. */
export type GeluApproximate = 'none' | 'tanh'

const SQRT1_2 = Math.SQRT1_2
const SQRT_2_PI = Math.sqrt(2 / Math.PI)

/** Scalar GELU, exact (erf) or tanh-approximated. */
export const geluScalar = (v: number, approximate: GeluApproximate): number =>
  approximate === 'tanh'
    ? 0.5 * v * (1 + Math.tanh(SQRT_2_PI * (v + 0.044715 * v * v * v)))
    : 0.5 * v * (1 + erfScalar(v * SQRT1_2))

/** dGELU/dx: Φ(x) + x·φ(x), or the derivative of the tanh form. */
export function geluGrad(v: number, approximate: GeluApproximate): number {
  if (approximate === 'tanh') {
    const inner = SQRT_2_PI * (v + 0.044715 * v * v * v)
    const t = Math.tanh(inner)
    return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_PI * (1 + 3 * 0.044715 * v * v)
  }
  return 0.5 * (1 + erfScalar(v * SQRT1_2)) + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI)
}

/** GELU: x·Φ(x), or its tanh approximation with `{ approximate: 'tanh' }`. */
export const gelu: {
  (x: Tensor, options?: { readonly approximate?: GeluApproximate }): Tensor
  (options?: { readonly approximate?: GeluApproximate }): (x: Tensor) => Tensor
} = dual(
  (args) => args[0] !== undefined && typeof args[0] === 'object' && 'dtype' in args[0],
  (x: Tensor, { approximate = 'none' }: { approximate?: GeluApproximate } = {}) => {
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new TypeError(`gelu: approximate must be 'none' or 'tanh', got ${JSON.stringify(approximate)}`)
    }
    return traced(mapUnary(x, floatOf(x.dtype), (v) => geluScalar(v, approximate)), [x], (g, [x]) => [
      mapBinary('vjp', g, x, g.dtype, (g, v) => g * geluGrad(v, approximate)),
    ])
  },
)
