/**
 * A slow, exact-enough reference for erf and erfc: the Maclaurin series
 * erf(x) = 2/√π · Σ (−1)ⁿ x²ⁿ⁺¹ / (n!·(2n+1)), summed in BigInt fixed point with enough fraction
 * bits that even erfc(27) ≈ 5e-319, a difference of two numbers near 1, keeps more than 60
 * correct bits. π comes from Machin's formula and √π from an integer square root, so nothing here
 * shares an approximation with the kernel (fdlibm's rational fits).
 *
 * Precision: the terms grow to about e^(x²) before they shrink, and a rounding error made early is
 * carried up by the same factor, while erfc(x) is about e^(−x²). So a sum at x needs about
 * 2·x²·log2(e) fraction bits beyond the 60 kept, plus room for tiny x themselves (2^-1074).
 */

/** The most fraction bits any x ≤ 28 needs (see the header); constants are made at this precision. */
const F_MAX = 3600n
const bitsFor = (x: number): bigint => 1200n + 2n * BigInt(Math.ceil(1.45 * x * x))

/** arctan(1/k) with F_MAX fraction bits, by its alternating series. */
const arctanInv = (k: bigint): bigint => {
  let sum = 0n
  let power = (1n << F_MAX) / k // 1 / k^(2n+1)
  const k2 = k * k
  for (let n = 0n; power !== 0n; n++) {
    const term = power / (2n * n + 1n)
    sum += n % 2n === 0n ? term : -term
    power /= k2
  }
  return sum
}

/** ⌊√v⌋ by Newton's iteration on integers. */
const isqrt = (v: bigint): bigint => {
  if (v < 2n) return v
  let x = 1n << BigInt(Math.ceil(v.toString(2).length / 2))
  for (;;) {
    const y = (x + v / x) >> 1n
    if (y >= x) return x
    x = y
  }
}

/** 2/√π with F_MAX fraction bits, built on first use (a few milliseconds). */
let twoOverSqrtPi: bigint | undefined
const twoOverSqrtPiAt = (f: bigint): bigint => {
  if (twoOverSqrtPi === undefined) {
    const pi = 16n * arctanInv(5n) - 4n * arctanInv(239n)
    twoOverSqrtPi = (2n << (2n * F_MAX)) / isqrt(pi << F_MAX)
  }
  return twoOverSqrtPi >> (F_MAX - f)
}

/** A finite double as an exact value with F fraction bits (F ≥ 1074 keeps every double exact). */
const toFixed = (x: number, F: bigint): bigint => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, Math.abs(x))
  const bits = view.getBigUint64(0)
  const field = (bits >> 52n) & 0x7ffn
  const frac = bits & 0xfffffffffffffn
  const [mant, exp] = field === 0n ? [frac, -1074n] : [frac | (1n << 52n), field - 1075n]
  const shift = exp + F
  const v = shift >= 0n ? mant << shift : mant >> -shift
  return x < 0 ? -v : v
}

/** A fixed-point value rounded to a double (to nearest, within one ulp of the exact quotient). */
const fromFixed = (v: bigint, F: bigint): number => {
  if (v === 0n) return 0
  const neg = v < 0n
  const a = neg ? -v : v
  // Keep the top 64 bits (exact in a BigInt, rounded once by Number()), then scale by 2^(e − F).
  const len = BigInt(a.toString(2).length)
  const drop = len > 64n ? len - 64n : 0n
  let r = Number(a >> drop)
  let e = Number(drop - F)
  // Scale in steps that stay exact until the very last, which may round into the subnormals.
  while (e < -1000) { r *= 2 ** -1000; e += 1000 }
  r *= 2 ** e
  return neg ? -r : r
}

/** erf and erfc of `x` (|x| ≤ 28), both from one series sum. */
export const erfPair = (x: number): { readonly erf: number; readonly erfc: number } => {
  if (!(Math.abs(x) <= 28)) throw new RangeError(`erfPair: expected |x| <= 28, got ${x}`)
  const F = bitsFor(x)
  const xf = toFixed(x, F)
  const x2 = (xf * xf) >> F
  let sum = 0n
  let power = xf // (−1)ⁿ x^(2n+1) / n!
  for (let n = 0n; power !== 0n; n++) {
    sum += power / (2n * n + 1n)
    power = -((power * x2) >> F) / (n + 1n)
  }
  const erf = (sum * twoOverSqrtPiAt(F)) >> F
  return { erf: fromFixed(erf, F), erfc: fromFixed((1n << F) - erf, F) }
}
