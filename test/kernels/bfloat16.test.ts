/**
 * bfloat16 codec: published values, the shared exhaustive and reference checks, and float64
 * sources rounded once rather than twice through float32.
 */
import { describe, it, expect } from 'vitest'
import { bf16FromF64, bf16ToF32, decodeBF16, encodeBF16 } from '../../src/kernels/bfloat16.js'
import { BFLOAT, referenceRound } from './exactRound.js'
import { doubleRoundingCases, stepF64, tieAbove } from './floatSamples.js'
import { codecSuite } from './narrowCodecSuite.js'

describe('bfloat16 published values', () => {
  // bfloat16 is the top half of a float32 rounded to nearest even (Wikipedia, "bfloat16
  // floating-point format"; PyTorch's c10::BFloat16 round_to_nearest_even).
  const table: ReadonlyArray<readonly [number, number]> = [
    [1, 0x3f80], [Math.PI, 0x4049], [-2, 0xc000], [0.1, 0x3dcd], [1 / 3, 0x3eab],
    [3.3895313892515355e38, 0x7f7f], [3.4028234663852886e38, 0x7f80], [2 ** -126, 0x0080],
    [2 ** -133, 0x0001], [Infinity, 0x7f80], [-Infinity, 0xff80], [0, 0x0000], [-0, 0x8000],
    [1.00390625, 0x3f80], [1.01171875, 0x3f82], [65504, 0x4780],
  ]

  it('encodes them, from float64 and from float32', () => {
    const xs = table.map(([x]) => x)
    const want = table.map(([, h]) => h)
    expect(xs.map(bf16FromF64)).toEqual(want)
    const out = new Uint16Array(xs.length)
    encodeBF16(new Float32Array(xs), out)
    expect([...out]).toEqual(want)
    encodeBF16(new Float64Array(xs), out)
    expect([...out]).toEqual(want)
  })

  it('decodes exact patterns to their published values', () => {
    expect([0x3f80, 0x4049, 0xc000, 0x7f7f, 0x0080, 0x0001].map(bf16ToF32)).toEqual(
      [1, 3.140625, -2, 3.3895313892515355e38, 2 ** -126, 2 ** -133])
    expect(Object.is(bf16ToF32(0x8000), -0)).toBe(true)
    expect([bf16ToF32(0x7f80), bf16ToF32(0xff80), bf16ToF32(0x7fc0)]).toEqual([Infinity, -Infinity, NaN])
  })

  it('keeps NaN a quiet NaN with its sign, even a signalling one', () => {
    const negative64 = new Float64Array(new BigUint64Array([0xfff0000000000001n]).buffer)
    const signalling32 = new Float32Array(new Uint32Array([0xff800001, 0x7f800001]).buffer)
    const out = new Uint16Array(2)
    encodeBF16(signalling32, out)
    const fromF32 = [...out]
    encodeBF16(new Float64Array([negative64[0], NaN]), out)
    const patterns = [bf16FromF64(negative64[0]), ...fromF32, ...out]
    // Quiet: exponent all ones and the top fraction bit set.
    expect(patterns.map((h) => (h & 0x7fc0) === 0x7fc0)).toEqual([true, true, true, true, true])
    expect(patterns.map((h) => h >> 15)).toEqual([1, 1, 0, 1, 0])
  })
})

codecSuite({ format: BFLOAT, fromF64: bf16FromF64, toF32: bf16ToF32, encode: encodeBF16, decode: decodeBF16 })

describe('bfloat16 from float64 rounds once', () => {
  it('1 + 2^-8 + 2^-40 goes up to 0x3f81; through float32 it would tie down to 0x3f80', () => {
    const x = 1 + 2 ** -8 + 2 ** -40
    expect(bf16FromF64(x)).toBe(0x3f81)
    expect(bf16FromF64(Math.fround(x))).toBe(0x3f80)
  })

  it('on the double next to every tie, where rounding through float32 gives the other neighbour', () => {
    const cases = doubleRoundingCases(BFLOAT)
    expect(cases.length).toBe(2 * 32640)
    const xs = new Float64Array(cases.map((c) => c.x))
    const bulk = new Uint16Array(xs.length)
    encodeBF16(xs, bulk)
    const wrong = cases.filter((c, i) =>
      !(bf16FromF64(c.x) === c.direct && bulk[i] === c.direct && referenceRound(c.x, BFLOAT) === c.direct &&
        bf16FromF64(Math.fround(c.x)) === c.viaF32 && c.viaF32 !== c.direct))
    expect(wrong.slice(0, 5)).toEqual([])
  })

  it('a double just below the overflow tie stays finite; through float32 it would overflow', () => {
    const x = stepF64(tieAbove(0x7f7f, BFLOAT), -1)
    expect([bf16FromF64(x), bf16FromF64(Math.fround(x))]).toEqual([0x7f7f, 0x7f80])
  })
})

describe('bfloat16 bulk argument checks', () => {
  it('name the function and both lengths when they differ', () => {
    expect(() => encodeBF16(new Float64Array(4), new Uint16Array(3)))
      .toThrow('encodeBF16: output length must equal input length; expected 4, got 3')
    expect(() => decodeBF16(new Uint16Array(2), new Float32Array(5)))
      .toThrow('decodeBF16: output length must equal input length; expected 2, got 5')
  })

  it('refuse arrays other than Float32Array and Float64Array, naming what they got', () => {
    // A caller outside TypeScript can pass anything; an Int32Array must not be read as doubles.
    expect(() => encodeBF16(new Int32Array(2) as unknown as Float64Array, new Uint16Array(2)))
      .toThrow(new TypeError('encodeBF16: expected a Float32Array or Float64Array source, got [object Int32Array]'))
    expect(() => decodeBF16(new Uint16Array(2), new Int32Array(2) as unknown as Float64Array))
      .toThrow(new TypeError('decodeBF16: expected a Float32Array or Float64Array output, got [object Int32Array]'))
  })
})
