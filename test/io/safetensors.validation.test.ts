/**
 * Every refusal of the safetensors reader, each on its own hand-built bad file: the error's tag,
 * the fields that locate it, and a message naming the tensor or key. Valid near-misses sit next to
 * the bad files, so each test also shows the check is not simply refusing everything.
 */
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { decode, DECODE_ERROR_TAGS, type DecodeError } from '../../src/io/safetensors/index.js'
import { concat, embedded, entry, f32, file, utf8 } from './safetensorsBuild.js'

const seen = new Set<string>()

const refusal = (bytes: Uint8Array): DecodeError => {
  const r = decode(bytes)
  if (E.isRight(r)) throw new Error(`expected a refusal, got tensors ${[...r.right.tensors.keys()].join(', ')}`)
  seen.add(r.left._tag)
  return r.left
}

const accepted = (bytes: Uint8Array) => {
  const r = decode(bytes)
  if (E.isLeft(r)) throw new Error(`expected tensors, got ${r.left.message}`)
  return r.right
}

/** The one valid F32 [2] tensor `x` most cases start from. */
const X = entry('x', 'F32', [2], 0, 8)
const XDATA = f32(1, 2)

describe('length field and framing', () => {
  it('HeaderTooSmall: fewer than 8 bytes', () => {
    const e = refusal(new Uint8Array([2, 0, 0, 0, 0, 0, 0]))
    expect(e).toMatchObject({ _tag: 'HeaderTooSmall', byteLength: 7 })
    expect(refusal(new Uint8Array(0))._tag).toBe('HeaderTooSmall')
  })

  it('HeaderTooLarge: a length over 100,000,000', () => {
    expect(refusal(file('{}', [], { length: 100_000_001n }))).toMatchObject({ _tag: 'HeaderTooLarge', declared: '100000001' })
  })

  it('HeaderTooLarge: lengths with the high word set, up to 2^64 − 1', () => {
    expect(refusal(file('{}', [], { length: 2n ** 32n }))).toMatchObject({ _tag: 'HeaderTooLarge', declared: '4294967296' })
    expect(refusal(file('{}', [], { length: 2n ** 64n - 1n }))).toMatchObject({ _tag: 'HeaderTooLarge', declared: '18446744073709551615' })
  })

  it('HeaderOutOfBounds: the length runs past the end of the buffer', () => {
    expect(refusal(file('{}', [], { length: 3n }))).toMatchObject({ _tag: 'HeaderOutOfBounds', declared: 3, available: 2 })
  })

  it('HeaderOutOfBounds: checked against the view, not the buffer behind it', () => {
    const whole = file(`{${X}}`, XDATA)
    const view = embedded(whole).subarray(0, 12) // the pool behind the view has all the bytes
    expect(refusal(view)).toMatchObject({ _tag: 'HeaderOutOfBounds', available: 4 })
  })
})

