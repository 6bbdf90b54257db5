/**
 * BatchNorm1d against PyTorch (test/fixtures/nn/batchnorm.json): train-mode outputs and the
 * running_mean / running_var / num_batches_tracked after 1, 2 and 3 steps for [N, C] and [N, C, L]
 * inputs, momentum 0.1, 0.3 and None (cumulative average), affine off, no running statistics, a
 * non-default eps; eval outputs with the statistics the steps left; which single-value-per-channel
 * inputs are errors in which mode.
 */
import { describe, expect, it } from 'vitest'
import { nn, type FloatDType } from '../../src/index.js'
import { closeTo, decodeTensor, loadInto, namedMismatches, nnFixture, sameBits, tolerance, type Encoded, type Named } from './fixtures.js'

interface Step { readonly input: Encoded; readonly output: Encoded; readonly buffers: Named }
interface BnCase {
  readonly name: string
  readonly dtype: FloatDType
  readonly numFeatures: number
  readonly options: { eps: number; momentum: number | null; affine: boolean; trackRunningStats: boolean }
  readonly params: Named
  readonly initialBuffers: Named
  readonly steps: readonly Step[]
  readonly eval: { input: Encoded; output: Encoded }
}
interface ErrorCase {
  readonly shape: number[]
  readonly mode: 'train' | 'eval'
  readonly trackRunningStats: boolean
  readonly input: Encoded
  readonly raises: boolean
  readonly message?: string
  readonly output?: Encoded
}

const { cases, errors } = nnFixture<{ cases: BnCase[]; errors: ErrorCase[] }>('batchnorm')

/** Floating buffers within tolerance; num_batches_tracked (int64) exactly. */
const bufferCompare = (dtype: string) => (g: Parameters<typeof sameBits>[0], w: Encoded) =>
  w.dtype === 'int64' ? sameBits(g, w) : closeTo(g, w, tolerance(dtype))

describe('BatchNorm1d matches PyTorch', () => {
  it('covers 2-D and 3-D inputs, every momentum, affine and tracking option, in both dtypes', () => {
    const seen = new Set(cases.map((c) => `${c.steps[0].input.shape.length}D ${String(c.options.momentum)} ${c.options.affine} ${c.options.trackRunningStats} ${c.dtype}`))
    for (const dtype of ['float32', 'float64']) {
      for (const d of ['2D', '3D']) for (const mom of ['0.1', '0.3', 'null']) expect(seen.has(`${d} ${mom} true true ${dtype}`)).toBe(true)
      expect(seen.has(`2D 0.1 false true ${dtype}`)).toBe(true)
      expect(seen.has(`2D 0.1 true false ${dtype}`) && seen.has(`3D 0.1 true false ${dtype}`)).toBe(true)
    }
  })

  for (const c of cases) {
    describe(c.name, () => {
      const fresh = nn.BatchNorm1d(c.numFeatures, { ...c.options, dtype: c.dtype })

      it('starts with PyTorch\'s buffers (names, dtypes, values) and parameter names', () => {
        expect(namedMismatches(nn.namedBuffers(fresh), c.initialBuffers, sameBits)).toEqual([])
        expect([...nn.namedParameters(fresh)].map(([n]) => n)).toEqual(c.params.map(([n]) => n))
      })

      it('gives PyTorch\'s train outputs and running statistics after 1, 2 and 3 steps, then eval outputs', () => {
        let m = loadInto(fresh, c.params, c.initialBuffers)
        c.steps.forEach((step, i) => {
          const before = m
          const [y, next] = nn.run(m, decodeTensor(step.input), { mode: 'train' })
          expect(closeTo(y, step.output, tolerance(c.dtype)), `output of step ${i + 1}`).toEqual([])
          expect(namedMismatches(nn.namedBuffers(next), step.buffers, bufferCompare(c.dtype)), `buffers after step ${i + 1}`).toEqual([])
          if (c.options.trackRunningStats) expect(next).not.toBe(before)
          m = next
        })
        const [y, same] = nn.run(m, decodeTensor(c.eval.input), { mode: 'eval' })
        expect(same).toBe(m)
        expect(closeTo(y, c.eval.output, tolerance(c.dtype)), 'eval output').toEqual([])
      })
    })
  }
})

describe('BatchNorm1d with one value per channel', () => {
  it.each(errors.map((e) => [`${e.mode} [${e.shape.join(', ')}] trackRunningStats=${e.trackRunningStats}: ${e.raises ? 'error' : 'fine'}`, e] as const))(
    '%s, as in PyTorch',
    (_, e) => {
      const m = nn.BatchNorm1d(3, { trackRunningStats: e.trackRunningStats })
      const go = () => nn.run(m, decodeTensor(e.input), { mode: e.mode })
      if (e.raises) {
        expect(go).toThrow(/more than 1 value per channel/)
      } else {
        expect(closeTo(go()[0], e.output!, tolerance('float32'))).toEqual([])
      }
    },
  )

  it('names the input shape in the error', () => {
    const e = errors.find((x) => x.raises && x.mode === 'train')!
    expect(() => nn.run(nn.BatchNorm1d(3), decodeTensor(e.input), { mode: 'train' })).toThrow(`[${e.shape.join(', ')}]`)
  })
})
