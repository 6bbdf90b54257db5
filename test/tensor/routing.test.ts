/**
 * mapBinary's routes for add/sub/mul/div at the sizes where the cpu device's elementwise kernel runs
 * WebAssembly (256 elements and more): same shape, a scalar or 0-dim operand on either side, a row
 * repeated along leading dims on either side (shorter and longer than the kernel's chunk), and the
 * shapes that must take the general strided loop (a column, an inner size-1 dim). Every route is
 * checked with Object.is (each bit, -0 included, any NaN for NaN) against one naive reference: the
 * op in double arithmetic, rounded to float32 with Math.fround for float32, on inputs mapped by the
 * NumPy rule written out here. The equivalent mutants recorded for src/tensor/elementwise.ts
 * (scripts/mutationEquivalents/tensor.ts) rest on this: a mutant that only moves a call from one
 * route to another cannot change a value.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { Operand, Tensor } from '../../src/tensor/index.js'

type Op = 'add' | 'sub' | 'mul' | 'div'
type Float = 'float32' | 'float64'
const ops: Record<Op, (x: Operand, y: Operand) => Tensor> = { add: T.add, sub: T.sub, mul: T.mul, div: T.div }
const exact: Record<Op, (x: number, y: number) => number> = {
  add: (x, y) => x + y, sub: (x, y) => x - y, mul: (x, y) => x * y, div: (x, y) => x / y,
}
const roundTo: Record<Float, (v: number) => number> = { float32: Math.fround, float64: (v) => v }

/** Values that stress rounding and IEEE corners, each exact in float32. */
const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1, -1, 3, 1e-40, -1e-40, 3e38, -3e38, 1e-30, 0.1, 2 ** -126, 16777217]

/** `n` float32-exact values of one operand: the specials, then a seeded spread of magnitudes and signs. */
function values(n: number, seed: number): number[] {
  let s = seed >>> 0
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
  return Array.from({ length: n }, (_, i) => {
    if (i < SPECIAL.length) return Math.fround(SPECIAL[(i + seed) % SPECIAL.length])
    const mag = 2 ** Math.floor(next() * 40 - 20)
    return Math.fround((next() < 0.5 ? -1 : 1) * mag * (1 + next()))
  })
}

/** The NumPy broadcast of two shapes (the cases below all broadcast). */
function broadcast(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length)
  return Array.from({ length: n }, (_, i) => {
    const x = a[a.length - n + i] ?? 1
    const y = b[b.length - n + i] ?? 1
    return x === 1 ? y : x
  })
}

/** Row-major flat index into `shape` of output position `k` of `out` (right-aligned, size-1 dims pinned). */
function sourceIndex(shape: readonly number[], out: readonly number[], k: number): number {
  const idx = new Array<number>(out.length)
  for (let d = out.length - 1; d >= 0; d--) {
    idx[d] = k % out[d]
    k = Math.floor(k / out[d])
  }
  let flat = 0
  const off = out.length - shape.length
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] === 1 ? 0 : idx[off + d])
  return flat
}

const size = (s: readonly number[]): number => s.reduce((p, v) => p * v, 1)

/** An operand: a shape (a tensor of that shape) or `'js'` (the JS number 2.5, a 0-dim tensor after promotion). */
type Side = readonly number[] | 'js'

/** Mismatches of `op(a, b)` against the reference, as readable lines (at most a few). */
function check(op: Op, dtype: Float, sa: Side, sb: Side): string[] {
  const shapeA = sa === 'js' ? [] : sa
  const shapeB = sb === 'js' ? [] : sb
  const out = broadcast(shapeA, shapeB)
  const va = sa === 'js' ? [2.5] : values(size(shapeA), 1)
  const vb = sb === 'js' ? [2.5] : values(size(shapeB), 7)
  const a: Operand = sa === 'js' ? 2.5 : T.tensor(va, { dtype, shape: shapeA })
  const b: Operand = sb === 'js' ? 2.5 : T.tensor(vb, { dtype, shape: shapeB })
  const got = ops[op](a, b)
  const label = `${op} ${dtype} ${sa === 'js' ? 'js' : `[${sa}]`} ${sb === 'js' ? 'js' : `[${sb}]`}`
  if (got.dtype !== dtype) return [`${label}: dtype ${got.dtype}`]
  if (got.shape.join(',') !== out.join(',')) return [`${label}: shape [${got.shape}], want [${out}]`]
  const g = got.toTypedArray() as Float32Array | Float64Array
  const bad: string[] = []
  for (let k = 0; k < g.length && bad.length < 5; k++) {
    const want = roundTo[dtype](exact[op](va[sourceIndex(shapeA, out, k)], vb[sourceIndex(shapeB, out, k)]))
    if (!Object.is(g[k], want)) bad.push(`${label} at ${k}: got ${g[k]}, want ${want}`)
  }
  return bad
}

/** The routes, each as operand pairs (the kernel's WebAssembly path needs 256 elements or more). */
const routes: Record<string, readonly (readonly [Side, Side])[]> = {
  'same shape': [[[3, 100], [3, 100]], [[300], [1, 300]], [[1, 300], [300]]],
  'a scalar or 0-dim operand on either side': [[[3, 100], 'js'], ['js', [3, 100]], [[3, 100], []], [[], [3, 100]], [[3, 100], [1, 1]]],
  'a row repeated along leading dims, on either side': [
    [[3, 100], [100]], [[100], [3, 100]], [[3, 100], [1, 100]], [[3, 100], [1, 1, 100]], [[1, 100], [2, 3, 100]],
    [[2, 3, 100], [3, 100]], [[3, 100], [2, 3, 100]],
  ],
  'a row longer than the kernel chunk (16,384 elements)': [[[2, 17000], [17000]], [[17000], [2, 17000]]],
  'the general strided loop (a column, an inner size-1 dim)': [
    [[3, 100], [3, 1]], [[3, 1], [3, 100]], [[3, 1], [1, 100]], [[2, 3, 100], [2, 1, 100]], [[2, 1, 100], [2, 3, 100]],
  ],
}

describe('add, sub, mul and div give the naive reference bit for bit on every route, at WebAssembly sizes', () => {
  it('reaches both kernel implementations: every case below has at least 256 elements', () => {
    for (const cases of Object.values(routes)) {
      for (const [sa, sb] of cases) expect(size(broadcast(sa === 'js' ? [] : sa, sb === 'js' ? [] : sb))).toBeGreaterThanOrEqual(256)
    }
  })
  for (const [route, cases] of Object.entries(routes)) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${route}, ${dtype}`, () => {
        const bad = (['add', 'sub', 'mul', 'div'] as const).flatMap((op) => cases.flatMap(([sa, sb]) => check(op, dtype, sa, sb)))
        expect(bad).toEqual([])
      })
    }
  }
})
