/**
 * Moving values between storage and compute arrays. Ops compute on plain number arrays:
 * float32/float16/bfloat16 in a Float32Array (PyTorch's CPU rule: half types compute in float32 and
 * round the result), float64 and integers in a Float64Array, and this file converts both ways.
 * Casting between dtypes is built on the same two functions.
 */
import { decodeBF16, encodeBF16 } from '../kernels/bfloat16.js'
import { decodeF16, encodeF16 } from '../kernels/float16.js'
import { allocate, type DType, type Storage, type StorageOf } from './dtype.js'
import { storageOf, type Tensor } from './tensor.js'

/** A typed array whose elements read as numbers. */
export type NumArray = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array

/** The compute array for results of dtype `d`: Float32Array for float32 and the half types. */
export const computeArray = (d: DType, n: number): Float32Array | Float64Array =>
  d === 'float32' || d === 'float16' || d === 'bfloat16' ? new Float32Array(n) : new Float64Array(n)

/**
 * The elements of `t` as numbers. Shares storage when it already is a number array (callers only
 * read it); decodes half types to float32 and int64 to float64 (exact within ±2^53).
 */
export function numbersOf(t: Tensor): NumArray {
  const s = storageOf(t)
  switch (t.dtype) {
    case 'float16': {
      const out = new Float32Array(s.length)
      decodeF16(s as Uint16Array, out)
      return out
    }
    case 'bfloat16': {
      const out = new Float32Array(s.length)
      decodeBF16(s as Uint16Array, out)
      return out
    }
    case 'int64': {
      const src = s as BigInt64Array
      const out = new Float64Array(src.length)
      for (let i = 0; i < src.length; i++) out[i] = Number(src[i])
      return out
    }
    default:
      return s as NumArray
  }
}

/**
 * Storage of dtype `d` holding `values` (numbers, or bigints for int64 sources). Takes ownership of
 * `values` when it already is the right array type; otherwise converts: floats to integers truncate
 * toward zero, anything to bool is `v !== 0` (NaN is true), as PyTorch casts.
 */
export function storageFrom<D extends DType>(values: NumArray | BigInt64Array, d: D): StorageOf[D] {
  const n = values.length
  if (values instanceof BigInt64Array) return fromBigInts(values, d)
  switch (d) {
    case 'float32':
      return (values instanceof Float32Array ? values : Float32Array.from(values)) as StorageOf[D]
    case 'float64':
      return (values instanceof Float64Array ? values : Float64Array.from(values)) as StorageOf[D]
    case 'float16':
    case 'bfloat16': {
      const out = new Uint16Array(n)
      const src = values instanceof Float32Array || values instanceof Float64Array ? values : Float64Array.from(values)
      if (d === 'float16') encodeF16(src, out)
      else encodeBF16(src, out)
      return out as StorageOf[D]
    }
    case 'bool': {
      const out = new Uint8Array(n)
      for (let i = 0; i < n; i++) out[i] = values[i] !== 0 ? 1 : 0
      return out as StorageOf[D]
    }
    case 'int64': {
      const out = new BigInt64Array(n)
      for (let i = 0; i < n; i++) {
        const v = values[i]
        out[i] = Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n
      }
      return out as StorageOf[D]
    }
    default: {
      if ((d === 'int32' && values instanceof Int32Array) || (d === 'uint8' && values instanceof Uint8Array)) {
        return values as StorageOf[D]
      }
      // int32/int16/int8/uint8: truncate toward zero, then the typed array wraps like a C cast.
      const out = allocate(d, n) as Int32Array
      for (let i = 0; i < n; i++) out[i] = Math.trunc(values[i])
      return out as StorageOf[D]
    }
  }
}

function fromBigInts<D extends DType>(values: BigInt64Array, d: D): StorageOf[D] {
  if (d === 'int64') return values as StorageOf[D]
  if (d === 'bool') {
    const out = new Uint8Array(values.length)
    for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0n ? 1 : 0
    return out as StorageOf[D]
  }
  if (d === 'int32' || d === 'int16' || d === 'int8' || d === 'uint8') {
    // Integer narrowing wraps modulo 2^bits, as PyTorch's casts do.
    const bits = d === 'int32' ? 32 : d === 'int16' ? 16 : 8
    const out = allocate(d, values.length) as Int32Array
    for (let i = 0; i < values.length; i++) out[i] = Number(BigInt.asIntN(bits, values[i]))
    return out as StorageOf[D]
  }
  // Round each integer once to float32's width (PyTorch casts int64 to the half types through float32).
  const sig = d === 'float64' ? 53 : 24
  const nums = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) nums[i] = roundBig(values[i], sig)
  return storageFrom(nums, d)
}

/** `v` rounded to `sig` significant bits, half to even, as a number (exact from then on). */
export function roundBig(v: bigint, sig: number): number {
  const a = v < 0n ? -v : v
  const bits = a.toString(2).length
  if (bits <= sig) return Number(v)
  const shift = BigInt(bits - sig)
  const q = a >> shift
  const r = a - (q << shift)
  const half = 1n << (shift - 1n)
  const m = r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q
  const out = Number(m) * 2 ** Number(shift)
  return v < 0n ? -out : out
}

/** A copy of `t`'s storage converted to dtype `d` (always a fresh array). */
export function castStorage<D extends DType>(t: Tensor, d: D): StorageOf[D] {
  const s: Storage = storageOf(t)
  if (t.dtype === d) return s.slice() as StorageOf[D]
  if (t.dtype === 'int64') return fromBigInts((s as BigInt64Array).slice(), d)
  // Half types to float32/float64 decode exactly; float64 to half rounds directly (no double rounding).
  const nums = numbersOf(t)
  return storageFrom(nums === s ? nums.slice() : nums, d)
}
