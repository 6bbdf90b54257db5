/**
 * Comparing a result tensor with an encoded reference: dtype and shape always exactly, elements
 * either bit for bit (NaN matches any NaN, -0 differs from 0) or within a tolerance. Each returns a
 * list of readable mismatches, empty when they agree, so a failing `expect(...).toEqual([])` shows
 * which elements differ and by how much.
 */
import type { Tensor } from '../../src/tensor/index.js'
import { decodeStorage, decodeValues, type Encoded } from '../fixtures/load.js'

const MAX_REPORTED = 8

const isHalfNaN = (dtype: string, h: number): boolean =>
  dtype === 'float16' ? (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0 : (h & 0x7f80) === 0x7f80 && (h & 0x7f) !== 0

/** Dtype and shape differences, if any. */
function header(got: Tensor, want: Encoded): string[] {
  const out: string[] = []
  if (got.dtype !== want.dtype) out.push(`dtype: got ${got.dtype}, want ${want.dtype}`)
  if (got.shape.join(',') !== want.shape.join(',')) out.push(`shape: got [${got.shape.join(', ')}], want [${want.shape.join(', ')}]`)
  return out
}

/** Elementwise identity of storage: bit patterns for the half types, Object.is-with-NaN otherwise. */
export function exactMismatches(got: Tensor, want: Encoded): string[] {
  const head = header(got, want)
  if (head.length > 0) return head
  const g = got.toTypedArray() as ArrayLike<number | bigint>
  const w = decodeStorage(want) as ArrayLike<number | bigint>
  const out: string[] = []
  if (g.length !== w.length) return [`length: got ${g.length}, want ${w.length}`]
  const half = want.dtype === 'float16' || want.dtype === 'bfloat16'
  for (let i = 0; i < w.length && out.length < MAX_REPORTED; i++) {
    const a = g[i]
    const b = w[i]
    const same = half
      ? a === b || (isHalfNaN(want.dtype, a as number) && isHalfNaN(want.dtype, b as number))
      : Object.is(a, b) || (a !== a && b !== b)
    if (!same) out.push(`[${i}]: got ${half ? hex(a as number) : showNum(a)}, want ${half ? hex(b as number) : showNum(b)}`)
  }
  return out
}

const hex = (h: number): string => `0x${h.toString(16).padStart(4, '0')}`
const showNum = (v: number | bigint): string => (Object.is(v, -0) ? '-0' : String(v))

/** Elements within `atol + rtol·|want|`; NaN must meet NaN and infinities must be equal. */
export function closeMismatches(got: Tensor, want: Encoded, rtol: number, atol = 0): string[] {
  const head = header(got, want)
  if (head.length > 0) return head
  const g = valuesOf(got)
  const w = decodeValues(want).map(Number)
  if (g.length !== w.length) return [`length: got ${g.length}, want ${w.length}`]
  const out: string[] = []
  for (let i = 0; i < w.length && out.length < MAX_REPORTED; i++) {
    if (!close(g[i], w[i], rtol, atol)) out.push(`[${i}]: got ${showNum(g[i])}, want ${showNum(w[i])} (diff ${Math.abs(g[i] - w[i])})`)
  }
  return out
}

/** Whether `a` is within tolerance of the reference `b`. */
export function close(a: number, b: number, rtol: number, atol = 0): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a)
  if (!Number.isFinite(b)) return a === b
  return Math.abs(a - b) <= atol + rtol * Math.abs(b)
}

/** The elements of a tensor as numbers, read through `toArray` (the public accessor). */
export function valuesOf(t: Tensor): number[] {
  const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v])
  return flat(t.toArray()).map(Number)
}

/** Shape, dtype, and each element within rtol · bound of the reference (non-finite ones exactly). */
export function withinBound(got: Tensor, want: Encoded, bound: Encoded, rtol: number): string[] {
  if (got.dtype !== want.dtype || got.shape.join() !== want.shape.join()) {
    return [`got ${got.dtype} [${got.shape.join(', ')}], want ${want.dtype} [${want.shape.join(', ')}]`]
  }
  const g = valuesOf(got)
  const w = decodeValues(want).map(Number)
  const b = decodeValues(bound).map(Number)
  const out: string[] = []
  for (let i = 0; i < w.length && out.length < 8; i++) {
    const ok = Number.isFinite(w[i]) ? Math.abs(g[i] - w[i]) <= rtol * b[i] + Number.MIN_VALUE : Object.is(g[i], w[i]) || (g[i] !== g[i] && w[i] !== w[i])
    if (!ok) out.push(`[${i}]: got ${g[i]}, want ${w[i]} (diff ${Math.abs(g[i] - w[i])}, allowed ${rtol * b[i]})`)
  }
  return out
}
