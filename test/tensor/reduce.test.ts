/**
 * Reductions and softmax against PyTorch: sum, mean, max, min, argmax, argmin, var (correction 0
 * and 1), std and prod over all dims, one dim, a negative dim and a list of dims, with and without
 * keepdim, on 3-D float32 and float64 tensors; NaN propagation and first-index ties; integer and
 * bool sums to int64; softmax and logSoftmax over every dim, including large magnitudes.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { Tensor } from '../../src/tensor/index.js'
import { decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { closeMismatches, exactMismatches } from './match.js'

type Dim = number | readonly number[] | null
interface ReduceCase { readonly op: string; readonly x: string; readonly dim: Dim; readonly keepdim: boolean; readonly out: Encoded; readonly beyond53?: boolean }
interface SoftCase { readonly op: 'softmax' | 'logSoftmax'; readonly x: string; readonly dim: number; readonly out: Encoded }
interface ReduceFixture {
  readonly inputs: readonly { readonly name: string; readonly x: Encoded }[]
  readonly float: readonly ReduceCase[]
  readonly int: readonly ReduceCase[]
  readonly softmax: readonly SoftCase[]
}

const fx = loadFixture<ReduceFixture>('tensor', 'reduce')
const inputs = new Map(fx.inputs.map((i) => [i.name, i.x]))
const input = (name: string): Tensor => decodeTensor(inputs.get(name)!)

type Options = { dim?: number | readonly number[]; keepdim?: boolean }
const ops: Record<string, (x: Tensor, o: Options) => Tensor> = {
  sum: T.sum, mean: T.mean, max: T.max, min: T.min, prod: T.prod, argmax: T.argmax, argmin: T.argmin,
  var0: (x, o) => T.var(x, { ...o, correction: 0 }), var1: (x, o) => T.var(x, { ...o, correction: 1 }), std: T.std,
}

const options = (c: ReduceCase): Options => (c.dim === null ? { keepdim: c.keepdim } : { dim: c.dim, keepdim: c.keepdim })
const title = (c: ReduceCase): string => `${c.op}(${c.x}, dim=${JSON.stringify(c.dim)}, keepdim=${c.keepdim})`

// float32 sums of 60 O(1) values: PyTorch sums in float32 (cascade), ours in float64, so they may
// differ by a few float32 roundings of the partial sums.
const tol = (dtype: string): [number, number] => (dtype === 'float64' ? [1e-12, 1e-14] : [1e-6, 2e-6])

describe('float reductions match PyTorch', () => {
  it('cover every op, dim form and keepdim', () => {
    const seen = new Set(fx.float.map((c) => `${c.op}|${JSON.stringify(c.dim)}|${c.keepdim}`))
    expect(seen.size).toBeGreaterThanOrEqual(90)
  })
  const mismatches = (c: ReduceCase): string[] => {
    const got = ops[c.op](input(c.x), options(c))
    const exact = c.op === 'argmax' || c.op === 'argmin' || c.op === 'max' || c.op === 'min'
    return exact ? exactMismatches(got, c.out) : closeMismatches(got, c.out, ...tol(c.out.dtype))
  }
  const zeroDim = (c: ReduceCase): boolean => inputs.get(c.x)!.shape.length === 0
  it.each(fx.float.filter((c) => !zeroDim(c)).map((c) => [title(c), c] as const))('%s', (_, c) => {
    expect(mismatches(c).join('\n')).toBe('')
  })
  it('a 0-dim tensor reduces over dim 0 or -1 to itself (every op, keepdim or not)', () => {
    const cases = fx.float.filter(zeroDim)
    expect(cases.length).toBe(36)
    expect(cases.flatMap((c) => mismatches(c).map((m) => `${title(c)} ${m}`)).join('\n')).toBe('')
  })
})

describe('integer reductions are exact; integer and bool sums give int64', () => {
  it.each(fx.int.filter((c) => !c.beyond53).map((c) => [title(c), c] as const))('%s', (_, c) => {
    expect(exactMismatches(ops[c.op](input(c.x), options(c)), c.out).join('\n')).toBe('')
  })
  it.each(fx.int.filter((c) => c.beyond53).map((c) => [title(c), c] as const))('int64 beyond 2^53: %s', (_, c) => {
    expect(exactMismatches(ops[c.op](input(c.x), options(c)), c.out).join('\n')).toBe('')
  })
})

describe('softmax and logSoftmax match PyTorch', () => {
  it.each(fx.softmax.map((c) => [`${c.op}(${c.x}, ${c.dim})`, c] as const))('%s', (_, c) => {
    const x = input(c.x)
    const got = c.op === 'softmax' ? T.softmax(x, c.dim) : T.logSoftmax(x, c.dim)
    const [rtol, atol] = c.out.dtype === 'float64' ? [1e-12, 1e-15] : [2e-6, 1e-7]
    expect(closeMismatches(got, c.out, rtol, atol).join('\n')).toBe('')
    // The method form agrees with the function.
    const viaMethod = c.op === 'softmax' ? x.softmax(c.dim) : x.logSoftmax(c.dim)
    expect(viaMethod.toTypedArray()).toEqual(got.toTypedArray())
  })
})

describe('reductions in their other forms', () => {
  it('data-last and method forms agree with data-first', () => {
    const x = input(fx.float[0].x)
    const first = T.sum(x, { dim: 1 })
    expect((T.sum as (o: Options) => (x: Tensor) => Tensor)({ dim: 1 })(x).toTypedArray()).toEqual(first.toTypedArray())
    expect(x.sum({ dim: 1 }).toTypedArray()).toEqual(first.toTypedArray())
    expect(x.var({ dim: [0, 2], correction: 0 }).toTypedArray()).toEqual(T.var(x, { dim: [0, 2], correction: 0 }).toTypedArray())
  })
})

describe('a sum over leading dims (column sums) adds as the general path does', () => {
  // The general path (reduced dims moved innermost) runs when the same dims come last instead.
  const cases: [readonly number[], number, T.DType][] = [
    [[128, 10], 1, 'float32'], [[7, 3, 5], 1, 'float64'], [[7, 3, 5], 2, 'float32'], [[4, 1, 6], 2, 'float16'],
    [[3, 2, 2, 3], 3, 'bfloat16'], [[1, 9], 1, 'float64'],
  ]
  it.each(cases)('shape %j over its first %i dims, %s', (shape, lead, dtype) => {
    const n = shape.reduce((a, b) => a * b, 1)
    const x = T.tensor(Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3)), { dtype }).reshape(shape)
    const nd = shape.length
    const order = [...Array(nd).keys()].slice(lead).concat([...Array(lead).keys()])
    const reference = x.permute(order).sum({ dim: [...Array(lead).keys()].map((d) => nd - lead + d) })
    for (const keepdim of [false, true]) {
      const got = x.sum({ dim: lead === 1 ? 0 : [...Array(lead).keys()], keepdim })
      expect(got.shape).toEqual(keepdim ? shape.map((s, d) => (d < lead ? 1 : s)) : shape.slice(lead))
      expect(got.toTypedArray()).toEqual(reference.toTypedArray())
    }
  })
})
