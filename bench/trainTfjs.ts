/**
 * The benchmark MLP trained with TensorFlow.js on its 'cpu' backend (plain JavaScript kernels) or
 * its 'wasm' backend (XNNPACK compiled to WebAssembly, SIMD build). The step is the idiomatic one:
 * `tf.variable` weights, `tf.train.momentum(lr, μ)` (the same update as torch's SGD with momentum),
 * `optimizer.minimize` over `tf.losses.softmaxCrossEntropy` on one-hot labels. Weights are stored
 * [in, out] for `x·W`, the transpose of PyTorch's layout, loaded from the same starting values.
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
// tfjs-core alone registers no gradients and its ESM files do not load in Node; the @tensorflow/tfjs
// bundle registers them all on the same core (and the cpu backend), as a tfjs user's import would.
import '@tensorflow/tfjs'
import { LAYERS, LR, MOMENTUM, transposed, type LayerInit, type Trainer } from './trainSetup.js'

/** Which tfjs backend. */
export type TfjsBackend = 'cpu' | 'wasm'

/** Activates `backend`; for wasm, points it at the .wasm binaries inside the npm package on disk. */
async function activate(backend: TfjsBackend): Promise<string> {
  tf.enableProdMode()
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm')
    const binary = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')
    wasm.setWasmPaths(dirname(binary) + '/')
  }
  if (!(await tf.setBackend(backend))) throw new Error(`trainTfjs: could not activate the tfjs '${backend}' backend`)
  if (backend === 'cpu') return `tfjs-backend-cpu ${tf.version_core}`
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
  if (simd !== true) throw new Error('trainTfjs: the wasm backend reports no SIMD support')
  return `tfjs-backend-wasm ${tf.version_core} (SIMD binary)`
}

/** A trainer on tfjs's `backend`, starting from `init`. */
export async function makeTfjsTrainer(backend: TfjsBackend, init: readonly LayerInit[]): Promise<Trainer> {
  const name = await activate(backend)
  const threads = backend === 'wasm' ? (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount() : 1
  const ws = init.map((l) => tf.variable(tf.tensor2d(transposed(l.weight, l.outF, l.inF), [l.inF, l.outF])))
  const bs = init.map((l) => tf.variable(tf.tensor1d(l.bias)))
  const opt = tf.train.momentum(LR, MOMENTUM)
  const logits = (x: tf.Tensor2D): tf.Tensor2D => {
    let h: tf.Tensor2D = x
    for (let l = 0; l < ws.length; l++) {
      h = tf.add(tf.matMul(h, ws[l]), bs[l])
      if (l < ws.length - 1) h = tf.relu(h)
    }
    return h
  }
  const lossOf = (xs: Float32Array, ys: Int32Array): tf.Scalar => {
    const x = tf.tensor2d(xs, [ys.length, LAYERS[0]])
    const y = tf.oneHot(tf.tensor1d(ys, 'int32'), LAYERS[3])
    return tf.losses.softmaxCrossEntropy(y, logits(x)) as tf.Scalar
  }
  const read = (s: tf.Scalar): number => {
    const v = s.dataSync()[0]
    s.dispose()
    return v
  }
  return {
    step: (xs, ys) => read(tf.tidy(() => opt.minimize(() => lossOf(xs, ys), true) as tf.Scalar)),
    loss: (xs, ys) => read(tf.tidy(() => lossOf(xs, ys))),
    threads,
    description: name,
  }
}
