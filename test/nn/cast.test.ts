/**
 * Module casts against PyTorch (test/fixtures/nn/cast.json): after `.half()`, `.double()`,
 * `.bfloat16()`, `.half().float()`, `.to('cpu')` and `.to(torch.float64)` of a model holding the same
 * float32 weights (with values that stress rounding: ties, subnormals, overflow) and trained
 * BatchNorm statistics, every parameter and buffer has PyTorch's dtype (num_batches_tracked stays
 * int64) and PyTorch's bits; the tied weight stays tied; the source module is untouched.
 */
import { describe, expect, it } from 'vitest'
import { nn, random } from '../../src/index.js'
import { loadInto, namedMismatches, nnFixture, sameBits, snapshot, type Named } from './fixtures.js'

interface Snap { readonly params: Named; readonly buffers: Named; readonly tied: readonly [string, number][] }
type CastFixture = Record<'before' | 'half' | 'double' | 'bfloat16' | 'float' | 'cpu' | 'to float64', Snap>

const fx = nnFixture<{ cases: CastFixture[] }>('cast').cases[0]

function build() {
  const [k0, k2, k3] = random.split(random.key(4), 3)
  const l2 = nn.Linear(4, 4, { key: k2 })
  const l3 = nn.mapParameters(nn.Linear(4, 4, { key: k3, bias: false }), (p, n) => (n === 'weight' ? l2.params.weight : p))
  return loadInto(nn.Sequential(nn.Linear(3, 4, { key: k0 }), nn.BatchNorm1d(4), l2, l3), fx.before.params, fx.before.buffers)
}

const model = build()

const transforms: Record<Exclude<keyof CastFixture, 'before'>, (m: typeof model) => typeof model> = {
  half: nn.half,
  double: nn.double,
  bfloat16: nn.bfloat16,
  float: (m) => nn.float(nn.half(m)),
  cpu: (m) => nn.to(m, 'cpu'),
  'to float64': (m) => nn.to(m, 'float64'),
}

/** Which alias names share one tensor, as a list of group numbers in first-seen order. */
const groups = (m: nn.AnyModule): [string, number][] => {
  const ids = new Map<unknown, number>()
  return [...nn.namedParameters(m, { removeDuplicate: false })].map(([n, t]) => [n, ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1)])
}

describe('module casts match PyTorch', () => {
  it('the model holds PyTorch\'s float32 weights and trained statistics before casting', () => {
    expect(namedMismatches(nn.namedParameters(model), fx.before.params, sameBits)).toEqual([])
    expect(namedMismatches(nn.namedBuffers(model), fx.before.buffers, sameBits)).toEqual([])
    expect(groups(model)).toEqual(fx.before.tied)
  })

  for (const [name, f] of Object.entries(transforms)) {
    const want = fx[name as keyof CastFixture]
    describe(name, () => {
      it('gives every parameter PyTorch\'s dtype and bits', () => {
        expect(namedMismatches(nn.namedParameters(f(model)), want.params, sameBits)).toEqual([])
      })

      it('gives every buffer PyTorch\'s dtype and bits (num_batches_tracked stays int64)', () => {
        expect(namedMismatches(nn.namedBuffers(f(model)), want.buffers, sameBits)).toEqual([])
      })

      it('keeps the tie and the structure', () => {
        const out = f(model)
        expect(groups(out)).toEqual(want.tied)
        expect(nn.repr(out)).toBe(nn.repr(model))
        expect([...nn.namedModules(out)].map(([n, m]) => `${n}:${m.kind}`)).toEqual([...nn.namedModules(model)].map(([n, m]) => `${n}:${m.kind}`))
      })

      it('leaves the source module unchanged', () => {
        const before = snapshot(model)
        f(model)
        expect(snapshot(model)).toEqual(before)
      })
    })
  }

  it('a non-floating target dtype is an error, as in PyTorch', () => {
    expect(() => nn.to(model, 'int32')).toThrow(/floating/)
    expect(() => nn.to(model, { dtype: 'int64' })).toThrow(/floating/)
    expect(() => nn.to(model, 'bool')).toThrow(/floating/)
  })

  it('an unknown device is an error', () => {
    expect(() => nn.to(model, 'cuda:7')).toThrow()
  })
})
