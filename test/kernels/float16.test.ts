/**
 * float16 codec: published values, the shared exhaustive and reference checks, and float64
 * sources rounded once rather than twice through float32.
 */
import { describe, it, expect } from 'vitest'
import { decodeF16, encodeF16, f16FromF64, f16ToF32 } from '../../src/kernels/float16.js'
import { HALF, referenceRound } from './exactRound.js'
import { doubleRoundingCases, stepF64, tieAbove } from './floatSamples.js'
import { codecSuite } from './narrowCodecSuite.js'

describe('float16 published values', () => {
  // IEEE 754 binary16 examples (Wikipedia, "Half-precision floating-point format").
  const table: ReadonlyArray<readonly [number, number]> = [
    [1, 0x3c00], [65504, 0x7bff], [2 ** -24, 0x0001], [2 ** -14, 0x0400], [0.1, 0x2e66],
    [-2, 0xc000], [1 / 3, 0x3555], [0.99951171875, 0x3bff], [1.0009765625, 0x3c01],
    [0.00006097555160522461, 0x03ff], [Math.PI, 0x4248], [Infinity, 0x7c00], [-Infinity, 0xfc00],
    [0, 0x0000], [-0, 0x8000], [65520, 0x7c00], [65519.99, 0x7bff], [2 ** -25, 0x0000],
    [1e-8, 0x0000], [-1e6, 0xfc00],
  ]

  it('encodes them, from float64 and from float32', () => {
    const xs = table.map(([x]) => x)
    const want = table.map(([, h]) => h)
    expect(xs.map(f16FromF64)).toEqual(want)
    const out = new Uint16Array(xs.length)
    encodeF16(new Float32Array(xs), out)
    expect([...out]).toEqual(want)
    encodeF16(new Float64Array(xs), out)
    expect([...out]).toEqual(want)
  })

  it('decodes exact patterns to their published values', () => {
    expect([0x3c00, 0x7bff, 0x0001, 0x0400, 0x3555, 0x3bff, 0x03ff, 0xc000].map(f16ToF32)).toEqual(
      [1, 65504, 5.960464477539063e-8, 0.00006103515625, 0.333251953125, 0.99951171875, 0.00006097555160522461, -2])
    expect(Object.is(f16ToF32(0x8000), -0)).toBe(true)
    expect([f16ToF32(0x7c00), f16ToF32(0xfc00), f16ToF32(0x7e00)]).toEqual([Infinity, -Infinity, NaN])
  })

  it('keeps NaN a NaN with its sign', () => {
    const nan = f16FromF64(NaN)
    expect([(nan & 0x7c00) === 0x7c00, (nan & 0x3ff) !== 0, nan & 0x8000]).toEqual([true, true, 0])
    // Negative quiet NaNs built from their bits, as float64 and as float32.
    const negative64 = new Float64Array(new BigUint64Array([0xfff8000000000001n]).buffer)
    const negative32 = new Float32Array(new Uint32Array([0xffc00001]).buffer)
    const out = new Uint16Array(1)
    encodeF16(negative32, out)
    const fromF32 = out[0]
    encodeF16(negative64, out)
    const patterns = [f16FromF64(negative64[0]), fromF32, out[0]]
    expect(patterns.map((h) => (h & 0xfc00) === 0xfc00 && (h & 0x3ff) !== 0)).toEqual([true, true, true])
    const back = new Float64Array(3)
    decodeF16(new Uint16Array(patterns), back)
    expect([...back]).toEqual([NaN, NaN, NaN])
  })
})

codecSuite({ format: HALF, fromF64: f16FromF64, toF32: f16ToF32, encode: encodeF16, decode: decodeF16 })

describe('float16 from float64 rounds once', () => {
  it('1 + 2^-11 + 2^-40 goes up to 0x3c01 (NumPy agrees); through float32 it would tie down to 0x3c00', () => {
    const x = 1 + 2 ** -11 + 2 ** -40
    expect(f16FromF64(x)).toBe(0x3c01)
    expect(f16FromF64(Math.fround(x))).toBe(0x3c00)
  })

  it('on the double next to every tie, where rounding through float32 gives the other neighbour', () => {
    const cases = doubleRoundingCases(HALF)
    expect(cases.length).toBe(2 * 31744)
    const xs = new Float64Array(cases.map((c) => c.x))
    const bulk = new Uint16Array(xs.length)
    encodeF16(xs, bulk)
    const wrong = cases.filter((c, i) =>
      !(f16FromF64(c.x) === c.direct && bulk[i] === c.direct && referenceRound(c.x, HALF) === c.direct &&
        f16FromF64(Math.fround(c.x)) === c.viaF32 && c.viaF32 !== c.direct))
    expect(wrong.slice(0, 5)).toEqual([])
  })

  it('a double just below the overflow tie stays finite; through float32 it would overflow', () => {
    const x = stepF64(tieAbove(0x7bff, HALF), -1)
    expect([f16FromF64(x), f16FromF64(Math.fround(x))]).toEqual([0x7bff, 0x7c00])
  })
})

describe('float16 bulk argument checks', () => {
  it('name the function and both lengths when they differ', () => {
    expect(() => encodeF16(new Float64Array(4), new Uint16Array(3)))
      .toThrow('encodeF16: output length must equal input length; expected 4, got 3')
    expect(() => decodeF16(new Uint16Array(2), new Float32Array(5)))
      .toThrow('decodeF16: output length must equal input length; expected 2, got 5')
  })

  it('refuse arrays other than Float32Array and Float64Array, naming what they got', () => {
    // A caller outside TypeScript can pass anything; an Int32Array must not be read as doubles.
    expect(() => encodeF16(new Int32Array(2) as unknown as Float64Array, new Uint16Array(2)))
      .toThrow(new TypeError('encodeF16: expected a Float32Array or Float64Array source, got [object Int32Array]'))
    expect(() => decodeF16(new Uint16Array(2), new Int32Array(2) as unknown as Float64Array))
      .toThrow(new TypeError('decodeF16: expected a Float32Array or Float64Array output, got [object Int32Array]'))
  })
})
