/**
 * The matrix kernels' edges that the laws (laws/mm.test.ts) do not reach: the default transpose
 * flags, every argument check with its message, which ranges of one array may be shared by out
 * and an operand, and writes that stay inside out's range when a product spans several 128-row or
 * 1024-column blocks.
 */
import { describe, it, expect } from 'vitest'
import { mmInto, mmIntoAt, mmSmall } from '../../src/kernels/mm.js'
import { mmNaiveInto } from '../../src/kernels/mmNaive.js'
import { mmOffsetCaseArb } from '../../laws/arbitraries/matrix.js'
import { checkOffsetsAgree } from '../../laws/mm.js'

const f64 = (xs: readonly number[]): Float64Array => Float64Array.from(xs)
const zeros = (len: number): Float64Array => new Float64Array(len)

// A = [[1, 2, 3], [4, 5, 6]], B = [[7, 8], [9, 10], [11, 12]]: A·B = [[58, 64], [139, 154]] (by hand).
const A = [1, 2, 3, 4, 5, 6]
const B = [7, 8, 9, 10, 11, 12]
const AB = [58, 64, 139, 154]

describe('transpose flags default to false', () => {
  it('mmInto, mmIntoAt and mmNaiveInto read row-major operands when no flag is given', () => {
    const outs = [zeros(4), zeros(4), zeros(4)]
    mmInto(f64(A), f64(B), outs[0], 2, 3, 2)
    mmIntoAt(f64(A), 0, f64(B), 0, outs[1], 0, 2, 3, 2)
    mmNaiveInto(f64(A), f64(B), outs[2], 2, 3, 2)
    expect(outs.map((o) => [...o])).toEqual([AB, AB, AB])
  })

  it('mmNaiveInto reads transposed operands when asked', () => {
    const out = zeros(4)
    mmNaiveInto(f64([1, 4, 2, 5, 3, 6]), f64([7, 9, 11, 8, 10, 12]), out, 2, 3, 2, true, true)
    expect([...out]).toEqual(AB)
  })
})

describe('length checks of the whole-array kernels', () => {
  // Each array one element too long or too short is refused, with the expected and actual lengths.
  const cases: ReadonlyArray<readonly [string, number, number, number]> = [
    ['a too long', 7, 6, 4], ['b too long', 6, 7, 4], ['out too long', 6, 6, 5],
    ['a too short', 5, 6, 4], ['b too short', 6, 5, 4], ['out too short', 6, 6, 3],
  ]
  it.each(cases)('mmInto: %s', (_, la, lb, lo) => {
    expect(() => mmInto(zeros(la), zeros(lb), zeros(lo), 2, 3, 2)).toThrow(
      `mmInto: for m=2, k=3, n=2 expected lengths a=6, b=6, out=4; got a=${la}, b=${lb}, out=${lo}`)
  })
  it.each(cases)('mmNaiveInto: %s', (_, la, lb, lo) => {
    expect(() => mmNaiveInto(zeros(la), zeros(lb), zeros(lo), 2, 3, 2)).toThrow(
      `mmNaiveInto: for m=2, k=3, n=2 expected lengths a=6, b=6, out=4; got a=${la}, b=${lb}, out=${lo}`)
  })
})

describe('mmIntoAt argument checks', () => {
  it('names the dimension or offset that is not a non-negative integer', () => {
    const call = (m: number, k: number, n: number, aOff: number, bOff: number, outOff: number) => () =>
      mmIntoAt(zeros(64), aOff, zeros(64), bOff, zeros(64), outOff, m, k, n)
    expect(call(-1, 2, 2, 0, 0, 0)).toThrow('mmIntoAt: m must be a non-negative integer, got -1')
    expect(call(2, 1.5, 2, 0, 0, 0)).toThrow('mmIntoAt: k must be a non-negative integer, got 1.5')
    expect(call(2, 2, NaN, 0, 0, 0)).toThrow('mmIntoAt: n must be a non-negative integer, got NaN')
    expect(call(2, 2, 2, -3, 0, 0)).toThrow('mmIntoAt: aOff must be a non-negative integer, got -3')
    expect(call(2, 2, 2, 0, 0.25, 0)).toThrow('mmIntoAt: bOff must be a non-negative integer, got 0.25')
    expect(call(2, 2, 2, 0, 0, -1)).toThrow('mmIntoAt: outOff must be a non-negative integer, got -1')
  })

  it('names the operand that is too short for its matrix at its offset', () => {
    expect(() => mmIntoAt(zeros(6), 0, zeros(5), 0, zeros(4), 0, 2, 3, 2))
      .toThrow('mmIntoAt: b needs 3×2 = 6 elements from offset 0, but its length is 5')
    expect(() => mmIntoAt(zeros(6), 0, zeros(7), 2, zeros(4), 0, 2, 3, 2))
      .toThrow('mmIntoAt: b needs 3×2 = 6 elements from offset 2, but its length is 7')
    expect(() => mmIntoAt(zeros(6), 0, zeros(6), 0, zeros(4), 1, 2, 3, 2))
      .toThrow('mmIntoAt: out needs 2×2 = 4 elements from offset 1, but its length is 4')
  })
})

