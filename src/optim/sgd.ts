/**
 * SGD as torch.optim.SGD computes it: weight decay added to the gradient, momentum with
 * dampening (the first step's buffer is the gradient itself), optionally Nesterov, then −lr.
 */
import { add, mul } from '../tensor/arithmetic.js'
import { addDecayedWeights, chain, mapUpdates, ownedCopy, scaleByLearningRate, zerosTree, type CountState, type GradientTransformation, type LearningRate, type Updates } from './transform.js'
import { momentumStep } from './momentumStep.js'

/** Momentum state: a gradient-shaped tree of buffers, and the step count. */
export interface TraceState extends CountState {
  readonly momentum: Updates
}

/** torch's momentum buffer: b = g on the first step (a copy, as torch clones it), then b = μ·b + (1 − dampening)·g. */
export const traceMomentum = ({ momentum, dampening = 0, nesterov = false }: { momentum: number; dampening?: number; nesterov?: boolean }): GradientTransformation<TraceState> => {
  if (nesterov && (momentum <= 0 || dampening !== 0)) throw new RangeError('sgd: Nesterov momentum requires a momentum and zero dampening')
  return {
    init: (params) => ({ count: 0, momentum: zerosTree(params) }),
    update: (grads, { count, momentum: buf }) => {
      const next = mapUpdates((g, b) => (count === 0 || b === null ? ownedCopy(g) : add(dampening === 0 ? g : mul(g, 1 - dampening), b, { alpha: momentum })), grads, buf)
      const updates = nesterov ? mapUpdates((g, b) => add(g, b!, { alpha: momentum }), grads, next) : next
      return [updates, { count: count + 1, momentum: next }]
    },
  }
}

/** Options of sgd, torch's names and defaults. */
export interface SgdOptions {
  readonly momentum?: number
  readonly dampening?: number
  readonly nesterov?: boolean
  readonly weightDecay?: number
}

/**
 * Stochastic gradient descent, matching torch.optim.SGD step for step. With momentum alone (no
 * dampening, Nesterov or weight decay) it also has a fused `step` (see `optim.step`).
 * @example
 * import { optim, tensor } from 'immutorch'
 *
 * const params = { w: tensor([1, 2]) }
 * const opt = optim.sgd(0.5)
 * const [updates] = opt.update({ w: tensor([2, 2]) }, opt.init(params), params)
 * optim.applyUpdates(params, updates).w // [0, 1]
 */
export function sgd(lr: LearningRate, { momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 }: SgdOptions = {}): GradientTransformation<readonly unknown[]> {
  // torch.optim.SGD's checks at construction.
  if (typeof lr === 'number' && !(lr >= 0)) throw new RangeError(`sgd: invalid learning rate ${lr} (it must be ≥ 0)`)
  if (!(momentum >= 0)) throw new RangeError(`sgd: invalid momentum ${momentum} (it must be ≥ 0)`)
  if (!(weightDecay >= 0)) throw new RangeError(`sgd: invalid weight decay ${weightDecay} (it must be ≥ 0)`)
  if (nesterov && (momentum <= 0 || dampening !== 0)) throw new RangeError('sgd: Nesterov momentum requires a momentum and zero dampening')
  const unfused = chain(
    addDecayedWeights(weightDecay),
    ...(momentum === 0 ? [] : [traceMomentum({ momentum, dampening, nesterov })]),
    scaleByLearningRate(lr),
  )
  // The common case (momentum, nothing else) also steps in one fused pass: see momentumStep.ts.
  const fused = momentum > 0 && dampening === 0 && !nesterov && weightDecay === 0
  return fused ? { ...unfused, step: momentumStep(lr, momentum) } : unfused
}
