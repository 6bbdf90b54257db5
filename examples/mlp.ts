/**
 * Training an MLP with BatchNorm and Dropout on handwritten digits: Adam, mini-batches, a progress
 * bar, per-epoch loss and accuracy, a loss curve in the terminal, and a final evaluation in eval
 * mode. Every step is a pure function of (model, optimiser state, batch, key).
 * Run with `npx tsx examples/mlp.ts`.
 */
import { nn, optim, random, valueAndGrad, type Tensor } from '../src/index.js'
import { loadDigits, split, type Digits } from './digits.js'
import { endProgress, plot, progress } from './terminal.js'
import { runIfMain } from './runIfMain.js'

/** The network: 64 → 128 → 10 with BatchNorm, ReLU and Dropout. */
export const makeMlp = (key: random.Key) => {
  const [k1, k2] = random.split(key)
  return nn.Sequential(
    nn.Linear(64, 128, { key: k1 }), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.2),
    nn.Linear(128, 10, { key: k2 }),
  )
}
type Mlp = ReturnType<typeof makeMlp>

/** Fraction of rows whose largest logit is the label. */
const accuracy = (logits: Tensor, y: Tensor): number => (logits.argmax({ dim: 1 }).eq(y).float().mean().item() as number)

/** Loss and accuracy of `model` in eval mode. */
export function evaluate(model: Mlp, { x, y }: Digits): { loss: number; accuracy: number } {
  const [logits] = nn.run(model, x, { mode: 'eval' })
  return { loss: nn.crossEntropy(logits, y).item() as number, accuracy: accuracy(logits, y) }
}

/** One optimisation step: the new model (params and BatchNorm statistics), state and loss. */
function step(model: Mlp, state: readonly unknown[], opt: optim.GradientTransformation<readonly unknown[]>, x: Tensor, y: Tensor, key: random.Key) {
  const lossFn = (m: Mlp) => {
    const [logits, m2] = nn.run(m, x, { mode: 'train', key })
    return [nn.crossEntropy(logits, y), m2] as const
  }
  const [[loss, withStats], grads] = valueAndGrad(lossFn, { hasAux: true })(model)
  const [updates, state2] = opt.update(grads, state, model)
  return { model: optim.applyUpdates(withStats as Mlp, updates), state: state2, loss: loss.item() as number }
}

export function main({ epochs = 12, batchSize = 64 } = {}): Mlp {
  console.log('\n== MLP on handwritten digits ==')
  const [kSplit, kInit, kTrain] = random.split(random.key(0), 3)
  const { train, test } = split(loadDigits(), kSplit)
  console.log(`train ${train.x.shape[0]} images, test ${test.x.shape[0]}`)
  let model = makeMlp(kInit)
  console.log(String(model))
  const opt = optim.adam(optim.cosineDecay(3e-3, { tMax: epochs * Math.ceil(train.x.shape[0] / batchSize) }))
  let state = opt.init(model)
  const curve: number[] = []
  const n = train.x.shape[0]
  let key = kTrain
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const [kPerm, kEpoch, kNext] = random.split(key, 3)
    key = kNext
    const order = random.permutation(kPerm, n, { dtype: 'int64' })
    const batches = Math.ceil(n / batchSize)
    const stepKeys = random.split(kEpoch, batches)
    let total = 0
    for (let b = 0; b < batches; b++) {
      const idx = order.slice(0, b * batchSize, (b + 1) * batchSize)
      const r = step(model, state, opt, train.x.indexSelect(0, idx), train.y.indexSelect(0, idx), stepKeys[b])
      model = r.model
      state = r.state
      total += r.loss
      curve.push(r.loss)
      progress(b + 1, batches, `epoch ${epoch} loss ${r.loss.toFixed(4)}`)
    }
    endProgress()
    const ev = evaluate(model, test)
    console.log(`epoch ${String(epoch).padStart(2)}  train loss ${(total / batches).toFixed(4)}  test loss ${ev.loss.toFixed(4)}  test accuracy ${(100 * ev.accuracy).toFixed(1)}%`)
  }
  const perEpoch = Math.ceil(curve.length / 60)
  const smooth = Array.from({ length: Math.ceil(curve.length / perEpoch) }, (_, i) => {
    const s = curve.slice(i * perEpoch, (i + 1) * perEpoch)
    return s.reduce((a, b) => a + b, 0) / s.length
  })
  console.log(plot(smooth, { title: 'training loss', height: 8 }))
  const final = evaluate(model, test)
  console.log(`final (eval mode): test accuracy ${(100 * final.accuracy).toFixed(1)}%, loss ${final.loss.toFixed(4)}`)
  return model
}

runIfMain(import.meta.url, () => main())
