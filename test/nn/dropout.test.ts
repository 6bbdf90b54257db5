/**
 * Dropout against PyTorch's formula (test/fixtures/nn/dropout.json). Masks come from different
 * generators, so the tests check the form: every output element is x·0 (dropped) or x times
 * PyTorch's scale (kept), where ATen computes the scale as 1 / (1 − p) in the tensor's dtype
 * (noise.div_(1 − p): for float32 the divisor is rounded to float32 first). The fixture's own
 * outputs are checked against the same formula, so the formula is PyTorch's, not ours. Also: the
 * kept fraction on a large tensor, eval is the identity, and p = 0 and p = 1.
 */
import { describe, expect, it } from 'vitest'
import { nn, random, ones, type Tensor } from '../../src/index.js'
import { decodeTensor, decodeValues, nnFixture, sameBits, valuesOf, type Encoded } from './fixtures.js'

interface DropCase { readonly p: number; readonly dtype: 'float32' | 'float64'; readonly input: Encoded; readonly output: Encoded }
interface Edge { readonly input: Encoded; readonly output: Encoded }

const { cases, edges } = nnFixture<{ cases: DropCase[]; edges: Record<'p0' | 'p1' | 'eval', Edge> }>('dropout')

/** PyTorch's scale for kept elements: 1 / (1 − p), computed in the tensor's dtype. */
const scaleOf = (p: number, dtype: string): number => (dtype === 'float32' ? Math.fround(1 / Math.fround(1 - p)) : 1 / (1 - p))
/** A kept element: x · scale rounded to the dtype. */
const kept = (x: number, scale: number, dtype: string): number => (dtype === 'float32' ? Math.fround(x * scale) : x * scale)

/** Elements that are neither x·0 nor x·scale (each as a readable line), and how many were kept. */
function formErrors(xs: readonly number[], ys: readonly number[], p: number, dtype: string): { errors: string[]; keptCount: number } {
  const s = scaleOf(p, dtype)
  const errors: string[] = []
  let keptCount = 0
  xs.forEach((x, i) => {
    if (Object.is(ys[i], x * 0)) return
    if (Object.is(ys[i], kept(x, s, dtype))) keptCount++
    else if (errors.length < 8) errors.push(`[${i}]: x=${x}, got ${ys[i]}, want ${x * 0} or ${kept(x, s, dtype)}`)
  })
  return { errors, keptCount }
}

const run = (p: number, x: Tensor, seed: number) => nn.run(nn.Dropout(p), x, { mode: 'train', key: random.key(seed) })

describe('Dropout in train mode has PyTorch\'s form and scale', () => {
  it.each(cases.map((c) => [`p=${c.p} ${c.dtype}`, c] as const))('%s: PyTorch\'s own output fits the formula', (_, c) => {
    const { errors, keptCount } = formErrors(decodeValues(c.input).map(Number), decodeValues(c.output).map(Number), c.p, c.dtype)
    expect(errors).toEqual([])
    expect(keptCount).toBeGreaterThan(0)
  })

  it.each(cases.map((c, i) => [`p=${c.p} ${c.dtype}`, c, i] as const))('%s: our output fits it too', (_, c, i) => {
    const x = decodeTensor(c.input)
    const [y] = run(c.p, x, 100 + i)
    expect(y.dtype).toBe(c.dtype)
    expect(y.shape).toEqual(x.shape)
    const { errors, keptCount } = formErrors(valuesOf(x), valuesOf(y), c.p, c.dtype)
    expect(errors).toEqual([])
    // 256 elements: the kept count is Binomial(256, 1 − p); 6 sd either side.
    const n = x.size
    expect(Math.abs(keptCount - n * (1 - c.p))).toBeLessThan(6 * Math.sqrt(n * c.p * (1 - c.p)))
  })

  it.each([0.1, 0.3, 0.5, 0.9])('keeps a fraction near 1 − p of a large tensor (p=%s)', (p) => {
    const n = 200_000
    const [y] = run(p, ones([n]), 17)
    const keptCount = valuesOf(y).filter((v) => v !== 0).length
    expect(Math.abs(keptCount / n - (1 - p))).toBeLessThan(5 * Math.sqrt(p * (1 - p) / n))
  })

  it('draws the mask from the key: same key same mask, other key other mask', () => {
    const x = ones([1000])
    const a = valuesOf(run(0.5, x, 1)[0])
    expect(valuesOf(run(0.5, x, 1)[0])).toEqual(a)
    expect(valuesOf(run(0.5, x, 2)[0])).not.toEqual(a)
  })
})

describe('Dropout edge cases, as PyTorch', () => {
  it('eval is the identity (the same values, bit for bit)', () => {
    const x = decodeTensor(edges.eval.input)
    const [y] = nn.run(nn.Dropout(0.5), x, { mode: 'eval' })
    expect(sameBits(y, edges.eval.output)).toEqual([])
  })

  it('p = 0 in train returns the input unchanged', () => {
    const x = decodeTensor(edges.p0.input)
    const [y] = run(0, x, 3)
    expect(sameBits(y, edges.p0.output)).toEqual([])
  })

  it('p = 1 in train gives x · 0 (so -0 for negatives and NaN for NaN and ±inf)', () => {
    const x = decodeTensor(edges.p1.input)
    const [y] = run(1, x, 3)
    expect(sameBits(y, edges.p1.output)).toEqual([])
  })

  it('p = 1 in train zeroes every finite element', () => {
    const [y] = run(1, ones([50]), 4)
    expect(valuesOf(y).every((v) => v === 0)).toBe(true)
  })

  it.each([-0.1, 1.5, NaN])('p=%s is an error, as in PyTorch', (p) => {
    expect(() => nn.Dropout(p)).toThrow(/probability/)
  })
})
