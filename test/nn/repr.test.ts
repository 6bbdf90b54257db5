/**
 * Module printing against PyTorch's `repr(model)` text (test/fixtures/nn/repr.json), exactly: every
 * layer with non-default options, nested Sequentials, custom modules with children, with and without
 * extra_repr, a None child, and a model with a shared child. `nn.repr`, `String(m)` and Node's
 * `util.inspect` must all give the same text.
 */
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { nn, random, type Tensor } from '../../src/index.js'
import { nnFixture } from './fixtures.js'

const { cases } = nnFixture<{ cases: readonly { name: string; text: string }[] }>('repr')

const key = random.key(0)
const fwd = (_self: unknown, x: Tensor) => x

/** Our module for each fixture case name (same architecture as the generator builds). */
const builders: Record<string, () => nn.AnyModule> = {
  'Linear(5, 3)': () => nn.Linear(5, 3, { key }),
  'Linear(5, 3, bias=False)': () => nn.Linear(5, 3, { key, bias: false }),
  'BatchNorm1d(3)': () => nn.BatchNorm1d(3),
  'BatchNorm1d(3, momentum=None)': () => nn.BatchNorm1d(3, { momentum: null }),
  'BatchNorm1d(3, affine=False)': () => nn.BatchNorm1d(3, { affine: false }),
  'BatchNorm1d(4, eps=0.001, momentum=0.3, affine=False, track_running_stats=False)':
    () => nn.BatchNorm1d(4, { eps: 0.001, momentum: 0.3, affine: false, trackRunningStats: false }),
  'LayerNorm(5)': () => nn.LayerNorm(5),
  'LayerNorm((4, 5), elementwise_affine=False)': () => nn.LayerNorm([4, 5], { elementwiseAffine: false }),
  'LayerNorm(5, eps=1e-12)': () => nn.LayerNorm(5, { eps: 1e-12 }),
  'LayerNorm((2, 3, 4), eps=0.0001)': () => nn.LayerNorm([2, 3, 4], { eps: 0.0001 }),
  'Embedding(10, 4)': () => nn.Embedding(10, 4, { key }),
  'Embedding(10, 4, padding_idx=2)': () => nn.Embedding(10, 4, { key, paddingIdx: 2 }),
  'Embedding(10, 4, padding_idx=-1)': () => nn.Embedding(10, 4, { key, paddingIdx: -1 }),
  'GELU()': () => nn.GELU(),
  "GELU(approximate='tanh')": () => nn.GELU({ approximate: 'tanh' }),
  'Softmax(dim=1)': () => nn.Softmax({ dim: 1 }),
  'Softmax(dim=-1)': () => nn.Softmax({ dim: -1 }),
  'Flatten()': () => nn.Flatten(),
  'Flatten(0, 2)': () => nn.Flatten({ startDim: 0, endDim: 2 }),
  'Dropout(0.25)': () => nn.Dropout(0.25),
  'Dropout()': () => nn.Dropout(),
  'Dropout(1.0)': () => nn.Dropout(1.0),
  'Identity()': () => nn.Identity(),
  'ReLU()': () => nn.ReLU(),
  'Tanh()': () => nn.Tanh(),
  'Sigmoid()': () => nn.Sigmoid(),
  'Sequential()': () => nn.Sequential(),
  'nested Sequential': () => nn.Sequential(
    nn.Linear(4, 3, { key }),
    nn.Sequential(nn.ReLU(), nn.Dropout(0.1), nn.Sequential(nn.Linear(3, 3, { key, bias: false }))),
    nn.Softmax({ dim: 1 }),
  ),
  MLP: () => nn.module('MLP', {
    children: { fc1: nn.Linear(4, 8, { key }), act: nn.GELU({ approximate: 'tanh' }), fc2: nn.Linear(8, 2, { key }) },
    forward: (_self, x: Tensor, ctx) => ctx.call('fc2', ctx.call('act', ctx.call('fc1', x))),
  }),
  Scaled: () => nn.module('Scaled', { children: { inner: nn.Linear(2, 2, { key }) }, forward: fwd, extraRepr: () => 'scale=2.0' }),
  Multi: () => nn.module('Multi', { forward: fwd, extraRepr: () => 'a=1\nb=2' }),
  Holder: () => nn.module('Holder', { children: { x: null, y: nn.ReLU() }, forward: fwd }),
  Empty: () => nn.module('Empty', { forward: fwd }),
  Net: () => {
    const a = nn.Linear(3, 4, { key })
    const b = nn.Sequential(nn.Linear(4, 4, { key }), nn.BatchNorm1d(4))
    const d = nn.Linear(4, 2, { key })
    const e = nn.mapParameters(nn.Linear(4, 2, { key, bias: false }), (p, n) => (n === 'weight' ? d.params.weight : p))
    return nn.module('Net', { children: { a, b, c: a, d, e, n: null, f: nn.Sequential(b, nn.ReLU()) }, forward: fwd })
  },
}

describe('nn.repr matches PyTorch\'s repr exactly', () => {
  it('has a builder for every fixture case', () => {
    expect(cases.map((c) => c.name).filter((n) => !(n in builders))).toEqual([])
  })

  it.each(cases.map((c) => [c.name, c.text] as const))('%s', (name, text) => {
    expect(nn.repr(builders[name]())).toBe(text)
  })

  it.each(cases.map((c) => [c.name, c.text] as const))('%s: String(m) and util.inspect(m) give the same text as nn.repr', (name) => {
    const m = builders[name]()
    expect(String(m)).toBe(nn.repr(m))
    expect(inspect(m)).toBe(nn.repr(m))
  })
})
