/**
 * maxPool2d and avgPool2d against PyTorch (test/fixtures/conv/pool.json): outputs and the gradient
 * of sum(out · w) for square and non-square kernels, overlapping and skipping strides, padding,
 * dilation, ceil_mode (including the window it drops), count_include_pad false, divisor_override,
 * ties (the first maximum in window order takes the gradient), NaN and −∞ inputs and unbatched
 * input. Max pooling only moves values, so its output must be PyTorch's bit for bit; everything
 * else lies within rtol · Σ|term| (1e-5 float32, 1e-10 float64). Then torch's output-size rule,
 * central differences, untouched inputs and the errors.
 */
import { describe, expect, it } from 'vitest'
import { grad } from '../../src/autodiff/index.js'
import { avgPool2d, maxPool2d, poolOutputSize, type AvgPool2dOptions, type MaxPool2dOptions } from '../../src/tensor/pool.js'
import type { Pair } from '../../src/tensor/conv.js'
import * as T from '../../src/tensor/index.js'
import { decodeTensor, decodeValues, loadFixture, type Encoded } from '../fixtures/load.js'
import { exactMismatches, valuesOf, withinBound } from './match.js'

interface PoolCase {
  readonly name: string
  readonly op: 'max' | 'avg'
  readonly dtype: 'float32' | 'float64'
  readonly kernelSize: Pair
  readonly options: MaxPool2dOptions & AvgPool2dOptions
  readonly x: Encoded; readonly w: Encoded; readonly out: Encoded; readonly dx: Encoded
  readonly bound: { readonly out: Encoded; readonly dx: Encoded }
}

const { cases } = loadFixture<{ cases: PoolCase[] }>('conv', 'pool')

const RTOL = { float32: 1e-5, float64: 1e-10 }


const pool = (c: Pick<PoolCase, 'op' | 'kernelSize' | 'options'>) => (x: T.Tensor): T.Tensor =>
  c.op === 'max' ? maxPool2d(x, c.kernelSize, c.options) : avgPool2d(x, c.kernelSize, c.options)

describe('pooling matches PyTorch', () => {
  it('covers ceil mode, padding, dilation, count_include_pad false, divisor override, ties, NaN, unbatched, both dtypes', () => {
    const has = (p: (c: PoolCase) => boolean) => cases.some(p)
    for (const op of ['max', 'avg'] as const) {
      expect(has((c) => c.op === op && c.options.ceilMode === true && c.options.padding !== undefined), op).toBe(true)
      expect(has((c) => c.op === op && c.x.shape.length === 3) && has((c) => c.op === op && c.dtype === 'float64'), op).toBe(true)
    }
    expect(has((c) => c.options.countIncludePad === false) && has((c) => c.options.divisorOverride !== undefined)).toBe(true)
    expect(has((c) => c.options.dilation === 2) && has((c) => c.name.startsWith('ties')) && has((c) => c.name.startsWith('NaN'))).toBe(true)
  })

  describe.each(cases.map((c) => [`${c.dtype} ${c.op}Pool2d ${c.name}`, c] as const))('%s', (_, c) => {
    const [x, w] = [decodeTensor(c.x), decodeTensor(c.w)]
    const rtol = RTOL[c.dtype]

    it('forward', () => {
      const y = pool(c)(x)
      expect(c.op === 'max' ? exactMismatches(y, c.out) : withinBound(y, c.out, c.bound.out, rtol)).toEqual([])
    })

    it('gradient', () => {
      const dx = grad((x: T.Tensor) => T.sum(T.mul(pool(c)(x), w)))(x)
      expect(withinBound(dx, c.dx, c.bound.dx, rtol)).toEqual([])
    })
  })
})

