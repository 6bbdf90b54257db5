/**
 * Initialisation against PyTorch (test/fixtures/nn/init.json). Linear: PyTorch's
 * kaiming_uniform(a=√5) bound, computed by torch from its gain, is 1/√in_features; our weights and
 * biases lie within it, reach close to it, and have U(−b, b)'s mean and variance, as torch's own
 * samples do. Embedding: N(0, 1). BatchNorm/LayerNorm: ones and zeros; buffer dtypes and shapes.
 */
import { describe, expect, it } from 'vitest'
import { nn, random, type Tensor } from '../../src/index.js'
import { namedMismatches, nnFixture, sameBits, valuesOf, type Named } from './fixtures.js'

interface Stats { readonly n: number; readonly min: number; readonly max: number; readonly mean: number; readonly var: number; readonly fracWithin1: number }
interface LinearInit { readonly in: number; readonly out: number; readonly weightBound: number; readonly biasBound: number; readonly weight: Stats; readonly bias: Stats }
interface InitFixture {
  readonly linear: readonly LinearInit[]
  readonly embedding: readonly { num: number; dim: number; weight: Stats }[]
  readonly defaults: readonly Record<string, { params: Named; buffers: Named }>[]
}

const fx = nnFixture<InitFixture>('init')

const statsOf = (t: Tensor): Stats => {
  const v = valuesOf(t)
  const n = v.length
  const mean = v.reduce((a, b) => a + b, 0) / n
  return {
    n,
    min: v.reduce((a, b) => Math.min(a, b), Infinity),
    max: v.reduce((a, b) => Math.max(a, b), -Infinity),
    mean,
    var: v.reduce((a, b) => a + (b - mean) ** 2, 0) / n,
    fracWithin1: v.filter((x) => Math.abs(x) < 1).length / n,
  }
}

/**
 * Whether sample statistics fit U(−b, b): every value in [−b, b]; the extremes within 20/n of the
 * bound (for n uniform samples P(max < b(1 − ε)) ≈ e^(−nε/2), here e^(−10)); mean and variance
 * within 6 standard errors (Var of the mean b²/3n; of the sample variance 4b⁴/45n).
 */
function uniformMisfits(s: Stats, b: number): string[] {
  const out: string[] = []
  const slack = b * 1e-7 // float32 rounding of values next to the bound
  if (s.min < -b - slack || s.max > b + slack) out.push(`range [${s.min}, ${s.max}] exceeds ±${b}`)
  if (Math.max(-s.min, s.max) < b * (1 - 20 / s.n)) out.push(`max |x| ${Math.max(-s.min, s.max)} is far below the bound ${b}`)
  if (Math.abs(s.mean) > 6 * b / Math.sqrt(3 * s.n)) out.push(`mean ${s.mean} is not near 0`)
  if (Math.abs(s.var - b * b / 3) > 6 * Math.sqrt(4 * b ** 4 / (45 * s.n))) out.push(`variance ${s.var} is not near ${b * b / 3}`)
  return out
}

/** Whether sample statistics fit N(0, 1): mean, variance and P(|x| < 1) = 0.6827 within 6 standard errors. */
function normalMisfits(s: Stats): string[] {
  const out: string[] = []
  const p1 = 0.6826894921370859
  if (Math.abs(s.mean) > 6 / Math.sqrt(s.n)) out.push(`mean ${s.mean}`)
  if (Math.abs(s.var - 1) > 6 * Math.sqrt(2 / s.n)) out.push(`variance ${s.var}`)
  if (Math.abs(s.fracWithin1 - p1) > 6 * Math.sqrt(p1 * (1 - p1) / s.n)) out.push(`P(|x| < 1) ${s.fracWithin1}`)
  return out
}