describe('out and an operand in one array', () => {
  const IN_PLACE = 'mmIntoAt: out overlaps a or b in the same array; the product cannot be formed in place'

  it('is refused when out overlaps a or b by even one element, on either side', () => {
    const shared = zeros(20)
    // a at [4, 10), out at [1, 5): they share element 4.
    expect(() => mmIntoAt(shared, 4, zeros(6), 0, shared, 1, 2, 3, 2)).toThrow(IN_PLACE)
    // b at [4, 10), out at [1, 5); and b at [0, 6), out at [5, 9).
    expect(() => mmIntoAt(zeros(6), 0, shared, 4, shared, 1, 2, 3, 2)).toThrow(IN_PLACE)
    expect(() => mmIntoAt(zeros(6), 0, shared, 0, shared, 5, 2, 3, 2)).toThrow(IN_PLACE)
  })

  it('is allowed when the ranges only touch, and computes the product', () => {
    const shared = zeros(20)
    shared.set(A, 4) // a at [4, 10), out at [0, 4)
    mmIntoAt(shared, 4, f64(B), 0, shared, 0, 2, 3, 2)
    expect([...shared.subarray(0, 4)]).toEqual(AB)
    const shared2 = zeros(20)
    shared2.set(B, 0) // b at [0, 6), out at [6, 10)
    mmIntoAt(f64(A), 0, shared2, 0, shared2, 6, 2, 3, 2)
    expect([...shared2.subarray(6, 10)]).toEqual(AB)
  })

  it('is allowed when out or the operand is empty, wherever it sits', () => {
    // n = 0: out is empty at offset 3, inside a's [0, 6); nothing is written.
    const shared = f64([...A, 7, 7, 7, 7])
    mmIntoAt(shared, 0, zeros(0), 0, shared, 3, 2, 3, 0)
    expect([...shared]).toEqual([...A, 7, 7, 7, 7])
    // k = 0: a is empty at offset 2, inside out's [0, 6); out becomes zeros.
    const shared2 = f64([1, 1, 1, 1, 1, 1, 1])
    mmIntoAt(shared2, 2, zeros(0), 0, shared2, 0, 2, 0, 3)
    expect([...shared2]).toEqual([0, 0, 0, 0, 0, 0, 1])
  })
})

describe('writes stay inside out[outOff, outOff + m·n) on large products', () => {
  // The laws check offsets on small and deep products; these cross the 128-row and 1024-column blocks.
  it('past 128 rows', () => {
    checkOffsetsAgree(mmIntoAt, mmInto, mmOffsetCaseArb({ m: { min: 129, max: 200 }, k: { min: 1, max: 8 }, n: { min: 2, max: 9 } }), 8)
  })
  it('past 1024 columns', () => {
    checkOffsetsAgree(mmIntoAt, mmInto, mmOffsetCaseArb({ m: { min: 2, max: 6 }, k: { min: 1, max: 5 }, n: { min: 1025, max: 1100 } }), 4)
  })
})

describe('mmSmall (tiny products without argument checks)', () => {
  it('gives exactly what mmIntoAt gives, for every shape up to 5×5×5 and every transpose, f32 and f64', () => {
    let checked = 0
    for (const make of [(xs: number[]) => Float32Array.from(xs), (xs: number[]) => Float64Array.from(xs)]) {
      for (let m = 0; m <= 5; m++) for (let k = 0; k <= 5; k++) for (let n = 0; n <= 5; n++) {
        for (const transA of [false, true]) for (const transB of [false, true]) {
          const a = make(Array.from({ length: m * k }, (_, i) => Math.sin(i * 1.3 + m) * 3))
          const b = make(Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.7 + n) / 7))
          const want = make(new Array<number>(m * n).fill(Number.NaN))
          const got = make(new Array<number>(m * n).fill(Number.NaN))
          mmIntoAt(a, 0, b, 0, want, 0, m, k, n, transA, transB)
          mmSmall(a, b, got, m, k, n, transA, transB)
          expect(Array.from(got)).toEqual(Array.from(want))
          checked++
        }
      }
    }
    expect(checked).toBe(2 * 216 * 4)
  })
})
