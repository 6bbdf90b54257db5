/**
 * What `to` accepts as a target and the full message for what it refuses: a dtype, a device, an
 * object with either or both (an empty object changes nothing), and errors for misspelt strings,
 * non-objects, unknown devices and dtypes in the object. Also the cotangent of a cast: the same
 * values, cast back to the input's dtype by grad.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import { grad } from '../../src/autodiff/index.js'

const LISTED = 'float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool'
const x = T.tensor([1.5, -2.25])

describe('targets that change nothing return the tensor itself', () => {
  it.each([
    ['its dtype', 'float32'], ['its device', 'cpu'], ['an empty object', {}], ['{ device }', { device: 'cpu' }],
    ['{ dtype }', { dtype: 'float32' }], ['{ dtype, device }', { dtype: 'float32', device: 'cpu' }],
    ['undefined fields', { dtype: undefined, device: undefined }],
  ] as const)('%s', (_, target) => {
    expect(T.to(x, target as T.ToTarget)).toBe(x)
    expect(T.to(target as T.ToTarget)(x)).toBe(x)
  })
})

describe('targets that cast', () => {
  it('{ dtype } alone, a dtype string, and both with the device', () => {
    for (const target of [{ dtype: 'float64' }, 'float64', { dtype: 'float64', device: 'cpu' }] as const) {
      const y = T.to(x, target)
      expect([y.dtype, y.device, [...(y.toTypedArray() as Float64Array)]]).toEqual(['float64', 'cpu', [1.5, -2.25]])
    }
  })
})

describe('refused targets name the caller, what was given and what is known', () => {
  it('a string that is neither a dtype nor a device', () => {
    expect(() => T.to(x, 'flaot16')).toThrow(new TypeError(`to: "flaot16" is neither a dtype (${LISTED}) nor a device (cpu)`))
  })
  it.each([[null, 'null'], [5, '5'], [true, 'true'], [undefined, 'undefined']] as const)('not an object: %s', (target, shown) => {
    expect(() => T.to(x, target as never)).toThrow(new TypeError(`to: expected a dtype, a device or { dtype, device }, got ${shown}`))
  })
  it('an unknown device in the object', () => {
    expect(() => T.to(x, { device: 'tpu' })).toThrow(new TypeError('to: unknown device "tpu"; available: cpu'))
    expect(() => T.to(x, { dtype: 'float64', device: 'cuda:0' })).toThrow(new TypeError('to: unknown device "cuda:0"; available: cpu'))
  })
  it('an unknown dtype in the object', () => {
    expect(() => T.to(x, { dtype: 'float8' as T.DType })).toThrow(new TypeError(`to: unknown dtype "float8"; expected one of ${LISTED}`))
  })
})

describe('the cotangent of a cast', () => {
  it('passes through, cast back to the input dtype', () => {
    // d/dx Σ c·to(x, float64) = c, as float32 like x.
    const c = T.tensor([3, -0.5], { dtype: 'float64' })
    const g = grad((p: T.Tensor) => T.sum(T.mul(T.to(p, 'float64'), c)))(x) as T.Tensor
    expect([g.dtype, [...(g.toTypedArray() as Float32Array)]]).toEqual(['float32', [3, -0.5]])
  })
  it('through a chain of half casts', () => {
    // to(x, float16) then bfloat16 then float64: each vjp passes g on; 2·g summed over [1.5, -2.25] → 2 each.
    const g = grad((p: T.Tensor) => T.sum(T.mul(p.half().bfloat16().double(), 2)))(x) as T.Tensor
    expect([g.dtype, [...(g.toTypedArray() as Float32Array)]]).toEqual(['float32', [2, 2]])
  })
})
