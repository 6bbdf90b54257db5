import { describe, expect, it } from 'vitest'
import { mmInto, mmIntoAt } from '../src/kernels/mm.js'
import { mmNaiveInto } from '../src/kernels/mmNaive.js'
import { mmCaseArb, mmOffsetCaseArb, mmPairArb, mmTripleArb, type MmShapeOptions } from './arbitraries/matrix.js'
import {
  checkAssociative, checkCloseToNaive, checkDistributive, checkEqualsNaive, checkIdentity, checkInputsUnchanged,
  checkOffsetsAgree, checkOverwritesOutput, checkTransposeOfProduct, type MmKernel,
} from './mm.js'

const mmAtZero: MmKernel = (a, b, out, m, k, n, tA, tB) => mmIntoAt(a, 0, b, 0, out, 0, m, k, n, tA, tB)

/** Kernels under test; the naive reference is checked by the algebraic laws too. */
const kernels: ReadonlyArray<readonly [string, MmKernel]> = [
  ['mmInto', mmInto],
  ['mmIntoAt at offset 0', mmAtZero],
  ['mmNaiveInto', mmNaiveInto],
]
const fast = kernels.filter(([name]) => name !== 'mmNaiveInto')

/** Shape classes: mostly small (direct loop and first tiles), then ones that cross each blocking boundary. */
const shapes: ReadonlyArray<readonly [string, MmShapeOptions, number]> = [
  ['small', {}, 100],
  ['tiled', { m: { min: 2, max: 40 }, k: { max: 40 }, n: { min: 2, max: 40 } }, 60],
  ['deep (several 256-deep panels)', { m: { min: 2, max: 14 }, k: { min: 250, max: 600 }, n: { min: 2, max: 14 } }, 15],
  ['tall (past 128 rows)', { m: { min: 120, max: 140 }, k: { max: 12 }, n: { min: 2, max: 12 } }, 10],
  ['wide (past 1024 columns)', { m: { min: 2, max: 6 }, k: { max: 6 }, n: { min: 1020, max: 1035 } }, 8],
]

describe.each(fast)('%s against the naive reference', (_, kernel) => {
  it.each(shapes)('close on float entries: %s', (_s, o, runs) => checkCloseToNaive(kernel, mmCaseArb(o), runs))
  it.each(shapes)('exact on small integers: %s', (_s, o, runs) => checkEqualsNaive(kernel, mmCaseArb({ ...o, values: 'smallInt' }), runs))
})

describe.each(kernels)('%s algebra on small integers (exact)', (_, kernel) => {
  it('(AB)C = A(BC)', () => checkAssociative(kernel, mmTripleArb({ m: { max: 30 }, k: { max: 30 }, n: { max: 30 }, q: { max: 30 } }), 60))
  it('A(B+C) = AB + AC', () => checkDistributive(kernel, mmPairArb({ m: { max: 30 }, k: { max: 30 }, n: { max: 30 } }), 60))
  it('I·A = A = A·I', () => checkIdentity(kernel))
  it('(AB)ᵀ = BᵀAᵀ', () => checkTransposeOfProduct(kernel))
  it('(AB)ᵀ = BᵀAᵀ past a panel', () => checkTransposeOfProduct(kernel, mmCaseArb({ ...shapes[2][1], values: 'smallInt' }), 10))
})

describe.each(kernels)('%s leaves inputs alone and writes all of out', (_, kernel) => {
  it.each(shapes.slice(0, 3))('inputs unchanged: %s', (_s, o, runs) => checkInputsUnchanged(kernel, mmCaseArb(o), runs))
  it.each(shapes.slice(0, 3))('out fully overwritten: %s', (_s, o, runs) => checkOverwritesOutput(kernel, mmCaseArb(o), runs))
})

describe('mmIntoAt agrees with mmInto', () => {
  it.each(shapes.slice(0, 3))('%s', (_s, o, runs) => checkOffsetsAgree(mmIntoAt, mmInto, mmOffsetCaseArb(o), runs))
})

describe('mmInto worked example and argument checks', () => {
  it('multiplies a 2×3 by a 3×2 (hand-computed), in every transpose layout', () => {
    // A = [[1, 2, 3], [4, 5, 6]], B = [[7, 8], [9, 10], [11, 12]], A·B = [[58, 64], [139, 154]]
    const a = [1, 2, 3, 4, 5, 6], aT = [1, 4, 2, 5, 3, 6]
    const b = [7, 8, 9, 10, 11, 12], bT = [7, 9, 11, 8, 10, 12]
    for (const [x, tA] of [[a, false], [aT, true]] as const) {
      for (const [y, tB] of [[b, false], [bT, true]] as const) {
        const out = new Float64Array(4)
        mmInto(Float64Array.from(x), Float64Array.from(y), out, 2, 3, 2, tA, tB)
        expect([...out]).toEqual([58, 64, 139, 154])
      }
    }
  })

  it('k = 0 gives zeros; m or n = 0 writes nothing', () => {
    const out = new Float32Array(6).fill(7)
    mmInto(new Float32Array(0), new Float32Array(0), out, 2, 0, 3)
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0])
    const untouched = new Float32Array(9).fill(7)
    mmIntoAt(new Float32Array(0), 0, new Float32Array(12), 0, untouched, 3, 0, 4, 3)
    expect([...untouched]).toEqual(Array(9).fill(7))
  })

  it('refuses wrong lengths, bad dims and in-place products with a clear message', () => {
    const f = (len: number) => new Float64Array(len)
    expect(() => mmInto(f(6), f(6), f(4), 2, 3, 3)).toThrow(/mmInto: for m=2, k=3, n=3 expected lengths a=6, b=9, out=6; got a=6, b=6, out=4/)
    expect(() => mmIntoAt(f(6), 0, f(6), 0, f(4), 0, 2, -3, 2)).toThrow(/k must be a non-negative integer, got -3/)
    expect(() => mmIntoAt(f(6), 0.5, f(6), 0, f(4), 0, 2, 3, 2)).toThrow(/aOff must be a non-negative integer, got 0.5/)
    expect(() => mmIntoAt(f(6), 1, f(6), 0, f(4), 0, 2, 3, 2)).toThrow(/a needs 2×3 = 6 elements from offset 1, but its length is 6/)
    const shared = f(20)
    expect(() => mmIntoAt(shared, 0, f(6), 0, shared, 4, 2, 3, 2)).toThrow(/out overlaps a or b/)
    expect(() => mmIntoAt(shared, 0, f(6), 0, shared, 6, 2, 3, 2)).not.toThrow()
  })
})
