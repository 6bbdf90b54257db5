/**
 * IEEE 754 binary16 ("half", PyTorch's float16) codec: 16-bit patterns to and from JS numbers,
 * one at a time and in bulk over typed arrays.
 *
 * Rounding is to nearest, ties to even, with subnormals kept, overflow to ±Inf, -0 kept and NaN
 * kept a (quiet) NaN with its sign: bit for bit NumPy's `astype(float16)`, NaN payloads aside.
 * A float64 source rounds once, directly from the double: going through float32 first would
 * round twice and can land on the other neighbour of a tie.
 */
import { checkLengths, lowWordFirst } from './halfWords.js'

/** A quiet NaN pattern; the sign bit is OR-ed in. */
const QUIET_NAN = 0x7e00
const INFINITY = 0x7c00
/** Adding then subtracting 2^52 rounds a double below 2^52 to an integer, ties to even. */
const ROUND = 4503599627370496

/** A NaN's sign can only be read from its bits (rare path: allocation is fine here). */
const signOfNaN = (x: number): boolean => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x) // big-endian: the sign is the first byte's top bit
  return (view.getUint8(0) & 0x80) !== 0
}

/** The half pattern of `x`, rounded once from the double (round to nearest even). */
export const f16FromF64 = (x: number): number => {
  const a = Math.abs(x)
  if (a !== a) return (signOfNaN(x) ? 0x8000 : 0) | QUIET_NAN
  const sign = x < 0 || (x === 0 && 1 / x < 0) ? 0x8000 : 0
  if (a >= 65520) return sign | INFINITY // 65520 is the tie between 65504 and 2^16: even is 2^16
  // Below 2^-13 the quantum is 2^-24 throughout (subnormals and the first normal binade), and the
  // rounded count of quanta is the pattern itself: 1024 is 0x0400, the smallest normal.
  if (a < 1.220703125e-4) return sign | ((a * 16777216 + ROUND) - ROUND)
  // k = floor(log2(a)) + 14 in [1, 29]; a * 2^24 / 2^k scales the significand to [1024, 2048).
  const k = 31 - Math.clz32(a * 16384)
  const m = (a * 16777216) / (1 << k)
  // A carry to 2048 moves into the exponent field by itself.
  return sign | (k * 1024 + ((m + ROUND) - ROUND))
}

let decodeTable: Float32Array | undefined

/** All 65,536 halves as float32, built on first use (NaN patterns keep sign and payload). */
const table = (): Float32Array => {
  if (decodeTable !== undefined) return decodeTable
  const t = new Float32Array(65536)
  const bits = new Uint32Array(t.buffer)
  for (let h = 0; h < 65536; h++) {
    const e = (h >>> 10) & 31
    const m = h & 1023
    const sign = (h & 0x8000) << 16
    if (e === 31) bits[h] = sign | 0x7f800000 | (m << 13)
    else {
      // (1024 + m) * 2^(e - 25) for normals, m * 2^-24 for subnormals; both exact in float32.
      const v = e === 0 ? m / 16777216 : ((1024 + m) * (1 << e)) / 33554432
      t[h] = sign !== 0 ? -v : v
    }
  }
  decodeTable = t
  return t
}

/** The value of a half pattern (every half is exactly a float32, hence exactly a number). */
export const f16ToF32 = (h: number): number => table()[h & 0xffff]


/** Round float32 values to half patterns, on the float32 bits (integer arithmetic only). */
const encodeFromF32 = (src: Float32Array, out: Uint16Array): void => {
  const bits = new Int32Array(src.buffer, src.byteOffset, src.length)
  const n = src.length
  for (let i = 0; i < n; i++) {
    const u = bits[i]
    const a = u & 0x7fffffff
    let h: number
    if (a >= 0x38800000) {
      if (a < 0x47800000) {
        // Rebias the exponent (127 -> 15) and round the 13 dropped bits: adding 0xfff plus the
        // kept bit's parity carries exactly when the rest is above half, or at half and odd.
        h = (a - 0x38000000 + 0xfff + ((a >>> 13) & 1)) >>> 13
      } else h = a > 0x7f800000 ? QUIET_NAN : INFINITY
    } else if (a > 0x33000000) {
      // Subnormal half: shift the full significand right by s in [14, 24] with the same carry.
      const s = 126 - (a >>> 23)
      const m = (a & 0x7fffff) | 0x800000
      h = (m + (1 << (s - 1)) - 1 + ((m >>> s) & 1)) >>> s
    } else h = 0 // at or below 2^-25: 2^-25 itself is a tie, and even is zero
    out[i] = ((u >>> 16) & 0x8000) | h
  }
}

/** Round float64 values to half patterns directly from the double's two 32-bit words. */
const encodeFromF64 = (src: Float64Array, out: Uint16Array): void => {
  const words = new Int32Array(src.buffer, src.byteOffset, src.length * 2)
  const lo = lowWordFirst() ? 0 : 1
  const hi = 1 - lo
  const n = src.length
  for (let i = 0; i < n; i++) {
    const u = words[2 * i + hi]
    const low = words[2 * i + lo]
    // Fold the low word into a sticky bit 0: every path below drops bit 0 of the high word.
    const a = (u & 0x7fffffff) | (low !== 0 ? 1 : 0)
    let h: number
    if (a >= 0x3f100000) {
      if (a < 0x40f00000) h = (a - 0x3f000000 + 0x1ff + ((a >>> 10) & 1)) >>> 10
      else h = a > 0x7ff00000 ? QUIET_NAN : INFINITY
    } else if (a > 0x3e600000) {
      const s = 1019 - (a >>> 20) // in [11, 21]
      const m = (a & 0xfffff) | 0x100000
      h = (m + (1 << (s - 1)) - 1 + ((m >>> s) & 1)) >>> s
    } else h = 0
    out[i] = ((u >>> 16) & 0x8000) | h
  }
}

/** Round every element of `src` to a half pattern in `out` (same length); `src` is not written. */
export const encodeF16 = (src: Float32Array | Float64Array, out: Uint16Array): void => {
  checkLengths('encodeF16', src.length, out.length)
  if (src instanceof Float32Array) encodeFromF32(src, out)
  else if (src instanceof Float64Array) encodeFromF64(src, out)
  else throw new TypeError(`encodeF16: expected a Float32Array or Float64Array source, got ${Object.prototype.toString.call(src)}`)
}

/** Decode every half pattern of `src` into `out` (same length); `src` is not written. */
export const decodeF16 = (src: Uint16Array, out: Float32Array | Float64Array): void => {
  checkLengths('decodeF16', src.length, out.length)
  const t = table()
  const n = src.length
  if (out instanceof Float32Array) {
    // Copy bits, not values, so NaN patterns survive untouched.
    const tbits = new Uint32Array(t.buffer)
    const obits = new Uint32Array(out.buffer, out.byteOffset, n)
    for (let i = 0; i < n; i++) obits[i] = tbits[src[i]]
  } else if (out instanceof Float64Array) {
    for (let i = 0; i < n; i++) out[i] = t[src[i]]
  } else throw new TypeError(`decodeF16: expected a Float32Array or Float64Array output, got ${Object.prototype.toString.call(out)}`)
}
