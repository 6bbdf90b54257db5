/**
 * The benchmark MLP trained with immutorch, the way README's Training section writes a step:
 * `valueAndGrad` over the module with `hasAux`, `nn.run(m, x, { mode: 'train', key })`,
 * `nn.crossEntropy`, `optim.sgd(lr, { momentum })` and `optim.step` (the update and its
 * application in one call: for sgd with momentum one fused sweep per parameter, written over the
 * donated old params and momentum). The
 * module is `nn.Sequential` of `nn.Linear`s and `nn.ReLU`s, and its starting weights are loaded
 * with `io.loadStateDict`. Works on either build (source or dist).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Immutorch } from './library.js'
import { LAYERS, LR, MOMENTUM, type LayerInit, type Trainer } from './trainSetup.js'

/** A trainer over `lib` starting from `init`. */
export function makeOursTrainer(lib: Immutorch, init: readonly LayerInit[], build: string): Trainer {
  const { nn, optim, random, io, tensor, valueAndGrad } = lib
  type Tensor = InstanceType<Immutorch['Tensor']>
  const [k1, k2, k3, kTrain] = random.split(random.key(0), 4)
  const fresh = nn.Sequential(
    nn.Linear(LAYERS[0], LAYERS[1], { key: k1 }), nn.ReLU(),
    nn.Linear(LAYERS[1], LAYERS[2], { key: k2 }), nn.ReLU(),
    nn.Linear(LAYERS[2], LAYERS[3], { key: k3 }),
  )
  type Mlp = typeof fresh
  const dict = new Map<string, Tensor>()
  init.forEach((l, i) => {
    dict.set(`${2 * i}.weight`, tensor(l.weight, { shape: [l.outF, l.inF] }))
    dict.set(`${2 * i}.bias`, tensor(l.bias, { shape: [l.outF] }))
  })
  const loaded = io.loadStateDict(fresh, dict)
  if (E.isLeft(loaded)) throw new Error(`trainOurs: could not load the initial weights: ${loaded.left.message}`)
  let model: Mlp = loaded.right
  const opt = optim.sgd(LR, { momentum: MOMENTUM })
  let state = opt.init(model)
  let stepCount = 0

  const batch = (x: Float32Array, y: Int32Array): [Tensor, Tensor] =>
    [tensor(x, { shape: [y.length, LAYERS[0]] }), tensor(y, { dtype: 'int32', shape: [y.length] })]

  return {
    step(xs, ys) {
      const [x, y] = batch(xs, ys)
      const key = random.foldIn(kTrain, stepCount++)
      const lossFn = (m: Mlp) => {
        const [logits, m2] = nn.run(m, x, { mode: 'train', key })
        return [nn.crossEntropy(logits, y), m2] as const
      }
      const [[loss, withStats], grads] = valueAndGrad(lossFn, { hasAux: true })(model)
      // The old model and state are not read again: donate their memory to the new ones.
      ;[model, state] = optim.step(opt, withStats as Mlp, grads, state, { donate: true })
      return loss.item() as number
    },
    loss(xs, ys) {
      const [x, y] = batch(xs, ys)
      const [logits] = nn.run(model, x, { mode: 'eval' })
      return nn.crossEntropy(logits, y).item() as number
    },
    threads: 1,
    description: `immutorch (${build})`,
  }
}
