/**
 * torch.add's alpha: x + alpha·y. One shape of float32/float64 runs one fused pass (one rounding
 * of x + alpha·y, as a fused multiply-add); other cases scale y then add. Checked against the same
 * arithmetic done here on plain numbers, in every call form.
 */
import { describe, expect, it } from 'vitest'
import { pipe } from 'fp-ts/lib/function.js'
import { add, mul, tensor } from '../../src/index.js'

const values = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(seed + i * 0.7) * 10 ** ((i % 5) - 2))

describe('add with alpha', () => {
  it('float32 of one shape: each element is x + alpha·y rounded once to float32', () => {
    const [xs, ys] = [values(24, 1), values(24, 2)]
    const x = tensor(xs).reshape([4, 6])
    const y = tensor(ys).reshape([4, 6])
    const xf = x.toTypedArray() as Float32Array
    const yf = y.toTypedArray() as Float32Array
    for (const alpha of [0.9, -0.01, 3, 1e-8]) {
      const got = add(x, y, { alpha })
      expect(got.dtype).toBe('float32')
      expect(got.shape).toEqual([4, 6])
      expect(Array.from(got.toTypedArray() as Float32Array)).toEqual(Array.from(xf, (v, i) => Math.fround(v + alpha * yf[i])))
    }
  })

  it('float64 with broadcasting: x + (alpha·y), the product rounded first', () => {
    const xs = values(12, 3)
    const ys = values(4, 4)
    const got = add(tensor(xs, { dtype: 'float64' }).reshape([3, 4]), tensor(ys, { dtype: 'float64' }), { alpha: -0.3 })
    expect(Array.from(got.toTypedArray() as Float64Array)).toEqual(xs.map((v, i) => v + -0.3 * ys[i % 4]))
  })

  it('integers take an integer alpha exactly, and refuse a fractional one', () => {
    const x = tensor([1, -2, 3], { dtype: 'int32' })
    const y = tensor([10, 20, -30], { dtype: 'int32' })
    const got = add(x, y, { alpha: 3 })
    expect(got.dtype).toBe('int32')
    expect(got.toArray()).toEqual([31, 58, -87])
    expect(add(tensor([2n ** 60n], { dtype: 'int64' }), tensor([1n], { dtype: 'int64' }), { alpha: 2 }).toTypedArray()).toEqual(BigInt64Array.of(2n ** 60n + 2n))
    expect(() => add(x, y, { alpha: 0.5 })).toThrow('add: alpha must be an integer for int32 operands, got 0.5')
  })

  it('alpha 1 or absent is the plain sum; every call form agrees', () => {
    const x = tensor(values(6, 5))
    const y = tensor(values(6, 6))
    const plain = add(x, y).toTypedArray()
    expect(add(x, y, { alpha: 1 }).toTypedArray()).toEqual(plain)
    expect(add(x, y, {}).toTypedArray()).toEqual(plain)
    const scaled = add(x, y, { alpha: 0.25 }).toTypedArray()
    expect(pipe(x, add(y, { alpha: 0.25 })).toTypedArray()).toEqual(scaled)
    expect(x.add(y, { alpha: 0.25 }).toTypedArray()).toEqual(scaled)
    expect(pipe(x, add(y)).toTypedArray()).toEqual(plain)
    // A scalar operand with alpha goes the two-pass way: x + alpha·c.
    expect(add(x, 2, { alpha: 0.25 }).toTypedArray()).toEqual(add(x, mul(tensor(2), 0.25)).toTypedArray())
  })

  it('a published value: torch.add([1, 2], [10, 20], alpha=0.5) is [6, 12]', () => {
    expect(add(tensor([1, 2]), tensor([10, 20]), { alpha: 0.5 }).toArray()).toEqual([6, 12])
  })
})
