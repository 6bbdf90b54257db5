/**
 * What a refusal says: for every DecodeError tag, a hand-built bad file and the whole error it
 * gets (tag, fields and the full message, written out here), the cut-off of huge names in
 * messages, the reasons of a malformed alias table, and the messages of the writer's and reader's
 * thrown programming errors.
 */
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { tensor, type Tensor } from '../../src/tensor/index.js'
import { decode, encode, renderDecodeError, type DecodeError } from '../../src/io/safetensors/index.js'
import { swapBytes } from '../../src/io/safetensors/endian.js'
import { concat, entry, f32, file, utf8 } from './safetensorsBuild.js'

const refusal = (bytes: Uint8Array): DecodeError => {
  const r = decode(bytes)
  if (E.isRight(r)) throw new Error(`expected a refusal, got tensors ${[...r.right.tensors.keys()].join(', ')}`)
  return r.left
}

/** The refusal of `bytes`, as a plain object (fields and message). */
const refused = (bytes: Uint8Array): Record<string, unknown> => ({ ...refusal(bytes) })

const X = entry('x', 'F32', [2], 0, 8)
const XDATA = f32(1, 2)
const P = 'safetensors: '

describe('the framing refusals', () => {
  it('HeaderTooSmall', () => {
    expect(refused(new Uint8Array(5))).toEqual({ _tag: 'HeaderTooSmall', byteLength: 5, message: `${P}the file has 5 bytes; at least 8 are needed for the header length` })
  })

  it('HeaderTooLarge', () => {
    expect(refused(file('{}', [], { length: 2n ** 40n + 5n }))).toEqual({
      _tag: 'HeaderTooLarge', declared: '1099511627781', message: `${P}the header length field says 1099511627781 bytes; the limit is 100000000`,
    })
  })

  it('HeaderOutOfBounds', () => {
    expect(refused(file('{}', [1, 2], { length: 10n }))).toEqual({
      _tag: 'HeaderOutOfBounds', declared: 10, available: 4, message: `${P}the header length field says 10 bytes but only 4 follow it`,
    })
  })

  it('InvalidUtf8', () => {
    expect(refused(file(concat(utf8('{"'), [0xfe], utf8('":1}'))))).toEqual({ _tag: 'InvalidUtf8', message: `${P}the header is not valid UTF-8` })
  })

  it('InvalidJson', () => {
    expect(refused(file('{"x" 1}'))).toEqual({
      _tag: 'InvalidJson', at: 5, reason: `expected ':', got character "1"`, message: `${P}the header is not valid JSON: expected ':', got character "1" at character 5`,
    })
  })

  it('HeaderNotObject', () => {
    expect(refused(file('[1]'))).toEqual({ _tag: 'HeaderNotObject', found: 'array', message: `${P}the header must be a JSON object, got array` })
    expect(refused(file('false')).message).toBe(`${P}the header must be a JSON object, got false`)
  })
})

describe('duplicate keys', () => {
  it('at the top level', () => {
    expect(refused(file(`{${X},${X}}`, XDATA))).toEqual({ _tag: 'DuplicateKey', key: 'x', path: [], message: `${P}duplicate key "x" at the top level of the header` })
  })

  it('one level down', () => {
    expect(refused(file(`{"__metadata__":{"a":"1","a":"2"}}`))).toEqual({
      _tag: 'DuplicateKey', key: 'a', path: ['__metadata__'], message: `${P}duplicate key "a" in "__metadata__"`,
    })
  })

  it('two levels down, the path joined by arrows', () => {
    expect(refused(file(`{"__metadata__":{"m":{"b":1,"b":2}}}`))).toEqual({
      _tag: 'DuplicateKey', key: 'b', path: ['__metadata__', 'm'], message: `${P}duplicate key "b" in "__metadata__" → "m"`,
    })
  })
})

describe('metadata refusals', () => {
  it('MetadataNotObject', () => {
    expect(refused(file(`{"__metadata__":7}`))).toEqual({ _tag: 'MetadataNotObject', found: 'number', message: `${P}"__metadata__" must be an object of strings, got number` })
  })

  it('MetadataValueNotString', () => {
    expect(refused(file(`{"__metadata__":{"ok":"1","n":null}}`))).toEqual({
      _tag: 'MetadataValueNotString', key: 'n', found: 'null', message: `${P}"__metadata__" entry "n" must be a string, got null`,
    })
  })
})

