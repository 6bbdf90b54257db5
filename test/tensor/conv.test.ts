/**
 * conv2d against PyTorch (test/fixtures/conv/conv2d.json): forward outputs and the gradients of
 * sum(out · w) with respect to input, weight and bias, over strides, paddings (numbers, 'same' with
 * odd and even kernels, 'valid'), dilations, groups up to depthwise, bias on and off, non-square
 * kernels and inputs, unbatched input, batch 1 to 3, in float32 and float64. Each element must lie
 * within rtol · Σ|term| of PyTorch's (the fixture's `bound`), rtol 1e-5 in float32 and 1e-10 in
 * float64. Then central differences in float64, inputs left untouched, and the errors.
 */
import { describe, expect, it } from 'vitest'
import { grad } from '../../src/autodiff/index.js'
import { conv2d, type Conv2dOptions } from '../../src/tensor/conv.js'
import * as T from '../../src/tensor/index.js'
import { decodeTensor, decodeValues, loadFixture, type Encoded } from '../fixtures/load.js'
import { valuesOf, withinBound } from './match.js'

interface ConvCase {
  readonly name: string
  readonly dtype: 'float32' | 'float64'
  readonly options: Conv2dOptions
  readonly x: Encoded; readonly weight: Encoded; readonly bias: Encoded | null; readonly w: Encoded
  readonly out: Encoded; readonly dx: Encoded; readonly dweight: Encoded; readonly dbias: Encoded | null
  readonly bound: { readonly out: Encoded; readonly dx: Encoded; readonly dweight: Encoded; readonly dbias: Encoded | null }
}

const { cases } = loadFixture<{ cases: ConvCase[] }>('conv', 'conv2d')

const RTOL = { float32: 1e-5, float64: 1e-10 }


/** sum(conv2d(x, weight, bias) · w): the scalar whose gradients the fixtures hold. */
const loss = (w: T.Tensor, o: Conv2dOptions) => (x: T.Tensor, weight: T.Tensor, bias: T.Tensor | null): T.Tensor =>
  T.sum(T.mul(conv2d(x, weight, bias, o), w))

describe('conv2d matches PyTorch', () => {
  it('covers the grid: both dtypes, every option, batch 1 and 3, groups up to depthwise, bias on and off', () => {
    const has = (p: (c: ConvCase) => boolean) => cases.some(p)
    expect(has((c) => c.dtype === 'float64') && has((c) => c.dtype === 'float32')).toBe(true)
    expect(has((c) => c.options.stride === 2) && has((c) => c.options.padding === 'same') && has((c) => c.options.padding === 'valid')).toBe(true)
    expect(has((c) => c.options.dilation === 2) && has((c) => c.options.groups === 2)).toBe(true)
    expect(has((c) => c.options.groups !== undefined && c.options.groups === c.x.shape[1] && c.options.groups > 1)).toBe(true)
    expect(has((c) => c.bias === null) && has((c) => c.x.shape[0] === 3) && has((c) => c.x.shape.length === 3)).toBe(true)
    expect(has((c) => c.weight.shape[2] !== c.weight.shape[3]) && has((c) => c.x.shape[2] !== c.x.shape[3])).toBe(true)
  })

  describe.each(cases.map((c) => [`${c.dtype} ${c.name}`, c] as const))('%s', (_, c) => {
    const [x, weight, w] = [decodeTensor(c.x), decodeTensor(c.weight), decodeTensor(c.w)]
    const bias = c.bias === null ? null : decodeTensor(c.bias)
    const rtol = RTOL[c.dtype]

    it('forward', () => {
      expect(withinBound(conv2d(x, weight, bias, c.options), c.out, c.bound.out, rtol)).toEqual([])
    })

    it('gradients with respect to input, weight and bias', () => {
      const [dx, dw, db] = grad(loss(w, c.options), { argnums: [0, 1, 2] })(x, weight, bias)
      expect(withinBound(dx, c.dx, c.bound.dx, rtol)).toEqual([])
      expect(withinBound(dw, c.dweight, c.bound.dweight, rtol)).toEqual([])
      if (c.bias === null) expect(db).toBeNull()
      else expect(withinBound(db, c.dbias!, c.bound.dbias!, rtol)).toEqual([])
    })

    it('the weight gradient alone (input not traced) is the same', () => {
      const dw = grad((weight: T.Tensor) => loss(w, c.options)(x, weight, bias), { argnums: 0 })(weight)
      expect(withinBound(dw, c.dweight, c.bound.dweight, rtol)).toEqual([])
    })
  })
})

