/**
 * Broadcasting binary ops against a naive reference, over every pair of small shapes: the written-out
 * loops of add/sub/mul/div (same shape, a scalar or 0-dim operand first or second, a row repeated
 * along leading dims, a column, which must not take the row loop) and the general strided path of
 * integer and comparison ops. The reference walks output multi-indices and maps each to the inputs
 * by the NumPy rule, written here independently of the library.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { DType, Operand, Tensor } from '../../src/tensor/index.js'

type Op = 'add' | 'sub' | 'mul' | 'div'
const ops: Record<Op, (x: Operand, y: Operand) => Tensor> = { add: T.add, sub: T.sub, mul: T.mul, div: T.div }
const exact: Record<Op, (x: number, y: number) => number> = {
  add: (x, y) => x + y, sub: (x, y) => x - y, mul: (x, y) => x * y, div: (x, y) => x / y,
}

/** Every shape of rank 0..3 with sizes in {1, 2, 3}, and a few with a zero size. */
const shapes: number[][] = [[]]
for (let rank = 1; rank <= 3; rank++) {
  const prev = shapes.filter((s) => s.length === rank - 1)
  for (const p of prev) for (const s of [1, 2, 3]) shapes.push([...p, s])
}
shapes.push([0], [2, 0], [0, 3], [1, 0])

/** The NumPy broadcast of two shapes, or undefined when they do not broadcast. */
function broadcast(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length)
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1
    const y = b[b.length - n + i] ?? 1
    if (x !== y && x !== 1 && y !== 1) return undefined
    out.push(x === 1 ? y : x)
  }
  return out
}

/** Row-major flat index into `shape` of the output multi-index `idx` (right-aligned, size-1 dims pinned). */
function sourceIndex(shape: readonly number[], idx: readonly number[]): number {
  let flat = 0
  const off = idx.length - shape.length
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] === 1 ? 0 : idx[off + d])
  return flat
}

/** All multi-indices of `shape` in row-major order. */
function* indices(shape: readonly number[]): Generator<number[]> {
  const total = shape.reduce((p, s) => p * s, 1)
  for (let k = 0; k < total; k++) {
    const idx = new Array<number>(shape.length)
    let r = k
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = r % shape[d]
      r = Math.floor(r / shape[d])
    }
    yield idx
  }
}

const size = (s: readonly number[]): number => s.reduce((p, v) => p * v, 1)
// Distinct, non-symmetric, non-zero values, exact in float32: 1.25, 1.5, ... (a) and -3, -2.75, ... skipping 0 (b).
const valuesA = (n: number): number[] => Array.from({ length: n }, (_, i) => 1.25 + 0.25 * i)
const valuesB = (n: number): number[] => Array.from({ length: n }, (_, i) => (i < 12 ? -3 + 0.25 * i : 0.25 * (i - 11)))

/** Mismatches of `op(a, b)` against the reference, as readable lines. */
function check(op: Op, dtype: 'float32' | 'float64', sa: number[], sb: number[], round: (v: number) => number): string[] {
  const out = broadcast(sa, sb)!
  const va = valuesA(size(sa))
  const vb = valuesB(size(sb))
  const a = T.tensor(va, { dtype, shape: sa })
  const b = T.tensor(vb, { dtype, shape: sb })
  const got = ops[op](a, b)
  const label = `${op} ${dtype} [${sa}] [${sb}]`
  if (got.dtype !== dtype) return [`${label}: dtype ${got.dtype}`]
  if (got.shape.join(',') !== out.join(',')) return [`${label}: shape [${got.shape}], want [${out}]`]
  const g = got.toTypedArray() as Float32Array | Float64Array
  const bad: string[] = []
  let k = 0
  for (const idx of indices(out)) {
    const want = round(exact[op](va[sourceIndex(sa, idx)], vb[sourceIndex(sb, idx)]))
    if (!Object.is(g[k], want)) bad.push(`${label} at [${idx}]: got ${g[k]}, want ${want}`)
    k++
  }
  return bad
}

const pairs: [number[], number[]][] = []
for (const a of shapes) for (const b of shapes) if (broadcast(a, b) !== undefined) pairs.push([a, b])