describe('entry refusals', () => {
  it('ForbiddenName', () => {
    expect(refused(file(`{${entry('a.prototype', 'F32', [2], 0, 8)}}`, XDATA))).toEqual({
      _tag: 'ForbiddenName', name: 'a.prototype', message: `${P}tensor name "a.prototype" is not allowed (empty, or a part named __proto__, constructor or prototype)`,
    })
  })

  it('EntryNotObject', () => {
    expect(refused(file(`{"x":"F32"}`))).toEqual({
      _tag: 'EntryNotObject', name: 'x', found: 'string', message: `${P}tensor "x": the entry must be an object {dtype, shape, data_offsets}, got string`,
    })
  })

  it('MissingField, for each field', () => {
    expect(refused(file(`{"x":{"shape":[2],"data_offsets":[0,8]}}`, XDATA))).toEqual({
      _tag: 'MissingField', name: 'x', field: 'dtype', message: `${P}tensor "x": missing field "dtype"`,
    })
    expect(refused(file(`{"x":{"dtype":"F32","data_offsets":[0,8]}}`, XDATA)).message).toBe(`${P}tensor "x": missing field "shape"`)
    expect(refused(file(`{"x":{"dtype":"F32","shape":[2]}}`, XDATA)).message).toBe(`${P}tensor "x": missing field "data_offsets"`)
  })

  it('UnknownField', () => {
    expect(refused(file(`{"x":{"dtype":"F32","offsets":[0,8],"shape":[2]}}`, XDATA))).toEqual({
      _tag: 'UnknownField', name: 'x', field: 'offsets', message: `${P}tensor "x": unknown field "offsets"; expected dtype, shape, data_offsets`,
    })
  })

  it('UnknownDtype', () => {
    expect(refused(file(`{${entry('x', 'FLOAT', [2], 0, 8)}}`, XDATA))).toEqual({
      _tag: 'UnknownDtype', name: 'x', dtype: 'FLOAT', message: `${P}tensor "x": unknown dtype "FLOAT"`,
    })
    expect(refused(file(`{"x":{"dtype":["F32"],"shape":[2],"data_offsets":[0,8]}}`, XDATA)).message).toBe(`${P}tensor "x": unknown dtype "array"`)
  })

  it('UnsupportedDtype', () => {
    expect(refused(file(`{${entry('x', 'C64', [1], 0, 8)}}`, XDATA))).toEqual({
      _tag: 'UnsupportedDtype', name: 'x', dtype: 'C64', message: `${P}tensor "x": dtype "C64" has no tensor dtype here`,
    })
  })

  it('InvalidShape: not an array, a bad entry', () => {
    expect(refused(file(`{"x":{"dtype":"F32","shape":{},"data_offsets":[0,8]}}`, XDATA))).toEqual({
      _tag: 'InvalidShape', name: 'x', reason: 'must be an array of non-negative integers, got object',
      message: `${P}tensor "x": shape must be an array of non-negative integers, got object`,
    })
    expect(refused(file(`{"x":{"dtype":"F32","shape":[2,"1"],"data_offsets":[0,8]}}`, XDATA)).message).toBe(`${P}tensor "x": shape entry 1 holds string`)
    expect(refused(file(`{"x":{"dtype":"F32","shape":[2,1,-3],"data_offsets":[0,8]}}`, XDATA)).message)
      .toBe(`${P}tensor "x": shape entry 2 holds -3, not a non-negative integer`)
    expect(refused(file(`{"x":{"dtype":"F32","shape":[9007199254740993],"data_offsets":[0,8]}}`, XDATA)).message)
      .toBe(`${P}tensor "x": shape entry 0 holds 9007199254740993, beyond the safe integers`)
  })

  it('InvalidOffsets', () => {
    expect(refused(file(`{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}`, XDATA))).toEqual({
      _tag: 'InvalidOffsets', name: 'x', reason: 'must hold 2 integers [begin, end], got 3', message: `${P}tensor "x": data_offsets must hold 2 integers [begin, end], got 3`,
    })
    expect(refused(file(`{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,null]}}`, XDATA)).message).toBe(`${P}tensor "x": data_offsets entry 1 holds null`)
  })

  it('ElementCountOverflow', () => {
    expect(refused(file(`{${entry('x', 'F32', [65536, 65536, 65536, 65536, 0], 0, 0)}}`))).toEqual({
      _tag: 'ElementCountOverflow', name: 'x', shape: [65536, 65536, 65536, 65536, 0],
      message: `${P}tensor "x": shape [65536, 65536, 65536, 65536, 0] has more bytes than a safe integer can count`,
    })
  })

  it('OffsetsReversed', () => {
    expect(refused(file(`{${entry('x', 'F32', [2], 9, 1)}}`, XDATA))).toEqual({
      _tag: 'OffsetsReversed', name: 'x', begin: 9, end: 1, message: `${P}tensor "x": data_offsets [9, 1] end before they begin`,
    })
  })

  it('ByteLengthMismatch, with the span measured from begin to end', () => {
    expect(refused(file(`{${entry('a', 'U8', [2], 0, 2)},${entry('b', 'I16', [2], 2, 8)}}`, new Uint8Array(8)))).toEqual({
      _tag: 'ByteLengthMismatch', name: 'b', expected: 4, got: 6, message: `${P}tensor "b": shape and dtype need 4 bytes but data_offsets span 6`,
    })
  })
})

