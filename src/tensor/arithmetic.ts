/**
 * Binary arithmetic with NumPy broadcasting and PyTorch type promotion: add, sub, mul, div, pow,
 * maximum, minimum, and the unary neg and abs. Each is data-first (`add(x, y)`) and data-last
 * (`pipe(x, add(y))`). Integer results wrap as PyTorch's do; int64 arithmetic is exact within ±2^53.
 */
import { isFloating, type DType } from './dtype.js'
import { dual } from './dual.js'
import { asTensor, mapBinary, mapTernary, mapUnary } from './elementwise.js'
import { traced, type Vjp } from './trace.js'
import { resultType, type Operand } from './promote.js'
import type { Tensor } from './tensor.js'

/** A binary op: data-first with two operands, data-last with one. */
export interface BinaryOp {
  (x: Operand, y: Operand): Tensor
  (y: Operand): (x: Operand) => Tensor
}

/** Builds a broadcasting op whose result dtype is `dtypeOf(promoted)`, differentiable by `vjp`. */
function binary(name: string, f: (x: number, y: number) => number, vjp: Vjp, dtypeOf: (d: DType) => DType = (d) => d): BinaryOp {
  return dual(2, (x: Operand, y: Operand) => {
    const d = resultType(x, y)
    const out = dtypeOf(d)
    if (out === 'bool' && name !== 'maximum' && name !== 'minimum') {
      throw new TypeError(`${name}: not defined for bool tensors; cast with .to('int64') or use logical ops`)
    }
    const a = asTensor(x, d)
    const b = asTensor(y, d)
    return traced(mapBinary(name, a, b, out, f), [a, b], vjp)
  })
}

/** g·∂/∂x computed elementwise from (g, x, y) in one pass: the shape of every binary vjp here. */
const zip3 = (g: Tensor, x: Tensor, y: Tensor, f: (g: number, x: number, y: number) => number): Tensor =>
  mapTernary('vjp', g, x, y, g.dtype, f)

const floatOf = (d: DType): DType => (isFloating(d) ? d : 'float32')

// Cotangents may come back broadcast and in another dtype: grad sums and casts them to each input.

/** Elementwise x + y. */
export const add: BinaryOp = binary('add', (x, y) => x + y, (g) => [g, g])
/** Elementwise x − y. */
export const sub: BinaryOp = binary('sub', (x, y) => x - y, (g) => [g, neg(g)])
/** Elementwise x · y. */
export const mul: BinaryOp = binary('mul', (x, y) => x * y, (g, [x, y]) => [
  zip3(g, x, y, (g, _x, y) => g * y),
  zip3(g, x, y, (g, x) => g * x),
])
/** True division (integers divide to float32, as torch.div does). */
export const div: BinaryOp = binary('div', (x, y) => x / y, (g, [x, y]) => [
  zip3(g, x, y, (g, _x, y) => g / y),
  zip3(g, x, y, (g, x, y) => (-g * x) / (y * y)),
], floatOf)
/** Elementwise x ** y. */
export const pow: BinaryOp = binary('pow', (x, y) => x ** y, (g, [x, y]) => [
  zip3(g, x, y, (g, x, y) => (y === 0 ? 0 : g * y * x ** (y - 1))),
  // As PyTorch: the exponent's gradient is 0 where the base is 0 and the exponent non-negative.
  zip3(g, x, y, (g, x, y) => (x === 0 && y >= 0 ? 0 : g * x ** y * Math.log(x))),
])
/** Elementwise larger value; NaN propagates (torch.maximum). Ties split the gradient evenly. */
export const maximum: BinaryOp = binary('maximum', (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y), (g, [x, y]) => [
  zip3(g, x, y, (g, x, y) => (x > y ? g : x === y ? g / 2 : 0)),
  zip3(g, x, y, (g, x, y) => (y > x ? g : x === y ? g / 2 : 0)),
])
/** Elementwise smaller value; NaN propagates (torch.minimum). Ties split the gradient evenly. */
export const minimum: BinaryOp = binary('minimum', (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y), (g, [x, y]) => [
  zip3(g, x, y, (g, x, y) => (x < y ? g : x === y ? g / 2 : 0)),
  zip3(g, x, y, (g, x, y) => (y < x ? g : x === y ? g / 2 : 0)),
])

/** −x. */
export function neg(x: Tensor): Tensor {
  if (x.dtype === 'bool') throw new TypeError('neg: not defined for bool tensors; use logicalNot')
  return traced(mapUnary(x, x.dtype, (v) => -v), [x], (g) => [neg(g)])
}

/** |x| (gradient sign(x), 0 at 0 as in PyTorch). */
export const abs = (x: Tensor): Tensor =>
  traced(mapUnary(x, x.dtype, Math.abs), [x], (g, [x]) => [mapBinary('vjp', g, x, g.dtype, (g, x) => (x > 0 ? g : x < 0 ? -g : 0))])

/** Clamps every element into [min, max] (either bound may be omitted); gradient 1 inside. */
export const clamp: {
  (x: Tensor, bounds: { readonly min?: number; readonly max?: number }): Tensor
  (bounds: { readonly min?: number; readonly max?: number }): (x: Tensor) => Tensor
} = dual(2, (x: Tensor, { min = -Infinity, max = Infinity }: { min?: number; max?: number }) =>
  traced(mapUnary(x, x.dtype, (v) => (v !== v ? v : v < min ? min : v > max ? max : v)), [x],
    (g, [x]) => [mapBinary('vjp', g, x, g.dtype, (g, x) => (x >= min && x <= max ? g : 0))]))
