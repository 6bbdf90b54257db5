/**
 * traceMomentum and sgd's momentum on hand-computed steps, against torch.optim.SGD's rule
 * (torch/optim/sgd.py, 1.13): on a parameter's first step the buffer is the gradient itself, then
 * b = μ·b + (1 − dampening)·g; Nesterov's update is g + μ·b, plain momentum's is b. Learning
 * rates, momenta and gradients are dyadic so every value below is exact in float64. Also torch's
 * refusal of Nesterov without momentum or with dampening (its message), and the step count kept
 * in the state.
 */
import { describe, expect, it } from 'vitest'
import { nn, optim, tensor, type Tensor } from '../../src/index.js'
import { valuesOf } from '../tensor/match.js'
import { thrown } from '../thrown.js'

const f64 = (xs: number[]): Tensor => tensor(xs, { dtype: 'float64' })

/** Runs `opt` over the gradient trees `gs` from `params`; the updates and states of every step. */
function run<S>(opt: optim.GradientTransformation<S>, params: unknown, gs: readonly unknown[]): { updates: unknown[]; states: S[] } {
  let state = opt.init(params)
  const updates: unknown[] = []
  const states: S[] = []
  for (const g of gs) {
    const [u, next] = opt.update(g, state, params)
    updates.push(u)
    states.push(next)
    state = next
  }
  return { updates, states }
}

const w = (u: unknown): number[] => valuesOf((u as { w: Tensor }).w)

describe('traceMomentum against torch.optim.SGD\'s buffer rule', () => {
  const params = { w: f64([0, 0]) }
  const grads = [{ w: f64([2, -4]) }, { w: f64([4, 1]) }, { w: f64([-8, 0.5]) }]

  it('without nesterov (the default) the update is the buffer: g₁, then μ·b + g', () => {
    // μ = 0.5: b₁ = g₁ = [2, -4]; b₂ = 0.5·[2, -4] + [4, 1] = [5, -1]; b₃ = 0.5·[5, -1] + [-8, 0.5] = [-5.5, 0]
    const { updates } = run(optim.traceMomentum({ momentum: 0.5 }), params, grads)
    expect(updates.map(w)).toEqual([[2, -4], [5, -1], [-5.5, 0]])
  })

  it('with dampening the first buffer is the gradient undamped, later gradients are damped', () => {
    // μ = 0.5, dampening 0.25: b₁ = g₁ = [2, -4]; b₂ = 0.5·[2, -4] + 0.75·[4, 1] = [4, -1.25];
    // b₃ = 0.5·[4, -1.25] + 0.75·[-8, 0.5] = [-4, -0.25]
    const { updates } = run(optim.traceMomentum({ momentum: 0.5, dampening: 0.25 }), params, grads)
    expect(updates.map(w)).toEqual([[2, -4], [4, -1.25], [-4, -0.25]])
  })

  it('with nesterov the update is g + μ·b, and the buffer is the same as without', () => {
    // buffers as above, [2, -4], [5, -1], [-5.5, 0]; updates g + 0.5·b:
    // [2, -4] + [1, -2] = [3, -6]; [4, 1] + [2.5, -0.5] = [6.5, 0.5]; [-8, 0.5] + [-2.75, 0] = [-10.75, 0.5]
    const { updates, states } = run(optim.traceMomentum({ momentum: 0.5, nesterov: true }), params, grads)
    expect(updates.map(w)).toEqual([[3, -6], [6.5, 0.5], [-10.75, 0.5]])
    expect(states.map((s) => w(s.momentum))).toEqual([[2, -4], [5, -1], [-5.5, 0]])
  })

  it('the state counts the updates made: 0 after init, then 1, 2, 3', () => {
    const opt = optim.traceMomentum({ momentum: 0.5 })
    expect(opt.init(params).count).toBe(0)
    expect(run(opt, params, grads).states.map((s) => s.count)).toEqual([1, 2, 3])
  })
})

describe('a parameter unfrozen after some steps starts its buffer at its gradient, as in torch', () => {
  // torch keeps no momentum_buffer for a parameter that had no gradient; its first step with one
  // clones the gradient (no dampening). Checked against torch 1.13: SGD(lr=0.25, momentum=0.5,
  // dampening=0.5) over [w, v], w with requires_grad False for step 1, v.grad = [2] then [4],
  // w.grad = [1, -3] at step 2: w → [4.75, 5.75] (buffer [1, -3]), v → [6.5] then [5.75] (buffer [3]).
  const Pair = nn.module('Pair', { params: { w: f64([5, 5]), v: f64([7]) }, forward: (_: unknown, x: Tensor) => x }) as unknown as nn.AnyModule
  const gradsOf = (m: nn.AnyModule, g: Record<string, number[]>) => nn.mapTrainable(m, (_t, name) => f64(g[name]))

  it('w frozen for step 1 and unfrozen for step 2, with dampening 0.5', () => {
    const opt = optim.sgd(0.25, { momentum: 0.5, dampening: 0.5 })
    let m = nn.freeze(Pair, ['w'])
    let state = opt.init(m)
    const [u1, s1] = opt.update(gradsOf(m, { v: [2] }), state, m)
    m = optim.applyUpdates(m, u1)
    state = s1
    expect([valuesOf(m.params.w as Tensor), valuesOf(m.params.v as Tensor)]).toEqual([[5, 5], [6.5]])
    m = nn.unfreeze(m)
    const [u2] = opt.update(gradsOf(m, { w: [1, -3], v: [4] }), state, m)
    m = optim.applyUpdates(m, u2)
    // w: buffer [1, -3], 5 − 0.25·[1, -3] = [4.75, 5.75]; v: buffer 0.5·2 + 0.5·4 = 3, 6.5 − 0.75 = 5.75
    expect([valuesOf(m.params.w as Tensor), valuesOf(m.params.v as Tensor)]).toEqual([[4.75, 5.75], [5.75]])
  })
})

describe('Nesterov needs a momentum and zero dampening, as torch.optim.SGD says', () => {
  const message = 'sgd: Nesterov momentum requires a momentum and zero dampening'
  const refused = `RangeError: ${message}`

  it('refuses a zero momentum', () => {
    expect(thrown(() => optim.traceMomentum({ momentum: 0, nesterov: true }))).toEqual(refused)
  })

  // torch refuses any negative momentum first, with 'Invalid momentum value: -0.5'.
  it('refuses a negative momentum', () => {
    expect(thrown(() => optim.traceMomentum({ momentum: -0.5, nesterov: true }))).toEqual(refused)
  })

  it('refuses a dampening, with a momentum', () => {
    expect(thrown(() => optim.traceMomentum({ momentum: 0.9, dampening: 0.1, nesterov: true }))).toEqual(refused)
    expect(thrown(() => optim.sgd(0.1, { momentum: 0.9, dampening: 0.1, nesterov: true }))).toEqual(refused)
  })

  it('accepts a momentum without dampening, and dampening or no momentum without Nesterov', () => {
    expect(() => optim.traceMomentum({ momentum: 0.9, nesterov: true })).not.toThrow()
    expect(() => optim.traceMomentum({ momentum: 0.9, dampening: 0.1 })).not.toThrow()
    expect(() => optim.traceMomentum({ momentum: 0 })).not.toThrow()
  })
})
