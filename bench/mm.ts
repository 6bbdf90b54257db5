/**
 * Float32 matrix multiply: our blocked typed-array kernel against tfjs-backend-cpu's matMul,
 * ml-matrix's mmul and a plain i-k-j loop, and our WebAssembly SIMD kernel on one and two threads
 * against tfjs-backend-wasm's matMul on one thread (mmWasm.ts), at the same shapes in the same run.
 * Every contender allocates its output per call (as a tensor-level product would); inputs are built
 * once. Each group is measured in alternating rounds, so a burst of load on the machine hits all of
 * its contenders rather than one. Every product is checked against tfjs-backend-cpu's.
 */
import * as tf from '@tensorflow/tfjs-core'
import { Matrix } from 'ml-matrix'
import { mmInto } from '../src/kernels/mm.js'
import { benchWasmShape, setUpWasm, wasmSetup, type WasmContenders, type WasmSetup } from './mmWasm.js'
import { median, timeOps } from './timing.js'

/** The typed-array contenders, timed as one group. */
const JS_IMPLS = ['ours', 'tfjs', 'mlMatrix', 'naive'] as const
/** The contenders, in table order. */
export const MM_IMPLS = ['ours', 'wasm1', 'wasm2', 'tfjs', 'tfjsWasm', 'mlMatrix', 'naive'] as const
/** One contender's name. */
export type MmImpl = (typeof MM_IMPLS)[number]

/** The ratios each row reports, as speed of the first over speed of the second (> 1: the first is faster). */
export const MM_RATIOS = {
  'ours/tfjs': ['ours', 'tfjs'],
  'ours/mlMatrix': ['ours', 'mlMatrix'],
  'ours/naive': ['ours', 'naive'],
  'wasm1/tfjsWasm': ['wasm1', 'tfjsWasm'],
  'wasm2/wasm1': ['wasm2', 'wasm1'],
  'wasm2/tfjsWasm': ['wasm2', 'tfjsWasm'],
} as const satisfies Record<string, readonly [MmImpl, MmImpl]>
/** One ratio's name. */
export type MmRatio = keyof typeof MM_RATIOS

/** One product shape: [m, k, n] for an m×k · k×n product. */
export type MmShape = readonly [number, number, number]

/** The shapes the brief asks for: cubes from cache-sized to memory-sized, and an MLP's first layer. */
export const MM_SHAPES: readonly MmShape[] = [[64, 64, 64], [256, 256, 256], [1024, 1024, 1024], [256, 784, 128]]

/** Figures for one shape. */
export interface MmRow {
  readonly shape: string
  readonly m: number
  readonly k: number
  readonly n: number
  /** GFLOP/s (2·m·k·n per call) of each contender. */
  readonly gflops: Readonly<Record<MmImpl, number>>
  /** The ratios of MM_RATIOS. */
  readonly ratios: Readonly<Record<MmRatio, number>>
  /** max |contender − tfjs| / max |tfjs| for each other contender: all computed the same product. */
  readonly maxRelDiffVsTfjs: Readonly<Record<Exclude<MmImpl, 'tfjs'>, number>>
}

/** A speed target: `ratio` at `shape` at least `atLeast`. */
export interface MmTarget {
  readonly ratio: MmRatio
  readonly shape: string
  readonly atLeast: number
}

/** The targets the run checks: single-thread wasm at least tfjs-backend-wasm's speed, two threads 1.6× one. */
export const MM_TARGETS: readonly MmTarget[] = [
  { ratio: 'wasm1/tfjsWasm', shape: '256×256·256×256', atLeast: 1.0 },
  { ratio: 'wasm1/tfjsWasm', shape: '1024×1024·1024×1024', atLeast: 1.0 },
  { ratio: 'wasm2/wasm1', shape: '1024×1024·1024×1024', atLeast: 1.6 },
]

/** A target with what this run measured (null when its shape was not run). */
export interface MmTargetResult extends MmTarget {
  readonly measured: number | null
  readonly met: boolean
}

/** Everything the mm benchmark found. */
export interface MmBench {
  readonly rows: readonly MmRow[]
  readonly wasm: WasmSetup
  readonly targets: readonly MmTargetResult[]
}

/** The plain i-k-j loop, row offsets hoisted: the baseline a hand-written JavaScript product starts from. */
export function naiveIkj(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(m * n)
  for (let i = 0; i < m; i++) {
    const ci = i * n
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]
      const bp = p * n
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j]
    }
  }
  return c
}

