/**
 * Standard normal values, as JAX's `random._normal_real`: a uniform `u` on
 * (nextafter(-1, 0), 1) in the target dtype, then `sqrt(2) · erfinv(u)`, with XLA's erfinv
 * (see erfinv.ts). Inverse-transform sampling: one uniform per value, no rejection.
 *
 * float32 agrees with JAX to float32 rounding (the uniform is bit-exact, erfinv within about an
 * ulp); float64 follows JAX under `jax_enable_x64` (64-bit bits, XLA's float64 erfinv); float16
 * and bfloat16 take the uniform in the half type, erfinv in float32 rounded to the half type, and
 * the product with sqrt(2) rounded to it, as XLA computes them (not checked against JAX output).
 */
import type { FloatDType } from '../tensor/dtype.js'
import { checkShape, numel } from '../tensor/shape.js'
import { fromStorage, type Tensor } from '../tensor/tensor.js'
import { erfinvF32, erfinvF64 } from './erfinv.js'
import { checkKey, type Key } from './key.js'
import { checkFloatDType, floatStorage, roundTo, uniformValues } from './uniform.js'

/** nextafter(-1, 0) in each dtype: -(1 - 2^-(p+1)) for a p-bit mantissa. */
const LOWER: Readonly<Record<FloatDType, number>> = {
  float32: -(1 - 2 ** -24),
  float64: -(1 - 2 ** -53),
  float16: -(1 - 2 ** -11),
  bfloat16: -(1 - 2 ** -8),
}

/** @internal `n` standard normal values of dtype `d` as compute numbers (see `uniformValues`). */
export function normalValues(k: Key, n: number, d: FloatDType, where: string): Float32Array | Float64Array {
  const u = uniformValues(k, n, d, LOWER[d], 1, where)
  if (d === 'float64') {
    for (let i = 0; i < n; i++) u[i] = Math.SQRT2 * erfinvF64(u[i])
    return u
  }
  const r = roundTo(d)
  const sqrt2 = r(Math.SQRT2)
  // float32: the double product of two float32 values is exact, and the Float32Array store rounds it once
  if (d === 'float32') for (let i = 0; i < n; i++) u[i] = sqrt2 * erfinvF32(u[i])
  else for (let i = 0; i < n; i++) u[i] = r(sqrt2 * r(erfinvF32(u[i])))
  return u
}

/** Options for `normal`: the floating dtype (default float32). */
export interface NormalOptions<D extends FloatDType = FloatDType> {
  readonly dtype?: D
}

/**
 * Standard normal random values (JAX's `random.normal`); float32 matches JAX to float32 rounding.
 * @example
 * import { random } from 'immutorch'
 *
 * random.normal(random.key(0), []).item() // ≈ -0.20584226
 * random.normal(random.key(0), [3], { dtype: 'float64' }).dtype // 'float64'
 */
export function normal<D extends FloatDType = 'float32'>(
  k: Key, shape: readonly number[], { dtype = 'float32' as D }: NormalOptions<D> = {},
): Tensor<D> {
  const where = 'random.normal'
  checkKey(k, where)
  const s = checkShape(shape, where)
  const d = checkFloatDType(dtype, where) as D
  return fromStorage(floatStorage(normalValues(k, numel(s), d, where), d), s, d)
}
