/**
 * bfloat16 codec: the top 16 bits of a float32 (8 exponent bits, 7 fraction bits), to and from
 * JS numbers, one at a time and in bulk over typed arrays.
 *
 * Rounding is to nearest, ties to even, on the dropped bits: subnormals kept, overflow to ±Inf by
 * rounding, -0 kept, NaN kept a quiet NaN with its sign. From float32 this is PyTorch's
 * `.bfloat16()` bit for bit (NaN payloads aside). A float64 source rounds once, directly from the
 * double: going through float32 first would round twice and can land on the other side of a tie.
 */
import { checkLengths, lowWordFirst } from './halfWords.js'

/** A quiet NaN pattern; the sign bit is OR-ed in. */
const QUIET_NAN = 0x7fc0
const INFINITY = 0x7f80
/** Adding then subtracting 2^52 rounds a double below 2^52 to an integer, ties to even. */
const ROUND = 4503599627370496
/** (2 - 2^-8) * 2^127: the tie between the largest finite bfloat16 (odd) and 2^128, which wins. */
const OVERFLOW = 511 * 2 ** 119
/** 2^-125: below it the quantum is 2^-133 throughout (subnormals and the first normal binade). */
const FIRST_BINADES = 2 ** -125

/** A NaN's sign can only be read from its bits (rare path: allocation is fine here). */
const signOfNaN = (x: number): boolean => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x) // big-endian: the sign is the first byte's top bit
  return (view.getUint8(0) & 0x80) !== 0
}

/** The bfloat16 pattern of `x`, rounded once from the double (round to nearest even). */
export const bf16FromF64 = (x: number): number => {
  const a = Math.abs(x)
  if (a !== a) return (signOfNaN(x) ? 0x8000 : 0) | QUIET_NAN
  const sign = x < 0 || (x === 0 && 1 / x < 0) ? 0x8000 : 0
  if (a >= OVERFLOW) return sign | INFINITY
  // The rounded count of 2^-133 quanta is the pattern itself: 128 is 0x0080, the smallest normal.
  if (a < FIRST_BINADES) return sign | ((a * 2 ** 133 + ROUND) - ROUND)
  // Find the binade without a pow call: t = a * 2^125 lies in [1, 2^253); peel off 2^128, 2^64
  // and 2^32 (exact scalings) until it fits 32 bits, where clz32 gives floor(log2 t) = k.
  let t = a * 2 ** 125
  let c = 0
  if (t >= 2 ** 128) { t *= 2 ** -128; c += 128 }
  if (t >= 2 ** 64) { t *= 2 ** -64; c += 64 }
  if (t >= 2 ** 32) { t *= 2 ** -32; c += 32 }
  const k = 31 - Math.clz32(t)
  // The significand scaled to [128, 256); floor(log2 a) = k + c - 125, and a carry to 256 moves
  // into the exponent field by itself.
  const m = (t * 128) / ((1 << k) >>> 0)
  return sign | ((k + c + 1) * 128 + ((m + ROUND) - ROUND))
}

let decodeTable: Float32Array | undefined

/** All 65,536 bfloat16 values as float32, built on first use (NaN patterns keep their bits). */
const table = (): Float32Array => {
  if (decodeTable !== undefined) return decodeTable
  const t = new Float32Array(65536)
  const bits = new Uint32Array(t.buffer)
  for (let h = 0; h < 65536; h++) bits[h] = h << 16
  decodeTable = t
  return t
}

/** The value of a bfloat16 pattern (every bfloat16 is exactly a float32, hence exactly a number). */
export const bf16ToF32 = (h: number): number => table()[h & 0xffff]


/** Round float32 values to bfloat16 patterns on the float32 bits (integer arithmetic only). */
const encodeFromF32 = (src: Float32Array, out: Uint16Array): void => {
  const bits = new Int32Array(src.buffer, src.byteOffset, src.length)
  const n = src.length
  for (let i = 0; i < n; i++) {
    const u = bits[i]
    const a = u & 0x7fffffff
    // Adding 0x7fff plus the kept bit's parity carries exactly when the low half is above half,
    // or at half with an odd kept part; a carry out of the largest finite value gives Inf.
    const h = a > 0x7f800000 ? QUIET_NAN : (a + 0x7fff + ((a >>> 16) & 1)) >>> 16
    out[i] = ((u >>> 16) & 0x8000) | h
  }
}

/** Round float64 values to bfloat16 patterns directly from the double's two 32-bit words. */
const encodeFromF64 = (src: Float64Array, out: Uint16Array): void => {
  const words = new Int32Array(src.buffer, src.byteOffset, src.length * 2)
  const lo = lowWordFirst() ? 0 : 1
  const hi = 1 - lo
  const n = src.length
  for (let i = 0; i < n; i++) {
    const u = words[2 * i + hi]
    // Fold the low word into a sticky bit 0: every path below drops bit 0 of the high word.
    const a = (u & 0x7fffffff) | (words[2 * i + lo] !== 0 ? 1 : 0)
    let h: number
    if (a >= 0x38100000) {
      // Rebias the exponent (1023 -> 127) and round the 13 dropped bits of the high word.
      if (a < 0x47f00000) h = (a - 0x38000000 + 0xfff + ((a >>> 13) & 1)) >>> 13
      else h = a > 0x7ff00000 ? QUIET_NAN : INFINITY
    } else if (a > 0x37900000) {
      // Subnormal bfloat16: shift the full significand right by s in [14, 21] with the same carry.
      const s = 910 - (a >>> 20)
      const m = (a & 0xfffff) | 0x100000
      h = (m + (1 << (s - 1)) - 1 + ((m >>> s) & 1)) >>> s
    } else h = 0 // at or below 2^-134: 2^-134 itself is a tie, and even is zero
    out[i] = ((u >>> 16) & 0x8000) | h
  }
}

/** Round every element of `src` to a bfloat16 pattern in `out` (same length); `src` is not written. */
export const encodeBF16 = (src: Float32Array | Float64Array, out: Uint16Array): void => {
  checkLengths('encodeBF16', src.length, out.length)
  if (src instanceof Float32Array) encodeFromF32(src, out)
  else if (src instanceof Float64Array) encodeFromF64(src, out)
  else throw new TypeError(`encodeBF16: expected a Float32Array or Float64Array source, got ${Object.prototype.toString.call(src)}`)
}

/** Decode every bfloat16 pattern of `src` into `out` (same length); `src` is not written. */
export const decodeBF16 = (src: Uint16Array, out: Float32Array | Float64Array): void => {
  checkLengths('decodeBF16', src.length, out.length)
  const n = src.length
  if (out instanceof Float32Array) {
    // A bfloat16 is the top half of a float32: write the bits, no table needed.
    const obits = new Uint32Array(out.buffer, out.byteOffset, n)
    for (let i = 0; i < n; i++) obits[i] = src[i] << 16
  } else if (out instanceof Float64Array) {
    const t = table()
    for (let i = 0; i < n; i++) out[i] = t[src[i]]
  } else throw new TypeError(`decodeBF16: expected a Float32Array or Float64Array output, got ${Object.prototype.toString.call(out)}`)
}
