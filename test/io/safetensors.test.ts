/**
 * safetensors encode/decode by example: the reference writer's published layouts, ordering, ties,
 * metadata, the writer's refusals, what `copy` does to memory, views into larger buffers, byte
 * order, and that neither direction touches its inputs.
 */
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { tensor, zeros, type Tensor } from '../../src/tensor/index.js'
import { storageOf } from '../../src/tensor/tensor.js'
import { decode, encode, readHeader, ALIASES_KEY, type Decoded } from '../../src/io/safetensors/index.js'
import { isLittleEndianHost, swapBytes } from '../../src/io/safetensors/endian.js'
import { storageFor } from '../../src/io/safetensors/decode.js'
import { writeData } from '../../src/io/safetensors/encode.js'
import type { TensorEntry } from '../../src/io/safetensors/header.js'
import { compareCodePoints } from '../../src/io/safetensors/names.js'
import { embedded, entry, f32, file } from './safetensorsBuild.js'

const ok = (r: E.Either<{ message: string }, Decoded>): Decoded => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** The header text of a file (without padding) and its declared length. */
const headerOf = (bytes: Uint8Array): { text: string; length: number } => {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true)
  return { text: new TextDecoder().decode(bytes.subarray(8, 8 + length)).trimEnd(), length }
}

const f32t = (values: number[], shape = [values.length]): Tensor => tensor(new Float32Array(values), { shape })

describe('the reference writer\'s layouts', () => {
  it('one F32 tensor: compact header, offsets from 0, length a multiple of 8', () => {
    const bytes = encode(new Map([['attn.0', f32t([0, 1, 2, 3, 4, 5], [1, 2, 3])]]))
    const text = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'
    expect(headerOf(bytes)).toEqual({ text, length: 64 })
    expect(bytes.length).toBe(8 + 64 + 24)
    expect([...bytes.subarray(8 + text.length, 72)]).toEqual([]) // 64 bytes exactly: no padding needed
    expect([...bytes.subarray(72)]).toEqual([...f32(0, 1, 2, 3, 4, 5)])
  })

  it('a header one byte past a multiple of 8 is padded with 7 spaces', () => {
    const bytes = encode(new Map([['attn0', f32t([0, 1, 2, 3, 4, 5], [1, 1, 2, 3])]]))
    const text = '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}'
    expect(text.length).toBe(65)
    expect(headerOf(bytes).length).toBe(72)
    expect(new TextDecoder().decode(bytes.subarray(8, 80))).toBe(text + ' '.repeat(7))
  })

  it('an empty dict is "{}" and six spaces; metadata comes first as "__metadata__"', () => {
    expect([...encode(new Map())]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 32, 32, 32, 32, 32, 32])
    const withMeta = encode(new Map(), { framework: 'pt' })
    expect(headerOf(withMeta)).toEqual({ text: '{"__metadata__":{"framework":"pt"}}', length: 40 })
    expect(headerOf(encode(new Map(), {})).text).toBe('{}')
  })

  it('orders tensors by dtype (I64, F64, F32, I32, BF16, F16, I16, I8, U8, BOOL), then name by code point', () => {
    const dict = new Map<string, Tensor>([
      ['bool', zeros([1], { dtype: 'bool' })], ['u8', zeros([1], { dtype: 'uint8' })], ['i8', zeros([1], { dtype: 'int8' })],
      ['i16', zeros([1], { dtype: 'int16' })], ['f16', zeros([1], { dtype: 'float16' })], ['bf16', zeros([1], { dtype: 'bfloat16' })],
      ['i32', zeros([1], { dtype: 'int32' })], ['f32.b', zeros([1])], ['f32.a', zeros([1])], ['f64', zeros([1], { dtype: 'float64' })],
      ['i64', zeros([1], { dtype: 'int64' })], ['\u{1d465}', zeros([1])], ['\uff41', zeros([1])],
    ])
    const names = [...headerOf(encode(dict)).text.matchAll(/"([^"]+)":\{"dtype"/g)].map((m) => m[1])
    expect(names).toEqual(['i64', 'f64', 'f32.a', 'f32.b', '\uff41', '\u{1d465}', 'i32', 'bf16', 'f16', 'i16', 'i8', 'u8', 'bool'])
  })

  it('compareCodePoints agrees with UTF-8 byte order on awkward pairs', () => {
    const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))
    const words = ['', 'a', 'ab', 'b', '\u00e9', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{1d465}', 'a\u{10000}', 'a\uffff']
    for (const a of words) for (const b of words) expect(Math.sign(compareCodePoints(a, b)), `${a} vs ${b}`).toBe(utf8Order(a, b))
  })
})

