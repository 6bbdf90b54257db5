/**
 * Laws for tensors, as plain predicates plus runners over fast-check arbitraries: ops leave their
 * inputs' bytes alone, broadcasting ops commute and equal their expanded form, reshape and permute
 * round-trip, casts are idempotent and exact through wider dtypes, sums agree however the dims are
 * taken, and cat then slice gives the parts back. A user checks their own op in one line, e.g.
 * `checkPreservesInputs(tensorArb().map((x) => [myOp, [x]]))`.
 */
import fc from 'fast-check'
import * as T from '../src/tensor/index.js'
import type { DType, Tensor } from '../src/tensor/index.js'
import { params } from './runs.js'

/** A copy of a tensor's storage bytes. */
export const bytesOf = (t: Tensor): Uint8Array => {
  const a = t.toTypedArray()
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice()
}

const sameArrays = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i])

const isNaNPattern = (d: DType, h: number): boolean =>
  d === 'float16' ? (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0 : (h & 0x7f80) === 0x7f80 && (h & 0x7f) !== 0

/**
 * Same dtype, shape and elements: bit patterns for the half types, Object.is otherwise, any NaN
 * equal to any NaN; with `signedZeros: false`, -0 also equals 0.
 */
export const sameValues = (a: Tensor, b: Tensor, { signedZeros = true } = {}): boolean => {
  if (a.dtype !== b.dtype || a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) return false
  const x = a.toTypedArray() as ArrayLike<number | bigint>
  const y = b.toTypedArray() as ArrayLike<number | bigint>
  const half = a.dtype === 'float16' || a.dtype === 'bfloat16'
  for (let i = 0; i < x.length; i++) {
    const [u, v] = [x[i], y[i]]
    if (Object.is(u, v) || (!signedZeros && u === v)) continue
    if (!signedZeros && half && ((u as number) | (v as number) | 0x8000) === 0x8000) continue
    if (half ? isNaNPattern(a.dtype, u as number) && isNaNPattern(a.dtype, v as number) : u !== u && v !== v) continue
    return false
  }
  return x.length === y.length
}

/** Calling `call` leaves every input's storage bytes, shape and dtype as they were. */
export const preservesInputs = (call: () => unknown, inputs: readonly Tensor[]): boolean => {
  const before = inputs.map((t) => [bytesOf(t), t.shape.join(','), t.dtype] as const)
  call()
  return inputs.every((t, i) => sameArrays(bytesOf(t), before[i][0]) && t.shape.join(',') === before[i][1] && t.dtype === before[i][2])
}

/** A binary op gives the same result with its operands swapped (as judged by `eq`). */
export const commutes = (op: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor, eq: (x: Tensor, y: Tensor) => boolean = sameValues): boolean =>
  eq(op(a, b), op(b, a))

/** A binary op on mixed dtypes equals the op on both operands first cast to the promoted dtype (PyTorch's rule). */
export const promotionCastsFirst = (op: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor): boolean => {
  const d = T.resultType(a, b)
  return sameValues(op(a, b), op(T.to(a, d), T.to(b, d)))
}

/** A broadcasting op on operands of one dtype equals the same op on both expanded to the result shape. */
export const broadcastIsExpand = (op: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor): boolean => {
  const out = T.broadcastShapes('law', a.shape, b.shape)
  return sameValues(op(a, b), op(T.expand(a, out), T.expand(b, out)))
}

/** reshape to `shape` keeps the row-major elements, and reshaping back gives `x`. */
export const reshapeRoundTrip = (x: Tensor, shape: readonly number[]): boolean => {
  const y = T.reshape(x, shape)
  return y.size === x.size && sameArrays(bytesOf(y), bytesOf(x)) && sameValues(T.reshape(y, x.shape), x)
}

/** permute by `perm`, then by its inverse, gives `x`; the permuted shape is `perm` applied to x's. */
export const permuteInverse = (x: Tensor, perm: readonly number[]): boolean => {
  const inverse = perm.map((_, i) => perm.indexOf(i))
  const y = T.permute(x, perm)
  return y.shape.every((s, i) => s === x.shape[perm[i]]) && sameValues(T.permute(y, inverse), x)
}

/** Casting twice to `d` is casting once. */
export const castIdempotent = (x: Tensor, d: DType, cast: (x: Tensor, d: DType) => Tensor = T.to): boolean =>
  sameValues(cast(cast(x, d), d), cast(x, d))

/** Through a dtype that holds every value of x's exactly, and back, gives `x` (NaN stays NaN with its sign). */
export const roundTripThroughWider = (x: Tensor, wider: DType): boolean => {
  const back = T.to(T.to(x, wider), x.dtype)
  if (x.dtype !== 'float16' && x.dtype !== 'bfloat16') return sameValues(back, x)
  // Half types: identical patterns except NaN payloads, which may be quietened (sign kept).
  const [p, q] = [x.toTypedArray() as Uint16Array, back.toTypedArray() as Uint16Array]
  return back.dtype === x.dtype && p.every((h, i) => h === q[i] || (isNaNPattern(x.dtype, h) && isNaNPattern(x.dtype, q[i]) && (h & 0x8000) === (q[i] & 0x8000)))
}

const EPS: Record<string, number> = { float64: 2 ** -52, float32: 2 ** -23, float16: 2 ** -10, bfloat16: 2 ** -7 }

/** Summing all elements equals summing one dim at a time (exactly for integers, within rounding for floats). */
export const sumIterated = (x: Tensor): boolean => {
  const all = T.sum(x)
  // A 0-dim tensor has one dim to name (0), as in PyTorch.
  let step: Tensor = x.ndim === 0 ? T.sum(x, { dim: 0 }) : x
  for (let d = x.ndim - 1; d >= 0; d--) step = T.sum(step, { dim: d })
  if (all.dtype !== step.dtype || all.ndim !== 0 || step.ndim !== 0) return false
  if (!(x.dtype in EPS)) return sameValues(all, step)
  const [a, b] = [Number(all.item()), Number(step.item())]
  if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b)) return Object.is(a, b) || (a !== a && b !== b)
  const scale = (T.to(T.abs(x), 'float64').toTypedArray() as Float64Array).reduce((s, v) => s + v, 0)
  return Math.abs(a - b) <= 2 * (x.ndim + 1) * EPS[x.dtype] * scale
}

