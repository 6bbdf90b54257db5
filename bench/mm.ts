/**
 * Float32 matrix multiply: our blocked kernel against tfjs-backend-cpu's matMul, ml-matrix's mmul
 * and a plain i-k-j loop, at the same shapes in the same run. Every contender allocates its output
 * per call (as a tensor-level product would); inputs are built once. The contenders are measured in
 * alternating rounds, so a burst of load on the machine hits all of them rather than one.
 */
import * as tf from '@tensorflow/tfjs-core'
import { Matrix } from 'ml-matrix'
import { mmInto } from '../src/kernels/mm.js'
import { median, timeOps } from './timing.js'

/** The contenders, in table order. */
export const MM_IMPLS = ['ours', 'tfjs', 'mlMatrix', 'naive'] as const
/** One contender's name. */
export type MmImpl = (typeof MM_IMPLS)[number]

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
  /** ours / contender, for each peer. */
  readonly ratios: Readonly<Record<Exclude<MmImpl, 'ours'>, number>>
  /** max |ours − tfjs| / max |tfjs|: both computed the same product. */
  readonly maxRelDiffVsTfjs: number
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

/** Benchmarks one shape. Needs tfjs's 'cpu' backend to be active. */
export function benchMmShape([m, k, n]: MmShape): MmRow {
  const a = filled(m * k, 1)
  const b = filled(k * n, 2)
  const ta = tf.tensor2d(a, [m, k])
  const tb = tf.tensor2d(b, [k, n])
  const ma = toMatrix(a, m, k)
  const mb = toMatrix(b, k, n)
  const thunks: Record<MmImpl, () => unknown> = {
    ours: () => {
      const out = new Float32Array(m * n)
      mmInto(a, b, out, m, k, n)
      return out
    },
    tfjs: () => tf.matMul(ta, tb).dispose(),
    mlMatrix: () => ma.mmul(mb),
    naive: () => naiveIkj(a, b, m, k, n),
  }
  const flops = 2 * m * k * n
  // Products of a second or more get one round of few calls; quick ones three rounds each.
  const big = flops > 1e9
  const rounds = big ? 1 : 3
  const opts = big ? { budgetMs: 0, warmupMs: 0, minSamples: 2 } : { budgetMs: 250, warmupMs: 100, minSamples: 3 }
  const rates: Record<MmImpl, number[]> = { ours: [], tfjs: [], mlMatrix: [], naive: [] }
  for (let r = 0; r < rounds; r++) for (const impl of MM_IMPLS) rates[impl].push(timeOps(thunks[impl], opts).opsPerSec)
  const gflops = Object.fromEntries(MM_IMPLS.map((impl) => [impl, (median(rates[impl]) * flops) / 1e9])) as Record<MmImpl, number>

  const ours = thunks.ours() as Float32Array
  const theirs = tf.tidy(() => tf.matMul(ta, tb).dataSync())
  let diff = 0
  let scale = 0
  for (let i = 0; i < ours.length; i++) {
    diff = Math.max(diff, Math.abs(ours[i] - theirs[i]))
    scale = Math.max(scale, Math.abs(theirs[i]))
  }
  ta.dispose()
  tb.dispose()
  return {
    shape: `${m}×${k}·${k}×${n}`,
    m, k, n,
    gflops,
    ratios: { tfjs: gflops.ours / gflops.tfjs, mlMatrix: gflops.ours / gflops.mlMatrix, naive: gflops.ours / gflops.naive },
    maxRelDiffVsTfjs: scale === 0 ? diff : diff / scale,
  }
}

/** Benchmarks every shape in `shapes`. */
export const benchMm = (shapes: readonly MmShape[] = MM_SHAPES): MmRow[] => shapes.map(benchMmShape)