describe('layout refusals', () => {
  it('OffsetGap', () => {
    expect(refused(file(`{${entry('a', 'U8', [3], 0, 3)},${entry('b', 'U8', [2], 5, 7)}}`, new Uint8Array(7)))).toEqual({
      _tag: 'OffsetGap', name: 'b', expected: 3, begin: 5, message: `${P}tensor "b": data begins at 5, leaving a gap after byte 3`,
    })
  })

  it('OffsetOverlap', () => {
    expect(refused(file(`{${entry('a', 'U8', [3], 0, 3)},${entry('b', 'U8', [2], 2, 4)}}`, new Uint8Array(4)))).toEqual({
      _tag: 'OffsetOverlap', name: 'b', expected: 3, begin: 2, message: `${P}tensor "b": data begins at 2, overlapping the data before it (which ends at 3)`,
    })
  })

  it('DataTruncated', () => {
    expect(refused(file(`{${X}}`, XDATA.subarray(0, 3)))).toEqual({ _tag: 'DataTruncated', end: 8, available: 3, message: `${P}the tensors need 8 data bytes but the file has 3` })
  })

  it('TrailingBytes', () => {
    expect(refused(file(`{${X}}`, concat(XDATA, [0, 0, 0])))).toEqual({
      _tag: 'TrailingBytes', end: 8, available: 11, message: `${P}3 bytes follow the last tensor (data ends at 8 of 11)`,
    })
  })
})

describe('value refusals', () => {
  it('InvalidBool', () => {
    expect(refused(file(`{${entry('m', 'BOOL', [4], 0, 4)}}`, [0, 1, 1, 255]))).toEqual({
      _tag: 'InvalidBool', name: 'm', index: 3, value: 255, message: `${P}tensor "m": BOOL element 3 is 255, not 0 or 1`,
    })
  })

  it('ValueOutOfRange', () => {
    const data = new Uint8Array(24)
    data[23] = 0x80 // element 2: 2^63, the first value past int64
    expect(refused(file(`{${entry('u', 'U64', [3], 0, 24)}}`, data))).toEqual({
      _tag: 'ValueOutOfRange', name: 'u', index: 2, message: `${P}tensor "u": U64 element 2 exceeds the int64 range`,
    })
  })
})

describe('the alias table', () => {
  const withAliases = (table: string) => file(`{"__metadata__":{"immutorch.aliases":${JSON.stringify(table)}},${X}}`, XDATA)
  const malformed = (reason: string) => ({ _tag: 'AliasesMalformed', reason, message: `${P}the alias table in "__metadata__" is malformed: ${reason}` })

  it('AliasesMalformed: text that is not JSON, with where', () => {
    expect(refused(withAliases('{y:x}'))).toEqual(malformed('expected a key, got character "y" at character 1'))
  })

  it('AliasesMalformed: nested values are refused by the parser at depth 1', () => {
    expect(refused(withAliases('{"y":{}}'))).toEqual(malformed('nesting deeper than 1 levels at character 5'))
  })

  it('AliasesMalformed: a duplicate alias', () => {
    expect(refused(withAliases('{"y":"x","y":"x"}'))).toEqual(malformed('duplicate alias "y"'))
  })

  it('AliasesMalformed: not an object', () => {
    expect(refused(withAliases('"x"'))).toEqual(malformed('expected an object of strings, got string'))
  })

  it('AliasesMalformed: a target that is not a string', () => {
    expect(refused(withAliases('{"y":"x","z":true}'))).toEqual(malformed('alias "z" maps to true, not a name'))
  })

  it('AliasCollision', () => {
    expect(refused(withAliases('{"x":"x"}'))).toEqual({ _tag: 'AliasCollision', alias: 'x', message: `${P}alias "x" is also the name of a stored tensor` })
  })

  it('AliasTargetMissing', () => {
    expect(refused(withAliases('{"y":"w"}'))).toEqual({
      _tag: 'AliasTargetMissing', alias: 'y', target: 'w', message: `${P}alias "y" points to "w", which is not a stored tensor`,
    })
  })

  it('ForbiddenName for an alias', () => {
    expect(refused(withAliases('{"a.constructor":"x"}')).message).toBe(`${P}tensor name "a.constructor" is not allowed (empty, or a part named __proto__, constructor or prototype)`)
  })
})

