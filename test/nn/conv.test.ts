/**
 * Conv2d, MaxPool2d and AvgPool2d layers against PyTorch (test/fixtures/conv/layers.json): reprs
 * as torch 1.13 prints them, Conv2d's initialisation (torch's kaiming_uniform(a = √5) bound is
 * 1/√fan_in with fan_in = in/groups·kH·kW; our samples fit U(−b, b)), and a small network
 * (Conv2d, ReLU, MaxPool2d, grouped Conv2d without bias, AvgPool2d in ceil mode) with PyTorch's
 * weights: its output and, through `grad` over the module, the gradient of every parameter.
 */
import { describe, expect, it } from 'vitest'
import { grad, nn, random, type FloatDType, type Tensor } from '../../src/index.js'
import { AvgPool2d, MaxPool2d } from '../../src/nn/layers/pool.js'
import { Conv2d } from '../../src/nn/layers/conv.js'
import { conv2d } from '../../src/tensor/conv.js'
import { mul, sum } from '../../src/tensor/index.js'
import { loadFixture } from '../fixtures/load.js'
import { closeTo, decodeTensor, loadInto, snapshot, valuesOf, type Encoded, type Named } from './fixtures.js'

interface ReprCase { readonly layer: 'Conv2d' | 'MaxPool2d' | 'AvgPool2d'; readonly args: any[]; readonly options: Record<string, any>; readonly repr: string }
interface Stats { readonly n: number; readonly min: number; readonly max: number; readonly mean: number; readonly var: number }
interface InitCase {
  readonly in: number; readonly out: number; readonly kernelSize: number | [number, number]; readonly groups: number
  readonly weightShape: number[]; readonly weightBound: number; readonly biasBound: number; readonly weight: Stats; readonly bias: Stats
}
interface NetCase { readonly dtype: FloatDType; readonly repr: string; readonly params: Named; readonly x: Encoded; readonly w: Encoded; readonly out: Encoded; readonly grads: Named }

const fx = loadFixture<{ reprs: ReprCase[]; init: InitCase[]; nets: NetCase[] }>('conv', 'layers')

const build = (c: Pick<ReprCase, 'layer' | 'args' | 'options'>, key = random.key(0)): nn.AnyModule => {
  const [a, b, k] = c.args
  if (c.layer === 'Conv2d') return Conv2d(a, b, k, { key, ...c.options })
  return c.layer === 'MaxPool2d' ? MaxPool2d(a, c.options) : AvgPool2d(a, c.options)
}

describe("reprs are torch 1.13's", () => {
  it.each(fx.reprs.map((c) => [c.repr, c] as const))('%s', (_, c) => {
    expect(nn.repr(build(c))).toBe(c.repr)
  })
})

const statsOf = (t: Tensor): Stats => {
  const v = valuesOf(t)
  const mean = v.reduce((s, x) => s + x, 0) / v.length
  return { n: v.length, min: Math.min(...v), max: Math.max(...v), mean, var: v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length }
}

/** U(−b, b): inside the bound, extremes within 20/n of it, mean and variance within 6 standard errors. */
function uniformMisfits(s: Stats, b: number): string[] {
  const out: string[] = []
  if (s.min < -b * (1 + 1e-7) || s.max > b * (1 + 1e-7)) out.push(`range [${s.min}, ${s.max}] exceeds ±${b}`)
  if (Math.max(-s.min, s.max) < b * (1 - 20 / s.n)) out.push(`max |x| ${Math.max(-s.min, s.max)} is far below ${b}`)
  if (Math.abs(s.mean) > 6 * b / Math.sqrt(3 * s.n)) out.push(`mean ${s.mean}`)
  if (Math.abs(s.var - b * b / 3) > 6 * Math.sqrt(4 * b ** 4 / (45 * s.n))) out.push(`variance ${s.var}, want ${b * b / 3}`)
  return out
}

describe('Conv2d initialisation: U(−1/√fan_in, 1/√fan_in), fan_in = in/groups·kH·kW', () => {
  const title = (c: InitCase) => `Conv2d(${c.in}, ${c.out}, ${JSON.stringify(c.kernelSize)}, groups=${c.groups})`
  it.each(fx.init.map((c) => [title(c), c] as const))("%s: PyTorch's bound and samples", (_, c) => {
    const [kH, kW] = typeof c.kernelSize === 'number' ? [c.kernelSize, c.kernelSize] : c.kernelSize
    const fanIn = (c.in / c.groups) * kH * kW
    expect(c.weightBound).toBeCloseTo(1 / Math.sqrt(fanIn), 14)
    expect(c.biasBound).toBeCloseTo(1 / Math.sqrt(fanIn), 14)
    expect(uniformMisfits(c.weight, c.weightBound)).toEqual([])
    expect(uniformMisfits(c.bias, c.biasBound).filter((m) => m.startsWith('range'))).toEqual([])
  })

  it.each(fx.init.map((c) => [title(c), c] as const))('%s: ours have the shapes and fit the same distribution', (_, c) => {
    const m = Conv2d(c.in, c.out, c.kernelSize, { key: random.key(c.in + c.out), groups: c.groups })
    expect(m.params.weight.shape).toEqual(c.weightShape)
    expect(m.params.weight.dtype).toBe('float32')
    expect(m.params.bias!.shape).toEqual([c.out])
    expect(uniformMisfits(statsOf(m.params.weight), c.weightBound)).toEqual([])
    const bias = uniformMisfits(statsOf(m.params.bias!), c.biasBound)
    // Few bias samples: only the range is certain; with 200 the moments are checked too.
    expect(c.out >= 200 ? bias : bias.filter((s) => s.startsWith('range'))).toEqual([])
  })

  it('bias=false registers no bias; dtype float64 gives float64 weights; keys are independent and deterministic', () => {
    const a = Conv2d(2, 3, 3, { key: random.key(1), bias: false, dtype: 'float64' })
    expect(a.params.bias).toBeNull()
    expect([...nn.namedParameters(a)].map(([n]) => n)).toEqual(['weight'])
    expect(a.params.weight.dtype).toBe('float64')
    const b = Conv2d(2, 3, 3, { key: random.key(1) })
    const c = Conv2d(2, 3, 3, { key: random.key(2) })
    expect(valuesOf(b.params.weight)).toEqual(valuesOf(Conv2d(2, 3, 3, { key: random.key(1) }).params.weight))
    expect(valuesOf(b.params.weight)).not.toEqual(valuesOf(c.params.weight))
  })
})

