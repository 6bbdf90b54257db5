/**
 * Reductions at their edges, against PyTorch (scripts/fixtures/reduce.py): half-precision sums whose
 * float64 total must round through float32 as PyTorch's float32 accumulation does, signed zeros and
 * NaN in max/min/argmax/argmin, int64 extremes beyond 2^53, var/std with a large mean and each
 * correction, all/any over every dtype kind, empty groups, and options left at their defaults.
 * Then sums over several dims against a naive row-major loop, where the order of the additions
 * shows in the float64 result.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { Tensor } from '../../src/tensor/index.js'
import { decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { closeMismatches, exactMismatches } from './match.js'

interface Options { readonly dim?: number | readonly number[]; readonly keepdim?: boolean; readonly correction?: number }
interface Case { readonly op: string; readonly x: Encoded; readonly options: Options; readonly out: Encoded }

const fx = loadFixture<{ readonly reductions: readonly Case[] }>('tensor', 'reduceEdges')

const ops: Record<string, (x: Tensor, o?: Options) => Tensor> = {
  sum: T.sum, mean: T.mean, prod: T.prod, max: T.max, min: T.min, argmax: T.argmax, argmin: T.argmin,
  all: T.all, any: T.any, var: T.var, std: T.std,
}

const title = (c: Case): string => `${c.op}(${c.x.dtype} [${c.x.shape.join(',')}] ${JSON.stringify(c.x.data)}, ${JSON.stringify(c.options)})`

/** The options exactly as the fixture gives them: an omitted key stays omitted, so defaults apply. */
const call = (c: Case): Tensor => (Object.keys(c.options).length === 0 ? ops[c.op](decodeTensor(c.x)) : ops[c.op](decodeTensor(c.x), c.options))

describe('reductions at their edges match PyTorch', () => {
  it('the fixture covers every op', () => {
    expect(new Set(fx.reductions.map((c) => c.op))).toEqual(new Set(Object.keys(ops)))
  })
  it.each(fx.reductions.map((c) => [title(c), c] as const))('%s', (_, c) => {
    const got = call(c)
    // var/std in float64 of values near 1e9: the reference is float64 too, so agreement is to a few ulps.
    const exact = !(c.op === 'var' || c.op === 'std')
    const problems = exact ? exactMismatches(got, c.out) : closeMismatches(got, c.out, c.out.dtype === 'float64' ? 1e-12 : 1e-6)
    expect(problems.join('\n')).toBe('')
  })
})

describe('the data-last form and the method form use the same defaults', () => {
  it('sum(), all(), any() and var() with no options reduce everything', () => {
    const x = T.tensor([[1, 0, 2], [3, 4, 0.5]], { dtype: 'float64' })
    expect(T.sum()(x).item()).toBe(10.5)
    expect(T.all()(x).item()).toBe(false)
    expect(T.any()(x).item()).toBe(true)
    // var with the default correction 1: mean 10.5 / 6 = 1.75, deviations -0.75, -1.75, 0.25, 1.25,
    // 2.25, -1.25, squares 0.5625 + 3.0625 + 0.0625 + 1.5625 + 5.0625 + 1.5625 = 11.875, / (6 - 1).
    expect(T.var()(x).item()).toBeCloseTo(11.875 / 5, 14)
    expect(T.var(x).item()).toBeCloseTo(11.875 / 5, 14)
    expect(T.var(x, { correction: 2 }).item()).toBeCloseTo(11.875 / 4, 14)
  })
  it('any non-tensor first argument is taken as the options of a data-last call', () => {
    const x = T.tensor([[1, 2], [3, 4]])
    // null and a number are not options, so the call they make fails only once it runs.
    for (const bad of [null, 5, 'dim']) {
      const f = (T.sum as unknown as (o: unknown) => (x: Tensor) => Tensor)(bad)
      expect(typeof f).toBe('function')
      if (bad === null) expect(() => f(x)).toThrow(TypeError)
    }
    expect(T.sum({ dim: 0 })(x).toArray()).toEqual([4, 6])
  })
})