describe('round trips', () => {
  it('every dtype, scalars and empty tensors, with their bytes', () => {
    const dict = new Map<string, Tensor>([
      ['f32', f32t([1.5, -0, NaN, Infinity])], ['f64', tensor(new Float64Array([Math.PI, 5e-324]), { dtype: 'float64' })],
      ['f16', tensor(new Uint16Array([0x3c00, 0x7e01, 0x0001]), { dtype: 'float16' })],
      ['bf16', tensor(new Uint16Array([0x3f80, 0xffc1]), { dtype: 'bfloat16' })],
      ['i64', tensor(new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]), { dtype: 'int64' })],
      ['i32', tensor(new Int32Array([-(2 ** 31), 2 ** 31 - 1]))], ['i16', tensor(new Int16Array([-32768, 32767]))],
      ['i8', tensor(new Int8Array([-128, 127]))], ['u8', tensor(new Uint8Array([0, 255]))],
      ['b', tensor([true, false, true])], ['scalar', tensor(2.5)], ['empty', zeros([2, 0, 3])],
    ])
    const back = ok(decode(encode(dict, { a: '1' })))
    expect(new Set(back.tensors.keys())).toEqual(new Set(dict.keys()))
    for (const [k, t] of dict) {
      const g = back.tensors.get(k)!
      expect([g.dtype, g.shape], k).toEqual([t.dtype, t.shape])
      expect(g.toTypedArray(), k).toEqual(t.toTypedArray())
    }
    expect([...back.metadata]).toEqual([['a', '1']])
  })

  it('a tie is written once, recorded in the alias table, and comes back as one object', () => {
    const w = f32t([1, 2, 3, 4])
    const bytes = encode(new Map([['embed.weight', w], ['bias', f32t([0])], ['lm_head.weight', w]]))
    expect(bytes.length).toBe(8 + headerOf(bytes).length + 16 + 4)
    expect(headerOf(bytes).text).toContain(`"${ALIASES_KEY}":${JSON.stringify('{"lm_head.weight":"embed.weight"}')}`)
    const back = ok(decode(bytes))
    expect(back.tensors.get('lm_head.weight')).toBe(back.tensors.get('embed.weight'))
    expect([...back.tensors.keys()]).toEqual(['bias', 'embed.weight', 'lm_head.weight'])
    expect(back.metadata.has(ALIASES_KEY)).toBe(false)
  })

  it('equal but distinct tensors are not ties', () => {
    const bytes = encode({ a: f32t([1]), b: f32t([1]) })
    expect(headerOf(bytes).text).not.toContain(ALIASES_KEY)
    const t = ok(decode(bytes)).tensors
    expect(t.get('a')).not.toBe(t.get('b'))
  })

  it('takes records as well as maps, for the dict and the metadata, keeping metadata order', () => {
    const a = encode({ x: f32t([1]) }, { z: '1', a: '2' })
    const b = encode(new Map([['x', f32t([1])]]), new Map([['z', '1'], ['a', '2']]))
    expect(a).toEqual(b)
    expect([...ok(decode(a)).metadata.keys()]).toEqual(['z', 'a'])
  })
})

describe('the writer refuses what it cannot write', () => {
  it.each(['', '__proto__', 'a.constructor', 'prototype.b', '__metadata__', 'x\ud800'])('tensor name %j', (name) => {
    expect(() => encode(new Map([[name, f32t([1])]]))).toThrow(TypeError)
  })

  it('a value that is not a Tensor', () => {
    expect(() => encode(new Map([['x', [1, 2] as unknown as Tensor]]))).toThrow(/not a Tensor/)
  })

  it('non-string metadata, the reserved alias key, and unpaired surrogates', () => {
    expect(() => encode(new Map(), { n: 3 as unknown as string })).toThrow(/must be a string/)
    expect(() => encode(new Map(), { [ALIASES_KEY]: '{}' })).toThrow(/reserved/)
    expect(() => encode(new Map(), { k: 'v\udc00' })).toThrow(/surrogate/)
  })
})

describe('memory', () => {
  const bytes = encode(new Map([['w', f32t([1, 2, 3, 4])], ['b', tensor(new Int8Array([5, 6, 7]))]]))

  it('copies by default: later writes to the buffer do not reach the tensors', () => {
    const buf = bytes.slice()
    const t = ok(decode(buf)).tensors.get('w')!
    buf.fill(0, headerOf(buf).length + 8)
    expect(t.toArray()).toEqual([1, 2, 3, 4])
    expect(storageOf(t).buffer).not.toBe(buf.buffer)
  })

  it('copy: false views the buffer where aligned (the documented caveat: writes show through)', () => {
    const buf = bytes.slice()
    const t = ok(decode(buf, { copy: false })).tensors.get('w')!
    expect(storageOf(t).buffer).toBe(buf.buffer)
    new Float32Array(buf.buffer, 8 + headerOf(buf).length, 1)[0] = 9
    expect(t.toArray()).toEqual([9, 2, 3, 4])
  })

  it('copy: false copies misaligned data instead of refusing it', () => {
    const view = embedded(bytes, 1) // byteOffset 1: the F32 data sits at an odd address
    const t = ok(decode(view, { copy: false })).tensors.get('w')!
    expect(storageOf(t).buffer).not.toBe(view.buffer)
    expect(t.toArray()).toEqual([1, 2, 3, 4])
  })

  it('a view into a larger buffer (a pooled Buffer) decodes like the bytes alone', () => {
    for (const copy of [true, false]) {
      const t = ok(decode(embedded(bytes, 16, 40), { copy })).tensors
      expect([t.get('w')!.toArray(), t.get('b')!.toArray()]).toEqual([[1, 2, 3, 4], [5, 6, 7]])
    }
    const pooled = Buffer.from(bytes) // small Buffers are slices of Node's shared pool
    expect(ok(decode(pooled)).tensors.get('b')!.toArray()).toEqual([5, 6, 7])
  })

  it('decode leaves its input untouched; encode leaves its tensors untouched', () => {
    const buf = bytes.slice()
    decode(buf, { copy: false })
    expect(buf).toEqual(bytes)
    const t = f32t([1, 2])
    const before = t.toTypedArray()
    encode({ t })
    expect(t.toTypedArray()).toEqual(before)
  })
})

