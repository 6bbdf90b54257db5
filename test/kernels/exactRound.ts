/**
 * A slow, exact reference for rounding doubles to narrow binary formats (float16, bfloat16) and
 * for decoding their patterns. It works on the double's bits as BigInt integers (sign, exponent,
 * integer significand) and rounds with exact integer division and remainder, which is a different
 * algorithm from the kernels' float tricks and 32-bit carries, so the two can check each other.
 */

/** A binary format narrower than float64: significand bits with the hidden one, exponent bits. */
export interface NarrowFormat {
  readonly name: string
  readonly precision: number
  readonly exponentBits: number
}

/** IEEE binary16: 1 sign, 5 exponent, 10 fraction bits. */
export const HALF: NarrowFormat = { name: 'float16', precision: 11, exponentBits: 5 }
/** bfloat16: 1 sign, 8 exponent, 7 fraction bits. */
export const BFLOAT: NarrowFormat = { name: 'bfloat16', precision: 8, exponentBits: 8 }

const bias = (f: NarrowFormat): number => 2 ** (f.exponentBits - 1) - 1
const fieldMax = (f: NarrowFormat): number => 2 ** f.exponentBits - 1
const fractionBits = (f: NarrowFormat): number => f.precision - 1

/** x = (-1)^sign * significand * 2^exponent exactly, or a non-finite kind. */
interface Decomposed {
  readonly kind: 'nan' | 'inf' | 'finite'
  readonly sign: number
  readonly significand: bigint
  readonly exponent: number
}

const decompose = (x: number): Decomposed => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const sign = Number(bits >> 63n)
  const field = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & 0xfffffffffffffn
  if (field === 0x7ff) return { kind: fraction === 0n ? 'inf' : 'nan', sign, significand: 0n, exponent: 0 }
  if (field === 0) return { kind: 'finite', sign, significand: fraction, exponent: -1074 }
  return { kind: 'finite', sign, significand: fraction | (1n << 52n), exponent: field - 1075 }
}

const bitLength = (n: bigint): number => n.toString(2).length

/** The pattern of `x` in `f`, rounded exactly to nearest, ties to even; NaN -> sign | quiet NaN. */
export const referenceRound = (x: number, f: NarrowFormat): number => {
  const d = decompose(x)
  const signBit = d.sign << 15
  const p = f.precision
  const infinity = fieldMax(f) << fractionBits(f)
  if (d.kind === 'nan') return signBit | infinity | (1 << (p - 2))
  if (d.kind === 'inf') return signBit | infinity
  if (d.significand === 0n) return signBit
  const emin = 1 - bias(f)
  // Unbiased exponent of x, and the exponent of one unit in the last place of the result.
  const e = d.exponent + bitLength(d.significand) - 1
  let quantum = Math.max(e, emin) - (p - 1)
  let n: bigint
  if (d.exponent >= quantum) n = d.significand << BigInt(d.exponent - quantum)
  else {
    const s = BigInt(quantum - d.exponent)
    n = d.significand >> s
    const rest = d.significand - (n << s)
    const half = 1n << (s - 1n)
    if (rest > half || (rest === half && (n & 1n) === 1n)) n += 1n
  }
  const top = 1n << BigInt(p)
  if (n === top) {
    n = top >> 1n
    quantum += 1
  }
  const hidden = 1n << BigInt(p - 1)
  if (n < hidden) return signBit | Number(n) // subnormal (or zero)
  const field = quantum + (p - 1) + bias(f)
  if (field >= fieldMax(f)) return signBit | infinity
  return signBit | (field << fractionBits(f)) | Number(n - hidden)
}

/** True when `h` is a NaN pattern of `f` (all-ones exponent, non-zero fraction). */
export const isNaNPattern = (h: number, f: NarrowFormat): boolean => {
  const frac = h & ((1 << fractionBits(f)) - 1)
  return ((h >> fractionBits(f)) & fieldMax(f)) === fieldMax(f) && frac !== 0
}

/** The value of pattern `h` of `f`, built as the bits of a double (NaN for NaN patterns). */
export const referenceDecode = (h: number, f: NarrowFormat): number => {
  const t = fractionBits(f)
  const sign = BigInt((h >> 15) & 1) << 63n
  const field = (h >> t) & fieldMax(f)
  const frac = BigInt(h & ((1 << t) - 1))
  let bits: bigint
  if (field === fieldMax(f)) {
    if (frac !== 0n) return NaN
    bits = sign | (0x7ffn << 52n)
  } else if (field === 0 && frac === 0n) bits = sign
  else if (field === 0) {
    // frac * 2^(emin - t): normalise so the leading one becomes the double's hidden bit.
    const len = bitLength(frac)
    const exponent = 1 - bias(f) - t + len - 1
    const fraction = (frac - (1n << BigInt(len - 1))) << BigInt(52 - (len - 1))
    bits = sign | (BigInt(exponent + 1023) << 52n) | fraction
  } else bits = sign | (BigInt(field - bias(f) + 1023) << 52n) | (frac << BigInt(52 - t))
  const view = new DataView(new ArrayBuffer(8))
  view.setBigUint64(0, bits)
  return view.getFloat64(0)
}

/** Landmarks of `f` as exact doubles: extremes, the overflow tie, subnormal edges. */
export const landmarks = (f: NarrowFormat) => {
  const emax = bias(f)
  const emin = 1 - emax
  const p = f.precision
  return {
    maxFinite: (2 - 2 ** (1 - p)) * 2 ** emax,
    overflowTie: (2 - 2 ** -p) * 2 ** emax,
    minNormal: 2 ** emin,
    minSubnormal: 2 ** (emin - p + 1),
    halfMinSubnormal: 2 ** (emin - p),
  }
}
