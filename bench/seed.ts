/**
 * The seed's product, 4×5 · 5×1, as calls per second: on tiny shapes call overhead decides, so this
 * compares whole tensor-level calls — ours `x.mm(w)` against tfjs-backend-cpu's `tf.matMul` — and
 * also reports our bare kernel call for scale. Ours is measured from source (as tsx runs it) and,
 * when given, from the compiled build; all contenders alternate in rounds.
 */
import * as tf from '@tensorflow/tfjs-core'
import { mmInto } from '../src/kernels/mm.js'
import { sourceLib, type Immutorch } from './library.js'
import { timeInterleaved, type TimingOptions } from './timing.js'

/** Figures for the seed's shape. */
export interface SeedRow {
  readonly shape: string
  /** Calls per second of each. */
  readonly callsPerSec: {
    /** Our tensor-level `x.mm(w)` (allocates the result tensor), from source under tsx. */
    readonly ours: number
    /** The same call on the compiled build (dist), or null when dist was not measured. */
    readonly oursDist: number | null
    /** tfjs-backend-cpu `tf.matMul(x, w)`, result disposed. */
    readonly tfjs: number
    /** Our kernel alone: `mmInto` into a fresh Float32Array. */
    readonly oursKernel: number
  }
  /** ours (source) / tfjs (the brief's target is at least 10). */
  readonly ratio: number
  /** ours (dist) / tfjs, or null. */
  readonly ratioDist: number | null
}

/** Deterministic small data in [-0.5, 0.5). */
export const seedData = (len: number): Float32Array => Float32Array.from({ length: len }, (_, i) => (i % 7) / 7 - 0.5)

/** Our tensor-level call on the given build. */
export function oursTensorCall(lib: Immutorch = sourceLib): () => unknown {
  const x = lib.tensor(seedData(20), { shape: [4, 5] })
  const w = lib.tensor(seedData(5), { shape: [5, 1] })
  return () => x.mm(w)
}

/** Our kernel call with a fresh output, the floor under the tensor-level call. */
export function oursKernelCall(): () => unknown {
  const x = seedData(20)
  const w = seedData(5)
  return () => {
    const out = new Float32Array(4)
    mmInto(x, w, out, 4, 5, 1)
    return out
  }
}

/** Benchmarks the seed's shape (and on `dist` too, when given). Needs tfjs's 'cpu' backend to be active. */
export function benchSeed(dist: Immutorch | null = null, opts: TimingOptions = { budgetMs: 300, warmupMs: 150 }): SeedRow {
  const tx = tf.tensor2d(seedData(20), [4, 5])
  const tw = tf.tensor2d(seedData(5), [5, 1])
  const thunks = {
    ours: oursTensorCall(),
    ...(dist === null ? {} : { oursDist: oursTensorCall(dist) }),
    tfjs: () => tf.matMul(tx, tw).dispose(),
    oursKernel: oursKernelCall(),
  }
  const r = timeInterleaved<string>(thunks, 3, opts)
  tx.dispose()
  tw.dispose()
  const oursDist = r.oursDist ?? null
  return {
    shape: '4×5·5×1',
    callsPerSec: { ours: r.ours, oursDist, tfjs: r.tfjs, oursKernel: r.oursKernel },
    ratio: r.ours / r.tfjs,
    ratioDist: oursDist === null ? null : oursDist / r.tfjs,
  }
}
