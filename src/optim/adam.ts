/**
 * Adam and AdamW as torch.optim computes them: m and v moving averages, bias corrections, the
 * step m/bc1 / (√v/√bc2 + ε), optional AMSGrad; Adam adds weight decay to the gradient, AdamW
 * decays the weights directly (decoupled), both then scaled by −lr.
 */
import { add, div, maximum, mul } from '../tensor/arithmetic.js'
import { sqrt, square } from '../tensor/math.js'
import { addDecayedWeights, chain, mapUpdates, scaleByLearningRate, zerosTree, type CountState, type GradientTransformation, type LearningRate, type Updates } from './transform.js'

/** Adam's state: first and second moments (and their running max for AMSGrad). */
export interface AdamState extends CountState {
  readonly mu: Updates
  readonly nu: Updates
  readonly nuMax: Updates | null
}

/** Options of Adam's scaling. */
export interface AdamOptions {
  readonly betas?: readonly [number, number]
  readonly eps?: number
  readonly amsgrad?: boolean
}

/** Rescales gradients by Adam's bias-corrected moments (optax.scale_by_adam, torch's arithmetic). */
export const scaleByAdam = ({ betas: [b1, b2] = [0.9, 0.999], eps = 1e-8, amsgrad = false }: AdamOptions = {}): GradientTransformation<AdamState> => ({
  init: (params) => {
    const zeros = () => zerosTree(params)
    return { count: 0, mu: zeros(), nu: zeros(), nuMax: amsgrad ? zeros() : null }
  },
  update: (grads, { count, mu, nu, nuMax }) => {
    const t = count + 1
    const mu2 = mapUpdates((g, m) => add(mul(m!, b1), mul(g, 1 - b1)), grads, mu)
    const nu2 = mapUpdates((g, v) => add(mul(v!, b2), mul(square(g), 1 - b2)), grads, nu)
    const nuMax2 = nuMax === null ? null : mapUpdates((v, vm) => maximum(vm!, v), nu2, nuMax)
    const bc1 = 1 - b1 ** t
    const bc2 = 1 - b2 ** t
    const updates = mapUpdates((m, v) => div(div(m, bc1), add(div(sqrt(v!), Math.sqrt(bc2)), eps)), mu2, nuMax2 ?? nu2)
    return [updates, { count: t, mu: mu2, nu: nu2, nuMax: nuMax2 }]
  },
})

/** Options of adam and adamw, torch's names. */
export interface AdamRecipeOptions extends AdamOptions {
  readonly weightDecay?: number
}

/**
 * torch.optim.Adam: weight decay (L2) is added to the gradient before the moments.
 * @example
 * import { optim, tensor } from 'immutorch'
 *
 * // Adam's first step moves each parameter by about lr against the sign of its gradient.
 * const params = { w: tensor([1, 2]) }
 * const opt = optim.adam(0.1)
 * const [updates] = opt.update({ w: tensor([3, -4]) }, opt.init(params), params)
 * optim.applyUpdates(params, updates).w // ≈ [0.9, 2.1]
 */
export const adam = (lr: LearningRate = 1e-3, { weightDecay = 0, ...o }: AdamRecipeOptions = {}): GradientTransformation<readonly unknown[]> =>
  chain(addDecayedWeights(weightDecay), scaleByAdam(o), scaleByLearningRate(lr))

/** torch.optim.AdamW: decoupled weight decay, p ← p − lr·(adam step + weightDecay·p). */
export const adamw = (lr: LearningRate = 1e-3, { weightDecay = 1e-2, ...o }: AdamRecipeOptions = {}): GradientTransformation<readonly unknown[]> =>
  chain(scaleByAdam(o), addDecayedWeights(weightDecay), scaleByLearningRate(lr))
