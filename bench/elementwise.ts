/**
 * Float32 elementwise ops at the sizes training sweeps: the MLP's first weight matrix (784×256, what
 * the optimiser updates every step) and a batch-32 activation (32×256). Four ops — `add`, `add` with
 * alpha (x + α·y, the SGD parameter step), `mul` by a scalar (momentum decay) and `relu` — each run
 * by our tensor ops (on the built library when given), our typed-array kernel called directly (the
 * loops the tensor ops ran before the WebAssembly kernels), tfjs-backend-cpu and tfjs-backend-wasm
 * on one SIMD thread. Every call allocates its output; tfjs calls read theirs out with dataSync and
 * dispose it. Contenders alternate in rounds, and every result is checked against ours.
 */
import * as tf from '@tensorflow/tfjs-core'
import { typedArrayElementwise } from '../src/kernels/wasm/elementwiseWasm.js'
import { wasmSimdAvailable } from '../src/kernels/wasm/mmWasm.js'
import { sourceLib, type Immutorch } from './library.js'
import { setUpWasm } from './mmWasm.js'
import { timeInterleaved, type TimingOptions } from './timing.js'

/** The contenders, in table order. */
export const ELEMENTWISE_IMPLS = ['ours', 'typedArray', 'tfjsCpu', 'tfjsWasm'] as const
/** One contender's name. */
export type ElementwiseImpl = (typeof ELEMENTWISE_IMPLS)[number]
/** The ops, in table order. */
export const ELEMENTWISE_OPS = ['add', 'addAlpha', 'mulScalar', 'relu'] as const
/** One op's name. */
export type ElementwiseOp = (typeof ELEMENTWISE_OPS)[number]

/** The ratios each row reports, speed of ours over the peer's (> 1: ours is faster). */
export const ELEMENTWISE_RATIOS = {
  'ours/tfjsWasm': ['ours', 'tfjsWasm'],
  'ours/tfjsCpu': ['ours', 'tfjsCpu'],
  'ours/typedArray': ['ours', 'typedArray'],
} as const satisfies Record<string, readonly [ElementwiseImpl, ElementwiseImpl]>
/** One ratio's name. */
export type ElementwiseRatio = keyof typeof ELEMENTWISE_RATIOS

/** The shapes: the 784×256 weight matrix (200,704 elements) and a 32×256 activation (8,192). */
export const ELEMENTWISE_SHAPES: readonly (readonly [number, number])[] = [[784, 256], [32, 256]]

/** α of `add(x, y, { alpha })`: minus an SGD learning rate. */
const ALPHA = -0.01
/** The scalar of `mul`: a momentum factor. */
const SCALE = 0.9

/** Each op as its call reads. */
export const ELEMENTWISE_CALLS: Readonly<Record<ElementwiseOp, string>> = {
  add: 'add(x, y)', addAlpha: `add(x, y, {alpha: ${ALPHA}})`, mulScalar: `mul(x, ${SCALE})`, relu: 'relu(x)',
}

/** Figures for one op at one shape. */
export interface ElementwiseRow {
  readonly op: ElementwiseOp
  readonly call: string
  readonly shape: string
  readonly elements: number
  /** µs per call of each contender (median over the rounds). */
  readonly usPerCall: Readonly<Record<ElementwiseImpl, number>>
  /** Millions of output elements per second of each. */
  readonly mElementsPerSec: Readonly<Record<ElementwiseImpl, number>>
  readonly ratios: Readonly<Record<ElementwiseRatio, number>>
  /** max |contender − ours| over the elements (all within float32 rounding, or the run throws). */
  readonly maxAbsDiffVsOurs: Readonly<Record<Exclude<ElementwiseImpl, 'ours'>, number>>
}

/** Everything the elementwise section found. */
export interface ElementwiseBench {
  readonly rows: readonly ElementwiseRow[]
  /** Which build of ours the `ours` column ran: the compiled one, or the source when dist is missing. */
  readonly oursBuild: 'dist' | 'source'
  /** Whether this engine has WebAssembly SIMD (if not, our tensor ops ran the typed-array loops). */
  readonly oursSimd: boolean
  /** tfjs-backend-wasm's binary and XNNPACK thread count. */
  readonly tfjsWasm: { readonly binary: string; readonly threads: number }
  readonly rounds: number
}

