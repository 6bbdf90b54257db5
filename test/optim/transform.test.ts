/**
 * The building blocks of transform.ts on worked examples: the state of the stateless pieces is
 * null, as their type says, so a chain's state is plain JSON data until a piece keeps tensors;
 * addDecayedWeights (torch's weight_decay: g + λ·p) needs the params only when λ ≠ 0, says so in
 * full when they are missing, and passes a gradient through where the params hold no tensor.
 */
import { describe, expect, it } from 'vitest'
import { optim, tensor, type Tensor } from '../../src/index.js'
import { valuesOf } from '../tensor/match.js'
import { thrown } from '../thrown.js'

const f64 = (xs: number[]): Tensor => tensor(xs, { dtype: 'float64' })
const params = { a: f64([4, 8]), b: f64([-2]) }
const grads = { a: f64([1, -2]), b: f64([3]) }

describe('stateless transformations', () => {
  const stateless: readonly [string, optim.GradientTransformation<null>][] = [
    ['identity', optim.identity()],
    ['scale', optim.scale(2)],
    ['addDecayedWeights', optim.addDecayedWeights(0.1)],
    ['clipByGlobalNorm', optim.clipByGlobalNorm(1)],
  ]

  it.each(stateless)('%s: init gives null, and update gives it back', (_, t) => {
    const s = t.init(params)
    expect(s).toBeNull()
    expect(t.update(grads, s, params)[1]).toBeNull()
  })

  it('a chain of them and a learning rate has plain JSON data as its state, step after step', () => {
    const opt = optim.chain(optim.clipByGlobalNorm(1), optim.scale(2), optim.identity(), optim.sgd(0.1, { weightDecay: 0.1 }))
    const s0 = opt.init(params)
    // sgd is itself a chain: addDecayedWeights (null), then scaleByLearningRate ({ count }).
    expect(s0).toStrictEqual([null, null, null, [null, { count: 0 }]])
    const [, s1] = opt.update(grads, s0, params)
    expect(s1).toStrictEqual([null, null, null, [null, { count: 1 }]])
    expect(JSON.parse(JSON.stringify(s1))).toStrictEqual(s1)
  })
})

describe('addDecayedWeights', () => {
  it('adds λ·param to each gradient', () => {
    // λ = 0.25: [1, -2] + 0.25·[4, 8] = [2, 0]; [3] + 0.25·[-2] = [2.5]
    const [u] = optim.addDecayedWeights(0.25).update(grads, null, params)
    const got = u as typeof grads
    expect([valuesOf(got.a), valuesOf(got.b)]).toEqual([[2, 0], [2.5]])
  })

  it('with λ = 0 needs no params and gives the gradients back as they are', () => {
    const [u, s] = optim.addDecayedWeights(0).update(grads, null)
    expect(u).toBe(grads)
    expect(s).toBeNull()
  })

  it('so sgd without weight decay steps without the params: −lr·g', () => {
    const opt = optim.sgd(0.5)
    const [u] = opt.update(grads, opt.init(params))
    const got = u as typeof grads
    expect([valuesOf(got.a), valuesOf(got.b)]).toEqual([[-0.5, 1], [-1.5]])
  })

  it('with λ ≠ 0 refuses an update without the params, saying how to call it', () => {
    const want = 'TypeError: addDecayedWeights: update needs the params (update(grads, state, params))'
    expect(thrown(() => optim.addDecayedWeights(0.1).update(grads, null))).toEqual(want)
    const opt = optim.sgd(0.1, { weightDecay: 0.1 })
    expect(thrown(() => opt.update(grads, opt.init(params)))).toEqual(want)
  })

  it('passes a gradient through, the same tensor, where the params hold no tensor', () => {
    const g = { a: f64([1, -2]), b: f64([-0, 3]) }
    const [u] = optim.addDecayedWeights(0.25).update(g, null, { a: f64([4, 8]), b: null })
    const got = u as typeof g
    expect(valuesOf(got.a)).toEqual([2, 0])
    expect(got.b).toBe(g.b)
    expect(Object.is(valuesOf(got.b)[0], -0)).toBe(true)
  })
})
