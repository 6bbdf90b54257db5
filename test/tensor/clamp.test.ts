/**
 * clamp against torch.clamp (PyTorch 1.13, scripts/fixtures/tensor.py `clamp`): every dtype with
 * bounds of each kind, comparing the result dtype and every element (Object.is: NaN and −0 kept).
 * Scalar bounds promote as Python scalars (a fractional bound makes integer and bool tensors
 * float32, an integral one makes bool int64), min > max gives max, and uint8 takes negative
 * bounds wrapped but refuses 256. torch's CPU has no float16 clamp; float16 is checked against
 * the float32 case with the same bounds, whose values here are all exact in float16.
 */
import { describe, expect, it } from 'vitest'
import { clamp, type Tensor } from '../../src/index.js'
import { storageOf } from '../../src/tensor/tensor.js'
import { bfloat16Value, decodeTensor, decodeValues, halfValue, loadFixture, type Encoded } from '../fixtures/load.js'
import { thrown } from '../thrown.js'

interface Case {
  readonly x: Encoded
  readonly bounds: { readonly min?: number; readonly max?: number }
  readonly out?: Encoded
  readonly error?: string
}

const { cases } = loadFixture<{ cases: Case[] }>('tensor', 'clamp')

/** The elements of a result as numbers (bigints for int64, decoded half patterns). */
const valuesOf = (t: Tensor): (number | bigint)[] =>
  t.dtype === 'float16' ? [...(storageOf(t) as Uint16Array)].map(halfValue)
    : t.dtype === 'bfloat16' ? [...(storageOf(t) as Uint16Array)].map(bfloat16Value)
      : [...(t.toTypedArray() as ArrayLike<number | bigint> & Iterable<number | bigint>)]

const same = (got: readonly (number | bigint)[], want: readonly (number | bigint)[]): boolean =>
  got.length === want.length && got.every((v, i) => Object.is(v, want[i]))

const name = (c: Case): string => `${c.x.dtype} ${JSON.stringify(c.bounds)}`

describe('clamp matches torch.clamp', () => {
  const compared = cases.filter((c) => c.out !== undefined)
  it('the fixture covers every dtype and bound kind', () => {
    expect(new Set(cases.map((c) => c.x.dtype)).size).toBe(8)
    expect(compared.length).toBeGreaterThan(60)
  })

  it.each(compared.map((c) => [name(c), c] as const))('%s', (_, c) => {
    const got = clamp(decodeTensor(c.x), c.bounds)
    expect(got.dtype).toBe(c.out!.dtype)
    const want = decodeValues(c.out!)
    const vals = valuesOf(got)
    expect(same(vals, want), `${vals.join(',')} vs ${want.join(',')}`).toBe(true)
  })

  it('a bound the dtype cannot hold is a RangeError, as torch refuses it', () => {
    const refused = cases.filter((c) => c.error !== undefined && c.x.dtype !== 'float16')
    expect(refused.map(name)).toEqual(['uint8 {"min":256}'])
    expect(thrown(() => clamp(decodeTensor(refused[0].x), refused[0].bounds))).toBe('RangeError: clamp: min 256 cannot be converted to uint8 without overflow')
  })

  it.each(cases.filter((c) => c.x.dtype === 'float16').map((c) => [name(c), c] as const))('float16 %s: the float32 case\'s values', (_, c) => {
    expect(c.error).toMatch(/not implemented for 'Half'/)
    const ref = cases.find((r) => r.x.dtype === 'float32' && JSON.stringify(r.bounds) === JSON.stringify(c.bounds))!
    const got = clamp(decodeTensor(c.x), c.bounds)
    expect(got.dtype).toBe('float16')
    expect(same(valuesOf(got), decodeValues(ref.out!))).toBe(true)
  })
})
