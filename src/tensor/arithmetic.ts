/**
 * Binary arithmetic with NumPy broadcasting and PyTorch type promotion: add, sub, mul, div, pow,
 * maximum, minimum, and the unary neg and abs. Each is data-first (`add(x, y)`) and data-last
 * (`pipe(x, add(y))`). Operands are cast to the promoted dtype first; integer results wrap as
 * PyTorch's do, with int64 computed exactly on bigints.
 */
import { isFloating, itemsize, type DType } from './dtype.js'
import { dual } from './dual.js'
import { asTensor, mapBinary, mapTernary, mapUnary, type BigOp2 } from './elementwise.js'
import { traced, type Vjp } from './trace.js'
import { resultType, type Operand } from './promote.js'
import { sameShape } from './shape.js'
import { storageFrom } from './convert.js'
import { fromStorage, storageOf, Tensor } from './tensor.js'
import { device } from './device.js'

/** A binary op: data-first with two operands, data-last with one. */
export interface BinaryOp {
  (x: Operand, y: Operand): Tensor
  (y: Operand): (x: Operand) => Tensor
}

/** Builds a broadcasting op whose result dtype is `dtypeOf(promoted)`, differentiable by `vjp`. */
interface BinarySpec {
  readonly f: (x: number, y: number) => number
  readonly vjp: Vjp
  /** The result dtype from the promoted one (div: integers → float32); operands are cast to it. */
  readonly dtypeOf?: (d: DType) => DType
  /** Exact int64 arithmetic. */
  readonly big?: BigOp2
  /** int32 arithmetic where doubles are not exact (mul: Math.imul). */
  readonly i32?: (x: number, y: number) => number
  /** What the op does on two bools (PyTorch: add is or, mul is and); others refuse bools. */
  readonly bool?: (x: number, y: number) => number
}

/** Builds a broadcasting op with PyTorch's promotion, differentiable by `vjp`. */
function binary(name: string, { f, vjp, dtypeOf = (d) => d, big, i32, bool }: BinarySpec): BinaryOp {
  return dual(2, (x: Operand, y: Operand) => {
    const out = dtypeOf(resultType(x, y))
    if (out === 'bool' && bool === undefined) {
      throw new TypeError(`${name}: not defined for two bool operands; cast with .to('int64') or use logical ops`)
    }
    const a = asTensor(x, out)
    const b = asTensor(y, out)
    const fn = out === 'bool' ? bool! : out === 'int32' && i32 !== undefined ? i32 : f
    // Written-out loops for the float arithmetic ops (integers keep f, which wraps or truncates).
    const code = isFloating(out) && (name === 'add' || name === 'sub' || name === 'mul' || name === 'div') ? name : undefined
    return traced(mapBinary(name, a, b, out, fn, big, code), [a, b], vjp)
  })
}

/** g·∂/∂x computed elementwise from (g, x, y) in one pass: the shape of every binary vjp here. */
const zip3 = (g: Tensor, x: Tensor, y: Tensor, f: (g: number, x: number, y: number) => number): Tensor =>
  mapTernary('vjp', g, x, y, g.dtype, f)

const floatOf = (d: DType): DType => (isFloating(d) ? d : 'float32')

// Cotangents may come back broadcast and in another dtype: grad sums and casts them to each input.

/**
 * Elementwise x + y.
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { add, tensor } from 'immutorch'
 *
 * add(tensor([1, 2]), 10) // [11, 12]
 * pipe(tensor([[1], [2]]), add(tensor([10, 20]))) // [[11, 21], [12, 22]]
 * add(tensor([1, 2]), tensor([10, 20]), { alpha: 0.5 }) // [6, 12]
 */
export const add: AddOp = dual(
  (args) => args.length >= 2 && !isOptions(args[1]),
  (x: Operand, y: Operand, options?: AddOptions): Tensor => {
    const alpha = options?.alpha
    return alpha === undefined || alpha === 1 ? addPlain(x, y) : addScaled(x, y, alpha)
  },
)

/** torch.add's options: `alpha` multiplies the second operand (x + alpha·y). */
export interface AddOptions {
  readonly alpha?: number
}

/** `add`: data-first `add(x, y, options?)`, data-last `add(y, options?)`. */
export interface AddOp {
  (x: Operand, y: Operand, options?: AddOptions): Tensor
  (y: Operand, options?: AddOptions): (x: Operand) => Tensor
}

