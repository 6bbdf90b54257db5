/**
 * The network the page trains and the training step, as pure functions of values: a trainer is
 * (model, optimiser state, key, step count), and a step returns a new trainer and the loss. The
 * page keeps only the latest trainer; nothing here holds state between calls.
 */
import { nn, optim, random, valueAndGrad, type Tensor } from '../../src/index.js'
import type { ToySet } from './data.js'

/** 2 → 32 → 32 → 2 with BatchNorm after the first layer and Dropout before the last. */
export const makeNet = (key: random.Key) => {
  const [k1, k2, k3] = random.split(key, 3)
  return nn.Sequential(
    nn.Linear(2, 32, { key: k1 }), nn.BatchNorm1d(32), nn.ReLU(),
    nn.Linear(32, 32, { key: k2 }), nn.ReLU(), nn.Dropout(0.1),
    nn.Linear(32, 2, { key: k3 }),
  )
}

/** The network's type, read off its constructor. */
export type Net = ReturnType<typeof makeNet>

/** Everything a training run carries from one step to the next. */
export interface Trainer {
  readonly model: Net
  readonly optState: readonly unknown[]
  /** Step keys are `foldIn(key, step)`: the run is a function of the seed and the step count. */
  readonly key: random.Key
  readonly step: number
}

/** Adam with a learning rate that suits the toy problem. */
export const optimiser = optim.adam(1e-2)

/** A fresh run from `seed`: its own keys for the weights and for the dropout masks. */
export function initTrainer(seed: number): Trainer {
  const [kInit, kTrain] = random.split(random.key(seed))
  const model = makeNet(kInit)
  return { model, optState: optimiser.init(model), key: kTrain, step: 0 }
}

/** A trainer whose model is `model` and whose optimiser starts over. */
export const withModel = (tr: Trainer, model: Net): Trainer => ({ ...tr, model, optState: optimiser.init(model) })

/** One full-batch Adam step in train mode; BatchNorm's running statistics come back in the model. */
export function trainStep(tr: Trainer, { x, y }: ToySet): { readonly trainer: Trainer; readonly loss: number } {
  const key = random.foldIn(tr.key, tr.step)
  const lossFn = (m: Net) => {
    const [logits, m2] = nn.run(m, x, { mode: 'train', key })
    return [nn.crossEntropy(logits, y), m2] as const
  }
  const [[loss, withStats], grads] = valueAndGrad(lossFn, { hasAux: true })(tr.model)
  const [updates, optState] = optimiser.update(grads, tr.optState, tr.model)
  const model = optim.applyUpdates(withStats as Net, updates)
  return { trainer: { ...tr, model, optState, step: tr.step + 1 }, loss: loss.item() as number }
}

/** The key train-mode predictions use for their dropout masks, fixed so a redraw is stable. */
const displayKey = random.key(7)

/**
 * Class probabilities [n, 2] for points [n, 2]. Eval mode uses the running statistics and no
 * dropout; train mode normalises with the points' own batch statistics and drops units, as
 * PyTorch's `model.train()` would. The module a train run returns is dropped: looking is not training.
 */
export function predict(model: Net, points: Tensor, mode: nn.Mode): Tensor {
  const [logits] = mode === 'eval' ? nn.run(model, points, { mode: 'eval' }) : nn.run(model, points, { mode: 'train', key: displayKey })
  return logits.softmax(1)
}

/** Fraction of the set the model classifies correctly in eval mode. */
export function accuracy(model: Net, { x, y }: ToySet): number {
  const [logits] = nn.run(model, x, { mode: 'eval' })
  return logits.argmax({ dim: 1 }).eq(y).float().mean().item() as number
}