type Ours = InstanceType<Immutorch['Tensor']>

/** Makes an initialised tfjs backend active at once: setBackend only awaits a first initialisation. */
function activate(name: string): void {
  if (tf.getBackend() === name) return
  void tf.setBackend(name)
  if (tf.engine().backend !== tf.findBackend(name)) throw new Error(`bench elementwise: tfjs backend '${name}' did not become active`)
}

const filled = (len: number, seed: number): Float32Array => Float32Array.from({ length: len }, (_, i) => Math.sin(seed + i * 0.618))

/** tfjs's op on `backend`: inputs (and the scalars, made once as the peer at its fastest) live there. */
function tfjsCall(backend: string, op: ElementwiseOp, x: Float32Array, y: Float32Array, shape: readonly [number, number]) {
  activate(backend)
  const [tx, ty, alpha, scale] = [tf.tensor2d(x, [...shape]), tf.tensor2d(y, [...shape]), tf.scalar(ALPHA), tf.scalar(SCALE)]
  const run: Record<ElementwiseOp, () => tf.Tensor> = {
    add: () => tf.add(tx, ty),
    addAlpha: () => {
      const s = tf.mul(ty, alpha)
      const t = tf.add(tx, s)
      s.dispose()
      return t
    },
    mulScalar: () => tf.mul(tx, scale),
    relu: () => tf.relu(tx),
  }
  const f = run[op]
  const call = (): Float32Array => {
    activate(backend)
    const t = f()
    const d = t.dataSync() as Float32Array
    t.dispose()
    return d
  }
  return { call, dispose: () => tf.dispose([tx, ty, alpha, scale]) }
}

/** Our typed-array kernel into a fresh output; the scalar as a one-element float32 array, as the tensor op passes it. */
function typedArrayCall(op: ElementwiseOp, x: Float32Array, y: Float32Array): () => Float32Array {
  const k = typedArrayElementwise
  const scale = Float32Array.of(SCALE)
  const into: Record<ElementwiseOp, (dst: Float32Array) => void> = {
    add: (dst) => k.binary('add', x, y, dst, false),
    addAlpha: (dst) => k.axpy(x, ALPHA, y, dst),
    mulScalar: (dst) => k.binary('mul', x, scale, dst, false),
    relu: (dst) => k.relu(x, dst),
  }
  const f = into[op]
  return () => {
    const dst = new Float32Array(x.length)
    f(dst)
    return dst
  }
}

/** Our tensor op on `lib`, the tensors made once. */
function oursCall(lib: Immutorch, op: ElementwiseOp, x: Float32Array, y: Float32Array, shape: readonly [number, number]): () => Ours {
  const [tx, ty] = [lib.tensor(x, { shape: [...shape] }), lib.tensor(y, { shape: [...shape] })]
  if (tx.dtype !== 'float32') throw new Error(`bench elementwise: expected a float32 tensor, got ${tx.dtype}`)
  const run: Record<ElementwiseOp, () => Ours> = {
    add: () => lib.add(tx, ty),
    addAlpha: () => lib.add(tx, ty, { alpha: ALPHA }),
    mulScalar: () => lib.mul(tx, SCALE),
    relu: () => lib.relu(tx),
  }
  return run[op]
}

/** Throws unless `got` equals `want` within float32 rounding (a few ulps of the terms' magnitude); returns max |got − want|. */
function agreement(impl: string, op: ElementwiseOp, shape: string, got: Float32Array, want: Float32Array, x: Float32Array, y: Float32Array): number {
  if (got.length !== want.length) throw new Error(`bench elementwise: ${impl} ${op} at ${shape} gave ${got.length} elements, ours ${want.length}`)
  const magnitude: Record<ElementwiseOp, (i: number) => number> = {
    add: (i) => Math.abs(x[i]) + Math.abs(y[i]),
    addAlpha: (i) => Math.abs(x[i]) + Math.abs(ALPHA * y[i]),
    mulScalar: (i) => Math.abs(SCALE * x[i]),
    relu: (i) => Math.abs(x[i]),
  }
  let worst = 0
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i])
    const allowed = 2 ** -22 * magnitude[op](i)
    if (!(d <= allowed)) {
      throw new Error(`bench elementwise: ${impl} ${ELEMENTWISE_CALLS[op]} at ${shape} differs from ours at element ${i}: ${got[i]} vs ${want[i]} (allowed ${allowed.toExponential(2)})`)
    }
    worst = Math.max(worst, d)
  }
  return worst
}