describe('add, sub, mul and div broadcast every pair of small shapes like the naive reference', () => {
  it('covers same shapes, scalars, rows, columns and empty shapes in both orders', () => {
    const has = (f: (a: number[], b: number[]) => boolean): boolean => pairs.some(([a, b]) => f(a, b))
    expect(pairs.length).toBeGreaterThan(800)
    expect(has((a, b) => a.join() === '2,3' && b.join() === '2,1')).toBe(true) // column against a full operand
    expect(has((a, b) => a.join() === '3' && b.join() === '2,3')).toBe(true) // row first
    expect(has((a, b) => a.length === 0 && b.join() === '2,0')).toBe(true)
  })
  // + − × ÷ of doubles are correctly rounded; float32 results of float32 inputs equal fround of the exact double result.
  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    it(`${op} float64`, () => {
      expect(pairs.flatMap(([a, b]) => check(op, 'float64', a, b, (v) => v)).slice(0, 8)).toEqual([])
    })
    it(`${op} float32`, () => {
      expect(pairs.flatMap(([a, b]) => check(op, 'float32', a, b, Math.fround)).slice(0, 8)).toEqual([])
    })
  }
})

describe('a JS scalar or 0-dim operand on either side', () => {
  const x = [0.5, 2, -4, 8] // x / 2 and 2 / x are exact in float32
  for (const dtype of ['float32', 'float64'] as const) {
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      it(`${op} ${dtype}: tensor ∘ 2, 2 ∘ tensor, and the same with a 0-dim tensor`, () => {
        const t = T.tensor(x, { dtype, shape: [2, 2] })
        const zero = T.tensor(2, { dtype })
        const right = x.map((v) => exact[op](v, 2))
        const left = x.map((v) => exact[op](2, v))
        for (const [got, want] of [[ops[op](t, 2), right], [ops[op](2, t), left], [ops[op](t, zero), right], [ops[op](zero, t), left]] as const) {
          expect(got.dtype).toBe(dtype)
          expect(got.shape).toEqual([2, 2])
          expect(Array.from(got.toTypedArray() as Float64Array)).toEqual(want)
        }
      })
    }
  }
})

describe('integer and comparison ops broadcast through the general path', () => {
  // int32 mul wraps modulo 2^32 like C; the reference uses Math.imul, sub and add are exact here.
  const intRef: Record<string, (x: number, y: number) => number> = { add: (x, y) => x + y, sub: (x, y) => x - y, mul: Math.imul }
  const cmpRef: Record<string, (x: number, y: number) => boolean> = { lt: (x, y) => x < y, ge: (x, y) => x >= y, eq: (x, y) => x === y }
  const cmp: Record<string, (x: Operand, y: Operand) => Tensor> = { lt: T.lt, ge: T.ge, eq: T.eq }
  const run = (name: string, dtype: DType, f: (x: Operand, y: Operand) => Tensor, ref: (x: number, y: number) => number): string[] =>
    pairs.flatMap(([sa, sb]) => {
      const out = broadcast(sa, sb)!
      // Values chosen so that every ordering occurs: a counts up from -2, b counts down from 3.
      const va = Array.from({ length: size(sa) }, (_, i) => i - 2)
      const vb = Array.from({ length: size(sb) }, (_, i) => 3 - i)
      const got = f(T.tensor(va, { dtype, shape: sa }), T.tensor(vb, { dtype, shape: sb }))
      const g = Array.from(got.toTypedArray() as Int32Array, Number)
      const want = [...indices(out)].map((idx) => ref(va[sourceIndex(sa, idx)], vb[sourceIndex(sb, idx)]))
      return got.shape.join(',') === out.join(',') && g.join(',') === want.join(',') ? [] : [`${name} ${dtype} [${sa}] [${sb}]: got ${g}, want ${want}`]
    })
  for (const name of ['add', 'sub', 'mul']) {
    it(`${name} int32`, () => {
      expect(run(name, 'int32', ops[name as Op], intRef[name]).slice(0, 8)).toEqual([])
    })
  }
  for (const name of ['lt', 'ge', 'eq']) {
    it(`${name} float32 -> bool`, () => {
      expect(run(name, 'float32', cmp[name], (x, y) => (cmpRef[name](x, y) ? 1 : 0)).slice(0, 8)).toEqual([])
    })
  }
})