describe('names in messages', () => {
  it('a name of up to 120 characters is shown whole, a longer one cut to 120 and an ellipsis', () => {
    const at120 = 'n'.repeat(119) + 'z'
    expect(refused(file(`{${entry(at120, 'F31', [2], 0, 8)}}`, XDATA)).message).toBe(`${P}tensor "${at120}": unknown dtype "F31"`)
    const at121 = at120 + 'q'
    expect(refused(file(`{${entry(at121, 'F31', [2], 0, 8)}}`, XDATA)).message).toBe(`${P}tensor "${at120}…": unknown dtype "F31"`)
  })

  it('names are quoted as JSON strings', () => {
    expect(refused(file(`{"a\\"b\\n":{"dtype":"F31","shape":[],"data_offsets":[0,0]}}`)).message).toBe(`${P}tensor "a\\"b\\n": unknown dtype "F31"`)
  })

  it('renderDecodeError gives the same message as decode attaches', () => {
    const e = refusal(file(`{${entry('x', 'F32', [2], 0, 8)}}`, XDATA.subarray(0, 4)))
    expect(renderDecodeError(e)).toBe(e.message)
  })
})

describe('thrown programming errors', () => {
  const t: Tensor = tensor([1])
  const forbidden = (shown: string) =>
    `safetensors.encode: tensor name ${shown} is not allowed; expected a non-empty name, not "__metadata__", with no part named __proto__, constructor or prototype`

  it('encode: a forbidden name', () => {
    expect(() => encode(new Map([['a.__proto__', t]]))).toThrow(new TypeError(forbidden('"a.__proto__"')))
    expect(() => encode(new Map([['__metadata__', t]]))).toThrow(new TypeError(forbidden('"__metadata__"')))
  })

  it('encode: a name that is not a string', () => {
    const dict = new Map<unknown, Tensor>([[7, t]]) as unknown as Map<string, Tensor>
    expect(() => encode(dict)).toThrow(new TypeError(forbidden('7')))
  })

  it('encode: a name with an unpaired surrogate', () => {
    expect(() => encode({ 'a\udc00': t })).toThrow(new TypeError('safetensors.encode: tensor name "a\\udc00" has an unpaired surrogate and cannot be written as UTF-8'))
  })

  it('encode without metadata writes none', () => {
    const bytes = encode(new Map([['x', t]]))
    const text = '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'
    expect(bytes.subarray(8, 8 + text.length)).toEqual(utf8(text))
  })

  it('decode: an argument that is not a Uint8Array', () => {
    expect(() => decode([1, 2] as unknown as Uint8Array)).toThrow(new TypeError('safetensors.decode: expected a Uint8Array, got [object Array]'))
    expect(() => decode(new Uint16Array(8) as unknown as Uint8Array)).toThrow(new TypeError('safetensors.decode: expected a Uint8Array, got [object Uint16Array]'))
  })

  it('swapBytes: a length that is not whole elements', () => {
    expect(() => swapBytes(new Uint8Array(6), 4)).toThrow(new RangeError('swapBytes: 6 bytes are not whole 4-byte elements'))
    expect(() => swapBytes(new Uint8Array(3), 2)).toThrow(new RangeError('swapBytes: 3 bytes are not whole 2-byte elements'))
  })

  it('swapBytes: single bytes and empty input stay as they are', () => {
    const b = new Uint8Array([1, 2, 3])
    swapBytes(b, 1)
    expect([...b]).toEqual([1, 2, 3])
    const empty = new Uint8Array(0)
    swapBytes(empty, 8)
    expect(empty.length).toBe(0)
  })
})
