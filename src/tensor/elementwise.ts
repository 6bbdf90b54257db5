/**
 * The elementwise engine: one loop for unary maps and one for broadcasting binary and ternary
 * maps, on number compute arrays (see convert.ts). Every elementwise op is a scalar function handed
 * to these loops; the result dtype is decided by the op (promotion, comparisons → bool, …).
 */
import type { DType } from './dtype.js'
import { computeArray, numbersOf, storageFrom, type NumArray } from './convert.js'
import { broadcastShapes, broadcastStrides, numel, type Shape } from './shape.js'
import { fromStorage, storageOf, Tensor } from './tensor.js'
import { to } from './cast.js'
import { resultType, type Operand } from './promote.js'
import { stridedOffsets } from './strided.js'
import { device } from './device.js'
import type { BinaryCode } from '../kernels/elementwise.js'
import type { FloatArray } from '../kernels/mm.js'

/**
 * An operand as a tensor of `dtype` (its own promoted dtype if omitted): scalars become zero-dim
 * tensors, tensors of another dtype are cast first, as PyTorch converts operands to the common
 * dtype before computing.
 */
export function asTensor(x: Operand, dtype?: DType): Tensor {
  if (x instanceof Tensor) return dtype === undefined || x.dtype === dtype ? x : to(x, dtype)
  const d = dtype ?? resultType(x)
  if (typeof x === 'bigint') return fromStorage(storageFrom(BigInt64Array.of(BigInt.asIntN(64, x)), d), [], d)
  return fromStorage(storageFrom(new Float64Array([Number(x)]), d), [], d)
}

/** An exact int64 version of an op: on bigints, giving a bigint (1n/0n for a bool result). */
export type BigOp1 = (x: bigint) => bigint
export type BigOp2 = (x: bigint, y: bigint) => bigint

/** Applies `f` to every element, computing in the compute array of `out` dtype; int64 inputs use `big` when given. */
export function mapUnary(x: Tensor, out: DType, f: (v: number) => number, big?: BigOp1): Tensor {
  if (big !== undefined && x.dtype === 'int64' && (out === 'int64' || out === 'bool')) {
    const src = storageOf(x as Tensor<'int64'>)
    const dst = new BigInt64Array(src.length)
    for (let i = 0; i < src.length; i++) dst[i] = big(src[i])
    return fromStorage(storageFrom(dst, out), x.shape, out, x.device)
  }
  const src = numbersOf(x)
  const n = src.length
  const dst = out === 'bool' ? new Uint8Array(n) : computeArray(out, n)
  for (let i = 0; i < n; i++) dst[i] = f(src[i])
  return fromStorage(storageFrom(dst, out), x.shape, out, x.device)
}

/** For each output position, the offset into each input (one strided walk per input). */
const offsets = (shape: Shape, strides: readonly number[][]): Int32Array[] =>
  strides.map((st) => stridedOffsets(shape, st, numel(shape)))

/** The arithmetic ops whose float loops are kernels of their own (see kernels/elementwise.ts). */
export type FastOp = BinaryCode

/** Whether `t` broadcasts to `shape` only along leading dims (a bias row against a batch). */
const isTrailing = (t: Shape, shape: Shape): boolean => {
  let lead = 0
  while (lead < t.length && t[lead] === 1) lead++
  const k = t.length - lead
  if (k === 0 || k > shape.length) return false
  for (let i = 0; i < k; i++) if (t[lead + i] !== shape[shape.length - k + i]) return false
  return true
}

/** Broadcasts `a` and `b`, applies `f` (or the written-out loop of `code`), stores as `out`. `op` names the op in shape errors. */
export function mapBinary(op: string, a: Tensor, b: Tensor, out: DType, f: (x: number, y: number) => number, big?: BigOp2, code?: FastOp): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape)
  if (big !== undefined && a.dtype === 'int64' && b.dtype === 'int64' && (out === 'int64' || out === 'bool')) {
    return mapBinaryBig(a as Tensor<'int64'>, b as Tensor<'int64'>, shape, out, big)
  }
  const x = numbersOf(a)
  const y = numbersOf(b)
  const n = numel(shape)
  const dst = out === 'bool' ? new Uint8Array(n) : computeArray(out, n)
  if (code !== undefined && out !== 'bool' && n > 0 && (x.length === n || y.length === n)) {
    const full = x.length === n
    const other = full ? b : a
    if (other.size === 1 || other.size === n || isTrailing(other.shape, shape)) {
      const { binary } = device(a.device).kernels.elementwise
      if (full) binary(code, x as FloatArray, y as FloatArray, dst as FloatArray, false)
      else binary(code, y as FloatArray, x as FloatArray, dst as FloatArray, true)
      return fromStorage(storageFrom(dst, out), shape, out, a.device)
    }
  }
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

/** int64 ⊕ int64 exactly, on bigints (results wrap modulo 2^64 as PyTorch's do). */
function mapBinaryBig(a: Tensor<'int64'>, b: Tensor<'int64'>, shape: Shape, out: DType, big: BigOp2): Tensor {
  const x = storageOf(a)
  const y = storageOf(b)
  const n = numel(shape)
  const [oa, ob] = offsets(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)])
  const dst = new BigInt64Array(n)
  for (let i = 0; i < n; i++) dst[i] = big(x[oa[i]], y[ob[i]])
  return fromStorage(storageFrom(dst, out), shape, out, a.device)
}

/** Broadcasts three tensors and applies `f` (used by `where`). */
export function mapTernary(op: string, a: Tensor, b: Tensor, c: Tensor, out: DType,
  f: (x: number, y: number, z: number) => number): Tensor {
  const shape = broadcastShapes(op, broadcastShapes(op, a.shape, b.shape), c.shape)
  const [x, y, z] = [numbersOf(a), numbersOf(b), numbersOf(c)] as [NumArray, NumArray, NumArray]
  const n = numel(shape)
  const dst = out === 'bool' ? new Uint8Array(n) : computeArray(out, n)
  if (x.length === n && y.length === n && z.length === n) {
    for (let i = 0; i < n; i++) dst[i] = f(x[i], y[i], z[i])
  } else {
    const [oa, ob, oc] = offsets(shape, [a, b, c].map((t) => broadcastStrides(t.shape, shape)))
    for (let i = 0; i < n; i++) dst[i] = f(x[oa[i]], y[ob[i]], z[oc[i]])
  }
  return fromStorage(storageFrom(dst, out), shape, out, a.device)
}