describe('header text', () => {
  it('InvalidUtf8: a byte that never occurs in UTF-8', () => {
    expect(refusal(file(concat(utf8('{"'), [0xff], utf8('":1}'))))._tag).toBe('InvalidUtf8')
  })

  it('InvalidUtf8: an overlong encoding of "/"', () => {
    expect(refusal(file(concat(utf8('{"a'), [0xc0, 0xaf], utf8('":{}}'))))._tag).toBe('InvalidUtf8')
  })

  it('InvalidUtf8: an encoded surrogate (CESU-8)', () => {
    expect(refusal(file(concat(utf8('{"'), [0xed, 0xa0, 0x80], utf8('":{}}'))))._tag).toBe('InvalidUtf8')
  })

  it('InvalidUtf8: a character cut off by the header length', () => {
    const head = utf8(`{"é":{}}`)
    expect(refusal(file(head.subarray(0, 3)))._tag).toBe('InvalidUtf8')
  })

  it('InvalidJson: truncated JSON', () => {
    expect(refusal(file('{"x":'))).toMatchObject({ _tag: 'InvalidJson', at: 5 })
  })

  it('InvalidJson: an empty header', () => {
    expect(refusal(file('')).message).toContain('end of header')
  })

  it('InvalidJson: a byte-order mark before the object', () => {
    expect(refusal(file(`\ufeff{}`))._tag).toBe('InvalidJson')
  })

  it('InvalidJson: a trailing comma', () => {
    expect(refusal(file(`{${X},}`, XDATA))._tag).toBe('InvalidJson')
  })

  it('InvalidJson: text after the object (NUL padding)', () => {
    expect(refusal(file(concat(utf8('{}'), [0, 0, 0, 0, 0, 0])))._tag).toBe('InvalidJson')
    expect(decode(file('{} \t\r\n  ', []))._tag).toBe('Right') // JSON whitespace is fine
  })

  it('InvalidJson: NaN, single quotes and a raw control character', () => {
    expect(refusal(file(`{"__metadata__":{"a":NaN}}`))._tag).toBe('InvalidJson')
    expect(refusal(file(`{'x':1}`))._tag).toBe('InvalidJson')
    expect(refusal(file(`{"__metadata__":{"a":"x\ty"}}`))._tag).toBe('InvalidJson')
  })

  it('InvalidJson: an escaped lone surrogate', () => {
    expect(refusal(file(`{"__metadata__":{"a":"\\ud800"}}`)).message).toContain('surrogate')
    expect(refusal(file(`{"__metadata__":{"a":"\\udc00"}}`)).message).toContain('surrogate')
    expect(accepted(file(`{"__metadata__":{"a":"\\ud835\\udc65"}}`)).metadata.get('a')).toBe('𝑥')
  })

  it('InvalidJson: nesting deep enough to threaten the stack', () => {
    const deep = `{"__metadata__":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    expect(refusal(file(deep)).message).toContain('nesting deeper')
  })

  it('DuplicateKey: the same tensor name twice (JSON.parse would keep the last)', () => {
    const e = refusal(file(`{${entry('x', 'F32', [1], 0, 4)},${X}}`, XDATA))
    expect(e).toMatchObject({ _tag: 'DuplicateKey', key: 'x', path: [] })
    expect(e.message).toContain('"x"')
  })

  it('DuplicateKey: a field twice inside a tensor entry', () => {
    const e = refusal(file(`{"x":{"dtype":"F32","dtype":"I32","shape":[2],"data_offsets":[0,8]}}`, XDATA))
    expect(e).toMatchObject({ _tag: 'DuplicateKey', key: 'dtype', path: ['x'] })
  })

  it('DuplicateKey: "__metadata__" twice, and a metadata key twice', () => {
    expect(refusal(file(`{"__metadata__":{},"__metadata__":{}}`))).toMatchObject({ _tag: 'DuplicateKey', key: '__metadata__' })
    expect(refusal(file(`{"__metadata__":{"a":"1","a":"2"}}`))).toMatchObject({ _tag: 'DuplicateKey', key: 'a', path: ['__metadata__'] })
  })

  it('HeaderNotObject: a JSON array, number, string or null', () => {
    expect(refusal(file('[]'))).toMatchObject({ _tag: 'HeaderNotObject', found: 'array' })
    expect(refusal(file('8'))).toMatchObject({ _tag: 'HeaderNotObject', found: 'number' })
    expect(refusal(file('"x"'))).toMatchObject({ _tag: 'HeaderNotObject', found: 'string' })
    expect(refusal(file('null'))).toMatchObject({ _tag: 'HeaderNotObject', found: 'null' })
  })
})

describe('metadata', () => {
  it('MetadataNotObject: a string, null or an array', () => {
    expect(refusal(file(`{"__metadata__":"pt"}`))).toMatchObject({ _tag: 'MetadataNotObject', found: 'string' })
    expect(refusal(file(`{"__metadata__":null}`))).toMatchObject({ _tag: 'MetadataNotObject', found: 'null' })
    expect(refusal(file(`{"__metadata__":[]}`))).toMatchObject({ _tag: 'MetadataNotObject', found: 'array' })
  })

  it('MetadataValueNotString: a number value names its key', () => {
    const e = refusal(file(`{"__metadata__":{"format":"pt","epoch":3}}`))
    expect(e).toMatchObject({ _tag: 'MetadataValueNotString', key: 'epoch', found: 'number' })
    expect(e.message).toContain('"epoch"')
  })
})

describe('tensor entries', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'a.__proto__.b', 'layers.constructor', ''])('ForbiddenName: %j', (name) => {
    const e = refusal(file(`{${entry(name, 'F32', [2], 0, 8)}}`, XDATA))
    expect(e).toMatchObject({ _tag: 'ForbiddenName', name })
  })

  it('ForbiddenName spares names that merely contain the words', () => {
    expect([...accepted(file(`{${entry('my_constructor.prototypes', 'F32', [2], 0, 8)}}`, XDATA)).tensors.keys()]).toEqual(['my_constructor.prototypes'])
  })

  it('EntryNotObject: an array where the entry should be', () => {
    expect(refusal(file(`{"x":[0,8]}`, XDATA))).toMatchObject({ _tag: 'EntryNotObject', name: 'x', found: 'array' })
  })

  it('MissingField: no data_offsets', () => {
    expect(refusal(file(`{"x":{"dtype":"F32","shape":[2]}}`, XDATA))).toMatchObject({ _tag: 'MissingField', name: 'x', field: 'data_offsets' })
  })

  it('UnknownField: an extra field', () => {
    const e = refusal(file(`{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"stride":[1]}}`, XDATA))
    expect(e).toMatchObject({ _tag: 'UnknownField', name: 'x', field: 'stride' })
  })

  it('UnknownDtype: a made-up name, a lower-case name, a number', () => {
    expect(refusal(file(`{${entry('x', 'F31', [2], 0, 8)}}`, XDATA))).toMatchObject({ _tag: 'UnknownDtype', name: 'x', dtype: 'F31' })
    expect(refusal(file(`{${entry('x', 'f32', [2], 0, 8)}}`, XDATA))).toMatchObject({ _tag: 'UnknownDtype', dtype: 'f32' })
    expect(refusal(file(`{"x":{"dtype":4,"shape":[2],"data_offsets":[0,8]}}`, XDATA))).toMatchObject({ _tag: 'UnknownDtype', dtype: 'number' })
  })

  it('UnsupportedDtype: a format dtype with no tensor dtype here', () => {
    expect(refusal(file(`{${entry('x', 'F8_E4M3', [8], 0, 8)}}`, XDATA))).toMatchObject({ _tag: 'UnsupportedDtype', name: 'x', dtype: 'F8_E4M3' })
  })

  it.each([
    ['"2"', 'string'], ['[-1]', '-1'], ['[1.5]', '1.5'], ['[1e0]', '1e0'], ['[2.0]', '2.0'],
    ['[9007199254740992]', 'beyond the safe integers'], ['[true]', 'true'], ['[[2]]', 'array'], ['[-0]', '-0'],
  ])('InvalidShape: %s', (shape, says) => {
    const e = refusal(file(`{"x":{"dtype":"F32","shape":${shape},"data_offsets":[0,8]}}`, XDATA))
    expect(e).toMatchObject({ _tag: 'InvalidShape', name: 'x' })
    expect(e.message).toContain(says)
  })

  it.each([
    ['[0,8,16]', 'got 3'], ['[8]', 'got 1'], ['{"begin":0}', 'object'], ['[0,-8]', '-8'],
    ['[0,99999999999999999999]', 'beyond the safe integers'], ['[0,8e0]', '8e0'],
  ])('InvalidOffsets: %s', (offsets, says) => {
    const e = refusal(file(`{"x":{"dtype":"F32","shape":[2],"data_offsets":${offsets}}}`, XDATA))
    expect(e).toMatchObject({ _tag: 'InvalidOffsets', name: 'x' })
    expect(e.message).toContain(says)
  })

  it('ElementCountOverflow: a shape whose element count passes 2^53', () => {
    const e = refusal(file(`{${entry('x', 'U8', [2 ** 26, 2 ** 26, 2 ** 26], 0, 8)}}`, XDATA))
    expect(e).toMatchObject({ _tag: 'ElementCountOverflow', name: 'x', shape: [2 ** 26, 2 ** 26, 2 ** 26] })
  })

  it('ElementCountOverflow: elements fit but bytes do not (2^52 F64)', () => {
    expect(refusal(file(`{${entry('x', 'F64', [2 ** 52], 0, 8)}}`, XDATA))._tag).toBe('ElementCountOverflow')
    expect(refusal(file(`{${entry('x', 'U8', [2 ** 52], 0, 8)}}`, XDATA))._tag).toBe('ByteLengthMismatch') // 2^52 bytes is countable
  })

  it('ElementCountOverflow: an overflow before a zero size still counts, as in the reference', () => {
    expect(refusal(file(`{${entry('x', 'F32', [2 ** 40, 2 ** 40, 0], 0, 0)}}`))._tag).toBe('ElementCountOverflow')
    expect(accepted(file(`{${entry('x', 'F32', [0, 2 ** 40, 2 ** 40], 0, 0)}}`)).tensors.get('x')?.shape).toEqual([0, 2 ** 40, 2 ** 40])
  })

  it('OffsetsReversed: end before begin', () => {
    expect(refusal(file(`{${entry('x', 'F32', [2], 8, 0)}}`, XDATA))).toMatchObject({ _tag: 'OffsetsReversed', name: 'x', begin: 8, end: 0 })
  })

  it('ByteLengthMismatch: F32 [2] spanning 4 bytes', () => {
    const e = refusal(file(`{${entry('x', 'F32', [2], 0, 4)}}`, XDATA.subarray(0, 4)))
    expect(e).toMatchObject({ _tag: 'ByteLengthMismatch', name: 'x', expected: 8, got: 4 })
  })
})

describe('layout of the data region', () => {
  it('OffsetGap: the first tensor does not start at 0', () => {
    expect(refusal(file(`{${entry('x', 'F32', [1], 4, 8)}}`, XDATA))).toMatchObject({ _tag: 'OffsetGap', name: 'x', expected: 0, begin: 4 })
  })

  it('OffsetGap: a gap between two tensors', () => {
    const e = refusal(file(`{${entry('a', 'U8', [2], 0, 2)},${entry('b', 'U8', [4], 4, 8)}}`, new Uint8Array(8)))
    expect(e).toMatchObject({ _tag: 'OffsetGap', name: 'b', expected: 2, begin: 4 })
  })

  it('OffsetOverlap: two tensors share bytes', () => {
    const e = refusal(file(`{${entry('a', 'U8', [6], 0, 6)},${entry('b', 'U8', [4], 4, 8)}}`, new Uint8Array(8)))
    expect(e).toMatchObject({ _tag: 'OffsetOverlap', name: 'b', expected: 6, begin: 4 })
  })

  it('OffsetOverlap: two tensors at the same offsets (aliasing in the file)', () => {
    expect(refusal(file(`{${entry('a', 'F32', [2], 0, 8)},${entry('b', 'F32', [2], 0, 8)}}`, XDATA))._tag).toBe('OffsetOverlap')
  })

  it('header order need not be data order; zero-size tensors may share an offset', () => {
    const ok = accepted(file(`{${entry('b', 'U8', [2], 2, 4)},${entry('e', 'F32', [0], 2, 2)},${entry('a', 'U8', [2], 0, 2)}}`, [1, 2, 3, 4]))
    expect([...ok.tensors.keys()]).toEqual(['a', 'e', 'b'])
  })

  it('DataTruncated: the tensors need more bytes than the file has', () => {
    expect(refusal(file(`{${X}}`, XDATA.subarray(0, 6)))).toMatchObject({ _tag: 'DataTruncated', end: 8, available: 6 })
  })

  it('DataTruncated: checked against the view, not the buffer behind it', () => {
    const whole = file(`{${X}}`, XDATA)
    expect(refusal(embedded(whole).subarray(0, whole.length - 1))).toMatchObject({ _tag: 'DataTruncated', available: 7 })
  })

  it('TrailingBytes: a byte after the last tensor', () => {
    expect(refusal(file(`{${X}}`, concat(XDATA, [0])))).toMatchObject({ _tag: 'TrailingBytes', end: 8, available: 9 })
  })

  it('TrailingBytes: data after an empty header', () => {
    expect(refusal(file('{}', [0, 0, 0, 0]))).toMatchObject({ _tag: 'TrailingBytes', end: 0, available: 4 })
  })
})

describe('element values', () => {
  it('InvalidBool: a BOOL byte other than 0 or 1', () => {
    const e = refusal(file(`{${entry('m', 'BOOL', [3], 0, 3)}}`, [1, 0, 2]))
    expect(e).toMatchObject({ _tag: 'InvalidBool', name: 'm', index: 2, value: 2 })
  })

  it('ValueOutOfRange: a U64 value of 2^63', () => {
    const data = new Uint8Array(16)
    new DataView(data.buffer).setBigUint64(8, 2n ** 63n, true)
    expect(refusal(file(`{${entry('u', 'U64', [2], 0, 16)}}`, data))).toMatchObject({ _tag: 'ValueOutOfRange', name: 'u', index: 1 })
  })

  it('ValueOutOfRange: the script-written U64 file', () => {
    const bytes = readFileSync(new URL('../fixtures/safetensors/u64_overflow.safetensors', import.meta.url))
    expect(refusal(bytes)).toMatchObject({ _tag: 'ValueOutOfRange', name: 'big', index: 1 })
  })
})

describe('the alias table', () => {
  const withAliases = (table: string) => file(`{"__metadata__":{"immutorch.aliases":${JSON.stringify(table)}},${X}}`, XDATA)

  it('a valid table restores the tie', () => {
    const t = accepted(withAliases('{"y":"x"}')).tensors
    expect(t.get('y')).toBe(t.get('x'))
  })

  it.each([['not JSON', '{y:x}'], ['not an object', '["y","x"]'], ['a non-string target', '{"y":1}'], ['a duplicate alias', '{"y":"x","y":"x"}']])(
    'AliasesMalformed: %s', (_, table) => {
      expect(refusal(withAliases(table))._tag).toBe('AliasesMalformed')
    })

  it('AliasCollision: an alias that is also a stored tensor', () => {
    expect(refusal(withAliases('{"x":"x"}'))).toMatchObject({ _tag: 'AliasCollision', alias: 'x' })
  })

  it('AliasTargetMissing: an alias to a name that is not stored', () => {
    expect(refusal(withAliases('{"y":"z"}'))).toMatchObject({ _tag: 'AliasTargetMissing', alias: 'y', target: 'z' })
  })

  it('ForbiddenName: an alias named __proto__', () => {
    expect(refusal(withAliases('{"__proto__":"x"}'))).toMatchObject({ _tag: 'ForbiddenName', name: '__proto__' })
  })
})

describe('every refusal', () => {
  it('has a message that names what it refused, and cuts huge names short', () => {
    const name = 'n'.repeat(10_000)
    const e = refusal(file(`{${entry(name, 'F31', [2], 0, 8)}}`, XDATA))
    expect(e.message.length).toBeLessThan(400)
    expect(e.message).toContain('nnnnnnnn')
    expect(Object.isFrozen(e)).toBe(true)
  })

  it('every tag has been produced by a case above (runs last)', () => {
    expect(DECODE_ERROR_TAGS.filter((t) => !seen.has(t))).toEqual([])
  })
})
