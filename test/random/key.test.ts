/**
 * Keys, split and foldIn against values JAX publishes. Sources (all JAX's classic,
 * non-partitionable threefry scheme):
 *   [seeds]   jax-ml/jax tests/random_test.py::test_prng_seeds_and_keys (x32 column for number
 *             seeds, x64 column for bigint seeds)
 *   [values]  jax-ml/jax tests/random_test.py::testPRNGValues (split(PRNGKey(0), 4), fold_in(PRNGKey(0), 4))
 *   [gotchas] JAX docs notebook "Common Gotchas in JAX", section "🔪 Random Numbers": printed
 *             old key [0 0] → new key [4146024105 967050713], new subkey [2718843009 1272950319];
 *             then new key [2384771982 3928867769], new subkey [1278412471 2182328957]
 *   [docs]    jax/random.py module docstring (google/jax): `random.key(0)` overlays [0 0];
 *             docs.jax.dev jax.experimental.random.StatefulPRNG: `stateful_rng(42)` overlays [ 0 42]
 *   [mlx]     ml-explore/mlx tests/random_tests.cpp "test random split": split(key(0), 3), which
 *             MLX checks against JAX's classic scheme
 */
import { describe, expect, it } from 'vitest'
import { foldIn, isKey, key, keyData, keyEquals, split, wrapKeyData, type Key } from '../../src/random/key.js'

const data = (k: Key): number[] => [...keyData(k)]

describe('key(seed)', () => {
  it('gives JAX key data for documented seeds [docs]', () => {
    expect(data(key(0))).toEqual([0, 0])
    expect(data(key(42))).toEqual([0, 42])
  })

  it('treats number seeds as JAX does by default (32-bit mode) [seeds]', () => {
    const cases: [number, [number, number]][] = [
      [0, [0, 0]], [1, [0, 1]], [2, [0, 2]], [3, [0, 3]],
      [-1, [0, 4294967295]], [-2, [0, 4294967294]], [-3, [0, 4294967293]],
      [2147483647 + 100, [0, 2147483747]], [2147483647 + 101, [0, 2147483748]],
      [-2147483648 - 100, [0, 2147483548]], [-2147483648 - 101, [0, 2147483547]],
    ]
    for (const [seed, expected] of cases) expect(data(key(seed))).toEqual(expected)
  })

  it('treats bigint seeds as 64-bit integers, as JAX does with jax_enable_x64 [seeds]', () => {
    const cases: [bigint, [number, number]][] = [
      [0n, [0, 0]], [3n, [0, 3]], [-1n, [4294967295, 4294967295]], [-3n, [4294967295, 4294967293]],
      [-2147483648n - 100n, [4294967295, 2147483548]], [-2147483648n - 101n, [4294967295, 2147483547]],
      [2147483647n + 101n, [0, 2147483748]],
    ]
    for (const [seed, expected] of cases) expect(data(key(seed))).toEqual(expected)
    // threefry_seed bit-casts a 64-bit seed: high word first
    expect(data(key(2n ** 32n))).toEqual([1, 0])
    expect(data(key(2n ** 64n - 1n))).toEqual([4294967295, 4294967295])
  })

  it('refuses seeds that are not integers, or out of range', () => {
    expect(() => key(1.5)).toThrow(/random\.key: seed must be a safe integer/)
    expect(() => key(NaN)).toThrow(TypeError)
    expect(() => key(2 ** 53)).toThrow(TypeError)
    expect(() => key(2n ** 64n)).toThrow(RangeError)
    expect(() => key(-(2n ** 63n) - 1n)).toThrow(RangeError)
    expect(() => key('1' as unknown as number)).toThrow(TypeError)
  })
})

describe('a key is an immutable value', () => {
  it('is frozen, tagged, and not a plain record', () => {
    const k = key(7)
    expect(Object.isFrozen(k)).toBe(true)
    expect(k._tag).toBe('Key')
    expect(Object.getPrototypeOf(k)).not.toBe(Object.prototype)
    expect(() => {
      ;(k as { hi: number }).hi = 3
    }).toThrow(TypeError)
    expect(String(k)).toBe('Key(0, 7)')
  })

  it('isKey recognises keys and nothing else', () => {
    expect(isKey(key(1))).toBe(true)
    expect(isKey(split(key(1))[0])).toBe(true)
    expect(isKey({ _tag: 'Key', hi: 0, lo: -1 })).toBe(false)
    expect(isKey({ _tag: 'Key', hi: 0.5, lo: 1 })).toBe(false)
    expect(isKey([0, 0])).toBe(false)
    expect(isKey(null)).toBe(false)
  })

  it('keyData returns a copy; wrapKeyData round-trips', () => {
    const k = key(5)
    const d = keyData(k)
    d[1] = 99
    expect(data(k)).toEqual([0, 5])
    expect(keyEquals(wrapKeyData([0, 5]), k)).toBe(true)
    expect(() => wrapKeyData([0, 2 ** 32])).toThrow(TypeError)
    expect(() => wrapKeyData([1])).toThrow(TypeError)
  })
})

describe('split', () => {
  it('splits key(0) as JAX prints it [gotchas]', () => {
    const [k1, sub1] = split(key(0))
    expect(data(k1)).toEqual([4146024105, 967050713])
    expect(data(sub1)).toEqual([2718843009, 1272950319])
    const [k2, sub2] = split(k1)
    expect(data(k2)).toEqual([2384771982, 3928867769])
    expect(data(sub2)).toEqual([1278412471, 2182328957])
  })

  it('splits key(0) into 3 and 4 as JAX does [mlx] [values]', () => {
    expect(split(key(0), 3).map(data)).toEqual([
      [2467461003, 428148500], [3186719485, 3840466878], [2562233961, 1946702221],
    ])
    expect(split(key(0), 4).map(data)).toEqual([
      [2285895361, 1501764800], [1518642379, 4090693311], [433833334, 4221794875], [839183663, 3740430601],
    ])
  })

  it('returns a frozen array, does not change its key, and checks num', () => {
    const k = key(3)
    const ks = split(k, 5)
    expect(ks).toHaveLength(5)
    expect(Object.isFrozen(ks)).toBe(true)
    expect(data(k)).toEqual([0, 3])
    expect(split(k, 0)).toEqual([])
    expect(() => split(k, -1)).toThrow(RangeError)
    expect(() => split(k, 1.5)).toThrow(RangeError)
    expect(() => split([0, 3] as unknown as Key)).toThrow(/random\.split: expected a key/)
  })
})

describe('foldIn', () => {
  it('folds 4 into key(0) as JAX does [values]', () => {
    expect(data(foldIn(key(0), 4))).toEqual([2285895361, 433833334])
  })

  it('gives ten distinct keys for data 0..9 (JAX testFoldIn: 20 unique words)', () => {
    const words = new Set(Array.from({ length: 10 }, (_, i) => data(foldIn(key(0), i))).flat())
    expect(words.size).toBe(20)
  })

  it('takes data mod 2^32 and refuses non-integers', () => {
    expect(keyEquals(foldIn(key(1), -1), foldIn(key(1), 0xffffffff))).toBe(true)
    expect(() => foldIn(key(1), 0.5)).toThrow(RangeError)
    expect(() => foldIn(key(1), 2 ** 32)).toThrow(RangeError)
  })
})
