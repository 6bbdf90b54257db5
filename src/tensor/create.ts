/**
 * Creating tensors: `tensor` from a scalar, nested arrays or a typed array with a shape, and the
 * constant constructors zeros, ones, full, arange, linspace, eye and their *Like forms.
 * Inputs are copied, so later writes to a caller's array never reach the tensor.
 *
 * JS numbers carry no int/float distinction, so nested numbers default to float32 (pass
 * `{ dtype: 'int64' }` for indices); booleans give bool and bigints int64. `arange` follows
 * torch.arange: integer arguments give int64.
 */
import { allocate, checkDType, type DType, type StorageOf } from './dtype.js'
import { castStorage, storageFrom } from './convert.js'
import { device as checkDevice } from './device.js'
import { checkShape, numel, showShape, type Shape } from './shape.js'
import { fromStorage, Tensor } from './tensor.js'

/** Where a new tensor lives and what it holds. */
export interface CreateOptions<D extends DType = DType> {
  readonly dtype?: D
  readonly device?: string
}

/** Nested arrays of numbers, booleans or bigints. */
export type NestedData = number | boolean | bigint | readonly NestedData[]

/** Any typed array `tensor` accepts. */
export type TypedArrayInput = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | BigInt64Array | Uint16Array

const typedDType = (a: TypedArrayInput): DType | undefined =>
  a instanceof Float32Array ? 'float32' : a instanceof Float64Array ? 'float64' : a instanceof Int32Array ? 'int32'
    : a instanceof Int16Array ? 'int16' : a instanceof Int8Array ? 'int8' : a instanceof Uint8Array ? 'uint8'
      : a instanceof BigInt64Array ? 'int64' : undefined

const isTyped = (x: unknown): x is TypedArrayInput => ArrayBuffer.isView(x) && !(x instanceof DataView)

/** Walks nested arrays: infers the shape from first elements and refuses ragged or bad leaves. */
function flattenNested(data: NestedData): { shape: number[]; values: (number | boolean | bigint)[] } {
  const shape: number[] = []
  for (let cur: NestedData = data; Array.isArray(cur); cur = (cur as readonly NestedData[])[0]) {
    shape.push((cur as readonly NestedData[]).length)
    if ((cur as readonly NestedData[]).length === 0) break
  }
  const values: (number | boolean | bigint)[] = []
  const walk = (x: NestedData, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof x !== 'number' && typeof x !== 'boolean' && typeof x !== 'bigint') {
        throw new TypeError(`tensor: expected a number, boolean or bigint at ${path || 'the top'}, got ${Array.isArray(x) ? 'an array (ragged nesting)' : typeof x}`)
      }
      values.push(x)
      return
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new RangeError(`tensor: ragged nested array at ${path || 'the top'}: expected ${Array.isArray(x) ? `length ${shape[depth]}, got length ${x.length}` : `an array of length ${shape[depth]}, got ${typeof x}`} (inferred shape ${showShape(shape)})`)
    }
    x.forEach((v, i) => walk(v, depth + 1, `${path}[${i}]`))
  }
  walk(data, 0, '')
  return { shape, values }
}

const inferDType = (values: readonly (number | boolean | bigint)[]): DType => {
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return 'bool'
  if (values.length > 0 && values.every((v) => typeof v === 'bigint')) return 'int64'
  return 'float32'
}

/**
 * A tensor from a scalar, nested arrays, or a typed array with `{ shape }` (1-D if omitted).
 * A Uint16Array is read as float16/bfloat16 bit patterns and needs that `dtype`.
 * @example
 * import { tensor } from 'immutorch'
 *
 * tensor([[1, 2], [3, 4]]).shape // [2, 2]
 * tensor([1, 2]).dtype // 'float32'
 * tensor([1, 2], { dtype: 'int64' }).dtype // 'int64'
 * tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }) // [[1, 2], [3, 4]]
 */
export function tensor<D extends DType = 'float32'>(
  data: NestedData | TypedArrayInput | Tensor,
  { dtype, device = 'cpu', shape }: CreateOptions<D> & { readonly shape?: readonly number[] } = {},
): Tensor<D> {
  checkDevice(device, 'tensor')
  const want = dtype === undefined ? undefined : checkDType(dtype, 'tensor')
  if (data instanceof Tensor) {
    const d = (want ?? data.dtype) as D
    return fromStorage(castStorage(data, d), shape === undefined ? data.shape : checkShape(shape, 'tensor'), d, device)
  }
  if (isTyped(data)) {
    const sh = shape === undefined ? [data.length] : checkShape(shape, 'tensor')
    if (numel(sh) !== data.length) {
      throw new RangeError(`tensor: a typed array of length ${data.length} does not fit shape ${showShape(sh)} (${numel(sh)} elements)`)
    }
    if (data instanceof Uint16Array) {
      if (want !== 'float16' && want !== 'bfloat16') {
        throw new TypeError('tensor: a Uint16Array holds float16/bfloat16 bit patterns; pass { dtype: "float16" } or { dtype: "bfloat16" }')
      }
      return fromStorage(data.slice() as StorageOf[D], sh, want as D, device)
    }
    const from = typedDType(data)!
    const d = (want ?? from) as D
    const copy = fromStorage(data.slice() as StorageOf[DType], sh, from, device)
    return (d === from ? copy : fromStorage(castStorage(copy, d), sh, d, device)) as Tensor<D>
  }
  const { shape: inferred, values } = flattenNested(data)
  const sh = shape === undefined ? inferred : checkShape(shape, 'tensor')
  if (numel(sh) !== values.length) {
    throw new RangeError(`tensor: ${values.length} values do not fit shape ${showShape(sh)}`)
  }
  const d = (want ?? inferDType(values)) as D
  if (values.some((v) => typeof v === 'bigint')) {
    const big = BigInt64Array.from(values, (v) => BigInt.asIntN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))))
    return fromStorage(storageFrom(big, d), sh, d, device)
  }
  return fromStorage(storageFrom(Float64Array.from(values, Number), d), sh, d, device)
}

