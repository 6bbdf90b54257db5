/**
 * Conversions between storage and compute arrays, against PyTorch (test/fixtures/tensor/dtype.json,
 * scripts/fixtures/dtype.py): integer casts that wrap (uint8 → int8) or widen bool, int64 → floats at
 * and just past 24 and 53 significant bits (ties to even, both signs), half-type sums that PyTorch
 * accumulates in float32 and rounds once more, float32 convolutions that round the product before
 * adding the bias; plus the storage array each cast returns, copies that keep NaN payloads bit for
 * bit, and `roundBig` against an exact rational rounding.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { DType } from '../../src/tensor/index.js'
import { roundBig } from '../../src/tensor/convert.js'
import { decodeStorage, decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { exactMismatches } from './match.js'

interface CastCase { readonly from: Encoded; readonly to: DType; readonly torch: Encoded }
interface SumCase { readonly x: Encoded; readonly torch: Encoded; readonly once: Encoded }
interface ConvCase { readonly x: Encoded; readonly weight: Encoded; readonly bias: Encoded; readonly padding: number; readonly torch: Encoded }

const fx = loadFixture<{
  readonly casts: readonly CastCase[]; readonly halfsum: readonly SumCase[]; readonly f32conv: readonly ConvCase[]
}>('tensor', 'dtype')

const ARRAY: Record<DType, string> = {
  float32: 'Float32Array', float64: 'Float64Array', float16: 'Uint16Array', bfloat16: 'Uint16Array', int64: 'BigInt64Array',
  int32: 'Int32Array', int16: 'Int16Array', int8: 'Int8Array', uint8: 'Uint8Array', bool: 'Uint8Array',
}

describe('casts at the edges match PyTorch bit for bit', () => {
  it.each(fx.casts.map((c) => [`${c.from.dtype} -> ${c.to} (${c.from.data.length} values)`, c] as const))('%s', (_, c) => {
    const y = T.to(decodeTensor(c.from), c.to)
    expect(exactMismatches(y, c.torch)).toEqual([])
    expect(y.toTypedArray().constructor.name).toBe(ARRAY[c.to])
  })
})

describe('half types compute in float32, then round', () => {
  it.each(fx.halfsum.map((c) => [`${c.x.dtype} sum of [${c.x.data.join(', ')}]`, c] as const))('%s', (_, c) => {
    expect(exactMismatches(T.sum(decodeTensor(c.x)), c.torch)).toEqual([])
    // The case matters: rounding the exact sum once gives another half value.
    expect(decodeStorage(c.once)).not.toEqual(decodeStorage(c.torch))
  })
})

describe('float32 results round to float32 where PyTorch rounds', () => {
  it.each(fx.f32conv.map((c) => [`conv2d, padding ${c.padding}`, c] as const))('%s: the product before the bias', (_, c) => {
    // 24929 · 673 = 2^24 + 1 rounds to 2^24 (even); + 1 is a tie again: 2^24. In float64: 2^24 + 2.
    const y = T.conv2d(decodeTensor(c.x), decodeTensor(c.weight), decodeTensor(c.bias), { padding: c.padding })
    expect(exactMismatches(y, c.torch)).toEqual([])
    expect([...(y.toTypedArray() as Float32Array)]).toContain(2 ** 24)
  })
})

describe('every cast returns the dtype\'s own storage array', () => {
  const sources: readonly T.Tensor[] = T.DTYPES.map((d) => T.tensor([0, 1, 1, 0], { dtype: d }))
  it.each(T.DTYPES.map((d) => [d] as const))('to %s', (d) => {
    for (const x of sources) {
      const y = T.to(x, d)
      expect([x.dtype, y.toTypedArray().constructor.name]).toEqual([x.dtype, ARRAY[d]])
      expect(y.toArray()).toEqual(d === 'bool' ? [false, true, true, false] : [0, 1, 1, 0])
    }
  })
})

describe('a copy in the same dtype keeps every bit', () => {
  it('float16 and bfloat16 NaN payloads and signed zeros survive tensor(x)', () => {
    // A decode to float32 and encode back would make each NaN quiet with a zero payload (0x7e00 / 0x7fc0).
    const cases = [['float16', [0x7c01, 0xfe01, 0x7d00, 0x8000, 0x0001]], ['bfloat16', [0x7f81, 0xffc1, 0x7fa0, 0x8000, 0x0001]]] as const
    for (const [d, bits] of cases) {
      const x = T.tensor(Uint16Array.from(bits), { dtype: d })
      const copy: T.Tensor = T.tensor(x)
      expect([...(copy.toTypedArray() as Uint16Array)]).toEqual(bits)
      expect([...(T.tensor(x, { dtype: d }).toTypedArray() as Uint16Array)]).toEqual(bits)
    }
  })
  it('other dtypes: values, -0 and NaN', () => {
    const x = T.tensor(new Float64Array([-0, NaN, 1e300, 5e-324]))
    expect(T.tensor(x).toTypedArray()).toEqual(x.toTypedArray())
    const big = T.tensor([2n ** 63n - 1n, -(2n ** 63n)])
    const bigCopy: T.Tensor = T.tensor(big)
    expect([...(bigCopy.toTypedArray() as BigInt64Array)]).toEqual([2n ** 63n - 1n, -(2n ** 63n)])
  })
})

/** `v` rounded to `sig` significant bits, nearest with ties to even, by exact rational arithmetic. */
function naiveRound(v: bigint, sig: number): bigint {
  const a = v < 0n ? -v : v
  let unit = 1n // the smallest power of two that leaves at most `sig` bits above it
  while (a / unit >= 1n << BigInt(sig)) unit *= 2n
  const q = a / unit
  const twiceRest = 2n * (a - q * unit)
  const up = twiceRest > unit || (twiceRest === unit && q % 2n === 1n)
  const m = (up ? q + 1n : q) * unit
  return v < 0n ? -m : m
}

describe('roundBig', () => {
  it('agrees with exact rounding around 24 and 53 bits, both signs', () => {
    for (const sig of [24, 53]) {
      const t = 1n << BigInt(sig)
      for (const base of [0n, t - 16n, t, 2n * t, 4n * t, 2n ** 62n]) {
        for (let k = 0n; k < 32n; k++) {
          for (const v of [base + k, -(base + k)]) expect([v, roundBig(v, sig)]).toEqual([v, Number(naiveRound(v, sig))])
        }
      }
    }
  })
  it('worked values (24 bits): exact at the width, ties to even, below and above half', () => {
    // 2^24 − 1 has 24 bits: exact. 2^24 + 1 = tie between 2^24 and 2^24 + 2: even 2^24.
    // 2^24 + 3 = tie between 2^24 + 2 (odd mantissa) and 2^24 + 4: up. 2^25 + 5: below half: 2^25 + 4.
    expect([2 ** 24 - 1, 2 ** 24 + 1, 2 ** 24 + 3, 2 ** 25 + 5, 2 ** 25 + 7].map((v) => roundBig(BigInt(v), 24)))
      .toEqual([2 ** 24 - 1, 2 ** 24, 2 ** 24 + 4, 2 ** 25 + 4, 2 ** 25 + 8])
    expect(roundBig(-(2n ** 24n) - 3n, 24)).toBe(-(2 ** 24) - 4)
    expect(Object.is(roundBig(0n, 24), 0)).toBe(true)
  })
})
