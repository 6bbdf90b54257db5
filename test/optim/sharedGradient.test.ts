/**
 * One gradient tensor at two parameters (autodiff hands `add`'s cotangent to both inputs, so
 * `grad(p => sum(p.a + p.b))` gives the very same tensor for a and b): each parameter still keeps
 * its own optimiser state, as torch.optim keeps a state per parameter. And a parameter tied at two
 * paths still gets one state and stays tied. Values are hand-computed with torch.optim.SGD's and
 * Adam's rules on dyadic numbers (exact in float64).
 */
import { describe, expect, it } from 'vitest'
import { add, optim, square, sum, tensor, valueAndGrad, type Tensor } from '../../src/index.js'
import { valuesOf } from '../tensor/match.js'

type P = { readonly a: Tensor; readonly b: Tensor }
const f64 = (xs: number[]): Tensor => tensor(xs, { dtype: 'float64' })

// Step 1: different gradients (2a, 2b); step 2: one tensor for both (the gradient of sum(a + b)).
const p0: P = { a: f64([1, 2]), b: f64([3, 4]) }
const squares = (p: P) => add(sum(square(p.a)), sum(square(p.b)))
const linear = (p: P) => sum(add(p.a, p.b))

/** Runs two steps with `step` (update + applyUpdates, or optim.step): the params after each. */
function twoSteps(opt: optim.GradientTransformation<any>, fused: boolean): { params: P; state: unknown } {
  let params = p0
  let state = opt.init(params)
  for (const loss of [squares, linear]) {
    const [, grads] = valueAndGrad(loss)(params)
    if (loss === linear) expect((grads as P).a).toBe((grads as P).b) // the premise: one tensor
    if (fused) [params, state] = optim.step(opt, params, grads, state)
    else {
      const [u, next] = opt.update(grads, state, params)
      params = optim.applyUpdates(params, u)
      state = next
    }
  }
  return { params, state }
}

describe('one gradient tensor at two parameters', () => {
  // SGD lr 0.5, momentum 0.5. a: g1 = [2, 4], b1 = g1, a1 = [0, 0]; g2 = [1, 1], b2 = [2, 3], a2 = [-1, -1.5].
  // b: g1 = [6, 8], b1 = g1, p1 = [0, 0]; g2 = [1, 1], b2 = [4, 5], p2 = [-2, -2.5].
  for (const fused of [false, true]) {
    it(`sgd momentum keeps a state per parameter (${fused ? 'optim.step, fused' : 'update + applyUpdates'})`, () => {
      const { params, state } = twoSteps(optim.sgd(0.5, { momentum: 0.5 }), fused)
      expect(valuesOf(params.a)).toEqual([-1, -1.5])
      expect(valuesOf(params.b)).toEqual([-2, -2.5])
      const momentum = (state as readonly [unknown, { momentum: P }])[1].momentum
      expect(valuesOf(momentum.a)).toEqual([2, 3])
      expect(valuesOf(momentum.b)).toEqual([4, 5])
    })
  }

  it('adam keeps first and second moments per parameter', () => {
    // betas (0.5, 0.5), eps 0: m = 0.5·m + 0.5·g, v = 0.5·v + 0.5·g²; step lr · m̂ / √v̂.
    const opt = optim.adam(1, { betas: [0.5, 0.5], eps: 0 })
    const { state } = twoSteps(opt, false)
    const { mu, nu } = (state as readonly [unknown, { mu: P; nu: P }])[1]
    // a: m1 = [1, 2], m2 = [1, 1.5]; b: m1 = [3, 4], m2 = [2, 2.5]. v1 = g1²/2, v2 = v1/2 + 1/2.
    expect(valuesOf(mu.a)).toEqual([1, 1.5])
    expect(valuesOf(mu.b)).toEqual([2, 2.5])
    expect(valuesOf(nu.a)).toEqual([1.5, 4.5])
    expect(valuesOf(nu.b)).toEqual([9.5, 16.5])
  })
})

describe('a parameter tied at two paths', () => {
  for (const fused of [false, true]) {
    it(`gets one state and stays one tensor (${fused ? 'optim.step' : 'update + applyUpdates'})`, () => {
      const w = f64([1, 2])
      const opt = optim.sgd(0.5, { momentum: 0.5 })
      let params = { a: w, b: w }
      let state = opt.init(params)
      expect((state[1] as { momentum: P }).momentum.a).toBe((state[1] as { momentum: P }).momentum.b)
      for (let i = 0; i < 3; i++) {
        const [, grads] = valueAndGrad((p: { a: Tensor; b: Tensor }) => sum(square(p.a)))(params)
        if (fused) [params, state] = optim.step(opt, params, grads, state)
        else {
          const [u, next] = opt.update(grads, state, params)
          params = optim.applyUpdates(params, u)
          state = next
        }
        expect(params.a).toBe(params.b)
        expect((state[1] as { momentum: P }).momentum.a).toBe((state[1] as { momentum: P }).momentum.b)
      }
    })
  }
})