describe("output size: torch's formula and the ceil-mode rule", () => {
  it('matches the formula written out, over an exhaustive sweep of small sizes', () => {
    let checked = 0
    for (let size = 1; size <= 9; size++) {
      for (let k = 1; k <= 4; k++) {
        for (let s = 1; s <= 4; s++) {
          for (let p = 0; p <= k >> 1; p++) {
            for (let d = 1; d <= 2; d++) {
              const span = d * (k - 1) + 1
              const floorOut = Math.floor((size + 2 * p - span) / s) + 1
              // Ceil mode: windows that start inside the input or its left padding, up to ⌈·⌉ + 1.
              let ceilOut = Math.ceil((size + 2 * p - span) / s) + 1
              while (ceilOut > 1 && (ceilOut - 1) * s - p >= size) ceilOut--
              expect(poolOutputSize(size, k, p, s, d, false)).toBe(floorOut)
              expect(poolOutputSize(size, k, p, s, d, true)).toBe(ceilOut)
              checked++
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500)
  })

  it('ceil mode keeps a partial last window but not one starting in the right padding', () => {
    const x = T.arange(25, undefined, 1, { dtype: 'float32' }).reshape([1, 1, 5, 5])
    expect(maxPool2d(x, 2, { ceilMode: true }).shape).toEqual([1, 1, 3, 3])
    expect(maxPool2d(x, 2, { stride: 2, padding: 1, ceilMode: true }).shape).toEqual([1, 1, 3, 3])
    expect(maxPool2d(x, 2, { stride: 2, padding: 1 }).shape).toEqual([1, 1, 3, 3])
  })
})

describe('pooling gradients against central differences (float64)', () => {
  const x = T.tensor(Float64Array.from({ length: 2 * 2 * 7 * 6 }, (_, i) => Math.sin(i * 2.31 + 0.4) * 2), { dtype: 'float64', shape: [2, 2, 7, 6] })
  const ops: [string, (x: T.Tensor) => T.Tensor][] = [
    ['maxPool2d 3, stride 2, padding 1, ceil mode', (t) => maxPool2d(t, 3, { stride: 2, padding: 1, ceilMode: true })],
    ['maxPool2d (2, 3), dilation (2, 1)', (t) => maxPool2d(t, [2, 3], { stride: 1, dilation: [2, 1] })],
    ['avgPool2d 3, stride 2, padding 1, ceil mode, count_include_pad false', (t) => avgPool2d(t, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false })],
    ['avgPool2d (3, 2), divisor override 4', (t) => avgPool2d(t, [3, 2], { stride: [1, 2], divisorOverride: 4 })],
  ]
  it.each(ops)('%s', (_, f) => {
    const w = T.tensor(Float64Array.from({ length: f(x).size }, (_, i) => Math.cos(i * 0.77)), { dtype: 'float64', shape: f(x).shape as number[] })
    const loss = (t: T.Tensor) => T.sum(T.mul(f(t), w))
    const got = valuesOf(grad(loss)(x))
    const base = x.toTypedArray() as Float64Array
    // Distinct inputs (sin of distinct angles) keep every argmax fixed for a step this small.
    const h = 1e-7
    for (let i = 0; i < base.length; i++) {
      const at = (d: number) => {
        const v = base.slice()
        v[i] += d
        return loss(T.tensor(v, { dtype: 'float64', shape: x.shape as number[] })).item() as number
      }
      expect(Math.abs(got[i] - (at(h) - at(-h)) / (2 * h)), `element ${i}`).toBeLessThan(1e-7)
    }
  })
})

describe('pooling leaves its input untouched, has data-last forms and handles edge windows', () => {
  const c = cases.find((k) => k.op === 'max' && k.name === '2x2' && k.dtype === 'float32')!
  const x = decodeTensor(c.x)
  const bytes = (t: T.Tensor) => Array.from(t.toTypedArray() as Float32Array)

  it('input and cotangent bytes unchanged by forward and gradient', () => {
    const w = decodeTensor(c.w)
    const before = [x, w].map(bytes)
    for (const f of [pool(c), pool({ ...c, op: 'avg' })]) grad((t: T.Tensor) => T.sum(T.mul(f(t), w)))(x)
    expect([x, w].map(bytes)).toEqual(before)
  })

  it('maxPool2d(2)(x) and avgPool2d(2, options)(x) equal the data-first calls', () => {
    expect(bytes(maxPool2d(2)(x))).toEqual(bytes(maxPool2d(x, 2)))
    expect(bytes(avgPool2d(3, { stride: 1, padding: 1 })(x))).toEqual(bytes(avgPool2d(x, 3, { stride: 1, padding: 1 })))
  })

  it('a dilated window that steps over the whole input pools nothing: −∞ and no gradient', () => {
    // Kernel 2, dilation 3, padding 1 on a 2×4 plane: rows −1 and 2 are both outside the input.
    const t = T.arange(8, undefined, 1, { dtype: 'float64' }).reshape([1, 1, 2, 4])
    expect(valuesOf(maxPool2d(t, 2, { stride: 1, padding: 1, dilation: 3 }))).toEqual([-Infinity, -Infinity, -Infinity])
    const g = grad((u: T.Tensor) => T.sum(maxPool2d(u, 2, { stride: 1, padding: 1, dilation: 3 })))(t)
    expect(valuesOf(g)).toEqual(new Array(8).fill(0))
  })

  it('bfloat16 max pooling returns the input elements exactly', () => {
    const xb = T.to(x, 'bfloat16')
    const want = T.to(maxPool2d(T.to(xb, 'float32'), 2), 'bfloat16')
    expect(Array.from(maxPool2d(xb, 2).toTypedArray() as Uint16Array)).toEqual(Array.from(want.toTypedArray() as Uint16Array))
  })
})

describe('pooling errors name the op and the argument', () => {
  const x = T.zeros([1, 2, 5, 5])
  const errs: [string, () => unknown, RegExp][] = [
    ['padding more than half the kernel', () => maxPool2d(x, 2, { padding: 2 }), /maxPool2d: padding \[2, 2\] must be at most half the kernel size \[2, 2\]/],
    ['stride 0', () => avgPool2d(x, 2, { stride: 0 }), /avgPool2d: stride must be an integer ≥ 1/],
    ['kernel 0', () => maxPool2d(x, [2, 0]), /maxPool2d: kernelSize must be an integer ≥ 1/],
    ['output too small', () => maxPool2d(x, 7), /maxPool2d: input \[1, 2, 5, 5\] gives output size 0×0 .* at least 1×1/],
    ['divisor 0', () => avgPool2d(x, 2, { divisorOverride: 0 }), /avgPool2d: divisorOverride must be a non-zero integer, got 0/],
    ['2-D input', () => avgPool2d(T.zeros([5, 5]), 2), /avgPool2d: expected input 3-D \[C, H, W\] or 4-D \[N, C, H, W\], got \[5, 5\]/],
    ['integer input', () => maxPool2d(T.zeros([1, 1, 4, 4], { dtype: 'int64' }), 2), /maxPool2d: expects a floating-point input, got int64/],
  ]
  it.each(errs)('%s', (_, f, re) => {
    expect(f).toThrow(re)
  })
})
