/**
 * Uniform floats, as JAX's `random._uniform`: draw `nbits` random bits per value, keep the top
 * `nmant` of them as the mantissa of a float in [1, 2), subtract 1, then scale and shift in the
 * target dtype's arithmetic: `max(minval, u·(maxval - minval) + minval)`.
 *
 *   float32:  32-bit words, u = (bits >>> 9) / 2^23
 *   float64:  64-bit values (as JAX under `jax_enable_x64`), u = (bits >> 12) / 2^52
 *   float16:  16-bit values, u = (bits >>> 6) / 2^10
 *   bfloat16: 8-bit values (JAX draws 8 bits when the mantissa is shorter than 8), u = (bits >>> 1) / 2^7
 *
 * `(bits >>> s) / 2^m` is exactly the bit-cast float minus one, so no type punning is needed.
 * Each arithmetic step rounds to the dtype (float32 via `Math.fround`; the half types through
 * their codecs, one rounding per operation as IEEE half arithmetic does). The result lies in
 * [minval, maxval); for ranges where the last rounding reaches it, it can equal maxval, as in JAX.
 */
import { bf16FromF64, bf16ToF32, encodeBF16 } from '../kernels/bfloat16.js'
import { encodeF16, f16FromF64, f16ToF32 } from '../kernels/float16.js'
import { checkDType, isFloating, type FloatDType, type StorageOf } from '../tensor/dtype.js'
import { checkShape, numel } from '../tensor/shape.js'
import { fromStorage, type Tensor } from '../tensor/tensor.js'
import { bits32, bitsNarrow, rawWords } from './bits.js'
import { checkKey, type Key } from './key.js'

const TWO_M23 = 2 ** -23
const TWO_M52 = 2 ** -52
const TWO_32 = 2 ** 32

/** Rounds a number to the nearest value of `d` (as a JS number). */
export const roundTo = (d: FloatDType): ((x: number) => number) => {
  switch (d) {
    case 'float32':
      return Math.fround
    case 'float64':
      return (x) => x
    case 'float16':
      return (x) => f16ToF32(f16FromF64(x))
    case 'bfloat16':
      return (x) => bf16ToF32(bf16FromF64(x))
  }
}

/**
 * @internal `n` uniform values of dtype `d` in [minval, maxval), as compute numbers: a
 * Float64Array for float64, else a Float32Array (half values are exact in float32).
 */
export function uniformValues(
  k: Key, n: number, d: FloatDType, minval: number, maxval: number, where: string,
): Float32Array | Float64Array {
  const r = roundTo(d)
  const lo = r(minval)
  const span = r(r(maxval) - lo)
  if (d === 'float64') {
    const words = rawWords(k, 64, n, where)
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const hi = words[i]
      const mant = (hi >>> 12) * TWO_32 + ((((hi & 0xfff) << 20) | (words[n + i] >>> 12)) >>> 0)
      const v = mant * TWO_M52 * span + lo
      out[i] = v > lo || v !== v ? v : lo // lax.max(minval, v), NaN propagating
    }
    return out
  }
  const out = new Float32Array(n)
  if (d === 'float32') {
    const b = bits32(k, n, where)
    if (lo === 0 && span === 1) {
      for (let i = 0; i < n; i++) out[i] = (b[i] >>> 9) * TWO_M23 // exact: the common case, no rounding
    } else {
      for (let i = 0; i < n; i++) {
        const v = Math.fround(Math.fround((b[i] >>> 9) * TWO_M23 * span) + lo)
        out[i] = v > lo || v !== v ? v : lo
      }
    }
    return out
  }
  // half types: u is exact, u·span is exact in double (11 × 11 significant bits), each op rounds once
  const b = d === 'float16' ? bitsNarrow(k, 16, n, where) : bitsNarrow(k, 8, n, where)
  const shift = d === 'float16' ? 6 : 1
  const scale = d === 'float16' ? 2 ** -10 : 2 ** -7
  if (lo === 0 && span === 1) {
    for (let i = 0; i < n; i++) out[i] = (b[i] >>> shift) * scale // exact, no rounding to do
    return out
  }
  for (let i = 0; i < n; i++) {
    const v = r(r((b[i] >>> shift) * scale * span) + lo)
    out[i] = v > lo || v !== v ? v : lo
  }
  return out
}

/** @internal Storage of dtype `d` from compute values (half values are exact, so encoding is exact). */
export function floatStorage<D extends FloatDType>(values: Float32Array | Float64Array, d: D): StorageOf[D] {
  if (d === 'float32' || d === 'float64') return values as StorageOf[D]
  const out = new Uint16Array(values.length)
  if (d === 'float16') encodeF16(values, out)
  else encodeBF16(values, out)
  return out as StorageOf[D]
}

/** @internal Checks a floating dtype option at a public boundary. */
export function checkFloatDType(d: unknown, where: string): FloatDType {
  const dt = checkDType(d, where)
  if (!isFloating(dt)) throw new TypeError(`${where}: dtype must be a floating dtype (float32, float64, float16, bfloat16), got ${dt}`)
  return dt
}

/** Options for `uniform`: the half-open range and the floating dtype (default float32). */
export interface UniformOptions<D extends FloatDType = FloatDType> {
  readonly minval?: number
  readonly maxval?: number
  readonly dtype?: D
}

/**
 * Uniform random values in [minval, maxval) (JAX's `random.uniform`; bit for bit for float32 and
 * float64, the latter as JAX computes it with `jax_enable_x64`). `minval`/`maxval` are numbers.
 * @example
 * import { random } from 'immutorch'
 *
 * random.uniform(random.key(0), []).item() // 0.41845703125
 * random.uniform(random.key(0), [2, 3], { minval: -1, maxval: 1 }).shape // [2, 3]
 */
export function uniform<D extends FloatDType = 'float32'>(
  k: Key, shape: readonly number[], { minval = 0, maxval = 1, dtype = 'float32' as D }: UniformOptions<D> = {},
): Tensor<D> {
  const where = 'random.uniform'
  checkKey(k, where)
  const s = checkShape(shape, where)
  const d = checkFloatDType(dtype, where) as D
  if (typeof minval !== 'number' || typeof maxval !== 'number') {
    throw new TypeError(`${where}: minval and maxval must be numbers, got ${typeof minval} and ${typeof maxval}`)
  }
  return fromStorage(floatStorage(uniformValues(k, numel(s), d, minval, maxval, where), d), s, d)
}