const isOptions = (v: unknown): boolean => typeof v === 'object' && v !== null && !(v instanceof Tensor)

/** @internal x + y without options: the Tensor method's path, where tiny calls are call-bound. */
export const addPlain: BinaryOp = binary('add', { f: (x, y) => x + y, vjp: (g) => [g, g], big: (x, y) => x + y, bool: (x, y) => (x || y ? 1 : 0) })

/**
 * x + alpha·y. Floating operands of one shape take one pass (alpha·y is not rounded on its own:
 * one rounding, as a fused multiply-add gives); other cases scale y, then add.
 */
function addScaled(x: Operand, y: Operand, alpha: number): Tensor {
  const out = resultType(x, y)
  if (typeof alpha !== 'number') throw new TypeError(`add: alpha must be a number, got ${typeof alpha}`)
  if (!isFloating(out) && !Number.isInteger(alpha)) {
    throw new TypeError(`add: alpha must be an integer for ${out} operands, got ${alpha}`)
  }
  const a = asTensor(x, out)
  const b = asTensor(y, out)
  if ((out !== 'float32' && out !== 'float64') || !sameShape(a.shape, b.shape)) return addPlain(a, mul(b, alpha))
  const xs = storageOf(a as Tensor<'float32' | 'float64'>)
  const dst = out === 'float32' ? new Float32Array(xs.length) : new Float64Array(xs.length)
  device(a.device).kernels.elementwise.axpy(xs, alpha, storageOf(b as Tensor<'float32' | 'float64'>), dst)
  return traced(fromStorage(storageFrom(dst, out), a.shape, out, a.device), [a, b], (g) => [g, mul(g, alpha)])
}
/** Elementwise x − y. */
export const sub: BinaryOp = binary('sub', { f: (x, y) => x - y, vjp: (g) => [g, neg(g)], big: (x, y) => x - y })
/** Elementwise x · y. */
export const mul: BinaryOp = binary('mul', {
  f: (x, y) => x * y,
  vjp: (g, [x, y]) => [zip3(g, x, y, (g, _x, y) => g * y), zip3(g, x, y, (g, x) => g * x)],
  big: (x, y) => x * y,
  i32: Math.imul,
  bool: (x, y) => (x && y ? 1 : 0),
})
/**
 * True division (integers divide to float32, as torch.div does).
 * @example
 * import { arange, div } from 'immutorch'
 *
 * div(arange(4), 2) // [0, 0.5, 1, 1.5]
 * div(arange(4), 2).dtype // 'float32'
 */
export const div: BinaryOp = binary('div', {
  f: (x, y) => x / y,
  vjp: (g, [x, y]) => [zip3(g, x, y, (g, _x, y) => g / y), zip3(g, x, y, (g, x, y) => (-g * x) / (y * y))],
  dtypeOf: floatOf,
})
/** Elementwise x ** y. */
export const pow: BinaryOp = binary('pow', {
  f: (x, y) => x ** y,
  vjp: (g, [x, y]) => [
    zip3(g, x, y, (g, x, y) => (y === 0 ? 0 : g * y * x ** (y - 1))),
    // As PyTorch: the exponent's gradient is 0 where the base is 0 and the exponent non-negative.
    zip3(g, x, y, (g, x, y) => (x === 0 && y >= 0 ? 0 : g * x ** y * Math.log(x))),
  ],
  big: (x, y) => (y < 0n ? (x === 1n ? 1n : x === -1n ? (y % 2n === 0n ? 1n : -1n) : 0n) : powWrap(x, y)),
})
/** Elementwise larger value; NaN propagates (torch.maximum). Ties split the gradient evenly. */
export const maximum: BinaryOp = binary('maximum', {
  f: (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y),
  vjp: (g, [x, y]) => [
    zip3(g, x, y, (g, x, y) => (x > y ? g : x === y ? g / 2 : 0)),
    zip3(g, x, y, (g, x, y) => (y > x ? g : x === y ? g / 2 : 0)),
  ],
  big: (x, y) => (x > y ? x : y),
  bool: (x, y) => (x || y ? 1 : 0),
})
/** Elementwise smaller value; NaN propagates (torch.minimum). Ties split the gradient evenly. */
export const minimum: BinaryOp = binary('minimum', {
  f: (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y),
  vjp: (g, [x, y]) => [
    zip3(g, x, y, (g, x, y) => (x < y ? g : x === y ? g / 2 : 0)),
    zip3(g, x, y, (g, x, y) => (y < x ? g : x === y ? g / 2 : 0)),
  ],
  big: (x, y) => (x < y ? x : y),
  bool: (x, y) => (x && y ? 1 : 0),
})

