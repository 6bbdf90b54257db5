/**
 * float16 encoding throughput: `encodeF16` rounding a million-element array to half patterns, from
 * float32 (the `.half()` cast) and from float64 (rounded directly, not through float32). The data
 * spans normal, subnormal and overflowing magnitudes, so every branch of the encoder is exercised.
 */
import { encodeF16 } from '../src/kernels/float16.js'
import { timeOps, type TimingOptions } from './timing.js'

/** Figures for the float16 encoder. */
export interface Float16Row {
  readonly elements: number
  /** Millions of elements encoded per second, by source type. */
  readonly mElementsPerSec: { readonly fromFloat32: number; readonly fromFloat64: number }
}

/** Values whose magnitudes run from 2^-30 (below half's subnormals) to 2^20 (past its max), both signs. */
export function halfTestData(len: number): Float64Array {
  const x = new Float64Array(len)
  for (let i = 0; i < len; i++) {
    const frac = 1 + ((i * 0.6180339887) % 1)
    const exp = (i % 51) - 30
    x[i] = (i & 1 ? -1 : 1) * frac * 2 ** exp
  }
  return x
}

/** Benchmarks `encodeF16` on `elements` values. */
export function benchFloat16(elements = 1 << 20, opts: TimingOptions = { budgetMs: 500, warmupMs: 150 }): Float16Row {
  const f64 = halfTestData(elements)
  const f32 = Float32Array.from(f64)
  const out = new Uint16Array(elements)
  const rate = (src: Float32Array | Float64Array): number =>
    (timeOps(() => encodeF16(src, out), opts).opsPerSec * elements) / 1e6
  return { elements, mElementsPerSec: { fromFloat32: rate(f32), fromFloat64: rate(f64) } }
}
