/**
 * The seed's product, 4×5 · 5×1, as calls per second: on tiny shapes call overhead decides, so this
 * compares whole tensor-level calls — ours `x.mm(w)` against tfjs-backend-cpu's `tf.matMul` — and
 * also reports our bare kernel call for scale.
 */
import * as tf from '@tensorflow/tfjs-core'
import { mmInto } from '../src/kernels/mm.js'
import { tensor } from '../src/index.js'
import { timeOps, type TimingOptions } from './timing.js'

/** Figures for the seed's shape. */
export interface SeedRow {
  readonly shape: string
  /** Calls per second of each. */
  readonly callsPerSec: {
    /** Our tensor-level `x.mm(w)` (allocates the result tensor). */
    readonly ours: number
    /** tfjs-backend-cpu `tf.matMul(x, w)`, result disposed. */
    readonly tfjs: number
    /** Our kernel alone: `mmInto` into a fresh Float32Array. */
    readonly oursKernel: number
  }
  /** ours / tfjs (the brief's target is at least 10). */
  readonly ratio: number
}

const data = (len: number): Float32Array => Float32Array.from({ length: len }, (_, i) => (i % 7) / 7 - 0.5)

/** Our tensor-level call. */
export function oursTensorCall(): () => unknown {
  const x = tensor(data(20), { shape: [4, 5] })
  const w = tensor(data(5), { shape: [5, 1] })
  return () => x.mm(w)
}

/** Our kernel call with a fresh output, the floor under the tensor-level call. */
export function oursKernelCall(): () => unknown {
  const x = data(20)
  const w = data(5)
  return () => {
    const out = new Float32Array(4)
    mmInto(x, w, out, 4, 5, 1)
    return out
  }
}

/** Benchmarks the seed's shape. Needs tfjs's 'cpu' backend to be active. */
export function benchSeed(opts: TimingOptions = { budgetMs: 500, warmupMs: 200 }): SeedRow {
  const tx = tf.tensor2d(data(20), [4, 5])
  const tw = tf.tensor2d(data(5), [5, 1])
  const ours = timeOps(oursTensorCall(), opts).opsPerSec
  const tfjs = timeOps(() => tf.matMul(tx, tw).dispose(), opts).opsPerSec
  const oursKernel = timeOps(oursKernelCall(), opts).opsPerSec
  tx.dispose()
  tw.dispose()
  return { shape: '4×5·5×1', callsPerSec: { ours, tfjs, oursKernel }, ratio: ours / tfjs }
}