/** Σ over the reduced dims in row-major order of those dims (increasing dim order), in float64. */
function naiveSum(x: Tensor, dims: readonly number[]): number[] {
  const shape = x.shape
  const v = Array.from(x.toTypedArray() as Float64Array)
  const kept = shape.map((_, d) => d).filter((d) => !dims.includes(d))
  const red = shape.map((_, d) => d).filter((d) => dims.includes(d))
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1))
  const index = (dimsOf: number[], i: number): number[] => {
    const out: number[] = []
    for (let j = dimsOf.length - 1; j >= 0; j--) {
      out[j] = i % shape[dimsOf[j]]
      i = Math.floor(i / shape[dimsOf[j]])
    }
    return out
  }
  const count = (ds: number[]): number => ds.reduce((a, d) => a * shape[d], 1)
  const result: number[] = []
  for (let k = 0; k < count(kept); k++) {
    const ki = index(kept, k)
    let acc = 0
    for (let r = 0; r < count(red); r++) {
      const ri = index(red, r)
      let off = 0
      kept.forEach((d, j) => (off += ki[j] * strides[d]))
      red.forEach((d, j) => (off += ri[j] * strides[d]))
      acc += v[off]
    }
    result.push(acc)
  }
  return result
}

describe('a sum over several dims adds in row-major order of the reduced dims, whatever order they are named in', () => {
  // 1e16 + 1 rounds back to 1e16 (the spacing there is 2), so the order of the additions shows:
  // row-major over dims (0, 2) adds 1e16, 1, -1e16, 1 → 1; adding 1e16 and -1e16 first would give 2.
  const x = T.tensor([1e16, 1, 3, 5, -1e16, 1, 7, 9], { dtype: 'float64' }).reshape([2, 2, 2])
  it.each([[[0, 2]], [[2, 0]], [[-1, 0]], [[0, -1]], [[2, 1, 0]], [[1, 2]], [[2, 1]], [[0, 1]]])('dims %j', (dims) => {
    const sorted = dims.map((d) => (d < 0 ? d + 3 : d)).sort((a, b) => a - b)
    const want = naiveSum(x, sorted)
    expect(Array.from(T.sum(x, { dim: dims }).toTypedArray() as Float64Array)).toEqual(want)
    expect(Array.from(T.mean(x, { dim: dims }).toTypedArray() as Float64Array)).toEqual(want.map((s) => s / sorted.reduce((a, d) => a * 2, 1)))
  })
  it('the reference itself tells the orders apart', () => {
    // j = 1 sees 3, 5, 7, 9 either way: 24.
    expect(naiveSum(x, [0, 2])).toEqual([1, 24])
    expect(naiveSum(T.permute(x, [2, 1, 0]), [0, 2])).toEqual([2, 24])
  })
})

describe('argmax and argmin over several dims index the reduced dims flattened in increasing dim order', () => {
  // x[i, j, k] = values below; over dims {0, 2} each j sees (i, k) in order (0,0), (0,1), (1,0), (1,1).
  const x = T.tensor([[[1, 8], [0, 0]], [[9, 2], [5, -5]]], { dtype: 'float32' })
  it.each([[[0, 2]], [[2, 0]]])('dims %j', (dims) => {
    // j = 0: values 1, 8, 9, 2 → max at 2, min at 0; j = 1: values 0, 0, 5, -5 → max at 2, min at 3.
    expect(T.argmax(x, { dim: dims }).toArray()).toEqual([2, 2])
    expect(T.argmin(x, { dim: dims }).toArray()).toEqual([0, 3])
    expect(T.argmax(T.long(x), { dim: dims }).toArray()).toEqual([2, 2])
    expect(T.argmin(T.long(x), { dim: dims }).toArray()).toEqual([0, 3])
  })
})