/** cat along `dim`, then slicing each part's range back out, gives each part (cast to the promoted dtype). */
export const catSliceParts = (parts: readonly Tensor[], dim: number): boolean => {
  const joined = T.cat(parts, dim)
  const dtype = parts.map((p) => p.dtype).reduce(T.promoteTypes)
  let offset = 0
  return parts.every((p) => {
    const back = T.slice(joined, dim, offset, offset + p.shape[dim])
    offset += p.shape[dim]
    return sameValues(back, T.to(p, dtype))
  }) && offset === joined.shape[dim]
}

/** Checks `preservesInputs` for calls drawn from `arb` (a call and the tensors it reads). */
export const checkPreservesInputs = (arb: fc.Arbitrary<readonly [() => unknown, readonly Tensor[]]>, runs?: number): void =>
  fc.assert(fc.property(arb, ([call, inputs]) => preservesInputs(call, inputs)), params(runs))

/** Checks that `op` commutes on operand pairs from `arb`. */
export const checkCommutes = (op: (a: Tensor, b: Tensor) => Tensor, arb: fc.Arbitrary<[Tensor, Tensor]>, eq?: (x: Tensor, y: Tensor) => boolean, runs?: number): void =>
  fc.assert(fc.property(arb, ([a, b]) => commutes(op, a, b, eq)), params(runs))

/** Checks that `op` on mixed dtypes equals `op` on operands cast to the promoted dtype first. */
export const checkPromotionCastsFirst = (op: (a: Tensor, b: Tensor) => Tensor, arb: fc.Arbitrary<[Tensor, Tensor]>, runs?: number): void =>
  fc.assert(fc.property(arb, ([a, b]) => promotionCastsFirst(op, a, b)), params(runs))

/** Checks that `op` on broadcast operands equals `op` on the expanded operands. */
export const checkBroadcastIsExpand = (op: (a: Tensor, b: Tensor) => Tensor, arb: fc.Arbitrary<[Tensor, Tensor]>, runs?: number): void =>
  fc.assert(fc.property(arb, ([a, b]) => broadcastIsExpand(op, a, b)), params(runs))

/** Checks the reshape round trip on (tensor, target shape) pairs. */
export const checkReshapeRoundTrip = (arb: fc.Arbitrary<[Tensor, number[]]>, runs?: number): void =>
  fc.assert(fc.property(arb, ([x, s]) => reshapeRoundTrip(x, s)), params(runs))

/** Checks permute ∘ inverse permute = identity on (tensor, permutation) pairs. */
export const checkPermuteInverse = (arb: fc.Arbitrary<[Tensor, number[]]>, runs?: number): void =>
  fc.assert(fc.property(arb, ([x, p]) => permuteInverse(x, p)), params(runs))

/** Checks that `cast` is idempotent on (tensor, dtype) pairs. */
export const checkCastIdempotent = (arb: fc.Arbitrary<[Tensor, DType]>, cast?: (x: Tensor, d: DType) => Tensor, runs?: number): void =>
  fc.assert(fc.property(arb, ([x, d]) => castIdempotent(x, d, cast)), params(runs))

/** Checks the exact round trip through a wider dtype on (tensor, wider dtype) pairs. */
export const checkRoundTripThroughWider = (arb: fc.Arbitrary<[Tensor, DType]>, runs?: number): void =>
  fc.assert(fc.property(arb, ([x, d]) => roundTripThroughWider(x, d)), params(runs))

/** Checks that the total sum equals the dim-by-dim sum. */
export const checkSumIterated = (arb: fc.Arbitrary<Tensor>, runs?: number): void => fc.assert(fc.property(arb, sumIterated), params(runs))

/** Checks that cat then slice gives the parts back. */
export const checkCatSliceParts = (arb: fc.Arbitrary<{ parts: Tensor[]; dim: number }>, runs?: number): void =>
  fc.assert(fc.property(arb, ({ parts, dim }) => catSliceParts(parts, dim)), params(runs))