describe('layer forwards call the ops with the layer configuration', () => {
  it('Conv2d(…)(x) is conv2d(x, weight, bias, options); pools are their ops', () => {
    const x = random.normal(random.key(3), [2, 4, 7, 6])
    const m = Conv2d(4, 6, [3, 2], { key: random.key(4), stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2 })
    const [y] = nn.run(m, x, { mode: 'eval' })
    const want = conv2d(x, m.params.weight, m.params.bias, { stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2 })
    expect(valuesOf(y)).toEqual(valuesOf(want))
    const [p] = nn.run(MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }), x, { mode: 'eval' })
    expect(p.shape).toEqual([2, 4, 4, 4]) // torch: max_pool2d(zeros(2, 4, 7, 6), 3, 2, 1, ceil_mode=True).shape
  })

  it('nn.double casts Conv2d\'s parameters and keeps its configuration and repr', () => {
    const m = Conv2d(2, 3, 3, { key: random.key(9), padding: 'same' })
    const d = nn.double(m)
    expect(d.params.weight.dtype).toBe('float64')
    expect(nn.repr(d)).toBe(nn.repr(m))
    const [y] = nn.run(d, random.normal(random.key(1), [1, 2, 5, 5], { dtype: 'float64' }), { mode: 'eval' })
    expect([y.dtype, y.shape]).toEqual(['float64', [1, 3, 5, 5]])
    expect(m.params.weight.dtype).toBe('float32')
  })

  it('construction errors are clear', () => {
    const key = random.key(0)
    expect(() => Conv2d(3, 4, 3, { key, groups: 2 })).toThrow(/Conv2d: inChannels 3 must be divisible by groups 2/)
    expect(() => Conv2d(4, 3, 3, { key, groups: 2 })).toThrow(/Conv2d: outChannels 3 must be divisible by groups 2/)
    expect(() => Conv2d(4, 4, 3, { key, padding: 'same', stride: 2 })).toThrow(/Conv2d: padding='same' is not supported for strided convolutions/)
    expect(() => Conv2d(4, 4, 3, { key, padding: 'full' as 'same' })).toThrow(/Conv2d: padding must be 'same', 'valid'/)
    expect(() => Conv2d(4, 4, 0, { key })).toThrow(/Conv2d: kernelSize must be an integer ≥ 1/)
    expect(() => MaxPool2d(2, { padding: 2 })).toThrow(/MaxPool2d: padding \[2, 2\] must be at most half the kernel size/)
    expect(() => AvgPool2d(2, { divisorOverride: 0 })).toThrow(/AvgPool2d: divisorOverride must be a non-zero integer/)
  })
})

describe.each(fx.nets.map((c) => [c.dtype, c] as const))('a small conv net with PyTorch weights, %s', (_, c) => {
  const tol = c.dtype === 'float64' ? { rtol: 1e-10, atol: 1e-12 } : { rtol: 1e-5, atol: 1e-6 }
  const [k0, k3] = random.split(random.key(5))
  const fresh = nn.Sequential(
    Conv2d(2, 4, 3, { key: k0, padding: 1, dtype: c.dtype }), nn.ReLU(), MaxPool2d(2),
    Conv2d(4, 6, 3, { key: k3, groups: 2, bias: false, dtype: c.dtype }), AvgPool2d(2, { ceilMode: true }),
  )
  const net = loadInto(fresh, c.params)
  const x = decodeTensor(c.x)
  const w = decodeTensor(c.w)

  it("prints torch's repr and has torch's parameter names", () => {
    expect(nn.repr(net)).toBe(c.repr)
    expect([...nn.namedParameters(net)].map(([n]) => n)).toEqual(c.params.map(([n]) => n))
  })

  it('gives the same output', () => {
    const [y] = nn.run(net, x, { mode: 'eval' })
    expect(closeTo(y, c.out, tol)).toEqual([])
  })

  it('grad over the module gives every parameter\'s gradient, and leaves the module untouched', () => {
    const before = snapshot(net)
    const g = grad((m: typeof net) => sum(mul(nn.run(m, x, { mode: 'eval' })[0], w)))(net) as nn.AnyModule
    const got = [...nn.namedParameters(g)]
    expect(got.map(([n]) => n)).toEqual(c.grads.map(([n]) => n))
    got.forEach(([n, t], i) => expect(closeTo(t, c.grads[i][1], tol), n).toEqual([]))
    expect(snapshot(net)).toEqual(before)
  })
})
