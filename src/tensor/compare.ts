/**
 * Comparisons (bool results), logical ops and `where`, with broadcasting and promotion.
 */
import { dual } from './dual.js'
import { asTensor, mapBinary, mapTernary, mapUnary } from './elementwise.js'
import { resultType, type Operand } from './promote.js'
import type { Tensor } from './tensor.js'
import { traced } from './trace.js'
import type { BinaryOp } from './arithmetic.js'

const compare = (name: string, f: (x: number, y: number) => boolean): BinaryOp =>
  dual(2, (x: Operand, y: Operand) => {
    const d = resultType(x, y)
    return mapBinary(name, asTensor(x, d), asTensor(y, d), 'bool', (a, b) => (f(a, b) ? 1 : 0))
  })

/** x == y. */
export const eq: BinaryOp = compare('eq', (x, y) => x === y)
/** x != y. */
export const ne: BinaryOp = compare('ne', (x, y) => x !== y)
/** x < y. */
export const lt: BinaryOp = compare('lt', (x, y) => x < y)
/** x <= y. */
export const le: BinaryOp = compare('le', (x, y) => x <= y)
/** x > y. */
export const gt: BinaryOp = compare('gt', (x, y) => x > y)
/** x >= y. */
export const ge: BinaryOp = compare('ge', (x, y) => x >= y)
/** Elementwise logical and (nonzero is true). */
export const logicalAnd: BinaryOp = compare('logicalAnd', (x, y) => x !== 0 && y !== 0)
/** Elementwise logical or (nonzero is true). */
export const logicalOr: BinaryOp = compare('logicalOr', (x, y) => x !== 0 || y !== 0)

/** Elementwise logical not (nonzero is true). */
export const logicalNot = (x: Tensor): Tensor => mapUnary(x, 'bool', (v) => (v === 0 ? 1 : 0))

/** Picks `x` where `cond` is true and `y` elsewhere, broadcasting all three (torch.where). */
export function where(cond: Tensor, x: Operand, y: Operand): Tensor {
  const d = resultType(x, y)
  const a = asTensor(x, d)
  const b = asTensor(y, d)
  return traced(mapTernary('where', cond, a, b, d, (c, a, b) => (c !== 0 ? a : b)), [cond, a, b], (g, [c]) => [
    null,
    mapBinary('vjp', g, c, g.dtype, (g, c) => (c !== 0 ? g : 0)),
    mapBinary('vjp', g, c, g.dtype, (g, c) => (c !== 0 ? 0 : g)),
  ])
}

/** Whether every element is within atol + rtol·|y| of the other (torch.allclose). */
export function allclose(x: Tensor, y: Tensor, { rtol = 1e-5, atol = 1e-8, equalNan = false } = {}): boolean {
  const d = resultType(x, y)
  const close = mapBinary('allclose', asTensor(x, d), asTensor(y, d), 'bool', (a, b) =>
    a === b || Math.abs(a - b) <= atol + rtol * Math.abs(b) || (equalNan && a !== a && b !== b) ? 1 : 0)
  return close.toTypedArray().every((v) => v === 1)
}
