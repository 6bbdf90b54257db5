/**
 * No public path writes into a tensor's storage: `toTypedArray()` hands out copies, construction
 * copies the caller's data (typed arrays, nested arrays, shapes), shapes are frozen, there is no
 * setter for the data, and the constructor refuses callers outside the library.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import { DTYPES, type DType, type Tensor } from '../../src/tensor/index.js'

/** A small tensor of each dtype with nonzero elements. */
const sample = (dtype: DType): Tensor => T.tensor([[1, 2, 3], [4, 5, 6]], { dtype })

/** Overwrites every element of a storage copy with a value unlike the originals. */
const scribble = (a: ArrayLike<unknown>): void => {
  const w = a as unknown as { [i: number]: number | bigint; length: number }
  for (let i = 0; i < w.length; i++) w[i] = typeof w[i] === 'bigint' ? -99n : 99
}

describe('toTypedArray returns a copy', () => {
  it.each(DTYPES.map((d) => [d]))('%s', (d) => {
    const x = sample(d)
    const before = x.toTypedArray()
    const handed = x.toTypedArray()
    expect(handed).not.toBe(before)
    scribble(handed)
    expect(x.toTypedArray()).toEqual(before)
    expect(x.toArray()).toEqual(d === 'bool' ? [[true, true, true], [true, true, true]] : [[1, 2, 3], [4, 5, 6]])
  })
  it('views share nothing writable either: a reshape\'s copy cannot reach the original', () => {
    const x = sample('float32')
    const y = T.reshape(x, [3, 2])
    scribble(y.toTypedArray())
    scribble(T.flatten(x).toTypedArray())
    expect(x.toArray()).toEqual([[1, 2, 3], [4, 5, 6]])
  })
})

describe('construction copies the caller\'s data', () => {
  it.each([
    ['Float32Array', () => new Float32Array([1, 2, 3, 4]), undefined],
    ['Float64Array', () => new Float64Array([1, 2, 3, 4]), undefined],
    ['Int32Array', () => new Int32Array([1, 2, 3, 4]), undefined],
    ['Int16Array', () => new Int16Array([1, 2, 3, 4]), undefined],
    ['Int8Array', () => new Int8Array([1, 2, 3, 4]), undefined],
    ['Uint8Array', () => new Uint8Array([1, 2, 3, 4]), undefined],
    ['Uint8Array as bool', () => new Uint8Array([1, 0, 1, 1]), 'bool'],
    ['BigInt64Array', () => new BigInt64Array([1n, 2n, 3n, 4n]), undefined],
    ['Uint16Array as float16', () => new Uint16Array([0x3c00, 0x4000, 0x4200, 0x4400]), 'float16'],
    ['Uint16Array as bfloat16', () => new Uint16Array([0x3f80, 0x4000, 0x4040, 0x4080]), 'bfloat16'],
    ['Float64Array cast to float32', () => new Float64Array([1, 2, 3, 4]), 'float32'],
  ] as const)('%s', (_, make, dtype) => {
    const src = make()
    const x = T.tensor(src as Float32Array, { shape: [2, 2], ...(dtype === undefined ? {} : { dtype: dtype as DType }) })
    const before = x.toTypedArray()
    scribble(src)
    expect(x.toTypedArray()).toEqual(before)
  })
  it('nested arrays and shape arrays', () => {
    const data = [[1, 2], [3, 4]]
    const shape = [4]
    const x = T.tensor(data, { shape })
    data[0][0] = 99
    shape[0] = 7
    expect([x.shape, x.toArray()]).toEqual([[4], [1, 2, 3, 4]])
    const zshape = [2, 3]
    const z = T.zeros(zshape)
    zshape[0] = 5
    expect(z.shape).toEqual([2, 3])
    const rshape = [3, 2]
    const r = T.reshape(z, rshape)
    rshape[1] = 9
    expect(r.shape).toEqual([3, 2])
  })
  it('tensor(t) copies another tensor', () => {
    const x = sample('int32')
    const y = T.tensor(x)
    scribble(y.toTypedArray())
    expect([y.toArray(), x.toArray()]).toEqual([[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]])
  })
})

describe('the tensor object offers no way in', () => {
  it('shape is frozen', () => {
    const x = sample('float32')
    expect(Object.isFrozen(x.shape)).toBe(true)
    expect(() => (x.shape as number[]).push(1)).toThrow(TypeError)
    expect(() => { (x.shape as number[])[0] = 5 }).toThrow(TypeError)
    expect(x.shape).toEqual([2, 3])
  })
  it('no own or inherited property exposes the storage or a setter', () => {
    const x = sample('float32')
    const storageLike = (v: unknown): boolean => ArrayBuffer.isView(v) || v instanceof ArrayBuffer
    for (const key of Reflect.ownKeys(x)) {
      expect(storageLike((x as unknown as Record<PropertyKey, unknown>)[key]), String(key)).toBe(false)
    }
    for (let proto = Object.getPrototypeOf(x); proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        expect(desc.set, `setter ${key}`).toBeUndefined()
        if (desc.get !== undefined) expect(storageLike(desc.get.call(x)), `getter ${key}`).toBe(false)
      }
    }
    expect('data' in x).toBe(false)
  })
  it('dtype, shape and device cannot be reassigned at runtime (readonly is not only a type)', () => {
    const x = sample('float32')
    const w = x as unknown as Record<string, unknown>
    for (const [key, value] of [['dtype', 'int32'], ['shape', [3, 2]], ['device', 'elsewhere']] as const) {
      try {
        w[key] = value
      } catch {
        // Refusing with a TypeError (frozen object in strict mode) is the expected outcome.
      }
    }
    expect([x.dtype, x.shape, x.device, x.toArray()]).toEqual(['float32', [2, 3], 'cpu', [[1, 2, 3], [4, 5, 6]]])
  })
  it('new Tensor(...) from outside throws', () => {
    const Ctor = T.Tensor as unknown as new (...args: unknown[]) => Tensor
    expect(() => new Ctor(Symbol('immutorch.internal'), new Float32Array(2), [2], 'float32', 'cpu')).toThrow(TypeError)
    expect(() => new Ctor(undefined, new Float32Array(2), [2], 'float32', 'cpu')).toThrow(/tensor\(/)
  })
  it('ops never change their operands', () => {
    const x = sample('float32')
    const y = sample('float32')
    const before = [x.toTypedArray(), y.toTypedArray()]
    x.add(y); x.mul(2); x.neg(); x.exp(); x.sum({ dim: 0 }); x.softmax(1); x.mm(y.t()); x.half(); x.reshape([6])
    T.cat([x, y]); T.where(T.gt(x, 2), x, y); x.permute([1, 0]); x.slice(1, 0, 3, 2)
    expect([x.toTypedArray(), y.toTypedArray()]).toEqual(before)
  })
})
