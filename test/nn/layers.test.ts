/**
 * Every parameter-light layer's eval forward against PyTorch with the same weights: Linear (with and
 * without bias, 1-D to 3-D inputs), the activations, Softmax over several dims, Flatten, LayerNorm
 * and Embedding, in float32 and float64 (test/fixtures/nn/layers.json).
 */
import { describe, expect, it } from 'vitest'
import { nn, random, type FloatDType, type Tensor } from '../../src/index.js'
import { closeTo, decodeTensor, loadInto, nnFixture, sameBits, tolerance, valuesOf, type Encoded, type Named } from './fixtures.js'

interface LayerCase {
  readonly name: string
  readonly layer: string
  readonly args: Record<string, any>
  readonly dtype: FloatDType
  readonly params: Named
  readonly buffers: Named
  readonly input: Encoded
  readonly output: Encoded
}

interface EdgeCase extends Omit<LayerCase, 'output'> {
  readonly raises: boolean
  readonly message?: string
  readonly output?: Encoded
}

const { cases, edges } = nnFixture<{ cases: LayerCase[]; edges: EdgeCase[] }>('layers')

/** Our layer for a fixture case, built with its own (different) initial weights. */
function build({ layer, args: a, dtype }: Pick<LayerCase, 'layer' | 'args' | 'dtype'>): nn.AnyModule {
  const key = random.key(7)
  switch (layer) {
    case 'Linear': return nn.Linear(a.in, a.out, { key, bias: a.bias, dtype })
    case 'Identity': return nn.Identity()
    case 'ReLU': return nn.ReLU()
    case 'Tanh': return nn.Tanh()
    case 'Sigmoid': return nn.Sigmoid()
    case 'GELU': return nn.GELU({ approximate: a.approximate })
    case 'Softmax': return nn.Softmax({ dim: a.dim })
    case 'Flatten': return nn.Flatten({ startDim: a.startDim, endDim: a.endDim })
    case 'LayerNorm': return nn.LayerNorm(a.normalizedShape, { eps: a.eps, elementwiseAffine: a.elementwiseAffine, dtype })
    case 'Embedding': return nn.Embedding(a.num, a.dim, { key, paddingIdx: a.paddingIdx, dtype })
    case 'Dropout': return nn.Dropout(a.p)
    case 'BatchNorm1d': return nn.BatchNorm1d(a.numFeatures, { dtype })
  }
  throw new Error(`no builder for ${layer}`)
}

/**
 * The LayerNorm case with eps=1e-3 feeds values of spread 0.01 around 0.5: x − mean cancels about six
 * bits in float32, so both PyTorch and we are ~2.5e-6 from the exact result (checked in float64), in
 * opposite directions. Elsewhere float32 results agree to a few ulps.
 */
const tol = (c: LayerCase) =>
  c.dtype === 'float32' && c.layer === 'LayerNorm' && c.args.eps === 1e-3 ? { rtol: 0, atol: 1e-5 } : tolerance(c.dtype)

describe('layer forwards match PyTorch (eval, same weights)', () => {
  it('covers every layer kind in both dtypes', () => {
    const kinds = new Set(cases.map((c) => `${c.layer} ${c.dtype}`))
    for (const k of ['Linear', 'Identity', 'ReLU', 'GELU', 'Tanh', 'Sigmoid', 'Softmax', 'Flatten', 'LayerNorm', 'Embedding']) {
      expect(kinds.has(`${k} float32`) && kinds.has(`${k} float64`), k).toBe(true)
    }
  })

  for (const c of cases) {
    describe(c.name, () => {
      const ours = build(c)

      it('has PyTorch names, shapes and dtypes for its parameters and buffers', () => {
        const shapes = (xs: Iterable<readonly [string, Tensor]>) => [...xs].map(([n, t]) => `${n} ${t.dtype} [${t.shape.join(',')}]`)
        const want = (xs: Named) => xs.map(([n, e]) => `${n} ${e.dtype} [${e.shape.join(',')}]`)
        expect(shapes(nn.namedParameters(ours))).toEqual(want(c.params))
        expect(shapes(nn.namedBuffers(ours))).toEqual(want(c.buffers))
      })

      it('gives PyTorch\'s output', () => {
        const m = loadInto(ours, c.params, c.buffers)
        const [y, m2] = nn.run(m, decodeTensor(c.input), { mode: 'eval' })
        expect(m2).toBe(m)
        // Identity, ReLU and Flatten only move or select values: exact.
        const exact = ['Identity', 'ReLU', 'Flatten'].includes(c.layer)
        expect(exact ? sameBits(y, c.output) : closeTo(y, c.output, tol(c))).toEqual([])
      })

      it('gives the same output in train mode (no state, no randomness)', () => {
        const m = loadInto(ours, c.params, c.buffers)
        const [y, m2] = nn.run(m, decodeTensor(c.input), { mode: 'train', key: random.key(1) })
        expect(m2).toBe(m)
        expect(closeTo(y, c.output, tol(c))).toEqual([])
      })
    })
  }
})

describe('Embedding padding_idx', () => {
  const padded = cases.filter((c) => c.layer === 'Embedding' && c.args.paddingIdx !== null)

  it.each(padded.map((c) => [c.name, c] as const))('%s: our initial padding row is zero, like PyTorch\'s', (_, c) => {
    const m = build(c) as ReturnType<typeof nn.Embedding>
    const stored = (m.config.paddingIdx as number)
    expect(stored).toBe(c.args.paddingIdx < 0 ? c.args.paddingIdx + c.args.num : c.args.paddingIdx)
    const rows = m.params.weight.toArray() as number[][]
    // toEqual tells -0 from +0: PyTorch fills the row with +0.
    expect(rows[stored]).toEqual(new Array(c.args.dim).fill(0))
    expect(rows.filter((r) => r.every((v) => v === 0)).length).toBe(1)
    const torchRows = decodeTensor(c.params[0][1]).toArray() as number[][]
    expect(torchRows[stored]).toEqual(new Array(c.args.dim).fill(0))
  })

  it.each(padded.map((c) => [c.name, c] as const))('%s: looking up the padding index gives zeros', (_, c) => {
    const m = loadInto(build(c), c.params)
    const idx = decodeTensor(c.input)
    const [y] = nn.run(m, idx, { mode: 'eval' })
    const stored = c.args.paddingIdx < 0 ? c.args.paddingIdx + c.args.num : c.args.paddingIdx
    const flatIdx = valuesOf(idx)
    const rows = valuesOf(y)
    flatIdx.forEach((ix, i) => {
      if (ix === stored) expect(rows.slice(i * c.args.dim, (i + 1) * c.args.dim)).toEqual(new Array(c.args.dim).fill(0))
    })
  })
})

describe('layer edge cases, as PyTorch: the same output, or an error where PyTorch raises', () => {
  it.each(edges.map((e) => [e.name, e.raises ? `error (${e.message})` : 'output', e] as const))('%s: %s', (_, __, e) => {
    // Dropout is run in train (its only non-trivial mode), the others in eval.
    const go = () => nn.run(loadInto(build(e), e.params, e.buffers), decodeTensor(e.input), { mode: e.layer === 'Dropout' ? 'train' : 'eval', key: random.key(0) })[0]
    if (e.raises) expect(go).toThrow()
    else expect(closeTo(go(), e.output!, tolerance(e.dtype))).toEqual([])
  })
})
