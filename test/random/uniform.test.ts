/**
 * uniform against JAX's documented outputs, and the other dtypes against JAX's formula applied to
 * JAX's documented random bits. Sources:
 *   [doc]   google/jax jax/random.py module docstring: `random.uniform(random.key(0))` is
 *           Array(0.41845703, dtype=float32); after `key, subkey = random.split(key)`,
 *           `random.uniform(subkey)` is Array(0.10536897, dtype=float32)
 *   [bits]  jax-ml/jax tests/random_test.py testRngRandomBits (key 1701) and the
 *           `_RANDOM_VALUES_CASES` "bits" rows (key adler32("bitsthreefry2x32") = 942802475)
 *   [src]   jax/_src/random.py `_uniform`: bits >> (nbits - nmant) | bits(1.0), bit-cast, minus 1;
 *           bfloat16 draws 8 bits (nmant = 7 < 8)
 */
import { describe, expect, it } from 'vitest'
import { key, split, uniform } from '../../src/random/index.js'

/** Decodes a binary16 pattern (written out here, independent of the codec under src/). */
const halfValue = (h: number): number => {
  const e = (h >> 10) & 0x1f
  const m = h & 0x3ff
  const v = e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15)
  return h & 0x8000 ? -v : v
}
/** Decodes a bfloat16 pattern: the top half of a float32. */
const bf16Value = (h: number): number => new Float32Array(Uint32Array.of(h << 16).buffer)[0]

describe('uniform float32', () => {
  it('gives the documented values for key(0) and its subkey [doc]', () => {
    const k = key(0)
    const u = uniform(k, [])
    expect(u.shape).toEqual([])
    expect(u.dtype).toBe('float32')
    expect(u.toTypedArray()[0]).toBe(Math.fround(0.41845703))
    expect(uniform(split(k)[1], []).toTypedArray()[0]).toBe(Math.fround(0.10536897))
  })

  it('is (bits >>> 9) / 2^23 on the documented 32-bit draws [bits] [src]', () => {
    const u = uniform(key(1701), [3]).toTypedArray()
    expect([...u]).toEqual([56197195, 4200222568, 961309823].map((b) => (b >>> 9) / 2 ** 23))
  })

  it('scales in float32: max(minval, fround(fround(u·(maxval - minval)) + minval)) [src]', () => {
    const k = key(11)
    const base = uniform(k, [1000]).toTypedArray()
    const lo = Math.fround(-2.7)
    const span = Math.fround(Math.fround(3.1) - lo)
    const scaled = uniform(k, [1000], { minval: -2.7, maxval: 3.1 }).toTypedArray()
    for (let i = 0; i < base.length; i++) {
      expect(scaled[i]).toBe(Math.max(lo, Math.fround(Math.fround(base[i] * span) + lo)))
      expect(scaled[i]).toBeGreaterThanOrEqual(lo)
      expect(scaled[i]).toBeLessThan(Math.fround(3.1))
    }
  })

  it('keeps the key intact: the same key gives the same values', () => {
    const k = key(3)
    expect(uniform(k, [2, 3]).toTypedArray()).toEqual(uniform(k, [2, 3]).toTypedArray())
    expect(uniform(k, [2, 3]).shape).toEqual([2, 3])
  })
})

describe('uniform in the other dtypes, from JAX bits and JAX formula', () => {
  it('float64 uses 64-bit draws: (bits >> 12) / 2^52 (JAX with jax_enable_x64) [bits] [src]', () => {
    const b64 = [3982329540505020460n, 16822122385914693683n, 7882654074788531506n]
    const u = uniform(key(1701), [3], { dtype: 'float64' })
    expect(u.dtype).toBe('float64')
    expect([...u.toTypedArray()]).toEqual(b64.map((b) => Number(b >> 12n) / 2 ** 52))
  })

  it('float16 uses 16-bit draws: (bits >>> 6) / 2^10 [bits] [src]', () => {
    const b16 = [6738, 38161, 50695, 57337, 61600]
    const u = uniform(key(942802475), [5], { dtype: 'float16' })
    expect(u.dtype).toBe('float16')
    expect([...(u.toTypedArray() as Uint16Array)].map(halfValue)).toEqual(b16.map((b) => (b >>> 6) / 1024))
  })

  it('bfloat16 uses 8-bit draws: (bits >>> 1) / 2^7 [bits] [src]', () => {
    const b8 = [10, 158, 82, 54, 158]
    const u = uniform(key(942802475), [5], { dtype: 'bfloat16' })
    expect(u.dtype).toBe('bfloat16')
    expect([...(u.toTypedArray() as Uint16Array)].map(bf16Value)).toEqual(b8.map((b) => (b >>> 1) / 128))
  })

  it('float16 ranges compute in half precision (here every step is exact)', () => {
    const k = key(5)
    const base = [...(uniform(k, [200], { dtype: 'float16' }).toTypedArray() as Uint16Array)].map(halfValue)
    const out = [...(uniform(k, [200], { dtype: 'float16', minval: -1, maxval: 3 }).toTypedArray() as Uint16Array)].map(halfValue)
    // u·4 - 1 is a multiple of 2^-8 in [-1, 3), which binary16 holds exactly
    for (let i = 0; i < base.length; i++) expect(out[i]).toBe(base[i] * 4 - 1)
  })
})

describe('uniform errors', () => {
  it('names the problem', () => {
    expect(() => uniform(key(0), [2], { dtype: 'int32' as never })).toThrow(/random\.uniform: dtype must be a floating dtype/)
    expect(() => uniform(key(0), [2], { dtype: 'float8' as never })).toThrow(/unknown dtype/)
    expect(() => uniform(key(0), [-1])).toThrow(/random\.uniform: size at dim 0/)
    expect(() => uniform({} as never, [1])).toThrow(/random\.uniform: expected a key/)
    expect(() => uniform(key(0), [1], { minval: '0' as never })).toThrow(TypeError)
  })
})