describe('conv2d gradients against central differences (float64)', () => {
  const rnd = (shape: number[], seed: number) =>
    T.tensor(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(seed * 7.3 + i * 1.71) * 1.5), { dtype: 'float64', shape })
  const small: [string, number[], number[], Conv2dOptions][] = [
    ['groups 2, stride (2, 1), padding 1, dilation (1, 2)', [2, 2, 5, 4], [4, 1, 3, 2], { groups: 2, stride: [2, 1], padding: 1, dilation: [1, 2] }],
    ["padding 'same' with an even kernel", [1, 3, 4, 5], [2, 3, 2, 2], { padding: 'same' }],
  ]
  it.each(small)('%s', (_, xs, ws, o) => {
    const x = rnd(xs, 1)
    const weight = rnd(ws, 2)
    const bias = rnd([ws[0]], 3)
    const w = rnd(conv2d(x, weight, bias, o).shape as number[], 4)
    const f = loss(w, o)
    const grads = grad(f, { argnums: [0, 1, 2] })(x, weight, bias) as T.Tensor[]
    // The loss is linear in each argument, so a central difference has no truncation error at any step.
    const h = 1e-3
    const args = [x, weight, bias]
    args.forEach((a, k) => {
      const base = a.toTypedArray() as Float64Array
      const got = valuesOf(grads[k])
      for (let i = 0; i < base.length; i++) {
        const bump = (d: number) => {
          const v = base.slice()
          v[i] += d
          const moved = args.map((t, j) => (j === k ? T.tensor(v, { dtype: 'float64', shape: a.shape as number[] }) : t))
          return f(moved[0], moved[1], moved[2]).item() as number
        }
        const fd = (bump(h) - bump(-h)) / (2 * h)
        expect(Math.abs(got[i] - fd), `argument ${k} element ${i}`).toBeLessThan(1e-8 * (1 + Math.abs(fd)))
      }
    })
  })
})

describe('conv2d leaves its inputs untouched and has a data-last form', () => {
  const bytes = (t: T.Tensor) => Array.from(t.toTypedArray() as Float32Array)
  it.each(['3x3 kernel', '1x1 kernel, groups 2', 'unbatched input'])('%s: input, weight, bias and cotangent bytes unchanged', (name) => {
    const c = cases.find((k) => k.name === name && k.dtype === 'float32')!
    const [x, weight, bias, w] = [decodeTensor(c.x), decodeTensor(c.weight), decodeTensor(c.bias!), decodeTensor(c.w)]
    const before = [x, weight, bias, w].map(bytes)
    conv2d(x, weight, bias, c.options)
    grad(loss(w, c.options), { argnums: [0, 1, 2] })(x, weight, bias)
    expect([x, weight, bias, w].map(bytes)).toEqual(before)
  })

  it('conv2d(weight, bias, options)(x) equals conv2d(x, weight, bias, options)', () => {
    const c = cases.find((k) => k.name === 'groups 2' && k.dtype === 'float32')!
    const [x, weight, bias] = [decodeTensor(c.x), decodeTensor(c.weight), decodeTensor(c.bias!)]
    expect(bytes(conv2d(weight, bias, c.options)(x))).toEqual(bytes(conv2d(x, weight, bias, c.options)))
    const k = cases.find((k) => k.name === '3x3 kernel' && k.dtype === 'float32')!
    const [x1, w1] = [decodeTensor(k.x), decodeTensor(k.weight)]
    expect(bytes(conv2d(w1)(x1))).toEqual(bytes(conv2d(x1, w1, null, {})))
  })

  it('bfloat16 and float16 compute in float32 and round the result', () => {
    const c = cases.find((k) => k.name === 'batch 3, stride 2, padding 1' && k.dtype === 'float32')!
    const [x, weight, bias] = [decodeTensor(c.x), decodeTensor(c.weight), decodeTensor(c.bias!)]
    for (const d of ['bfloat16', 'float16'] as const) {
      const [xh, wh, bh] = [x, weight, bias].map((t) => T.to(t, d))
      const got = conv2d(xh, wh, bh, c.options)
      const want = T.to(conv2d(T.to(xh, 'float32'), T.to(wh, 'float32'), T.to(bh, 'float32'), c.options), d)
      expect(got.dtype).toBe(d)
      expect(Array.from(got.toTypedArray() as Uint16Array)).toEqual(Array.from(want.toTypedArray() as Uint16Array))
    }
  })
})

