/**
 * JAX's own regression values for its samplers: jax-ml/jax tests/random_test.py,
 * `_RANDOM_VALUES_CASES` (threefry2x32 rows) checked by `testRandomDistributionValues` with
 * `jax_threefry_partitionable` off. Each case seeds `random.key(zlib.adler32(name + impl))`;
 * expected arrays are copied from that table (printed to 6 decimals for floats).
 * Also `testRngRandomBits` (key 1701) and `testPRNGValues` (randint on key 0) from the same file.
 */
import { describe, expect, it } from 'vitest'
import { bernoulli, bits, bitsArray, key, normal, randint, uniform } from '../../src/random/index.js'

/** zlib.adler32 over the UTF-8 bytes, as RandomValuesCase._seed computes the seed. */
function adler32(s: string): number {
  let a = 1
  let b = 0
  for (const c of new TextEncoder().encode(s)) {
    a = (a + c) % 65521
    b = (b + a) % 65521
  }
  return (b * 65536 + a) >>> 0
}
const caseKey = (name: string) => key(adler32(name + 'threefry2x32'))

const closeTo6 = (actual: ArrayLike<number>, expected: number[]) => {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(1e-6 + 1e-6 * Math.abs(expected[i]))
}

describe('testRandomDistributionValues (threefry2x32 rows)', () => {
  it('computes the seeds JAX uses', () => {
    // zlib.adler32(b"Wikipedia") = 0x11E60398, the standard worked example of the checksum
    expect(adler32('Wikipedia')).toBe(0x11e60398)
  })

  it('bits uint8 / uint16 / uint32 / uint64', () => {
    const k = caseKey('bits')
    expect([...bitsArray(k, 5, 8)]).toEqual([10, 158, 82, 54, 158])
    expect([...bitsArray(k, 5, 16)]).toEqual([6738, 38161, 50695, 57337, 61600])
    expect([...bitsArray(k, 5)]).toEqual([1978747883, 4134381225, 3628107870, 689687174, 2788938207])
    // uint64 row is OnX64.ONLY: JAX with jax_enable_x64
    expect([...bitsArray(k, 5, 64)]).toEqual([
      17649965731882839947n, 1415307058040849897n, 8282622628079774249n, 14024425113645909402n, 2012979996110532418n,
    ])
    expect([...bits(k, [5], { dtype: 'uint8' }).toTypedArray()]).toEqual([10, 158, 82, 54, 158])
    expect([...bits(k, [5]).toTypedArray()]).toEqual([1978747883n, 4134381225n, 3628107870n, 689687174n, 2788938207n])
  })

  it('uniform float32', () => {
    const u = uniform(caseKey('uniform'), [5])
    expect(u.dtype).toBe('float32')
    closeTo6(u.toTypedArray() as Float32Array, [0.298671, 0.073213, 0.873356, 0.260549, 0.412797])
  })

  it('normal float32', () => {
    closeTo6(normal(caseKey('normal'), [5]).toTypedArray() as Float32Array, [-1.173234, -1.511662, 0.070593, -0.099764, 1.052845])
  })

  it('randint int32 in [0, 10)', () => {
    expect([...randint(caseKey('randint'), [5], 0, 10).toTypedArray()]).toEqual([0, 5, 7, 7, 5])
  })

  it('bernoulli p = 0.5', () => {
    expect([...bernoulli(caseKey('bernoulli'), 0.5, [5]).toTypedArray()]).toEqual([0, 1, 1, 1, 0])
  })
})

describe('testRngRandomBits (key 1701)', () => {
  const k = key(1701)
  it('8, 16 and 32 bits', () => {
    expect([...bitsArray(k, 3, 8)]).toEqual([216, 115, 43])
    expect([...bitsArray(k, 3, 16)]).toEqual([41682, 1300, 55017])
    expect([...bitsArray(k, 3)]).toEqual([56197195, 4200222568, 961309823])
  })
  it('64 bits: the x64 values, whose low words are the x32 values', () => {
    const b = bitsArray(k, 3, 64)
    expect([...b]).toEqual([3982329540505020460n, 16822122385914693683n, 7882654074788531506n])
    expect([...b].map((v) => Number(v & 0xffffffffn))).toEqual([676898860, 3164047411, 4010691890])
  })
  it('testRngRandomBitsViewProperty: 8-, 16- and 32-bit draws are views of the same words', () => {
    const n = 10
    const b32 = bitsArray(k, n * 2)
    expect([...new Uint32Array(bitsArray(k, n * 8, 8).buffer)]).toEqual([...b32])
    expect([...new Uint32Array(bitsArray(k, n * 4, 16).buffer)]).toEqual([...b32])
  })
})

describe('testPRNGValues (key 0)', () => {
  it('randint int32 in [0, 8)', () => {
    expect(randint(key(0), [3, 3], 0, 8).toTypedArray()).toEqual(Int32Array.of(2, 1, 3, 6, 1, 5, 6, 3, 4))
  })
  it('randint int64 in [0, 8), as with jax_enable_x64', () => {
    expect(randint(key(0), [3, 3], 0, 8, { dtype: 'int64' }).toTypedArray()).toEqual(BigInt64Array.of(7n, 2n, 6n, 2n, 1n, 0n, 6n, 7n, 7n))
  })
})
