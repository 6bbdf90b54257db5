/**
 * Shape bookkeeping (src/tensor/shape.ts) and the strided odometer (src/tensor/strided.ts), called
 * directly: checkShape's messages, row-major and broadcast strides, sameShape, the interned
 * matrix shapes, and stridedOffsets / gather / scatterAdd against offsets enumerated by hand or by
 * a naive multi-index loop written here.
 */
import { describe, it, expect } from 'vitest'
import { broadcastShapes, broadcastStrides, checkShape, matrixShape, sameShape, stridesOf } from '../../src/tensor/shape.js'
import { gather, scatterAdd, stridedOffsets } from '../../src/tensor/strided.js'

describe('checkShape', () => {
  it('refuses a non-array, naming where and what it got', () => {
    expect(() => checkShape(5, 'zeros')).toThrow(new TypeError('zeros: shape must be an array of sizes, got 5'))
    expect(() => checkShape('2,3', 'ones')).toThrow(new TypeError('ones: shape must be an array of sizes, got 2,3'))
  })
  it('refuses a bad size, naming the dim and the whole shape', () => {
    expect(() => checkShape([2, -1, 3], 'zeros')).toThrow(new RangeError('zeros: size at dim 1 must be a non-negative integer, got -1 in [2, -1, 3]'))
    expect(() => checkShape([2, '3'], 'full')).toThrow(new RangeError('full: size at dim 1 must be a non-negative integer, got 3 in [2, 3]'))
    expect(() => checkShape([1.5], 'full')).toThrow(new RangeError('full: size at dim 0 must be a non-negative integer, got 1.5 in [1.5]'))
  })
  it('returns a frozen copy', () => {
    const s = [2, 0, 3]
    const c = checkShape(s, 'x')
    expect(c).toEqual([2, 0, 3])
    expect(c).not.toBe(s)
    expect(Object.isFrozen(c)).toBe(true)
  })
})

describe('strides', () => {
  it('row-major strides in elements', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1])
    expect(stridesOf([5])).toEqual([1])
    expect(stridesOf([])).toEqual([])
  })
  it('broadcast strides: 0 where a size-1 dim is stretched or a dim is added, the own stride where a size-1 dim stays', () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0])
    expect(broadcastStrides([1, 3], [1, 3])).toEqual([3, 1])
    expect(broadcastStrides([2, 1, 3], [2, 1, 3])).toEqual([3, 3, 1])
    expect(broadcastStrides([], [2, 2])).toEqual([0, 0])
  })
})

describe('sameShape', () => {
  it('compares length and every size', () => {
    expect(sameShape([2, 3], [2, 3])).toBe(true)
    expect(sameShape([], [])).toBe(true)
    expect(sameShape([2, 3], [2, 4])).toBe(false)
    expect(sameShape([2, 3], [3, 3])).toBe(false)
    expect(sameShape([2], [2, 1])).toBe(false)
    expect(sameShape([2, 1], [2])).toBe(false)
  })
})

describe('broadcastShapes', () => {
  it('hands back an operand when it is the result, else a fresh shape', () => {
    const a = Object.freeze([2, 3])
    const b = Object.freeze([3])
    expect(broadcastShapes('add', a, b)).toBe(a)
    expect(broadcastShapes('add', b, a)).toBe(a)
    expect(broadcastShapes('add', [2, 1], [1, 3])).toEqual([2, 3])
    expect(broadcastShapes('add', [1], [])).toEqual([1])
    expect(broadcastShapes('add', [], [1, 1])).toEqual([1, 1])
    expect(broadcastShapes('add', [2, 0], [1])).toEqual([2, 0])
  })
})

describe('matrixShape', () => {
  it('is the frozen [m, n] on both sides of the interning bound', () => {
    for (const [m, n] of [[2, 3], [0, 0], [63, 63], [64, 2], [2, 64], [100, 100]]) {
      const s = matrixShape(m, n)
      expect(s).toEqual([m, n])
      expect(Object.isFrozen(s)).toBe(true)
    }
  })
  it('shares one array per small size', () => {
    expect(matrixShape(5, 7)).toBe(matrixShape(5, 7))
    expect(matrixShape(0, 63)).toBe(matrixShape(0, 63))
  })
  it('never hands one size another size\'s shape', () => {
    // Slots m·64 + n collide when n ≥ 64 is interned too: (1, 64) would meet (2, 0), and (2, 64) meet (3, 0).
    const sizes = [[2, 0], [1, 64], [3, 0], [2, 64], [0, 63], [1, 1], [0, 1], [1, 0], [64, 0], [0, 64], [65, 1]]
    for (const [m, n] of sizes) matrixShape(m, n)
    for (const [m, n] of sizes) expect(matrixShape(m, n)).toEqual([m, n])
  })
})

/** Offsets by the definition: for each row-major multi-index, base + Σ index·stride. */
function naiveOffsets(shape: number[], strides: number[], base: number): number[] {
  const total = shape.reduce((p, s) => p * s, 1)
  const out: number[] = []
  for (let k = 0; k < total; k++) {
    let r = k
    let off = base
    for (let d = shape.length - 1; d >= 0; d--) {
      off += (r % shape[d]) * strides[d]
      r = Math.floor(r / shape[d])
    }
    out.push(off)
  }
  return out
}

describe('stridedOffsets, gather and scatterAdd', () => {
  const cases: [number[], number[], number][] = [
    [[2, 3], [3, 1], 0], // row-major
    [[3, 2], [1, 3], 0], // transposed
    [[2, 3, 4], [0, 4, 1], 0], // broadcast along dim 0
    [[2, 2], [4, 2], 1], // a strided slice starting at 1
    [[4], [1], 5],
    [[], [], 2],
    [[2, 0, 3], [0, 3, 1], 0],
  ]
  it('list base + Σ index·stride for every position', () => {
    for (const [shape, strides, base] of cases) {
      const n = shape.reduce((p, s) => p * s, 1)
      expect(Array.from(stridedOffsets(shape, strides, n, base))).toEqual(naiveOffsets(shape, strides, base))
    }
  })
  it('gather reads those offsets into an array of the source type', () => {
    const src = Int16Array.from({ length: 24 }, (_, i) => 100 + i)
    const g = gather(src, [3, 2], [1, 3], 6)
    expect(g).toBeInstanceOf(Int16Array)
    expect(Array.from(g)).toEqual([100, 103, 101, 104, 102, 105])
    expect(Array.from(gather(src, [2, 2], [4, 2], 4, 1))).toEqual([101, 103, 105, 107])
  })
  it('scatterAdd adds each element at its offset, summing where offsets repeat', () => {
    // shape [2, 3] with strides [0, 1] into size 3: dst[j] = src[j] + src[3 + j] = [1+4, 2+5, 3+6].
    expect(Array.from(scatterAdd([1, 2, 3, 4, 5, 6], 3, [2, 3], [0, 1]))).toEqual([5, 7, 9])
    // A slice x[1::2] of a length-5 vector: positions 1 and 3, the rest stay 0.
    expect(Array.from(scatterAdd([10, -20], 5, [2], [2], 1))).toEqual([0, 10, 0, -20, 0])
    expect(Array.from(scatterAdd([], 2, [0], [1]))).toEqual([0, 0])
  })
})