describe('Linear initialisation: U(−1/√in, 1/√in), as PyTorch', () => {
  it.each(fx.linear.map((c) => [`Linear(${c.in}, ${c.out})`, c] as const))('%s: PyTorch\'s bound is 1/√in and its samples fit U(−b, b)', (_, c) => {
    expect(c.weightBound).toBeCloseTo(1 / Math.sqrt(c.in), 14)
    expect(c.biasBound).toBeCloseTo(1 / Math.sqrt(c.in), 14)
    expect(uniformMisfits(c.weight, c.weightBound)).toEqual([])
    expect(uniformMisfits(c.bias, c.biasBound)).toEqual([])
  })

  it.each(fx.linear.map((c) => [`Linear(${c.in}, ${c.out})`, c] as const))('%s: ours fit the same distribution', (_, c) => {
    const m = nn.Linear(c.in, c.out, { key: random.key(c.in) })
    expect(m.params.weight.dtype).toBe('float32')
    expect(m.params.weight.shape).toEqual([c.out, c.in])
    expect(m.params.bias!.shape).toEqual([c.out])
    const w = statsOf(m.params.weight)
    const b = statsOf(m.params.bias!)
    expect(uniformMisfits(w, c.weightBound)).toEqual([])
    expect(uniformMisfits(b, c.biasBound)).toEqual([])
    // And the two samples agree with each other (difference of means within 6 joint standard errors).
    expect(Math.abs(w.mean - c.weight.mean)).toBeLessThan(6 * c.weightBound * Math.sqrt(2 / (3 * c.weight.n)))
  })

  it('draws weight and bias from independent keys, deterministically', () => {
    const a = nn.Linear(8, 8, { key: random.key(1) })
    const b = nn.Linear(8, 8, { key: random.key(1) })
    const c = nn.Linear(8, 8, { key: random.key(2) })
    expect(valuesOf(a.params.weight)).toEqual(valuesOf(b.params.weight))
    expect(valuesOf(a.params.weight)).not.toEqual(valuesOf(c.params.weight))
    expect(valuesOf(a.params.weight).slice(0, 8)).not.toEqual(valuesOf(a.params.bias!))
  })

  it('float64 Linear draws float64 weights within the bound', () => {
    const m = nn.Linear(50, 40, { key: random.key(3), dtype: 'float64' })
    expect(m.params.weight.dtype).toBe('float64')
    expect(uniformMisfits(statsOf(m.params.weight), 1 / Math.sqrt(50)).filter((s) => s.startsWith('range'))).toEqual([])
  })
})

describe('Embedding initialisation: N(0, 1), as PyTorch', () => {
  it.each(fx.embedding.map((c) => [`Embedding(${c.num}, ${c.dim})`, c] as const))('%s: PyTorch\'s and ours fit N(0, 1)', (_, c) => {
    expect(normalMisfits(c.weight)).toEqual([])
    const m = nn.Embedding(c.num, c.dim, { key: random.key(5) })
    expect(m.params.weight.shape).toEqual([c.num, c.dim])
    expect(m.params.weight.dtype).toBe('float32')
    expect(normalMisfits(statsOf(m.params.weight))).toEqual([])
  })
})

describe('norm layers start at ones and zeros with PyTorch\'s buffers', () => {
  const d = fx.defaults[0]
  it('BatchNorm1d(3): weight ones, bias zeros, running_mean zeros, running_var ones, num_batches_tracked int64 0 of shape []', () => {
    const m = nn.BatchNorm1d(3)
    expect(namedMismatches(nn.namedParameters(m), d['BatchNorm1d(3)'].params, sameBits)).toEqual([])
    expect(namedMismatches(nn.namedBuffers(m), d['BatchNorm1d(3)'].buffers, sameBits)).toEqual([])
    expect(m.buffers.num_batches_tracked!.shape).toEqual([])
    expect(m.buffers.num_batches_tracked!.dtype).toBe('int64')
  })

  it('BatchNorm1d(3, float64): float64 statistics, num_batches_tracked still int64', () => {
    const m = nn.BatchNorm1d(3, { dtype: 'float64' })
    expect(namedMismatches(nn.namedParameters(m), d['BatchNorm1d(3, dtype=float64)'].params, sameBits)).toEqual([])
    expect(namedMismatches(nn.namedBuffers(m), d['BatchNorm1d(3, dtype=float64)'].buffers, sameBits)).toEqual([])
  })

  it('LayerNorm((2, 3)): weight ones, bias zeros, no buffers', () => {
    const m = nn.LayerNorm([2, 3])
    expect(namedMismatches(nn.namedParameters(m), d['LayerNorm((2, 3))'].params, sameBits)).toEqual([])
    expect([...nn.namedBuffers(m)]).toEqual([])
  })
})
