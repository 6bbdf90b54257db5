/**
 * The elementwise engine: one loop for unary maps and one for broadcasting binary and ternary
 * maps, on number compute arrays (see convert.ts). Every elementwise op is a scalar function handed
 * to these loops; the result dtype is decided by the op (promotion, comparisons → bool, …).
 */
import type { DType } from './dtype.js'
import { computeArray, numbersOf, storageFrom, type NumArray } from './convert.js'
import { broadcastShapes, broadcastStrides, numel, type Shape } from './shape.js'
import { fromStorage, Tensor } from './tensor.js'
import { resultType, type Operand } from './promote.js'
import { stridedOffsets } from './strided.js'

/** A scalar as a zero-dim tensor of the dtype it promotes to on its own. */
export function asTensor(x: Operand, dtype?: DType): Tensor {
  if (x instanceof Tensor) return x
  const d = dtype ?? resultType(x)
  const v = typeof x === 'bigint' ? Number(x) : Number(x)
  return fromStorage(storageFrom(new Float64Array([v]), d), [], d)
}

/** Applies `f` to every element, computing in the compute array of `out` dtype. */
export function mapUnary(x: Tensor, out: DType, f: (v: number) => number): Tensor {
  const src = numbersOf(x)
  const n = src.length
  const dst = out === 'bool' ? new Uint8Array(n) : computeArray(out, n)
  for (let i = 0; i < n; i++) dst[i] = f(src[i])
  return fromStorage(storageFrom(dst, out), x.shape, out, x.device)
}

/** For each output position, the offset into each input (one strided walk per input). */
const offsets = (shape: Shape, strides: readonly number[][]): Int32Array[] =>
  strides.map((st) => stridedOffsets(shape, st, numel(shape)))

/** Broadcasts `a` and `b`, applies `f`, stores as `out`. `op` names the op in shape errors. */
export function mapBinary(op: string, a: Tensor, b: Tensor, out: DType, f: (x: number, y: number) => number): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape)
  const x = numbersOf(a)
  const y = numbersOf(b)
  const n = numel(shape)
  const dst = out === 'bool' ? new Uint8Array(n) : computeArray(out, n)
  if (x.length === n && y.length === n) {
    for (let i = 0; i < n; i++) dst[i] = f(x[i], y[i])
  } else if (y.length === 1 && x.length === n) {
    const c = y[0]
    for (let i = 0; i < n; i++) dst[i] = f(x[i], c)
  } else if (x.length === 1 && y.length === n) {
    const c = x[0]
    for (let i = 0; i < n; i++) dst[i] = f(c, y[i])
  } else {
    const [oa, ob] = offsets(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)])
    for (let i = 0; i < n; i++) dst[i] = f(x[oa[i]], y[ob[i]])
  }
  return fromStorage(storageFrom(dst, out), shape, out, a.device)
}

/** Broadcasts three tensors and applies `f` (used by `where`). */
export function mapTernary(op: string, a: Tensor, b: Tensor, c: Tensor, out: DType,
  f: (x: number, y: number, z: number) => number): Tensor {
  const shape = broadcastShapes(op, broadcastShapes(op, a.shape, b.shape), c.shape)
  const [x, y, z] = [numbersOf(a), numbersOf(b), numbersOf(c)] as [NumArray, NumArray, NumArray]
  const n = numel(shape)
  const dst = out === 'bool' ? new Uint8Array(n) : computeArray(out, n)
  const [oa, ob, oc] = offsets(shape, [a, b, c].map((t) => broadcastStrides(t.shape, shape)))
  for (let i = 0; i < n; i++) dst[i] = f(x[oa[i]], y[ob[i]], z[oc[i]])
  return fromStorage(storageFrom(dst, out), shape, out, a.device)
}
