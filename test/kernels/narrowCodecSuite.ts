/**
 * The checks every narrow-float codec (float16, bfloat16) must pass, written once and run by each
 * codec's test file: exhaustive sweeps over all 65,536 patterns, a million float32 and a million
 * float64 values against the exact reference, the bulk functions' agreement with the scalar ones,
 * untouched inputs and views with offsets.
 */
import { describe, it, expect } from 'vitest'
import { type NarrowFormat, isNaNPattern, referenceDecode, referenceRound } from './exactRound.js'
import { float32Samples, float64Samples } from './floatSamples.js'

/** The four functions of a codec, as the kernel layer exports them. */
export interface Codec {
  readonly format: NarrowFormat
  readonly fromF64: (x: number) => number
  readonly toF32: (h: number) => number
  readonly encode: (src: Float32Array | Float64Array, out: Uint16Array) => void
  readonly decode: (src: Uint16Array, out: Float32Array | Float64Array) => void
}

const hex = (h: number): string => `0x${h.toString(16).padStart(4, '0')}`

/** Same pattern, or both NaN patterns with the same sign (NaN payloads aside). */
const samePattern = (got: number, want: number, f: NarrowFormat): boolean =>
  got === want || (isNaNPattern(got, f) && isNaNPattern(want, f) && (got & 0x8000) === (want & 0x8000))

/** Same value, telling -0 from +0; any NaN equals any NaN. */
const sameValue = (a: number, b: number): boolean => Object.is(a, b) || (a !== a && b !== b)

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer.slice(0))

/** Collect at most a few mismatches so a failure prints what went wrong without flooding. */
const mismatches = (n: number, check: (i: number) => string | undefined): readonly string[] => {
  const found: string[] = []
  for (let i = 0; i < n && found.length < 8; i++) {
    const m = check(i)
    if (m !== undefined) found.push(m)
  }
  return found
}

const allPatterns = (): Uint16Array => {
  const all = new Uint16Array(65536)
  for (let h = 0; h < 65536; h++) all[h] = h
  return all
}

const checkAgainstReference = (c: Codec, xs: Float32Array | Float64Array): readonly string[] => {
  const bulk = new Uint16Array(xs.length)
  c.encode(xs, bulk)
  return mismatches(xs.length, (i) => {
    const x = xs[i]
    const want = referenceRound(x, c.format)
    const scalar = c.fromF64(x)
    if (samePattern(bulk[i], want, c.format) && samePattern(scalar, want, c.format)) return undefined
    return `x=${x}: bulk ${hex(bulk[i])}, scalar ${hex(scalar)}, reference ${hex(want)}`
  })
}

