/**
 * Creation against PyTorch, exactly: arange (integer args give int64, fractional steps float32,
 * negative steps, explicit dtypes), linspace (both ends exact), eye, full, zeros, ones, and
 * `tensor` from nested numbers with each dtype (doubles rounded to the target), booleans and
 * empty nesting. Plus the creation paths PyTorch has no twin for: typed arrays with a shape, and
 * the *Like constructors.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { CreateOptions, DType, NestedData, Tensor } from '../../src/tensor/index.js'
import { decodeValues, loadFixture, type Encoded } from '../fixtures/load.js'
import { closeMismatches, exactMismatches, valuesOf } from './match.js'

interface CreateCase {
  readonly fn: string
  readonly args: readonly (number | boolean | readonly number[] | NestedData)[]
  readonly options: CreateOptions
  readonly out: Encoded
}

const fx = loadFixture<{ readonly cases: readonly CreateCase[] }>('tensor', 'create')

const make = (c: CreateCase): Tensor => {
  const a = c.args as never[]
  const o = c.options
  switch (c.fn) {
    case 'arange': return a.length === 1 ? T.arange(a[0], undefined, 1, o) : T.arange(a[0], a[1], a[2] ?? 1, o)
    case 'linspace': return T.linspace(a[0], a[1], a[2], o)
    case 'eye': return T.eye(a[0], a[1] ?? a[0], o)
    case 'full': return T.full(a[0], a[1], o)
    case 'zeros': return T.zeros(a[0], o)
    case 'ones': return T.ones(a[0], o)
    case 'tensor': return T.tensor(a[0] as NestedData, o)
  }
  throw new Error(`unknown constructor ${c.fn}`)
}

const title = (c: CreateCase): string => `${c.fn}(${JSON.stringify(c.args).slice(1, -1)}${c.options.dtype ? `, ${c.options.dtype}` : ''})`

describe('constructors match PyTorch', () => {
  it.each(fx.cases.filter((c) => c.fn !== 'linspace').map((c) => [title(c), c] as const))('%s', (_, c) => {
    expect(exactMismatches(make(c), c.out).join('\n')).toBe('')
  })

  // PyTorch's CPU linspace computes start + i·step (first half) and end − (n−1−i)·step (second half)
  // in the target dtype, with vector-width-dependent grouping, so interior points may differ by a
  // few ulp of the larger end from any other evaluation order. The ends, dtype and shape are exact.
  it.each(fx.cases.filter((c) => c.fn === 'linspace').map((c) => [title(c), c] as const))('%s', (_, c) => {
    const got = make(c)
    const [a, b, steps] = c.args as number[]
    const eps = c.out.dtype === 'float64' ? 2 ** -52 : c.out.dtype === 'float32' ? 2 ** -23 : 2 ** -10
    expect(closeMismatches(got, c.out, 0, 4 * eps * Math.max(Math.abs(a), Math.abs(b))).join('\n')).toBe('')
    const want = decodeValues(c.out).map(Number)
    const ends = valuesOf(got)
    expect([ends[0], ends[steps - 1]]).toEqual([want[0], want[steps - 1]])
  })
})

describe('typed arrays and *Like', () => {
  it('a typed array with a shape keeps its dtype unless one is given', () => {
    const cases: readonly [ArrayLike<number | bigint>, DType][] = [
      [new Float32Array([1, 2, 3, 4, 5, 6]), 'float32'], [new Float64Array([1, 2, 3, 4, 5, 6]), 'float64'],
      [new Int32Array([1, 2, 3, 4, 5, 6]), 'int32'], [new Int16Array([1, 2, 3, 4, 5, 6]), 'int16'],
      [new Int8Array([1, 2, 3, 4, 5, 6]), 'int8'], [new Uint8Array([1, 2, 3, 4, 5, 6]), 'uint8'],
      [new BigInt64Array([1n, 2n, 3n, 4n, 5n, 6n]), 'int64'],
    ]
    for (const [data, dtype] of cases) {
      const t = T.tensor(data as Float32Array, { shape: [2, 3] })
      expect([t.dtype, t.shape, t.toArray()]).toEqual([dtype, [2, 3], [[1, 2, 3], [4, 5, 6]]])
    }
    const half = T.tensor(new Uint16Array([0x3c00, 0xc000]), { dtype: 'float16' })
    expect([half.dtype, half.toArray()]).toEqual(['float16', [1, -2]])
    const bf = T.tensor(new Uint16Array([0x3f80, 0x4040]), { dtype: 'bfloat16' })
    expect(bf.toArray()).toEqual([1, 3])
    expect(T.tensor(new Float64Array([0.1]), { dtype: 'float32' }).toTypedArray()).toEqual(new Float32Array([0.1]))
  })

  it('zerosLike, onesLike and fullLike copy shape and dtype', () => {
    const x = T.zeros([2, 3], { dtype: 'int32' })
    expect([T.onesLike(x).dtype, T.onesLike(x).shape, T.onesLike(x).toArray()]).toEqual(['int32', [2, 3], [[1, 1, 1], [1, 1, 1]]])
    expect(T.zerosLike(x, { dtype: 'float16' }).toTypedArray()).toEqual(new Uint16Array(6))
    expect(T.fullLike(x, -4).toArray()).toEqual([[-4, -4, -4], [-4, -4, -4]])
  })

  it('nested numbers default to float32, booleans to bool, bigints to int64', () => {
    expect([T.tensor([1, 2]).dtype, T.tensor([true]).dtype, T.tensor([1n, 2n]).dtype, T.tensor(3).dtype])
      .toEqual(['float32', 'bool', 'int64', 'float32'])
    expect(T.tensor([9007199254740993n]).toTypedArray()).toEqual(new BigInt64Array([9007199254740993n]))
  })

  it('item, toArray, ndim and size read back what was built', () => {
    const x = T.tensor([[1.5, -2], [3, 4]], { dtype: 'float64' })
    expect([x.ndim, x.size, x.toArray(), T.tensor(7, { dtype: 'int32' }).item(), T.tensor(true).item()])
      .toEqual([2, 4, [[1.5, -2], [3, 4]], 7, true])
  })
})
