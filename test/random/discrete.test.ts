/**
 * bernoulli and randint: JAX's definitions (jax/_src/random.py `_bernoulli`, `_randint`) checked
 * through the public API, edge cases from JAX's tests, and ranges for every integer dtype.
 * Documented values for both live in distributionValues.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { bernoulli, bitsArray, key, randint, split, uniform } from '../../src/random/index.js'
import { fromStorage } from '../../src/tensor/tensor.js'

describe('bernoulli', () => {
  it('is uniform(key, shape) < p, in float32 for a number p (JAX _bernoulli)', () => {
    const k = key(8)
    const u = uniform(k, [500]).toTypedArray() as Float32Array
    const b = bernoulli(k, 0.3, [500])
    expect(b.dtype).toBe('bool')
    expect([...b.toTypedArray()]).toEqual([...u].map((v) => (v < Math.fround(0.3) ? 1 : 0)))
  })

  it('p = 0 is never true, p = 1 always, default p = 0.5 and shape []', () => {
    const k = key(1)
    expect(bernoulli(k, 0, [100]).toTypedArray().every((v) => v === 0)).toBe(true)
    expect(bernoulli(k, 1, [100]).toTypedArray().every((v) => v === 1)).toBe(true)
    const d = bernoulli(k)
    expect(d.shape).toEqual([])
    expect([...d.toTypedArray()]).toEqual([...bernoulli(k, 0.5, []).toTypedArray()])
  })

  it('broadcasts a tensor p to shape and compares in its dtype', () => {
    const k = key(4)
    const p = fromStorage(Float64Array.of(0.25, 0.75), [2], 'float64')
    const u = uniform(k, [3, 2], { dtype: 'float64' }).toTypedArray() as Float64Array
    const b = bernoulli(k, p, [3, 2])
    expect(b.shape).toEqual([3, 2])
    expect([...b.toTypedArray()]).toEqual([...u].map((v, i) => (v < (i % 2 === 0 ? 0.25 : 0.75) ? 1 : 0)))
    expect(bernoulli(k, p).shape).toEqual([2])
  })

  it('refuses bad p and shapes', () => {
    expect(() => bernoulli(key(0), fromStorage(Int32Array.of(1), [1], 'int32'))).toThrow(/floating dtype/)
    expect(() => bernoulli(key(0), fromStorage(Float32Array.of(0.1, 0.2), [2], 'float32'), [3])).toThrow(RangeError)
    expect(() => bernoulli(key(0), '0.5' as never)).toThrow(TypeError)
  })
})

describe('randint', () => {
  it('returns minval when maxval <= minval (JAX testIssue222)', () => {
    expect([...randint(key(10003), [], 0, 0).toTypedArray()]).toEqual([0])
    expect([...randint(key(1), [4], 5, 2).toTypedArray()]).toEqual([5, 5, 5, 5])
  })

  it('uint8 over [0, 256): the span wraps to 0 and the value is minval + the low-key bits (JAX _randint)', () => {
    const k = key(77)
    const r = randint(k, [300], 0, 256, { dtype: 'uint8' })
    expect(r.dtype).toBe('uint8')
    expect([...r.toTypedArray()]).toEqual([...bitsArray(split(k)[1], 300, 8)])
  })

  it('int32 over a power-of-two span reduces the low-key bits only: 2^32 mod 2^k = 0', () => {
    const k = key(12)
    const r = randint(k, [200], -16, 16)
    const lower = bitsArray(split(k)[1], 200)
    expect([...r.toTypedArray()]).toEqual([...lower].map((b) => -16 + (b % 32)))
  })

  it('int32 over a general span follows (hi·(2^32 mod span) + lo) mod span', () => {
    const k = key(13)
    const span = 1000003n
    const [k1, k2] = split(k)
    const hi = bitsArray(k1, 100)
    const lo = bitsArray(k2, 100)
    const mult = (65536n % span) * (65536n % span) % 2n ** 32n % span
    const expected = [...hi].map((h, i) => {
      const a = ((BigInt(h) % span) * mult) % 2n ** 32n
      return Number(((a + (BigInt(lo[i]) % span)) % 2n ** 32n) % span) - 5
    })
    expect([...randint(k, [100], -5, 1000003 - 5).toTypedArray()]).toEqual(expected)
  })

  const ranges = [
    { dtype: 'int8', lo: -128, hi: 127 },
    { dtype: 'uint8', lo: 0, hi: 255 },
    { dtype: 'int16', lo: -32768, hi: 32767 },
    { dtype: 'int32', lo: -2147483648, hi: 2147483647 },
  ] as const
  for (const { dtype, lo, hi } of ranges) {
    it(`${dtype}: stays in range, clips bounds to the dtype, covers a small range`, () => {
      const k = key(dtype.length)
      const all = randint(k, [2000], lo, hi, { dtype })
      expect(all.dtype).toBe(dtype)
      for (const v of Array.from(all.toTypedArray() as ArrayLike<number>)) {
        expect(v).toBeGreaterThanOrEqual(lo)
        expect(v).toBeLessThan(hi)
      }
      const clipped = Array.from(randint(k, [2000], lo - 1000, hi + 1000, { dtype }).toTypedArray() as ArrayLike<number>)
      for (const v of clipped) expect(v >= lo && v <= hi).toBe(true)
      const small = new Set(Array.from(randint(k, [2000], 3, 8, { dtype }).toTypedArray() as ArrayLike<number>))
      expect([...small].sort()).toEqual([3, 4, 5, 6, 7])
    })
  }

  it('int64 takes bigint bounds and covers the full 64-bit range', () => {
    const k = key(64)
    const r = randint(k, [500], -(2n ** 62n), 2n ** 62n, { dtype: 'int64' }).toTypedArray() as BigInt64Array
    for (const v of r) expect(v >= -(2n ** 62n) && v < 2n ** 62n).toBe(true)
    expect(new Set(r).size).toBe(500)
    const small = new Set(randint(k, [500], -2, 3, { dtype: 'int64' }).toTypedArray() as BigInt64Array)
    expect([...small].sort()).toEqual([-1n, -2n, 0n, 1n, 2n])
  })

  it('refuses bad dtypes and bounds', () => {
    expect(() => randint(key(0), [2], 0, 5, { dtype: 'float32' as never })).toThrow(/random\.randint: dtype must be one of/)
    expect(() => randint(key(0), [2], NaN, 5)).toThrow(/minval must be an integer/)
    expect(() => randint(key(0), [2.5], 0, 5)).toThrow(RangeError)
  })
})
