/**
 * The dtype table against PyTorch: each dtype's byte size (element_size()) and printed name
 * (str(torch.float16)), from test/fixtures/tensor/dtype.json; which values name a dtype; and the
 * full message of an unknown dtype, at the library's boundary and inside it.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import { category, checkDType, torchName } from '../../src/tensor/dtype.js'
import { loadFixture } from '../fixtures/load.js'

interface Info { readonly dtype: T.DType; readonly itemsize: number; readonly name: string }

const fx = loadFixture<{ readonly info: readonly Info[] }>('tensor', 'dtype')

/** PyTorch's documentation order, written out rather than read from the code under test. */
const LISTED = 'float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool'

describe('each dtype as PyTorch has it', () => {
  it('the fixture covers every dtype, in the documented order', () => {
    expect(fx.info.map((i) => i.dtype).join(', ')).toBe(LISTED)
    expect(T.DTYPES.join(', ')).toBe(LISTED)
  })

  it.each(fx.info.map((i) => [i.dtype, i] as const))('%s: itemsize and torch name', (_, i) => {
    expect(T.itemsize(i.dtype)).toBe(i.itemsize)
    expect(torchName(i.dtype)).toBe(i.name)
  })

  it('itemsize is the storage array\'s bytes per element', () => {
    for (const d of T.DTYPES) expect(T.zeros([3], { dtype: d }).toTypedArray().BYTES_PER_ELEMENT).toBe(T.itemsize(d))
  })

  it('categories: bool 0, integers 1, floats 2', () => {
    expect(T.DTYPES.map((d) => `${d}:${category(d)}`).join(' ')).toBe(
      'float32:2 float64:2 float16:2 bfloat16:2 int64:1 int32:1 int16:1 int8:1 uint8:1 bool:0')
    expect(T.DTYPES.filter(T.isFloating).join(', ')).toBe('float32, float64, float16, bfloat16')
  })
})

describe('isDType', () => {
  it('accepts exactly the ten names', () => {
    for (const d of T.DTYPES) expect(T.isDType(d)).toBe(true)
    for (const s of ['', 'float', 'Float32', 'torch.float32', 'complex64', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(T.isDType(s)).toBe(false)
    }
  })

  it('rejects non-strings, even those whose property key is a dtype name', () => {
    // ['float32'] and { toString } become the key 'float32' when used to index an object.
    const keyLike: unknown[] = [['float32'], { toString: () => 'int64' }, new String('bool'), 32, null, undefined, true]
    for (const x of keyLike) expect(T.isDType(x)).toBe(false)
  })
})

describe('checkDType', () => {
  it('returns a valid name', () => {
    for (const d of T.DTYPES) expect(checkDType(d, 'here')).toBe(d)
  })

  it('names the caller, the value as JSON and every dtype', () => {
    expect(() => checkDType('float8', 'zeros')).toThrow(new TypeError(`zeros: unknown dtype "float8"; expected one of ${LISTED}`))
    expect(() => checkDType(['float32'], 'f')).toThrow(new TypeError(`f: unknown dtype ["float32"]; expected one of ${LISTED}`))
    expect(() => T.tensor([1], { dtype: 'complex64' as T.DType })).toThrow(new TypeError(`tensor: unknown dtype "complex64"; expected one of ${LISTED}`))
  })
})
