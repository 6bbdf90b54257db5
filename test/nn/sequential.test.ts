/**
 * Sequential(Linear, BatchNorm1d, ReLU, Dropout(0.0), Linear) end to end against PyTorch
 * (test/fixtures/nn/sequential.json): two train steps (outputs and running statistics), then eval
 * with the statistics they left, in float32 and float64.
 */
import { describe, expect, it } from 'vitest'
import { nn, random, type FloatDType } from '../../src/index.js'
import { closeTo, decodeTensor, loadInto, namedMismatches, nnFixture, sameBits, snapshot, tolerance, type Encoded, type Named } from './fixtures.js'

interface SeqCase {
  readonly dtype: FloatDType
  readonly params: Named
  readonly initialBuffers: Named
  readonly train: readonly { input: Encoded; output: Encoded; buffers: Named }[]
  readonly eval: { input: Encoded; output: Encoded }
}

const { cases } = nnFixture<{ cases: SeqCase[] }>('sequential')

const build = (dtype: FloatDType) => {
  const [k0, k4] = random.split(random.key(11))
  return nn.Sequential(nn.Linear(4, 3, { key: k0, dtype }), nn.BatchNorm1d(3, { dtype }), nn.ReLU(), nn.Dropout(0.0), nn.Linear(3, 2, { key: k4, dtype }))
}

describe.each(cases.map((c) => [c.dtype, c] as const))('Sequential end to end, %s', (_, c) => {
  const fresh = build(c.dtype)

  it('has PyTorch\'s parameter and buffer names', () => {
    expect([...nn.namedParameters(fresh)].map(([n]) => n)).toEqual(c.params.map(([n]) => n))
    expect(namedMismatches(nn.namedBuffers(fresh), c.initialBuffers, sameBits)).toEqual([])
  })

  it('matches PyTorch over two train steps and an eval', () => {
    const tol = tolerance(c.dtype)
    const buf = (g: Parameters<typeof sameBits>[0], w: Encoded) => (w.dtype === 'int64' ? sameBits(g, w) : closeTo(g, w, tol))
    let m = loadInto(fresh, c.params, c.initialBuffers)
    c.train.forEach((step, i) => {
      const before = snapshot(m)
      const [y, next] = nn.run(m, decodeTensor(step.input), { mode: 'train', key: random.key(i) })
      expect(closeTo(y, step.output, tol), `train output ${i + 1}`).toEqual([])
      expect(namedMismatches(nn.namedBuffers(next), step.buffers, buf), `buffers after step ${i + 1}`).toEqual([])
      expect(snapshot(m)).toEqual(before)
      // Only the BatchNorm changed: the other layers are the same objects.
      for (const k of ['0', '2', '3', '4'] as const) expect(next.children[k]).toBe(m.children[k])
      expect(next.children['1']).not.toBe(m.children['1'])
      m = next
    })
    const [y, same] = nn.run(m, decodeTensor(c.eval.input), { mode: 'eval' })
    expect(same).toBe(m)
    expect(closeTo(y, c.eval.output, tol), 'eval output').toEqual([])
  })
})
