/**
 * permutation as JAX's `_shuffle` defines it (jax/_src/random.py): `ceil(3·ln(max(1, n)) /
 * ln(2^32 - 1))` rounds, each `key, subkey = split(key)` then a stable sort of the current order by
 * `random_bits(subkey, 32, shape)`. The reference below is written from that text with an ordinary
 * comparison sort, independent of the packed-double sort the implementation uses.
 */
import { describe, expect, it } from 'vitest'
import { bitsArray, key, permutation, split, type Key } from '../../src/random/index.js'
import { shuffleRounds } from '../../src/random/permutation.js'
import { fromStorage } from '../../src/tensor/tensor.js'

function reference(k: Key, n: number): number[] {
  let x = Array.from({ length: n }, (_, i) => i)
  const rounds = Math.ceil((3 * Math.log(Math.max(1, n))) / Math.log(2 ** 32 - 1))
  let cur = k
  for (let r = 0; r < rounds; r++) {
    const [next, sub] = split(cur)
    cur = next
    const sortKeys = bitsArray(sub, n)
    const pairs = x.map((v, i) => ({ v, s: sortKeys[i], i }))
    pairs.sort((a, b) => (a.s !== b.s ? a.s - b.s : a.i - b.i))
    x = pairs.map((p) => p.v)
  }
  return x
}

describe('permutation of a range', () => {
  it('counts rounds as JAX does: one up to 1625 elements, two from 1626', () => {
    expect([0, 1, 2, 1625, 1626, 2_000_000, 3_000_000].map(shuffleRounds)).toEqual([0, 0, 1, 1, 2, 2, 3])
  })

  it('matches the reference for sizes with one and two rounds', () => {
    for (const n of [0, 1, 2, 3, 10, 100, 1625, 1626, 5000]) {
      const p = permutation(key(n), n)
      expect(p.dtype).toBe('int32')
      expect(p.shape).toEqual([n])
      expect([...p.toTypedArray()]).toEqual(reference(key(n), n))
    }
  })

  it('is a permutation, and int64 on request', () => {
    const p = [...permutation(key(3), 1000).toTypedArray()] as number[]
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(p).not.toEqual(Array.from({ length: 1000 }, (_, i) => i))
    const q = permutation(key(3), 1000, { dtype: 'int64' })
    expect(q.dtype).toBe('int64')
    expect([...q.toTypedArray()].map(Number)).toEqual(p)
  })

  it('refuses bad n', () => {
    expect(() => permutation(key(0), -1)).toThrow(RangeError)
    expect(() => permutation(key(0), 2.5)).toThrow(RangeError)
  })
})

describe('permutation of a tensor', () => {
  it('permutes rows by the same permutation as of the range, keeping dtype and shape', () => {
    const k = key(21)
    const perm = [...permutation(k, 4).toTypedArray()] as number[]
    const data = Float32Array.from({ length: 12 }, (_, i) => i * 1.5)
    const before = data.slice()
    const x = fromStorage(data, [4, 3], 'float32')
    const y = permutation(k, x)
    expect(y.shape).toEqual([4, 3])
    expect(y.dtype).toBe('float32')
    const expected = perm.flatMap((r) => [...before.subarray(r * 3, r * 3 + 3)])
    expect([...y.toTypedArray()]).toEqual(expected)
    expect(data).toEqual(before) // the input's storage is untouched
  })

  it('works for int64, float16 and bool storage, and 1-D tensors', () => {
    const k = key(22)
    const perm = [...permutation(k, 5).toTypedArray()] as number[]
    const i64 = permutation(k, fromStorage(BigInt64Array.of(10n, 11n, 12n, 13n, 14n), [5], 'int64'))
    expect([...i64.toTypedArray()]).toEqual(perm.map((p) => BigInt(10 + p)))
    const half = permutation(k, fromStorage(Uint16Array.of(1, 2, 3, 4, 5), [5], 'float16'))
    expect(half.dtype).toBe('float16')
    expect([...half.toTypedArray()]).toEqual(perm.map((p) => p + 1))
    const bools = permutation(k, fromStorage(Uint8Array.of(1, 0, 0, 0, 0), [5, 1], 'bool'))
    expect([...bools.toTypedArray()]).toEqual(perm.map((p) => (p === 0 ? 1 : 0)))
  })

  it('refuses a 0-d tensor, as JAX does for non-integer scalars', () => {
    expect(() => permutation(key(0), fromStorage(Float32Array.of(1), [], 'float32'))).toThrow(/at least 1 dimension/)
  })
})
