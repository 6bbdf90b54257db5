/**
 * Laws for random keys and samplers, as plain predicates plus runners over fast-check
 * arbitraries: keys derive deterministically and distinctly, a sampler is a pure function of its
 * key, and each sampler's values stay in its documented range. A user can check their own
 * key-taking function in one line: `checkSameKeySameOutput(keyArb, (k) => myInit(k))`.
 */
import fc from 'fast-check'
import { decodeBF16 } from '../src/kernels/bfloat16.js'
import { decodeF16 } from '../src/kernels/float16.js'
import type { FloatDType } from '../src/tensor/dtype.js'
import type { Tensor } from '../src/tensor/tensor.js'
import {
  bernoulli, foldIn, keyEquals, normal, permutation, randint, split, uniform,
  type Key, type RandintDType,
} from '../src/random/index.js'
import { roundTo } from '../src/random/uniform.js'
import { params } from './runs.js'

/** A tensor's values as numbers (half types decoded, int64 as numbers: exact below 2^53). */
const values = (t: Tensor): number[] => {
  const s = t.toTypedArray()
  if (t.dtype === 'float16' || t.dtype === 'bfloat16') {
    const out = new Float32Array(s.length)
    if (t.dtype === 'float16') decodeF16(s as Uint16Array, out)
    else decodeBF16(s as Uint16Array, out)
    return [...out]
  }
  return Array.from(s as ArrayLike<number | bigint>, Number)
}

const sameBytes = (a: Tensor, b: Tensor): boolean => {
  const x = a.toTypedArray()
  const y = b.toTypedArray()
  return a.dtype === b.dtype && a.shape.join() === b.shape.join() && x.length === y.length && x.every((v, i) => Object.is(v, y[i]))
}

/** split is a function of its key: two calls give the same keys. */
export const splitDeterministic = (k: Key, num: number): boolean => {
  const a = split(k, num)
  const b = split(k, num)
  return a.length === num && a.every((x, i) => keyEquals(x, b[i]))
}

/** split's keys are pairwise distinct and differ from the parent key. */
export const splitDistinct = (k: Key, num: number): boolean => {
  const ks = [k, ...split(k, num)].map((x) => `${x.hi}:${x.lo}`)
  return new Set(ks).size === ks.length
}

/** foldIn with different data gives different keys (threefry is a bijection on its counters). */
export const foldInSeparates = (k: Key, a: number, b: number): boolean =>
  (a >>> 0) === (b >>> 0) ? keyEquals(foldIn(k, a), foldIn(k, b)) : !keyEquals(foldIn(k, a), foldIn(k, b))

/** A key-taking function is pure: the same key gives bit-identical tensors. */
export const sameKeySameOutput = (k: Key, sample: (k: Key) => Tensor): boolean => sameBytes(sample(k), sample(k))

/**
 * uniform lies in [minval, maxval] as the dtype holds them, and below maxval when minval is 0
 * (for other ranges the last rounding may reach maxval, as in JAX).
 */
export const uniformInRange = (k: Key, shape: number[], dtype: FloatDType, minval: number, maxval: number): boolean => {
  const t = uniform(k, shape, { minval, maxval, dtype })
  const r = roundTo(dtype)
  const lo = r(minval)
  const hi = r(maxval)
  return t.dtype === dtype && values(t).every((v) => v >= lo && (lo === 0 ? v < hi : v <= hi))
}

/** randint lies in [minval, maxval) after clipping to the dtype, and is minval when the range is empty. */
export const randintInRange = (k: Key, shape: number[], dtype: RandintDType, minval: bigint, maxval: bigint): boolean => {
  const t = randint(k, shape, minval, maxval, { dtype })
  const raw = Array.from(t.toTypedArray() as ArrayLike<number | bigint>, (v) => BigInt(v))
  const [dlo, dhi] = dtypeRange(dtype)
  const lo = minval < dlo ? dlo : minval > dhi ? dhi : minval
  const hiClipped = maxval < dlo ? dlo : maxval > dhi ? dhi : maxval
  if (hiClipped <= lo) return raw.every((v) => v === lo)
  const top = maxval > dhi ? dhi : hiClipped - 1n // maxval past the dtype's top includes the top
  return t.dtype === dtype && raw.every((v) => v >= lo && v <= top)
}

const dtypeRange = (d: RandintDType): [bigint, bigint] =>
  d === 'int8' ? [-128n, 127n] : d === 'uint8' ? [0n, 255n] : d === 'int16' ? [-32768n, 32767n]
    : d === 'int32' ? [-2147483648n, 2147483647n] : [-(1n << 63n), (1n << 63n) - 1n]

/** permutation(k, n) holds each of 0 .. n-1 exactly once. */
export const permutationIsPermutation = (k: Key, n: number): boolean => {
  const p = values(permutation(k, n))
  const seen = new Uint8Array(n)
  for (const v of p) {
    if (!(v >= 0 && v < n) || seen[v]) return false
    seen[v] = 1
  }
  return p.length === n
}

/** bernoulli with p = 0 is never true and with p = 1 always true. */
export const bernoulliExtremes = (k: Key, shape: number[]): boolean =>
  values(bernoulli(k, 0, shape)).every((v) => v === 0) && values(bernoulli(k, 1, shape)).every((v) => v === 1)

/** normal values are finite in every float dtype. */
export const normalFinite = (k: Key, shape: number[], dtype: FloatDType): boolean =>
  values(normal(k, shape, { dtype })).every(Number.isFinite)

/** Runs the key-derivation laws (split determinism and distinctness, foldIn separation). */
export function checkKeyLaws(keys: fc.Arbitrary<Key>): void {
  fc.assert(fc.property(keys, fc.integer({ min: 0, max: 16 }), (k, n) => splitDeterministic(k, n) && splitDistinct(k, n)), params(100))
  const data = fc.integer({ min: -0x80000000, max: 0xffffffff })
  fc.assert(fc.property(keys, data, data, foldInSeparates), params(100))
}

/** Checks that `sample` is a pure function of its key. */
export function checkSameKeySameOutput(keys: fc.Arbitrary<Key>, sample: (k: Key) => Tensor): void {
  fc.assert(fc.property(keys, (k) => sameKeySameOutput(k, sample)), params(50))
}