/**
 * A tensor of `shape` filled with `value`.
 * @example
 * import { full } from 'immutorch'
 *
 * full([2, 2], 7) // [[7, 7], [7, 7]]
 */
export function full<D extends DType = 'float32'>(shape: readonly number[], value: number | boolean, { dtype, device = 'cpu' }: CreateOptions<D> = {}): Tensor<D> {
  const sh = checkShape(shape, 'full')
  checkDevice(device, 'full')
  const d = (dtype === undefined ? (typeof value === 'boolean' ? 'bool' : 'float32') : checkDType(dtype, 'full')) as D
  const values = new Float64Array(numel(sh)).fill(Number(value))
  return fromStorage(storageFrom(values, d), sh, d, device)
}

/**
 * Zeros of `shape` (float32 unless `dtype`).
 * @example
 * import { zeros } from 'immutorch'
 *
 * zeros([2, 3]).shape // [2, 3]
 * zeros([2], { dtype: 'int32' }) // [0, 0]
 */
export function zeros<D extends DType = 'float32'>(shape: readonly number[], { dtype, device = 'cpu' }: CreateOptions<D> = {}): Tensor<D> {
  const sh = checkShape(shape, 'zeros')
  checkDevice(device, 'zeros')
  const d = (dtype === undefined ? 'float32' : checkDType(dtype, 'zeros')) as D
  return fromStorage(allocate(d, numel(sh)), sh, d, device)
}

/** Ones of `shape` (float32 unless `dtype`). */
export const ones = <D extends DType = 'float32'>(shape: readonly number[], options: CreateOptions<D> = {}): Tensor<D> => full(shape, 1, options)

/** Zeros with `t`'s shape, dtype and device unless overridden. */
export const zerosLike = (t: Tensor, options: CreateOptions = {}): Tensor =>
  zeros(t.shape, { dtype: t.dtype, device: t.device, ...options })

/** Ones with `t`'s shape, dtype and device unless overridden. */
export const onesLike = (t: Tensor, options: CreateOptions = {}): Tensor =>
  full(t.shape, 1, { dtype: t.dtype, device: t.device, ...options })

/** `value` with `t`'s shape, dtype and device unless overridden. */
export const fullLike = (t: Tensor, value: number | boolean, options: CreateOptions = {}): Tensor =>
  full(t.shape, value, { dtype: t.dtype, device: t.device, ...options })

/**
 * Values start, start+step, … below end, as torch.arange: `arange(5)`, `arange(2, 8)`,
 * `arange(0, 1, 0.25)`. Integer arguments give int64, others float32.
 * @example
 * import { arange } from 'immutorch'
 *
 * arange(5) // [0, 1, 2, 3, 4]
 * arange(5).dtype // 'int64'
 * arange(0, 1, 0.25) // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, end?: number, step = 1, { dtype, device = 'cpu' }: CreateOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end]
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(step) || step === 0) {
    throw new RangeError(`arange: start, end and step must be finite and step nonzero, got ${lo}, ${hi}, ${step}`)
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step))
  const d = dtype ?? ([lo, hi, step].every(Number.isInteger) ? 'int64' : 'float32')
  const values = Float64Array.from({ length: n }, (_, i) => lo + i * step)
  return fromStorage(storageFrom(values, checkDType(d, 'arange')), [n], d, checkDevice(device, 'arange').name)
}

/**
 * `steps` evenly spaced values from start to end inclusive (torch.linspace).
 * @example
 * import { linspace } from 'immutorch'
 *
 * linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, steps: number, { dtype = 'float32', device = 'cpu' }: CreateOptions = {}): Tensor {
  checkShape([steps], 'linspace')
  const step = steps > 1 ? (end - start) / (steps - 1) : 0
  // Like PyTorch, the second half counts back from `end` so both ends are exact.
  const half = Math.floor(steps / 2)
  const values = Float64Array.from({ length: steps }, (_, i) => (i < half || steps === 1 ? start + i * step : end - (steps - 1 - i) * step))
  return fromStorage(storageFrom(values, checkDType(dtype, 'linspace')), [steps], dtype, checkDevice(device, 'linspace').name)
}

/**
 * The n×m identity (m = n by default).
 * @example
 * import { eye } from 'immutorch'
 *
 * eye(2) // [[1, 0], [0, 1]]
 * eye(2, 3).shape // [2, 3]
 */
export function eye(n: number, m = n, { dtype = 'float32', device = 'cpu' }: CreateOptions = {}): Tensor {
  const sh: Shape = checkShape([n, m], 'eye')
  const values = new Float64Array(n * m)
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1
  return fromStorage(storageFrom(values, checkDType(dtype, 'eye')), sh, dtype, checkDevice(device, 'eye').name)
}
