/**
 * The `@example` lines of the random API docs, run as written. Expected values come from JAX's
 * published outputs (see key.test.ts, uniform.test.ts, normal.test.ts for the sources); the
 * bits example is JAX's `threefry_2x32(key, iota(4))`, the same hash `split(key(0))` prints.
 */
import { describe, expect, it } from 'vitest'
import * as random from '../../src/random/index.js'

describe('random API doc examples', () => {
  it('key, split, foldIn', () => {
    expect(random.key(42).lo).toBe(42)
    const [params, dropout] = random.split(random.key(0))
    expect(random.isKey(params) && random.isKey(dropout)).toBe(true)
    expect([...random.keyData(random.foldIn(random.key(0), 4))]).toEqual([2285895361, 433833334])
  })

  it('bitsArray and bits', () => {
    const words = [4146024105, 967050713, 2718843009, 1272950319]
    expect([...random.bitsArray(random.key(0), 4)]).toEqual(words)
    expect(random.split(random.key(0)).flatMap((k) => [...random.keyData(k)])).toEqual(words)
    const t = random.bits(random.key(0), [4])
    expect(t.dtype).toBe('int64')
    expect(t.toArray()).toEqual(words)
  })

  it('uniform and normal', () => {
    expect(random.uniform(random.key(0), []).item()).toBe(0.41845703125)
    expect(random.normal(random.key(0), []).item()).toBe(Math.fround(-0.20584226))
  })

  it('bernoulli, randint, permutation', () => {
    expect(random.bernoulli(random.key(0), 0.5, [3]).shape).toEqual([3])
    expect(random.randint(random.key(0), [3, 3], 0, 8).toArray()).toEqual([[2, 1, 3], [6, 1, 5], [6, 3, 4]])
    const p = random.permutation(random.key(0), 5).toArray() as number[]
    expect([...p].sort()).toEqual([0, 1, 2, 3, 4])
  })
})
