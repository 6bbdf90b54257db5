/**
 * What optimisers leave alone, on worked examples: frozen parameters (no gradient, no state, the
 * same tensor after every step), buffers (the same tensors), ties (one object after an update; a
 * tie across a frozen and a trainable name), non-floating leaves; and clipByGlobalNorm's norm
 * against a sum of squares taken by hand.
 */
import { describe, expect, it } from 'vitest'
import { nn, optim, random, square, sub, sum, tensor, valueAndGrad, type Tensor } from '../../src/index.js'
import { valuesOf } from '../tensor/match.js'
import { up } from './fixtures.js'

const [k0, k1, kx] = random.split(random.key(5), 3)
const x = random.normal(kx, [6, 4])
const net = () => nn.freeze(nn.Sequential(up(nn.Linear(4, 3, { key: k0 })), up(nn.BatchNorm1d(3)), up(nn.Linear(3, 2, { key: k1 }))) as unknown as nn.AnyModule, ['0'])
const loss = (m: nn.AnyModule): Tensor => sum(square(sub(nn.run(m, x as never, { mode: 'eval' })[0] as Tensor, 1)))

const optimisers: readonly [string, optim.GradientTransformation<any>][] = [
  ['sgd momentum weightDecay', optim.sgd(0.1, { momentum: 0.9, weightDecay: 0.1 })],
  ['adam amsgrad', optim.adam(0.1, { amsgrad: true, weightDecay: 0.1 })],
  ['adamw', optim.adamw(0.1)],
  ['clip + sgd', optim.chain(optim.clipByGlobalNorm(0.1), optim.sgd(0.1))],
]

describe('frozen parameters and buffers', () => {
  it.each(optimisers)('%s: three steps leave frozen parameters and buffers the same tensors', (_, opt) => {
    const m0 = net()
    let m = m0
    let state = opt.init(m)
    for (let k = 0; k < 3; k++) {
      const [, g] = valueAndGrad(loss)(m)
      expect([...nn.namedParameters(g as nn.AnyModule)].map(([n]) => n)).toEqual(['1.weight', '1.bias', '2.weight', '2.bias'])
      const [u, s] = opt.update(g, state, m)
      state = s
      m = optim.applyUpdates(m, u)
    }
    const before = new Map(nn.namedParameters(m0))
    for (const [n, p] of nn.namedParameters(m)) {
      if (n.startsWith('0.')) expect(p, n).toBe(before.get(n))
      else expect(valuesOf(p), n).not.toEqual(valuesOf(before.get(n)!))
    }
    expect([...nn.buffers(m)]).toEqual([...nn.buffers(m0)])
    ;[...nn.buffers(m)].forEach((b, i) => expect(b).toBe([...nn.buffers(m0)][i]))
    expect(nn.frozenNames(m).next().value).toBe('0.weight')
  })

  it('state trees hold null at frozen parameters and at buffers', () => {
    const mu = (optim.scaleByAdam().init(net()) as optim.AdamState).mu as nn.AnyModule
    expect([...nn.namedParameters(mu)].map(([n]) => n)).toEqual(['1.weight', '1.bias', '2.weight', '2.bias'])
    expect([...nn.namedBuffers(mu)]).toEqual([])
  })

  it('a tie survives an update: a Linear shared at two paths is one object after it', () => {
    const lin = up(nn.Linear(3, 3, { key: k0 }))
    const m = nn.Sequential(lin, up(nn.Tanh()), lin) as unknown as nn.AnyModule
    const y = random.normal(kx, [2, 3])
    const [, g] = valueAndGrad((m: nn.AnyModule) => sum(square(nn.run(m, y as never, { mode: 'eval' })[0] as Tensor)))(m)
    const opt = optim.sgd(0.1, { momentum: 0.9 })
    const [u] = opt.update(g, opt.init(m), m)
    const next = optim.applyUpdates(m, u) as typeof m
    expect(next.children['0']).toBe(next.children['2'])
    expect(next.children['0']).not.toBe(lin)
  })

  // applyUpdates documents "buffers and frozen parameters stay as they are"; gradients never carry
  // a tensor there, but an updates tree built otherwise (before freezing, or by hand) may.
  it('applyUpdates leaves a frozen parameter alone even where the updates hold a tensor', () => {
    const m = up(nn.Linear(2, 2, { key: k0 }))
    const updates = nn.mapTrainable(m, (t) => t)
    const frozen = nn.freeze(m, ['weight'])
    const out = optim.applyUpdates(frozen, updates)
    expect(out.params.weight).toBe(m.params.weight)
  })

  it('applyUpdates leaves a non-floating leaf alone even where the updates hold a tensor', () => {
    const p = { steps: tensor([1, 2], { dtype: 'int64' }), w: tensor([0.5]) }
    const out = optim.applyUpdates(p, { steps: tensor([1, 1], { dtype: 'int64' }), w: tensor([1]) })
    expect(out.steps).toBe(p.steps)
    expect(valuesOf(out.w)).toEqual([1.5])
  })
})