/** x^y modulo 2^64 by squaring, so a huge exponent costs 64 steps and wraps as int64 does. */
function powWrap(x: bigint, y: bigint): bigint {
  let result = 1n
  let base = BigInt.asIntN(64, x)
  for (let e = y; e > 0n; e >>= 1n) {
    if (e & 1n) result = BigInt.asIntN(64, result * base)
    base = BigInt.asIntN(64, base * base)
  }
  return result
}

/** −x. */
export function neg(x: Tensor): Tensor {
  if (x.dtype === 'bool') throw new TypeError('neg: not defined for bool tensors; use logicalNot')
  return traced(mapUnary(x, x.dtype, (v) => -v, (v) => -v), [x], (g) => [neg(g)])
}

/** |x| (gradient sign(x), 0 at 0 as in PyTorch). */
export const abs = (x: Tensor): Tensor =>
  traced(mapUnary(x, x.dtype, Math.abs, (v) => (v < 0n ? -v : v)), [x], (g, [x]) => [mapBinary('vjp', g, x, g.dtype, (g, x) => (x > 0 ? g : x < 0 ? -g : 0))])

/**
 * A clamp bound as the result dtype holds it (torch's checked scalar conversion): an integer dtype
 * takes it only within its range, uint8 also from −255 (wrapping, as two's complement).
 */
function clampBound(name: 'min' | 'max', v: number, out: DType): number {
  if (typeof v !== 'number') throw new TypeError(`clamp: ${name} must be a number, got ${typeof v}`)
  if (isFloating(out)) return v
  const bits = itemsize(out) * 8
  const hi = out === 'uint8' ? 2 ** bits - 1 : 2 ** (bits - 1) - 1
  const lo = out === 'uint8' ? -hi : -(2 ** (bits - 1))
  if (!(v >= lo && v <= hi)) throw new RangeError(`clamp: ${name} ${v} cannot be converted to ${out} without overflow`)
  return v < 0 && out === 'uint8' ? v + 2 ** bits : v
}

/**
 * Clamps every element into [min, max] (either bound may be omitted) as torch.clamp: the bounds
 * promote like Python scalars (a fractional bound makes an integer or bool tensor float32, an
 * integral one makes a bool tensor int64), NaN stays NaN, and min > max gives max everywhere;
 * gradient 1 inside.
 * @example
 * import { clamp, tensor } from 'immutorch'
 *
 * clamp(tensor([-2, 0.5, 3]), { min: 0, max: 1 }) // [0, 0.5, 1]
 * clamp(tensor([1, 5], { dtype: 'int32' }), { min: 2.5 }).dtype // 'float32'
 */
export const clamp: {
  (x: Tensor, bounds: { readonly min?: number; readonly max?: number }): Tensor
  (bounds: { readonly min?: number; readonly max?: number }): (x: Tensor) => Tensor
} = dual(2, (x: Tensor, { min, max }: { min?: number; max?: number }) => {
  const out = resultType(x, ...[min, max].filter((b): b is number => b !== undefined))
  const lo = min === undefined ? -Infinity : clampBound('min', min, out)
  const hi = max === undefined ? Infinity : clampBound('max', max, out)
  // int64 exactly, on bigints (its bounds are integers there).
  const [bigLo, bigHi] = out === 'int64' ? [lo, hi].map((b) => (Number.isFinite(b) ? BigInt(b) : null)) : [null, null]
  const big = (v: bigint): bigint => {
    const y = bigLo !== null && v < bigLo ? bigLo : v
    return bigHi !== null && y > bigHi ? bigHi : y
  }
  return traced(mapUnary(x, out, (v) => {
    const y = v < lo ? lo : v
    return v !== v ? v : y > hi ? hi : y
  }, out === 'int64' ? big : undefined), [x], (g, [x]) => [mapBinary('vjp', g, x, g.dtype, (g, x) => (x >= lo && x <= hi ? g : 0))])
})
