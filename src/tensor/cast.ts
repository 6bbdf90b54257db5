/**
 * Casting between dtypes and devices: `to(x, dtype | device | { dtype, device })` and the PyTorch
 * shorthands. A cast to the tensor's own dtype and device returns the tensor itself, as PyTorch's
 * `.to` does. float32/float64 → float16/bfloat16 round to nearest even with subnormals kept.
 */
import { castStorage } from './convert.js'
import { device as findDevice, deviceNames } from './device.js'
import { checkDType, DTYPES, isDType, isFloating, type DType } from './dtype.js'
import { dual } from './dual.js'
import { fromStorage, storageOf, type Tensor } from './tensor.js'
import { traced } from './trace.js'

/** A cast target: a dtype, a device name, or both. */
export type ToTarget = DType | string | { readonly dtype?: DType; readonly device?: string }

/** Splits a target into dtype and device, validating both. */
export function resolveTarget(target: ToTarget, where: string): { dtype?: DType; device?: string } {
  if (typeof target === 'string') {
    if (isDType(target)) return { dtype: target }
    try {
      return { device: findDevice(target, where).name }
    } catch {
      throw new TypeError(`${where}: ${JSON.stringify(target)} is neither a dtype (${DTYPES.join(', ')}) nor a device (${deviceNames().join(', ')})`)
    }
  }
  if (target === null || typeof target !== 'object') {
    throw new TypeError(`${where}: expected a dtype, a device or { dtype, device }, got ${String(target)}`)
  }
  return {
    dtype: target.dtype === undefined ? undefined : checkDType(target.dtype, where),
    device: target.device === undefined ? undefined : findDevice(target.device, where).name,
  }
}

/**
 * `x` as another dtype and/or on another device; `x` itself when nothing changes.
 * @example
 * import { tensor, to } from 'immutorch'
 *
 * to(tensor([1.5, -2.7]), 'int64') // [1, -2]
 * to(tensor([1, 2]), { dtype: 'float64', device: 'cpu' }).dtype // 'float64'
 */
export const to: {
  (x: Tensor, target: ToTarget): Tensor
  (target: ToTarget): (x: Tensor) => Tensor
} = dual(2, (x: Tensor, target: ToTarget): Tensor => {
  const { dtype = x.dtype, device = x.device } = resolveTarget(target, 'to')
  if (dtype === x.dtype && device === x.device) return x
  // Storage is immutable, so a move without a cast can share it until devices hold their own memory.
  const data = dtype === x.dtype ? storageOf(x) : castStorage(x, dtype)
  const out = fromStorage(data, x.shape, dtype, device)
  // An integer or bool result is not differentiable (torch's does not require grad): no gradient
  // flows back through it. Otherwise the cotangent is cast back to the input's dtype and device by grad.
  return isFloating(dtype) ? traced(out, [x], (g) => [g]) : out
})

/**
 * Cast to float16.
 * @example
 * import { half, tensor } from 'immutorch'
 *
 * half(tensor([1 / 3, 65504, 70000])) // [0.333251953125, 65504, Infinity]
 */
export const half = (x: Tensor): Tensor => to(x, 'float16')
/** Cast to float32. */
export const float = (x: Tensor): Tensor => to(x, 'float32')
/** Cast to float64. */
export const double = (x: Tensor): Tensor => to(x, 'float64')
/** Cast to bfloat16. */
export const bfloat16 = (x: Tensor): Tensor => to(x, 'bfloat16')
/** Cast to int64. */
export const long = (x: Tensor): Tensor => to(x, 'int64')
/** Cast to int32. */
export const int = (x: Tensor): Tensor => to(x, 'int32')
/** Cast to bool. */
export const bool = (x: Tensor): Tensor => to(x, 'bool')
