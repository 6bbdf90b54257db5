/**
 * Deterministic sample sets for the narrow-float codec tests: a seeded 32-bit generator and
 * float32/float64 arrays that mix uniform bit patterns, values in and around a format's range,
 * exact ties between neighbouring patterns and their nearest float32/float64 neighbours, the
 * format's landmarks and the special values. Seeded, so every run checks the same numbers.
 */
import { type NarrowFormat, landmarks, referenceDecode } from './exactRound.js'

/** A seeded generator of uint32 values (mulberry32). */
export const seeded = (seed: number): (() => number) => {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), s | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** A fresh 8-byte scratch view per conversion: no state shared between calls. */
const scratch = (): DataView => new DataView(new ArrayBuffer(8))

const f32FromBits = (bits: number): number => {
  const view = scratch()
  view.setUint32(0, bits >>> 0)
  return view.getFloat32(0)
}
const f32Bits = (x: number): number => {
  const view = scratch()
  view.setFloat32(0, x)
  return view.getUint32(0)
}
const f64FromWords = (hi: number, lo: number): number => {
  const view = scratch()
  view.setUint32(0, hi >>> 0)
  view.setUint32(4, lo >>> 0)
  return view.getFloat64(0)
}
/** The double `steps` units in the last place away from positive finite `x` (steps may be < 0). */
export const stepF64 = (x: number, steps: number): number => {
  const view = scratch()
  view.setFloat64(0, x)
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(steps))
  return view.getFloat64(0)
}
/** The float32 `steps` units in the last place away from positive finite float32 `x`. */
export const stepF32 = (x: number, steps: number): number => f32FromBits(f32Bits(x) + steps)

/** The exact midpoint between pattern `h` (positive, finite) and the next pattern up. */
export const tieAbove = (h: number, f: NarrowFormat): number => {
  const lm = landmarks(f)
  const v = referenceDecode(h, f)
  return v === lm.maxFinite ? lm.overflowTie : (v + referenceDecode(h + 1, f)) / 2
}

/** Positive finite patterns of `f`: exponent field below all-ones. */
const randomFinitePattern = (next: () => number, f: NarrowFormat): number => {
  const limit = (2 ** f.exponentBits - 1) << (f.precision - 1)
  return next() % limit
}

const landmarkList = (f: NarrowFormat): readonly number[] => {
  const lm = landmarks(f)
  return [lm.maxFinite, lm.overflowTie, lm.minNormal, lm.minSubnormal, lm.halfMinSubnormal, 1, 2 * lm.maxFinite]
}

const signed = (next: () => number, x: number): number => (next() & 1 ? -x : x)

/** One value in the float32 mix; categories chosen by a uniform draw. */
const sampleF32 = (next: () => number, f: NarrowFormat): number => {
  const kind = next() % 10
  const emax = 2 ** (f.exponentBits - 1) - 1
  if (kind < 2) return f32FromBits(next())
  if (kind < 5) {
    // Exponents from a little below the smallest subnormal to a little above the largest finite.
    const lo = Math.max(0, 127 - emax - f.precision - 3)
    const hi = Math.min(254, 127 + emax + 2)
    const field = lo + (next() % (hi - lo + 1))
    return signed(next, f32FromBits((field << 23) | (next() & 0x7fffff)))
  }
  if (kind < 8) {
    const tie = tieAbove(randomFinitePattern(next, f), f)
    return signed(next, stepF32(tie, (next() % 3) - 1))
  }
  if (kind < 9) {
    const list = landmarkList(f)
    const x = Math.fround(list[next() % list.length])
    return signed(next, x === 0 ? 0 : stepF32(x, (next() % 3) - 1))
  }
  const specials = [0, Infinity, NaN, f32FromBits(0x7f800001 + (next() & 0x3fffff)), f32FromBits(next() & 0x7fffff)]
  return signed(next, specials[next() % specials.length])
}

/** `count` float32 values for testing `f`, drawn from `seed`. */
export const float32Samples = (f: NarrowFormat, count: number, seed: number): Float32Array => {
  const next = seeded(seed)
  const out = new Float32Array(count)
  for (let i = 0; i < count; i++) out[i] = sampleF32(next, f)
  return out
}

/** One value in the float64 mix: as float32's, plus offsets too small for float32 to see. */
const sampleF64 = (next: () => number, f: NarrowFormat): number => {
  const kind = next() % 12
  const emax = 2 ** (f.exponentBits - 1) - 1
  if (kind < 2) return f64FromWords(next(), next())
  if (kind < 5) {
    const lo = 1023 - emax - f.precision - 3
    const hi = 1023 + emax + 2
    const field = lo + (next() % (hi - lo + 1))
    return signed(next, f64FromWords((field << 20) | (next() & 0xfffff), next()))
  }
  if (kind < 9) {
    // A tie, its neighbours one double apart, or up to 2^20 doubles away: well inside the
    // float32 rounding interval of the tie, where rounding through float32 would go wrong.
    const tie = tieAbove(randomFinitePattern(next, f), f)
    const r = next() % 4
    const steps = r === 0 ? 0 : r === 1 ? (next() % 3) - 1 : ((next() % (1 << 20)) + 1) * (next() & 1 ? 1 : -1)
    return signed(next, stepF64(tie, steps))
  }
  if (kind < 10) {
    const list = landmarkList(f)
    const x = list[next() % list.length]
    return signed(next, stepF64(x, (next() % 3) - 1))
  }
  if (kind < 11) {
    // Half are float32 values, half are binade edges: a power of two and its neighbours.
    if (next() & 1) return Math.fround(sampleF32(next, f))
    const e = -emax - f.precision - 1 + (next() % (2 * emax + f.precision + 3))
    return signed(next, stepF64(2 ** e, (next() % 3) - 1))
  }
  const specials = [0, Infinity, NaN, f64FromWords(0x7ff00000, 1 + next()), f64FromWords(next() & 0xfffff, next())]
  return signed(next, specials[next() % specials.length])
}

/** `count` float64 values for testing `f`, drawn from `seed`. */
export const float64Samples = (f: NarrowFormat, count: number, seed: number): Float64Array => {
  const next = seeded(seed)
  const out = new Float64Array(count)
  for (let i = 0; i < count; i++) out[i] = sampleF64(next, f)
  return out
}

/** A double next to a tie, what it rounds to directly, and what it would round to via float32. */
export interface DoubleRoundingCase {
  readonly x: number
  readonly direct: number
  readonly viaF32: number
}

/**
 * For every finite pattern h of `f` (both signs): the double one step off the tie above h, on the
 * side away from the even neighbour. Rounded directly it goes to the odd neighbour; float32
 * rounds it onto the tie first, which then goes to the even one. Correct by construction.
 */
export const doubleRoundingCases = (f: NarrowFormat): readonly DoubleRoundingCase[] => {
  const cases: DoubleRoundingCase[] = []
  const limit = (2 ** f.exponentBits - 1) << (f.precision - 1)
  for (let h = 0; h < limit; h++) {
    const even = (h & 1) === 0
    const x = stepF64(tieAbove(h, f), even ? 1 : -1)
    const direct = even ? h + 1 : h
    const viaF32 = even ? h : h + 1
    cases.push({ x, direct, viaF32 }, { x: -x, direct: direct | 0x8000, viaF32: viaF32 | 0x8000 })
  }
  return cases
}