describe('a tensor tied between a frozen and a trainable parameter', () => {
  // PyTorch cannot express this (requires_grad belongs to the tensor); here freezing is per name.
  // The trainable use gets a gradient, so its update must land, or the tie must be refused.
  it('either the trainable use is updated or the tie is refused, never a silently dropped update', () => {
    const t = tensor([1, 2], { dtype: 'float64' })
    const A = nn.module('A', { params: { w: t }, frozen: ['w'], forward: (_: unknown, x: Tensor) => x })
    const B = nn.module('B', { params: { w: t }, forward: (_: unknown, x: Tensor) => x })
    const root = nn.module('Root', { children: { a: up(A), b: up(B) }, forward: (_: unknown, x: Tensor) => x }) as nn.AnyModule
    let outcome: string
    try {
      const [, g] = valueAndGrad((m: nn.AnyModule) => sum(m.children.b.params.w))(root)
      const opt = optim.sgd(0.5)
      const [u] = opt.update(g, opt.init(root), root)
      const out = optim.applyUpdates(root, u)
      outcome = `b.w = ${JSON.stringify(valuesOf(out.children.b.params.w))}`
    } catch {
      outcome = 'refused'
    }
    expect(['b.w = [0.5,1.5]', 'refused']).toContain(outcome)
  })
})

describe('clipByGlobalNorm', () => {
  const grads = { a: tensor([[3, -4], [0, 12]], { dtype: 'float64' }), b: { c: tensor([84], { dtype: 'float64' }), d: null } }
  // 3² + 4² + 12² + 84² = 7225 = 85²
  it('globalNorm is the L2 norm of every gradient together', () => expect(optim.globalNorm(grads)).toBe(85))

  it('scales by maxNorm / (norm + 1e-6) when that is below 1, as clip_grad_norm_', () => {
    const [u] = optim.clipByGlobalNorm(17).update(grads, null)
    const coef = 17 / (85 + 1e-6)
    const got = u as typeof grads
    expect(valuesOf(got.a)).toEqual([3, -4, 0, 12].map((v) => v * coef))
    expect(valuesOf(got.b.c)).toEqual([84 * coef])
    expect(got.b.d).toBeNull()
  })

  it('passes gradients through when maxNorm / (norm + 1e-6) is at least 1', () => {
    const [u] = optim.clipByGlobalNorm(86).update(grads, null)
    const got = u as typeof grads
    expect([valuesOf(got.a), valuesOf(got.b.c)]).toEqual([[3, -4, 0, 12], [84]])
    expect(u).toBe(grads)
  })

  // maxNorm = 85 + 1e-6 makes the coefficient (85 + 1e-6) / (85 + 1e-6) = 1 exactly: not below 1.
  it('passes the very gradients through when maxNorm / (norm + 1e-6) is exactly 1', () => {
    const [u] = optim.clipByGlobalNorm(85 + 1e-6).update(grads, null)
    expect(u).toBe(grads)
  })
})