/** Register the shared tests for `c`. */
export const codecSuite = (c: Codec): void => {
  const f = c.format

  describe(`${f.name} codec: exhaustive over all 65,536 patterns`, () => {
    it('decodes every pattern to its exact value, scalar and bulk into float32 and float64', () => {
      const all = allPatterns()
      const d32 = new Float32Array(65536)
      const d64 = new Float64Array(65536)
      c.decode(all, d32)
      c.decode(all, d64)
      expect(mismatches(65536, (h) => {
        const want = referenceDecode(h, f)
        const ok = sameValue(c.toF32(h), want) && sameValue(d32[h], want) && sameValue(d64[h], want)
        return ok ? undefined : `${hex(h)}: scalar ${c.toF32(h)}, f32 ${d32[h]}, f64 ${d64[h]}, reference ${want}`
      })).toEqual([])
    })

    it('encode(decode(h)) === h for non-NaN h, and decode . encode . decode = decode', () => {
      const all = allPatterns()
      const d32 = new Float32Array(65536)
      const d64 = new Float64Array(65536)
      c.decode(all, d32)
      c.decode(all, d64)
      const e32 = new Uint16Array(65536)
      const e64 = new Uint16Array(65536)
      c.encode(d32, e32)
      c.encode(d64, e64)
      const again = new Float64Array(65536)
      c.decode(e64, again)
      expect(mismatches(65536, (h) => {
        const scalar = c.fromF64(c.toF32(h))
        const round = [scalar, e32[h], e64[h]]
        const ok = isNaNPattern(h, f)
          ? round.every((r) => isNaNPattern(r, f) && (r & 0x8000) === (h & 0x8000)) && again[h] !== again[h]
          : round.every((r) => r === h) && sameValue(again[h], d64[h])
        return ok ? undefined : `${hex(h)}: scalar ${hex(scalar)}, from f32 ${hex(e32[h])}, from f64 ${hex(e64[h])}`
      })).toEqual([])
    })
  })

  describe(`${f.name} codec against the exact reference`, () => {
    it('rounds 1,000,000 float32 values exactly (ties, boundaries, specials included)', () => {
      expect(checkAgainstReference(c, float32Samples(f, 1_000_000, 0x5eed32))).toEqual([])
    })

    it('rounds 1,000,000 float64 values exactly, directly from the double', () => {
      expect(checkAgainstReference(c, float64Samples(f, 1_000_000, 0x5eed64))).toEqual([])
    })
  })

  describe(`${f.name} bulk functions`, () => {
    it('leave their inputs untouched, write only their output view, and agree with the scalar ones', () => {
      const pad = 3
      const n = 10_000
      const xs32 = float32Samples(f, n + 2 * pad, 7)
      const xs64 = float64Samples(f, n + 2 * pad, 8)
      const before32 = bytesOf(xs32)
      const before64 = bytesOf(xs64)
      // Views with non-zero byte offsets, inside larger buffers guarded by sentinels.
      const out32 = new Uint16Array(n + 2 * pad).fill(0xabcd)
      const out64 = new Uint16Array(n + 2 * pad).fill(0xabcd)
      c.encode(xs32.subarray(pad, pad + n), out32.subarray(pad, pad + n))
      c.encode(xs64.subarray(pad, pad + n), out64.subarray(pad, pad + n))
      expect(bytesOf(xs32)).toEqual(before32)
      expect(bytesOf(xs64)).toEqual(before64)
      for (const out of [out32, out64]) {
        expect([...out.subarray(0, pad), ...out.subarray(pad + n)]).toEqual(new Array(2 * pad).fill(0xabcd))
      }
      expect(mismatches(n, (i) => {
        const a = c.fromF64(xs32[pad + i])
        const b = c.fromF64(xs64[pad + i])
        return out32[pad + i] === a && out64[pad + i] === b ? undefined : `element ${i}`
      })).toEqual([])

      const hs = new Uint16Array(n + 2 * pad)
      for (let i = 0; i < hs.length; i++) hs[i] = (i * 40503) & 0xffff
      const beforeH = bytesOf(hs)
      const d32 = new Float32Array(n + 2 * pad).fill(-7)
      const d64 = new Float64Array(n + 2 * pad).fill(-7)
      c.decode(hs.subarray(pad, pad + n), d32.subarray(pad, pad + n))
      c.decode(hs.subarray(pad, pad + n), d64.subarray(pad, pad + n))
      expect(bytesOf(hs)).toEqual(beforeH)
      for (const out of [d32, d64]) {
        expect([...out.subarray(0, pad), ...out.subarray(pad + n)]).toEqual(new Array(2 * pad).fill(-7))
      }
      expect(mismatches(n, (i) => {
        const want = c.toF32(hs[pad + i])
        return sameValue(d32[pad + i], want) && sameValue(d64[pad + i], want) ? undefined : `element ${i}`
      })).toEqual([])
    })

    it('throw on a length mismatch, naming the function and both lengths', () => {
      expect(() => c.encode(new Float32Array(4), new Uint16Array(3))).toThrow(/expected 4, got 3/)
      expect(() => c.decode(new Uint16Array(2), new Float64Array(5))).toThrow(/expected 2, got 5/)
    })
  })
}
