/**
 * The seed's forward through a module: `nn.run(LinearModel, x, { mode: 'eval' })` on a 4×5 input
 * (weight [5, 1], bias [1]) as calls per second, against tfjs-backend-cpu running the same
 * computation as `tf.tidy(() => tf.add(tf.matMul(x, w), b))`. On this shape call overhead is all
 * there is: module dispatch, the context object, two tensor ops and their allocations. Ours is
 * measured from source (as tsx runs it) and, when given, from the compiled build; all contenders
 * alternate in rounds.
 */
import * as tf from '@tensorflow/tfjs-core'
import { sourceLib, type Immutorch } from './library.js'
import { seedData } from './seed.js'
import { timeInterleaved, type TimingOptions } from './timing.js'

/** Figures for the seed's module forward. */
export interface ForwardRow {
  readonly shape: string
  /** Calls per second of each. */
  readonly callsPerSec: {
    /** Our `nn.run(LinearModel, x, { mode: 'eval' })`, from source under tsx. */
    readonly ours: number
    /** The same on the compiled build (dist), or null when dist was not measured. */
    readonly oursDist: number | null
    /** tfjs-backend-cpu `tf.tidy(() => tf.add(tf.matMul(x, w), b))`. */
    readonly tfjs: number
  }
  /** ours (source) / tfjs (the brief's target is at least 10). */
  readonly ratio: number
  /** ours (dist) / tfjs, or null. */
  readonly ratioDist: number | null
}

/** The seed's LinearModel (weight [ndim, 1], bias [1], forward x·w + b), built with `lib`, deterministic weights. */
export function linearModel(lib: Immutorch, ndim: number) {
  return lib.nn.module('LinearModel', {
    params: { weight: lib.tensor(seedData(ndim), { shape: [ndim, 1] }), bias: lib.tensor(new Float32Array([0.25]), { shape: [1] }) },
    forward: (self, x: InstanceType<Immutorch['Tensor']>) => x.mm(self.params.weight).add(self.params.bias),
  })
}

/** One eval-mode forward of the seed's module on a 4×5 input, as a thunk. */
export function oursForwardCall(lib: Immutorch = sourceLib): () => unknown {
  const m = linearModel(lib, 5)
  const x = lib.tensor(seedData(20), { shape: [4, 5] })
  return () => lib.nn.run(m, x, { mode: 'eval' })
}

/** tfjs's equivalent: matMul then add inside a tidy, which disposes both intermediates but the result. */
export function tfjsForwardCall(): { readonly call: () => unknown; readonly dispose: () => void } {
  const x = tf.tensor2d(seedData(20), [4, 5])
  const w = tf.tensor2d(seedData(5), [5, 1])
  const b = tf.tensor1d([0.25])
  return {
    call: () => tf.tidy(() => tf.add(tf.matMul(x, w), b)).dispose(),
    dispose: () => tf.dispose([x, w, b]),
  }
}

/** Checks that ours and tfjs compute the same forward (max abs difference). */
export function forwardDiff(lib: Immutorch = sourceLib): number {
  const [y] = oursForwardCall(lib)() as [InstanceType<Immutorch['Tensor']>, unknown]
  const ours = y.toTypedArray() as Float32Array
  const theirs = tf.tidy(() => tf.add(tf.matMul(tf.tensor2d(seedData(20), [4, 5]), tf.tensor2d(seedData(5), [5, 1])), tf.scalar(0.25)).dataSync())
  return Math.max(...Array.from(ours, (v, i) => Math.abs(v - theirs[i])))
}

/** Benchmarks the module forward (and on `dist` too, when given). Needs tfjs's 'cpu' backend to be active. */
export function benchForward(dist: Immutorch | null = null, opts: TimingOptions = { budgetMs: 300, warmupMs: 150 }): ForwardRow & { readonly maxAbsDiffVsTfjs: number } {
  const t = tfjsForwardCall()
  const thunks = {
    ours: oursForwardCall(),
    ...(dist === null ? {} : { oursDist: oursForwardCall(dist) }),
    tfjs: t.call,
  }
  const r = timeInterleaved<string>(thunks, 3, opts)
  t.dispose()
  const oursDist = r.oursDist ?? null
  return {
    shape: '4×5 → LinearModel(5)',
    callsPerSec: { ours: r.ours, oursDist, tfjs: r.tfjs },
    ratio: r.ours / r.tfjs,
    ratioDist: oursDist === null ? null : oursDist / r.tfjs,
    maxAbsDiffVsTfjs: forwardDiff(),
  }
}