const filled = (len: number, seed: number): Float32Array => {
  const x = new Float32Array(len)
  for (let i = 0; i < len; i++) x[i] = Math.sin(seed + i * 0.618) // deterministic, in [-1, 1]
  return x
}

const toMatrix = (x: Float32Array, rows: number, cols: number): Matrix => {
  const mat = new Matrix(rows, cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mat.set(i, j, x[i * cols + j])
  return mat
}

/** max |x − ref| / max |ref| (the absolute difference when ref is all zeros). */
function maxRelDiff(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let diff = 0
  let scale = 0
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - ref[i]))
    scale = Math.max(scale, Math.abs(ref[i]))
  }
  return scale === 0 ? diff : diff / scale
}

/** Benchmarks one shape. Needs tfjs's 'cpu' backend to be active, and gives it back active. */
export async function benchMmShape([m, k, n]: MmShape, wasm: WasmContenders): Promise<MmRow> {
  const a = filled(m * k, 1)
  const b = filled(k * n, 2)
  const ta = tf.tensor2d(a, [m, k])
  const tb = tf.tensor2d(b, [k, n])
  const ma = toMatrix(a, m, k)
  const mb = toMatrix(b, k, n)
  // The last product of each, kept for the agreement check (a naive 1024³ takes seconds to redo).
  let ours: Float32Array = new Float32Array(0)
  let ml = new Matrix(0, 0)
  let naive: Float32Array = new Float32Array(0)
  const thunks: Record<(typeof JS_IMPLS)[number], () => unknown> = {
    ours: () => {
      const out = new Float32Array(m * n)
      mmInto(a, b, out, m, k, n)
      return (ours = out)
    },
    tfjs: () => tf.matMul(ta, tb).dispose(),
    mlMatrix: () => (ml = ma.mmul(mb)),
    naive: () => (naive = naiveIkj(a, b, m, k, n)),
  }
  const flops = 2 * m * k * n
  // Products of a second or more get one round of few calls; quick ones three rounds each.
  const big = flops > 1e9
  const rounds = big ? 1 : 3
  const opts = big ? { budgetMs: 0, warmupMs: 0, minSamples: 2 } : { budgetMs: 250, warmupMs: 100, minSamples: 3 }
  const rates: Record<(typeof JS_IMPLS)[number], number[]> = { ours: [], tfjs: [], mlMatrix: [], naive: [] }
  for (let r = 0; r < rounds; r++) for (const impl of JS_IMPLS) rates[impl].push(timeOps(thunks[impl], opts).opsPerSec)
  const w = await benchWasmShape(wasm, a, b, m, k, n)
  const callsPerSec: Record<MmImpl, number> = {
    ours: median(rates.ours), tfjs: median(rates.tfjs), mlMatrix: median(rates.mlMatrix), naive: median(rates.naive), ...w.callsPerSec,
  }
  const gflops = Object.fromEntries(MM_IMPLS.map((impl) => [impl, (callsPerSec[impl] * flops) / 1e9])) as Record<MmImpl, number>
  const ratios = Object.fromEntries(Object.entries(MM_RATIOS).map(([name, [x, y]]) => [name, gflops[x] / gflops[y]])) as Record<MmRatio, number>

  const ref = tf.tidy(() => tf.matMul(ta, tb).dataSync())
  ta.dispose()
  tb.dispose()
  const products = { ours, mlMatrix: ml.to1DArray(), naive, ...w.outputs }
  const maxRelDiffVsTfjs = Object.fromEntries(Object.entries(products).map(([impl, x]) => [impl, maxRelDiff(x, ref)])) as Record<Exclude<MmImpl, 'tfjs'>, number>
  return { shape: `${m}×${k}·${k}×${n}`, m, k, n, gflops, ratios, maxRelDiffVsTfjs }
}

/** Each target against the rows measured. */
export const checkTargets = (rows: readonly MmRow[], targets: readonly MmTarget[] = MM_TARGETS): MmTargetResult[] =>
  targets.map((t) => {
    const measured = rows.find((r) => r.shape === t.shape)?.ratios[t.ratio] ?? null
    return { ...t, measured, met: measured !== null && measured >= t.atLeast }
  })

/** Benchmarks every shape in `shapes`, the WebAssembly contenders made once for all of them. */
export async function benchMm(shapes: readonly MmShape[] = MM_SHAPES): Promise<MmBench> {
  const wasm = await setUpWasm()
  try {
    const rows: MmRow[] = []
    for (const shape of shapes) rows.push(await benchMmShape(shape, wasm))
    return { rows, wasm: wasmSetup(wasm), targets: checkTargets(rows) }
  } finally {
    wasm.dispose()
  }
}
