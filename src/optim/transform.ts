/**
 * Optimisers as optax writes them: a gradient transformation is a pair of pure functions,
 * `init(params) → state` and `update(grads, state, params) → [updates, state]`. Building blocks
 * (scale, scaleByLearningRate, addDecayedWeights) combine with `chain`; `applyUpdates` adds the
 * updates to the params, and `step` does both (fused where the optimiser can). Grads, updates and
 * tree-shaped state are gradient-shaped trees (see nn/trainable.ts): tensors at trainable
 * parameters, null elsewhere.
 */
import { add, mul } from '../tensor/arithmetic.js'
import { fromStorage, storageOf, type Tensor } from '../tensor/tensor.js'
import { mapTrainable, zipTrainable } from '../nn/trainable.js'
import { zerosLike } from '../tensor/create.js'
import type { Schedule } from './schedule.js'

/** A gradient-shaped tree (what grad returns). */
export type Updates = unknown

/** An optimiser: pure `init` and `update`. `S` is its state, plain data. */
export interface GradientTransformation<S = unknown> {
  /** The initial state for `params` (a module or any tree of tensors). */
  readonly init: (params: unknown) => S
  /** The updates to add to the params for `grads`, and the next state; inputs are never changed. */
  readonly update: (grads: Updates, state: S, params?: unknown) => readonly [Updates, S]
  /**
   * Optional: the stepped params and the next state at once, equal to `applyUpdates(params,
   * updates)` with `[updates, next] = update(grads, state, params)`, bit for bit. Optimisers that
   * can fuse their passes offer it; `step` uses it when present. With `donate`, it may write the
   * results into the memory of params and state tensors, as `step` documents.
   */
  readonly step?: (params: unknown, grads: Updates, state: S, options?: StepOptions) => readonly [unknown, S]
}

/**
 * Options of `step`.
 * @example
 * import { optim, tensor } from 'immutorch'
 *
 * const opt = optim.sgd(0.5, { momentum: 0.9 })
 * let params = { w: tensor([1, 2]) }
 * let state = opt.init(params)
 * for (let i = 0; i < 3; i++) [params, state] = optim.step(opt, params, { w: tensor([2, 2]) }, state, { donate: true })
 * params.w // ≈ [-4.61, -3.61]
 */
export interface StepOptions {
  /**
   * Lets the step reuse the memory of `params` and `state` for its results, as JAX's
   * `donate_argnums` (default false); sgd with momentum takes it, other optimisers ignore it. A
   * tensor whose memory was reused, and every view sharing it, throws a TypeError on any later
   * read (shape, dtype and size still read), so no value is ever seen to change. Donate only
   * params and state nothing else will read again, as in the usual
   * `[model, state] = optim.step(opt, model, grads, state, { donate: true })` loop: keeping the
   * old model (`best = model`, its `io.stateDict`, the module `withStats` came from, which holds
   * the same tensors) counts as reading it. The gradients are never taken, nor is any tensor that
   * appears twice among params, gradients and state (a tie, a parameter that is also a buffer or
   * frozen elsewhere) or views a file's bytes. The values returned are the same bit for bit; the
   * step saves allocating (and the collector freeing) a params-sized array per parameter and per
   * momentum buffer.
   */
  readonly donate?: boolean
}

/** `f` at every tensor of a gradient-shaped tree, with the matching tensors of `others`. */
export const mapUpdates = (f: (u: Tensor, ...others: (Tensor | null)[]) => Tensor | null, u: Updates, ...others: unknown[]): Updates =>
  zipTrainable(f, [u, ...others])

/**
 * @internal A gradient-shaped tree of zeros for `params`: one zero tensor per parameter tensor, so
 * a parameter tied at several paths gets one state, as it gets one gradient.
 */
export function zerosTree(params: unknown): Updates {
  const zeros = new Map<Tensor, Tensor>()
  return mapTrainable(params, (p) => {
    let z = zeros.get(p)
    if (z === undefined) zeros.set(p, (z = zerosLike(p)))
    return z
  })
}

/**
 * @internal A first-step momentum buffer: the gradient's values in memory of the optimiser's own
 * (torch clones it too), so that a donated step, taking the buffer later, never takes a gradient
 * the caller passed in. A gradient being traced by `grad` stays itself, to keep its derivative.
 */
export const ownedCopy = (g: Tensor): Tensor => (g.node === undefined ? fromStorage(storageOf(g).slice(), g.shape, g.dtype, g.device) : g)