describe('conv2d errors name the op, the shapes and the dim', () => {
  const x = T.zeros([2, 3, 8, 8])
  const cases: [string, () => unknown, RegExp][] = [
    ['channel mismatch', () => conv2d(x, T.zeros([4, 2, 3, 3])), /conv2d: weight \[4, 2, 3, 3\] with groups=1 expects input with 2 channels.*input \[2, 3, 8, 8\] has 3 at dim 1/],
    ['groups not dividing the output channels', () => conv2d(x, T.zeros([4, 1, 3, 3]), null, { groups: 3 }), /conv2d: weight \[4, 1, 3, 3\] has 4 output channels \(dim 0\), not divisible by groups=3/],
    ['groups not dividing the input channels', () => conv2d(x, T.zeros([4, 1, 3, 3]), null, { groups: 2 }), /conv2d: .*groups=2 expects input with 2 channels/],
    ['kernel larger than the padded input', () => conv2d(x, T.zeros([4, 3, 9, 3])), /conv2d: kernel 9×3 .* larger than the padded input 8×8 of input \[2, 3, 8, 8\] at dim 2 \(height\)/],
    ['dilated kernel larger than the padded input', () => conv2d(x, T.zeros([4, 3, 3, 3]), null, { dilation: [1, 4], padding: [0, 0] }), /spans 3×9.*at dim 3 \(width\)/],
    ['stride 0', () => conv2d(x, T.zeros([4, 3, 3, 3]), null, { stride: 0 }), /conv2d: stride must be an integer ≥ 1 or a pair/],
    ['negative stride', () => conv2d(x, T.zeros([4, 3, 3, 3]), null, { stride: [1, -2] }), /conv2d: stride must be an integer ≥ 1/],
    ['negative padding', () => conv2d(x, T.zeros([4, 3, 3, 3]), null, { padding: -1 }), /conv2d: padding must be an integer ≥ 0/],
    ["'same' with stride 2", () => conv2d(x, T.zeros([4, 3, 3, 3]), null, { padding: 'same', stride: 2 }), /conv2d: padding='same' needs stride 1/],
    ['groups 0', () => conv2d(x, T.zeros([4, 3, 3, 3]), null, { groups: 0 }), /conv2d: groups must be a positive integer/],
    ['bias of the wrong size', () => conv2d(x, T.zeros([4, 3, 3, 3]), T.zeros([3])), /conv2d: bias must be 1-D \[4\].*got \[3\]/],
    ['2-D input', () => conv2d(T.zeros([8, 8]), T.zeros([4, 3, 3, 3])), /conv2d: expected input 3-D \[C, H, W\] or 4-D \[N, C, H, W\], got \[8, 8\]/],
    ['3-D weight', () => conv2d(x, T.zeros([4, 3, 3])), /conv2d: weight must be 4-D/],
    ['mixed dtypes', () => conv2d(x, T.zeros([4, 3, 3, 3], { dtype: 'float64' })), /conv2d: input is float32 on cpu but weight is float64/],
    ['integer tensors', () => conv2d(T.zeros([1, 3, 4, 4], { dtype: 'int32' }), T.zeros([1, 3, 3, 3], { dtype: 'int32' })), /conv2d: expects floating-point tensors, got int32/],
  ]
  it.each(cases)('%s', (_, f, re) => {
    expect(f).toThrow(re)
  })
})
