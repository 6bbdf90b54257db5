/**
 * Comparisons (bool results), logical ops and `where`, with broadcasting and promotion.
 */
import { dual } from './dual.js'
import { asTensor, mapBinary, mapUnary } from './elementwise.js'
import { resultType, type Operand } from './promote.js'
import { fromStorage, storageOf, type Tensor } from './tensor.js'
import { allocate, type Storage } from './dtype.js'
import { numbersOf } from './convert.js'
import { broadcastShapes, broadcastStrides, numel } from './shape.js'
import { stridedOffsets } from './strided.js'
import { traced } from './trace.js'
import type { BinaryOp } from './arithmetic.js'

/** A comparison, on numbers and (for int64) exactly on bigints; operands are cast to the promoted dtype. */
const compare = (name: string, f: <T extends number | bigint>(x: T, y: T) => boolean): BinaryOp =>
  dual(2, (x: Operand, y: Operand) => {
    const d = resultType(x, y)
    return mapBinary(name, asTensor(x, d), asTensor(y, d), 'bool', (a, b) => (f(a, b) ? 1 : 0), (a, b) => (f(a, b) ? 1n : 0n))
  })

/** x == y. */
export const eq: BinaryOp = compare('eq', (x, y) => x === y)
/** x != y. */
export const ne: BinaryOp = compare('ne', (x, y) => x !== y)
/** x < y. */
export const lt: BinaryOp = compare('lt', (x, y) => x < y)
/** x <= y. */
export const le: BinaryOp = compare('le', (x, y) => x <= y)
/**
 * x > y.
 * @example
 * import { gt, tensor } from 'immutorch'
 *
 * gt(tensor([1, 2, 3]), 2) // [false, false, true]
 */
export const gt: BinaryOp = compare('gt', (x, y) => x > y)
/** x >= y. */
export const ge: BinaryOp = compare('ge', (x, y) => x >= y)
/** Elementwise logical and (nonzero is true). */
export const logicalAnd: BinaryOp = compare('logicalAnd', (x, y) => !!x && !!y)
/** Elementwise logical or (nonzero is true). */
export const logicalOr: BinaryOp = compare('logicalOr', (x, y) => !!x || !!y)

/** Elementwise logical not (nonzero is true). */
export const logicalNot = (x: Tensor): Tensor => mapUnary(x, 'bool', (v) => (v === 0 ? 1 : 0))

/**
 * Picks `x` where `cond` is true and `y` elsewhere, broadcasting all three (torch.where).
 * @example
 * import { tensor, where } from 'immutorch'
 *
 * const x = tensor([-1, 2, -3])
 * where(x.gt(0), x, 0) // [0, 2, 0]
 */
export function where(cond: Tensor, x: Operand, y: Operand): Tensor {
  const d = resultType(x, y)
  const a = asTensor(x, d)
  const b = asTensor(y, d)
  // Selection only moves elements, so it reads the storages directly: exact for every dtype.
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape)
  const n = numel(shape)
  const [oc, oa, ob] = [cond, a, b].map((t) => stridedOffsets(shape, broadcastStrides(t.shape, shape), n))
  const c = numbersOf(cond)
  const sa = storageOf(a) as unknown as number[]
  const sb = storageOf(b) as unknown as number[]
  const out = allocate(d, n) as unknown as number[]
  for (let i = 0; i < n; i++) out[i] = c[oc[i]] !== 0 ? sa[oa[i]] : sb[ob[i]]
  return traced(fromStorage(out as unknown as Storage, shape, d, a.device), [cond, a, b], (g, [c]) => [
    null,
    mapBinary('vjp', g, c, g.dtype, (g, c) => (c !== 0 ? g : 0)),
    mapBinary('vjp', g, c, g.dtype, (g, c) => (c !== 0 ? 0 : g)),
  ])
}

/**
 * Whether every element is within atol + rtol·|y| of the other (torch.allclose).
 * @example
 * import { allclose, tensor } from 'immutorch'
 *
 * allclose(tensor([1, 2]), tensor([1, 2.000001])) // true
 * allclose(tensor([1, 2]), tensor([1, 2.1])) // false
 */
export function allclose(x: Tensor, y: Tensor, { rtol = 1e-5, atol = 1e-8, equalNan = false } = {}): boolean {
  const d = resultType(x, y)
  const close = mapBinary('allclose', asTensor(x, d), asTensor(y, d), 'bool', (a, b) =>
    a === b || Math.abs(a - b) <= atol + rtol * Math.abs(b) || (equalNan && a !== a && b !== b) ? 1 : 0)
  return close.toTypedArray().every((v) => v === 1)
}
