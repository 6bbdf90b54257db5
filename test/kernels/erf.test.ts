/**
 * erf and erfc against an independent reference (a BigInt Maclaurin sum, test/kernels/erfReference.ts)
 * on every interval of fdlibm's piecewise approximation, at the interval edges, in the far tail where
 * erfc is subnormal, and on the special values; plus published values (Abramowitz & Stegun, table 7.1).
 */
import { describe, it, expect } from 'vitest'
import { erf, erfc } from '../../src/kernels/erf.js'
import { erfPair } from './erfReference.js'

/** One unit in the last place of `x` (the subnormal spacing below the normals). */
const ulp = (x: number): number => {
  const a = Math.abs(x)
  return a < 2 ** -1022 ? 2 ** -1074 : 2 ** (Math.floor(Math.log2(a)) - 52)
}

/** fdlibm's erf is accurate to about one ulp; two leave room for the reference's last rounding. */
const TOL_ULPS = 2

/** Values of x where erf or erfc misses the reference by more than TOL_ULPS, with the error. */
const misses = (xs: readonly number[]): readonly string[] =>
  xs.flatMap((x) => {
    const want = erfPair(x)
    const out: string[] = []
    const e1 = Math.abs(erf(x) - want.erf) / ulp(want.erf)
    const e2 = Math.abs(erfc(x) - want.erfc) / ulp(want.erfc)
    if (!(e1 <= TOL_ULPS)) out.push(`erf(${x}) = ${erf(x)}, reference ${want.erf} (${e1} ulp)`)
    if (!(e2 <= TOL_ULPS)) out.push(`erfc(${x}) = ${erfc(x)}, reference ${want.erfc} (${e2} ulp)`)
    return out
  })

/** `count` points spread over [lo, hi), both signs. */
const spread = (lo: number, hi: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => lo + ((hi - lo) * (i + 0.37)) / count).flatMap((x) => [x, -x])

/** The next double above positive `x` (`dir` −1: below). */
const step = (x: number, dir: 1 | -1): number => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(dir))
  return view.getFloat64(0)
}

describe('erf and erfc against the series reference', () => {
  // The intervals of the piecewise approximation: a two-term Taylor form below 2^-28, then
  // rational fits on [2^-28, 0.84375), [0.84375, 1.25), [1.25, 1/0.35), [1/0.35, 28).
  it.each([
    ['below 2^-28', 2 ** -60, 2 ** -28, 8],
    ['[2^-28, 0.84375)', 2 ** -28, 0.84375, 40],
    ['[0.84375, 1.25)', 0.84375, 1.25, 40],
    ['[1.25, 1/0.35)', 1.25, 1 / 0.35, 30],
    ['[1/0.35, 6)', 1 / 0.35, 6, 20],
    ['[6, 26.5): erfc still normal', 6, 26.5, 8],
  ] as const)('%s', (_, lo, hi, count) => {
    expect(misses(spread(lo, hi, count))).toEqual([])
  })

  it('at each interval edge and the doubles next to it', () => {
    const edges = [2 ** -28, 0.84375, 1.25, 1 / 0.35]
    const xs = edges.flatMap((e) => [step(e, -1), e, step(e, 1)]).flatMap((x) => [x, -x])
    expect(misses(xs)).toEqual([])
  })

  it('in the far tail, where erfc(x) is subnormal, and at its underflow to 0 from 28 on', () => {
    expect(misses([26.6, 27, 27.2, step(28, -1), -27])).toEqual([])
    expect([erfc(28), erfc(40), erfc(Infinity), erf(28), erf(-28), erf(40)]).toEqual([0, 0, 0, 1, -1, 1])
    expect([erfc(-28), erfc(-Infinity)]).toEqual([2, 2])
  })

  it('on the smallest arguments, where erf(x) ≈ 2x/√π', () => {
    expect(misses([5e-324, 2 ** -1022, 1e-300, 2 ** -200, 2 ** -29])).toEqual([])
  })
})

describe('erf and erfc special values', () => {
  it('are odd (erf) and reflect about 1 (erfc), keep the sign of zero, and pass NaN through', () => {
    expect([erf(Infinity), erf(-Infinity), erfc(0), erfc(-0)]).toEqual([1, -1, 1, 1])
    expect(Object.is(erf(0), 0) && Object.is(erf(-0), -0)).toBe(true)
    expect([erf(NaN), erfc(NaN)]).toEqual([NaN, NaN])
    for (const x of [1e-5, 0.3, 0.9, 1.1, 2, 3.5, 10]) {
      expect(erf(-x)).toBe(-erf(x))
      expect(erfc(-x)).toBe(2 - erfc(x))
    }
  })

  it('match published values to 15 digits (Abramowitz & Stegun 7.1 and erfc tables)', () => {
    const table: ReadonlyArray<readonly [number, number, number]> = [
      // x, erf(x), erfc(x)
      [0.1, 0.1124629160182849, 0.8875370839817151],
      [0.5, 0.5204998778130465, 0.4795001221869535],
      [1, 0.8427007929497149, 0.1572992070502851],
      [2, 0.9953222650189527, 0.004677734981047266],
      [3, 0.9999779095030014, 2.209049699858544e-5],
      [5, 0.9999999999984626, 1.537459794428035e-12],
    ]
    for (const [x, e, c] of table) {
      expect(Math.abs(erf(x) - e)).toBeLessThanOrEqual(2 * ulp(e))
      expect(Math.abs(erfc(x) - c)).toBeLessThanOrEqual(2 * ulp(c))
    }
  })
})
