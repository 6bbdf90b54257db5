/**
 * The benchmark MLP trained with jax-js on its 'wasm' device, the whole step — forward, loss,
 * gradient and the momentum update — inside one `jit`, as a JAX user would write it. jax-js
 * arrays are reference-counted: every call consumes its arguments, so a value used twice is passed
 * as `.ref` (or `tree.ref`). Node 20 has no global `Worker`, so jax-js runs on the calling thread
 * only here (it spreads kernels over Web Workers where they exist).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { init, jit, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax'
import { LAYERS, LR, MOMENTUM, transposed, type LayerInit, type Trainer } from './trainSetup.js'

type Params = { w1: np.Array; b1: np.Array; w2: np.Array; b2: np.Array; w3: np.Array; b3: np.Array }

/** Logits of the MLP: relu(x·W1 + b1) → relu(·W2 + b2) → ·W3 + b3. */
const predict = (p: Params, x: np.Array): np.Array => {
  const h1 = nn.relu(np.dot(x, p.w1).add(p.b1))
  const h2 = nn.relu(np.dot(h1, p.w2).add(p.b2))
  return np.dot(h2, p.w3).add(p.b3)
}

/** Mean cross-entropy of integer labels `y`. */
const lossFn = (p: Params, x: np.Array, y: np.Array): np.Array => {
  const rows = y.shape[0]
  return nn.logSoftmax(predict(p, x)).mul(nn.oneHot(y, LAYERS[3])).sum().mul(-1 / rows)
}

/** One SGD-with-momentum step (torch's form: b = μ·b + g, p −= lr·b), returning new params, buffers and the loss. */
const step = jit((p: Params, m: Params, x: np.Array, y: np.Array) => {
  const [loss, g] = valueAndGrad(lossFn)(tree.ref(p), x, y)
  const m2 = tree.map((mi: np.Array, gi: np.Array) => mi.mul(MOMENTUM).add(gi), m, g) as Params
  const p2 = tree.map((pi: np.Array, mi: np.Array) => pi.sub(mi.ref.mul(LR)), p, m2) as Params
  return [p2, m2, loss] as [Params, Params, np.Array]
})

const evalLoss = jit(lossFn)

/** A trainer on jax-js's wasm device, starting from `layers`. */
export async function makeJaxTrainer(layers: readonly LayerInit[]): Promise<Trainer> {
  const devices = await init('wasm') // 'webgpu' probes `navigator`, which Node 20 lacks
  if (!devices.includes('wasm')) throw new Error(`trainJax: jax-js has no wasm device here (got ${devices.join(', ')})`)
  const w = (l: LayerInit): np.Array => np.array(transposed(l.weight, l.outF, l.inF)).reshape([l.inF, l.outF])
  const [l1, l2, l3] = layers
  let params: Params = { w1: w(l1), b1: np.array(l1.bias), w2: w(l2), b2: np.array(l2.bias), w3: w(l3), b3: np.array(l3.bias) }
  let mom = tree.map((a: np.Array) => np.zerosLike(a.ref), params) as Params
  const batch = (xs: Float32Array, ys: Int32Array): [np.Array, np.Array] =>
    [np.array(xs.slice()).reshape([ys.length, LAYERS[0]]), np.array(ys.slice(), { dtype: np.int32 })]
  // jax-js starts navigator.hardwareConcurrency (or 4) Web Workers when `Worker` exists, else none.
  const g = globalThis as { Worker?: unknown; navigator?: { hardwareConcurrency?: number } }
  const threads = g.Worker === undefined ? 1 : g.navigator?.hardwareConcurrency ?? 4
  const entry = createRequire(import.meta.url).resolve('@jax-js/jax')
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }
  return {
    step(xs, ys) {
      const [x, y] = batch(xs, ys)
      const [p2, m2, loss] = step(params, mom, x, y)
      params = p2
      mom = m2
      return loss.dataSync()[0]
    },
    loss(xs, ys) {
      const [x, y] = batch(xs, ys)
      return evalLoss(tree.ref(params), x, y).dataSync()[0]
    },
    threads,
    description: `jax-js ${version}, wasm device, whole step jit-compiled`,
  }
}