/** Passes gradients through unchanged: the identity of `chain`. */
export const identity = (): GradientTransformation<null> => ({
  init: () => null,
  update: (grads, state) => [grads, state],
})

/**
 * Applies transformations in order, each to the previous one's updates (optax.chain).
 * @example
 * import { optim, tensor } from 'immutorch'
 *
 * const opt = optim.chain(optim.clipByGlobalNorm(1), optim.scaleByLearningRate(0.5))
 * const params = { a: tensor([0]), b: tensor([0]) }
 * const [updates] = opt.update({ a: tensor([3]), b: tensor([4]) }, opt.init(params), params)
 * updates // ≈ { a: [-0.3], b: [-0.4] }
 */
export function chain(...ts: readonly GradientTransformation<any>[]): GradientTransformation<readonly unknown[]> {
  return {
    init: (params) => Object.freeze(ts.map((t) => t.init(params))),
    update: (grads, state, params) => {
      let u = grads
      const next = ts.map((t, i) => {
        const [u2, s2] = t.update(u, state[i], params)
        u = u2
        return s2
      })
      return [u, Object.freeze(next)]
    },
  }
}

/** Multiplies updates by a constant. */
export const scale = (factor: number): GradientTransformation<null> => ({
  init: () => null,
  update: (grads, state) => [mapUpdates((g) => mul(g, factor), grads), state],
})

/** The state of a transformation that counts steps. */
export interface CountState {
  readonly count: number
}

/** A learning rate: a constant or a schedule of the step count (from 0). */
export type LearningRate = number | Schedule

/** Multiplies updates by −lr (at this step's count for a schedule): the descent step. */
export const scaleByLearningRate = (lr: LearningRate): GradientTransformation<CountState> => ({
  init: () => ({ count: 0 }),
  update: (grads, { count }) => {
    const rate = typeof lr === 'number' ? lr : lr(count)
    return [mapUpdates((g) => mul(g, -rate), grads), { count: count + 1 }]
  },
})

/** Adds `weightDecay · param` to each update (L2 regularisation as torch's weight_decay). */
export const addDecayedWeights = (weightDecay: number): GradientTransformation<null> => ({
  init: () => null,
  update: (grads, state, params) => {
    if (weightDecay === 0) return [grads, state]
    if (params === undefined) throw new TypeError('addDecayedWeights: update needs the params (update(grads, state, params))')
    return [mapUpdates((g, p) => (p === null ? g : add(g, p, { alpha: weightDecay })), grads, params), state]
  },
})

/**
 * params + updates at every trainable parameter; buffers and frozen parameters stay as they are.
 * @example
 * import { nn, onesLike, optim, tensor } from 'immutorch'
 *
 * optim.applyUpdates({ w: tensor([1, 2]) }, { w: tensor([0.5, -1]) }).w // [1.5, 1]
 * const bn = nn.BatchNorm1d(2)
 * const moved = optim.applyUpdates(bn, nn.mapTrainable(bn, (p) => onesLike(p)))  // ones at weight and bias
 * moved.params.weight // [2, 2]
 * moved.buffers.running_mean === bn.buffers.running_mean // true
 */
export const applyUpdates = <P>(params: P, updates: Updates): P =>
  zipTrainable((p, u) => (u === null ? p : add(p, u).to(p.dtype)), [params, updates], { keepOthers: true }) as P

/**
 * One optimisation step: the new params and state, the same as `applyUpdates(params, updates)`
 * with `[updates, next] = opt.update(grads, state, params)`, bit for bit, in one fused pass where
 * the optimiser has one (sgd with momentum: one sweep instead of three, and no updates tree).
 * Nothing is written in place: params, grads and state stay as they were, unless `donate` hands
 * their memory over (see `StepOptions`; sgd with momentum takes it, other optimisers ignore it).
 * @example
 * import { optim, tensor } from 'immutorch'
 *
 * const opt = optim.sgd(0.5, { momentum: 0.9 })
 * const params = { w: tensor([1, 2]) }
 * const [next, state] = optim.step(opt, params, { w: tensor([2, 2]) }, opt.init(params))
 * next.w // [0, 1]
 */
export function step<P, S>(opt: GradientTransformation<S>, params: P, grads: Updates, state: S, options: StepOptions = {}): readonly [P, S] {
  if (opt.step !== undefined) return opt.step(params, grads, state, options) as readonly [P, S]
  const [updates, next] = opt.update(grads, state, params)
  return [applyUpdates(params, updates), next]
}
