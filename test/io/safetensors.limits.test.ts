/**
 * safetensors at its limits and in its tables: the header length limit on both sides (reader and
 * writer) at exactly 100,000,000 bytes, element counts at exactly 2^53 − 1, the cut-off of long
 * numbers in messages, and every format dtype the reference knows, read from hand-built files with
 * the element size and tensor dtype the format description gives it.
 */
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { decode, encode, MAX_HEADER_BYTES, type DecodeError, type Decoded } from '../../src/io/safetensors/index.js'
import { isWidened, type StDType } from '../../src/io/safetensors/dtypes.js'
import { entry, file } from './safetensorsBuild.js'

const refusal = (bytes: Uint8Array): DecodeError => {
  const r = decode(bytes)
  if (E.isRight(r)) throw new Error(`expected a refusal, got tensors ${[...r.right.tensors.keys()].join(', ')}`)
  return r.left
}

const accepted = (bytes: Uint8Array): Decoded => {
  const r = decode(bytes)
  if (E.isLeft(r)) throw new Error(`expected tensors, got ${r.left.message}`)
  return r.right
}

describe('the header length limit', () => {
  it('a length field of exactly 100,000,000 is within the limit (then checked against the bytes)', () => {
    expect(MAX_HEADER_BYTES).toBe(100_000_000)
    expect(refusal(file('{}', [], { length: 100_000_000n }))).toMatchObject({ _tag: 'HeaderOutOfBounds', declared: 100_000_000, available: 2 })
    expect(refusal(file('{}', [], { length: 100_000_001n }))).toMatchObject({ _tag: 'HeaderTooLarge', declared: '100000001' })
  })

  it('the writer writes a header of exactly 100,000,000 bytes and refuses one byte of JSON more', () => {
    // '{"__metadata__":{"k":"' and '"}}': the value fills the rest; the padded length is a multiple of 8.
    const frame = 22 + 3
    const fits = encode(new Map(), { k: 'v'.repeat(MAX_HEADER_BYTES - frame) })
    expect(new DataView(fits.buffer, fits.byteOffset).getUint32(0, true)).toBe(100_000_000)
    expect(fits.length).toBe(8 + 100_000_000)
    expect(() => encode(new Map(), { k: 'v'.repeat(MAX_HEADER_BYTES - frame + 1) }))
      .toThrow(new RangeError('safetensors.encode: the header would take 100000008 bytes; readers refuse more than 100000000'))
  })
})

describe('element counts at the safe-integer limit', () => {
  const MAX = 2 ** 53 - 1

  it('2^53 − 1 one-byte elements can be counted (and then mismatch the offsets)', () => {
    expect(refusal(file(`{${entry('x', 'U8', [MAX], 0, 8)}}`, new Uint8Array(8)))).toMatchObject({ _tag: 'ByteLengthMismatch', expected: MAX, got: 8 })
    expect(refusal(file(`{${entry('x', 'BOOL', [1, MAX], 0, 1)}}`, [0]))).toMatchObject({ _tag: 'ByteLengthMismatch', expected: MAX, got: 1 })
  })

  it('one more element, or two bytes each, cannot', () => {
    expect(refusal(file(`{${entry('x', 'U8', [2 ** 53], 0, 8)}}`, new Uint8Array(8)))._tag).toBe('InvalidShape') // not a safe integer at all
    expect(refusal(file(`{${entry('x', 'U8', [2 ** 26, 2 ** 27], 0, 8)}}`, new Uint8Array(8)))._tag).toBe('ElementCountOverflow')
    expect(refusal(file(`{${entry('x', 'I16', [MAX], 0, 8)}}`, new Uint8Array(8)))._tag).toBe('ElementCountOverflow')
  })
})

describe('numbers quoted in messages', () => {
  const shapeMessage = (num: string) => refusal(file(`{"x":{"dtype":"F32","shape":[${num}],"data_offsets":[0,0]}}`)).message

  it('up to 40 characters are shown whole, longer ones cut to 40 and an ellipsis', () => {
    const n40 = `1.${'0'.repeat(37)}5`
    expect(n40.length).toBe(40)
    expect(shapeMessage(n40)).toBe(`safetensors: tensor "x": shape entry 0 holds ${n40}, not a non-negative integer`)
    const n41 = `${n40}7`
    expect(shapeMessage(n41)).toBe(`safetensors: tensor "x": shape entry 0 holds ${n40}…, not a non-negative integer`)
    const big = '9'.repeat(45)
    expect(shapeMessage(big)).toBe(`safetensors: tensor "x": shape entry 0 holds ${'9'.repeat(40)}…, beyond the safe integers`)
  })
})

describe('every format dtype', () => {
  // Element size in the file and the tensor dtype it is read as (the widening documented for U16, U32, U64).
  const readable: readonly [StDType, number, string][] = [
    ['BOOL', 1, 'bool'], ['U8', 1, 'uint8'], ['I8', 1, 'int8'], ['I16', 2, 'int16'], ['U16', 2, 'int32'], ['F16', 2, 'float16'],
    ['BF16', 2, 'bfloat16'], ['I32', 4, 'int32'], ['U32', 4, 'int64'], ['F32', 4, 'float32'], ['F64', 8, 'float64'], ['I64', 8, 'int64'], ['U64', 8, 'int64'],
  ]

  it.each(readable)('%s: %i bytes an element, read as %s', (st, size, dtype) => {
    const t = accepted(file(`{${entry('t', st, [3], 0, 3 * size)}}`, new Uint8Array(3 * size))).tensors.get('t')!
    expect([t.dtype, t.shape]).toEqual([dtype, [3]])
    expect(refusal(file(`{${entry('t', st, [3], 0, 3 * size + 1)}}`, new Uint8Array(3 * size + 1)))).toMatchObject({ _tag: 'ByteLengthMismatch', expected: 3 * size })
  })

  it('widened: exactly U16, U32 and U64, whose values keep their unsigned meaning', () => {
    expect(readable.filter(([st]) => isWidened(st)).map(([st]) => st)).toEqual(['U16', 'U32', 'U64'])
    const data = [0xff, 0xff, 0x34, 0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
    const t = accepted(file(`{${entry('a', 'U16', [2], 0, 4)},${entry('b', 'U32', [1], 4, 8)},${entry('c', 'U64', [1], 8, 16)}}`, data)).tensors
    expect(t.get('a')!.toArray()).toEqual([65535, 0x1234])
    expect([...t.get('b')!.toTypedArray()]).toEqual([4294967295n])
    expect([...t.get('c')!.toTypedArray()]).toEqual([2n ** 63n - 1n])
  })

  it.each(['F4', 'F6_E2M3', 'F6_E3M2', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'C64'])('%s is known to the format but has no dtype here', (st) => {
    expect(refusal(file(`{${entry('t', st, [1], 0, 1)}}`, [0]))).toMatchObject({ _tag: 'UnsupportedDtype', name: 't', dtype: st })
  })

  it('names near the known ones are unknown', () => {
    for (const st of ['', 'U128', 'F8', 'c64', 'BOOL ', 'F8_E4M3FNUZ']) {
      expect(refusal(file(`{${entry('t', st, [1], 0, 1)}}`, [0])), st).toMatchObject({ _tag: 'UnknownDtype', dtype: st })
    }
  })
})