/** Times one op at one shape; tfjs's backends are switched inside their calls, so all four alternate. */
function benchOp(lib: Immutorch, op: ElementwiseOp, shape: readonly [number, number], rounds: number, opts: TimingOptions): ElementwiseRow {
  const n = shape[0] * shape[1]
  const [x, y] = [filled(n, 1), filled(n, 2)]
  const cpu = tfjsCall('cpu', op, x, y, shape)
  const wasm = tfjsCall('wasm', op, x, y, shape)
  const ours = oursCall(lib, op, x, y, shape)
  const thunks: Record<ElementwiseImpl, () => unknown> = { ours, typedArray: typedArrayCall(op, x, y), tfjsCpu: cpu.call, tfjsWasm: wasm.call }
  try {
    const callsPerSec = timeInterleaved(thunks, rounds, opts)
    const usPerCall = Object.fromEntries(ELEMENTWISE_IMPLS.map((i) => [i, 1e6 / callsPerSec[i]])) as Record<ElementwiseImpl, number>
    const mElementsPerSec = Object.fromEntries(ELEMENTWISE_IMPLS.map((i) => [i, (callsPerSec[i] * n) / 1e6])) as Record<ElementwiseImpl, number>
    const ratios = Object.fromEntries(Object.entries(ELEMENTWISE_RATIOS).map(([k, [a, b]]) => [k, callsPerSec[a] / callsPerSec[b]])) as Record<ElementwiseRatio, number>
    const name = `${shape[0]}×${shape[1]}`
    const want = ours().toTypedArray() as Float32Array
    const others = { typedArray: thunks.typedArray() as Float32Array, tfjsCpu: cpu.call(), tfjsWasm: wasm.call() }
    const maxAbsDiffVsOurs = Object.fromEntries(Object.entries(others).map(([i, got]) => [i, agreement(i, op, name, got, want, x, y)])) as ElementwiseRow['maxAbsDiffVsOurs']
    return { op, call: ELEMENTWISE_CALLS[op], shape: name, elements: n, usPerCall, mElementsPerSec, ratios, maxAbsDiffVsOurs }
  } finally {
    cpu.dispose()
    wasm.dispose()
  }
}

/**
 * Benchmarks every op at every shape, ours on `dist` when given (else the source). Sets up
 * tfjs-backend-wasm on one SIMD thread as the mm bench does, and gives the active backend back.
 */
export async function benchElementwise(dist: Immutorch | null = null, rounds = 3, opts: TimingOptions = { budgetMs: 100, warmupMs: 40, minSamples: 3 }): Promise<ElementwiseBench> {
  const previous = tf.getBackend()
  const setup = await setUpWasm()
  setup.dispose() // only tfjs-backend-wasm is needed here, now initialised; our mm kernels go
  const tensorsBefore = tf.memory().numTensors
  try {
    const rows = ELEMENTWISE_SHAPES.flatMap((shape) => ELEMENTWISE_OPS.map((op) => benchOp(dist ?? sourceLib, op, shape, rounds, opts)))
    const leaked = tf.memory().numTensors - tensorsBefore
    if (leaked !== 0) throw new Error(`bench elementwise: the tfjs calls left ${leaked} tensor(s) undisposed`)
    return {
      rows, oursBuild: dist === null ? 'source' : 'dist', oursSimd: wasmSimdAvailable(),
      tfjsWasm: { binary: setup.tfjs.tfjsWasmBinary, threads: setup.tfjs.tfjsWasmThreads }, rounds,
    }
  } finally {
    await tf.setBackend(previous)
  }
}