describe('byte order', () => {
  it('isLittleEndianHost agrees with DataView', () => {
    expect(isLittleEndianHost()).toBe(new DataView(new Uint16Array([0x0102]).buffer).getUint16(0, true) === 0x0102)
  })

  // What a big-endian host would hold: each element's bytes reversed from the file's order.
  const reversed = (le: Uint8Array, size: number): number[] => Array.from(le, (_, i) => le[i - (i % size) + (size - 1 - (i % size))])
  const rawOf = (s: ArrayBufferView): number[] => [...new Uint8Array(s.buffer, s.byteOffset, s.byteLength)]
  const at = (dtype: TensorEntry['dtype'], n: number, size: number): TensorEntry => ({ name: 'x', dtype, shape: [n], begin: 0, end: n * size })

  it('big-endian path of decode: F32 and I64 bytes are swapped into host order, U32 lands in the low word', () => {
    const file32 = f32(1.5, -2)
    expect(rawOf(storageFor(file32, at('F32', 2, 4), true, false))).toEqual(reversed(file32, 4))
    const file64 = new Uint8Array(new BigInt64Array([1n, -(2n ** 40n)]).buffer) // little-endian on this host
    expect(rawOf(storageFor(file64, at('I64', 2, 8), true, false))).toEqual(reversed(file64, 8))
    const u32 = storageFor(new Uint8Array([0x78, 0x56, 0x34, 0x12]), at('U32', 1, 4), true, false) as BigInt64Array
    expect([...new Uint32Array(u32.buffer)]).toEqual([0, 0x12345678]) // (high, low) as a big-endian int64 holds them
    expect([...(storageFor(new Uint8Array([0x34, 0x12]), at('U16', 1, 2), true, false) as Int32Array)]).toEqual([0x1234])
  })

  it('big-endian path of encode: host-order elements are written little-endian', () => {
    // Memory 12 34 | 56 78 is how a big-endian host holds 0x1234, 0x5678; the file wants 34 12 | 78 56.
    const hostBE = new Uint8Array([0x12, 0x34, 0x56, 0x78])
    const out = new Uint8Array(6)
    expect(writeData(out, 1, new Uint16Array(hostBE.buffer), 2, false)).toBe(5)
    expect([...out]).toEqual([0, 0x34, 0x12, 0x78, 0x56, 0])
  })

  it.each([2, 4, 8])('swapBytes reverses each %i-byte element', (size) => {
    const src = Uint8Array.from({ length: size * 3 }, (_, i) => i * 7 + 1)
    const got = src.slice()
    swapBytes(got, size)
    const want = Array.from(src, (_, i) => src[i - (i % size) + (size - 1 - (i % size))])
    expect([...got]).toEqual(want)
    swapBytes(got, size)
    expect(got).toEqual(src)
  })
})

describe('the API', () => {
  it('readHeader lists entries in data order without building tensors', () => {
    const h = readHeader(file(`{${entry('b', 'U8', [2], 2, 4)},${entry('a', 'U8', [2], 0, 2)}}`, [1, 2, 3, 4]))
    if (E.isLeft(h)) throw new Error(h.left.message)
    expect(h.right.entries.map((e) => [e.name, e.begin, e.end])).toEqual([['a', 0, 2], ['b', 2, 4]])
  })

  it('the doc examples', () => {
    expect(E.map((d: Decoded) => d.tensors.get('weight')?.shape)(decode(encode(new Map([['weight', zeros([2])]]))))).toEqual(E.right([2]))
    const bytes = encode(new Map([['bias', zeros([3])]]), { format: 'pt' })
    expect(bytes.length).toBe(8 + headerOf(bytes).length + 12)
  })

  it('decode throws for an argument that is not bytes (a programming mistake)', () => {
    expect(() => decode([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError)
  })
})
