import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { mul, nn, optim } from '../src/index.js'
import { storageOf } from '../src/tensor/tensor.js'
import { optimCaseArb, paramsArb, recordParamsArb } from './arbitraries/optim.js'
import { chainAssociative, chainIdentity, checkChainAssociative, checkChainIdentity, checkDonatedStepMatches, checkStateShape, checkStepMatchesUpdate, checkUpdateKeepsInputs, checkZeroUpdates, donatedStepMatches, stateHasGradientShape, stepMatchesUpdate, updateKeepsInputs, zeroUpdatesKeepParams } from './optim.js'

type T = optim.GradientTransformation<any>

// name, optimiser, how many gradient-shaped trees its state holds
const optimisers: readonly (readonly [string, T, number])[] = [
  ['sgd', optim.sgd(0.1, { weightDecay: 1e-2 }), 0],
  ['sgd momentum', optim.sgd(0.1, { momentum: 0.9, dampening: 0.1 }), 1],
  ['sgd momentum (fused step)', optim.sgd(0.1, { momentum: 0.9 }), 1],
  ['sgd momentum, scheduled (fused step)', optim.sgd(optim.stepDecay(0.1, { stepSize: 2 }), { momentum: 0.5 }), 1],
  ['nesterov', optim.sgd(0.1, { momentum: 0.9, nesterov: true, weightDecay: 1e-2 }), 1],
  ['adam', optim.adam(1e-2, { weightDecay: 1e-2 }), 2],
  ['adamw', optim.adamw(optim.linearWarmup(1e-2)), 2],
  ['amsgrad', optim.adam(1e-2, { amsgrad: true }), 3],
  ['clipByGlobalNorm', optim.clipByGlobalNorm(1), 0],
  ['chain(clip, sgd momentum, cosine)', optim.chain(optim.clipByGlobalNorm(1), optim.sgd(optim.cosineDecay(0.1, { tMax: 3 }), { momentum: 0.9 })), 1],
]

const cases = optimCaseArb()
// The outer pieces of the associativity law: one reads the params, one keeps a state tree.
const decay = optim.addDecayedWeights(1e-2)
const trace = optim.traceMomentum({ momentum: 0.5 })

describe.each(optimisers)('optimiser laws: %s', (_, opt, trees) => {
  it('state and updates have the params\' gradient shape', () => checkStateShape(opt, cases, trees, 60))
  it('chain is associative', () => checkChainAssociative(decay, opt, trace, cases, 40))
  it('identity is a unit of chain', () => checkChainIdentity(opt, cases, 40))
  it('update never mutates params, grads or state', () => checkUpdateKeepsInputs(opt, cases, 60))
  it('step gives what update then applyUpdates give, and mutates nothing', () => checkStepMatchesUpdate(opt, cases, 60))
  it('a donated step gives the same, and its inputs read as before or throw', () => checkDonatedStepMatches(opt, cases, 60))
})

describe('applyUpdates laws', () => {
  it('zero updates give the params back', () => checkZeroUpdates(paramsArb))
})

// Broken stand-ins, to show each law can fail.
describe('the laws catch broken optimisers', () => {
  const one = fc.sample(optimCaseArb(recordParamsArb, fc.constant(3)), { numRuns: 20, seed: 7 })

  it('a state holding a bare list of tensors fails the shape law', () => {
    const listy: T = { init: (p) => [...Object.values(p as object)], update: (g, s) => [g, s] }
    expect(one.some((c) => !stateHasGradientShape(listy, c))).toBe(true)
  })

  it('a chain that halves its result fails associativity (the halvings land before or after the clip)', () => {
    const halving = (...ts: T[]): T => optim.chain(...ts, optim.scale(0.5))
    const [a, b, c] = [optim.scale(2), optim.sgd(0.1, { momentum: 0.9 }), optim.clipByGlobalNorm(0.01)]
    expect(one.some((cs) => !chainAssociative(a, b, c, cs, halving))).toBe(true)
  })

  it('an identity that scales fails the unit law', () => {
    expect(one.some((cs) => !chainIdentity(optim.sgd(0.1), cs, optim.chain, () => optim.scale(1.5)))).toBe(true)
  })

  it('an update that writes into the gradients fails the non-mutation law (through the internal accessor)', () => {
    const writer: T = {
      init: () => null,
      update: (g, s) => {
        nn.mapTrainable(g, (t) => {
          const data = storageOf(t) as Float32Array
          if (data.length > 0) data[0] = data[0] === 1 ? 2 : 1
          return t
        })
        return [g, s]
      },
    }
    expect(one.some((c) => !updateKeepsInputs(writer, c))).toBe(true)
  })

  it('a fused step that rounds its learning rate differently fails the step law', () => {
    const opt = optim.sgd(0.1, { momentum: 0.9 })
    const skewed: T = { ...opt, step: optim.sgd(0.1 + 2 ** -20, { momentum: 0.9 }).step }
    expect(one.some((c) => !stepMatchesUpdate(skewed, c))).toBe(true)
  })

  it('a step that writes into the params it is given fails the step law', () => {
    const opt = optim.sgd(0.1, { momentum: 0.9 })
    const writing = (o: T, p: unknown, g: unknown, s: unknown) => {
      nn.mapTrainable(p, (t) => {
        const data = storageOf(t) as Float32Array
        if (data.length > 0) data[0] = data[0] === 1 ? 2 : 1
        return t
      })
      return optim.step(o, p, g, s)
    }
    expect(one.some((c) => !stepMatchesUpdate(opt, c, writing))).toBe(true)
  })

  it('the donation law leaves its case usable: it holds twice on the same cases', () => {
    const opt = optim.sgd(0.1, { momentum: 0.9 })
    expect(one.map((c) => [donatedStepMatches(opt, c), donatedStepMatches(opt, c)].join())).toEqual(one.map(() => 'true,true'))
  })

  it('a donated step that writes into params it did not take over fails the donation law', () => {
    const opt = optim.sgd(0.1, { momentum: 0.9 })
    const writing = (o: T, p: unknown, g: unknown, s: unknown, options: optim.StepOptions) => {
      nn.mapTrainable(p, (t) => {
        const data = storageOf(t) as Float32Array
        if (data.length > 0) data[0] = data[0] === 1 ? 2 : 1
        return t
      })
      return optim.step(o, p, g, s, options)
    }
    expect(one.some((c) => !donatedStepMatches(opt, c, writing))).toBe(true)
  })

  it('a donated step that rounds its learning rate differently fails the donation law', () => {
    const opt = optim.sgd(0.1, { momentum: 0.9 })
    const skewed: T = { ...opt, step: optim.sgd(0.1 + 2 ** -20, { momentum: 0.9 }).step }
    expect(one.some((c) => !donatedStepMatches(skewed, c))).toBe(true)
  })

  it('an apply that adds 1 fails the zero-update law', () => {
    const plusOne = (p: unknown, u: unknown) => optim.applyUpdates(p, nn.mapTrainable(u, (t) => mul(t, 0).add(1)))
    expect(one.some((c) => !zeroUpdatesKeepParams(c.params, plusOne))).toBe(true)
  })
})
