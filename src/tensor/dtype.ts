/**
 * Data types: PyTorch's names, their storage arrays and byte sizes, and the categories that type
 * promotion and casting rules are written in.
 */

/** Every element type a tensor can hold, named as in PyTorch. */
export type DType =
  | 'float32' | 'float64' | 'float16' | 'bfloat16'
  | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool'

/** Floating-point dtypes: the ones casts like `half()` touch and gradients flow through. */
export type FloatDType = 'float32' | 'float64' | 'float16' | 'bfloat16'

/** The typed array that stores each dtype (float16/bfloat16 as 16-bit patterns). */
export interface StorageOf {
  float32: Float32Array
  float64: Float64Array
  float16: Uint16Array
  bfloat16: Uint16Array
  int64: BigInt64Array
  int32: Int32Array
  int16: Int16Array
  int8: Int8Array
  uint8: Uint8Array
  bool: Uint8Array
}

/** Any storage array. */
export type Storage = StorageOf[DType]

/** Promotion category: bool < integer < floating, as PyTorch orders them. */
export type Category = 0 | 1 | 2

interface DTypeInfo {
  readonly itemsize: number
  readonly category: Category
  readonly make: (n: number) => Storage
}

const info: Readonly<Record<DType, DTypeInfo>> = {
  float32: { itemsize: 4, category: 2, make: (n) => new Float32Array(n) },
  float64: { itemsize: 8, category: 2, make: (n) => new Float64Array(n) },
  float16: { itemsize: 2, category: 2, make: (n) => new Uint16Array(n) },
  bfloat16: { itemsize: 2, category: 2, make: (n) => new Uint16Array(n) },
  int64: { itemsize: 8, category: 1, make: (n) => new BigInt64Array(n) },
  int32: { itemsize: 4, category: 1, make: (n) => new Int32Array(n) },
  int16: { itemsize: 2, category: 1, make: (n) => new Int16Array(n) },
  int8: { itemsize: 1, category: 1, make: (n) => new Int8Array(n) },
  uint8: { itemsize: 1, category: 1, make: (n) => new Uint8Array(n) },
  bool: { itemsize: 1, category: 0, make: (n) => new Uint8Array(n) },
}

/** All dtypes, in PyTorch's documentation order. */
export const DTYPES: readonly DType[] = Object.freeze(Object.keys(info) as DType[])

/** Whether `x` names a dtype. */
export const isDType = (x: unknown): x is DType =>
  typeof x === 'string' && Object.prototype.hasOwnProperty.call(info, x)

/** Checks a dtype name at a public boundary; `where` names the caller in the error. */
export function checkDType(x: unknown, where: string): DType {
  if (!isDType(x)) {
    throw new TypeError(`${where}: unknown dtype ${JSON.stringify(x)}; expected one of ${DTYPES.join(', ')}`)
  }
  return x
}

/** Bytes per element. */
export const itemsize = (d: DType): number => info[d].itemsize

/** bool = 0, integers = 1, floating = 2. */
export const category = (d: DType): Category => info[d].category

/**
 * Whether `d` is a floating-point dtype.
 * @example
 * import { isFloating } from 'immutorch'
 *
 * isFloating('bfloat16') // true
 * isFloating('int64') // false
 */
export const isFloating = (d: DType): d is FloatDType => info[d].category === 2

/** A zeroed storage array of `n` elements for `d`. */
export const allocate = <D extends DType>(d: D, n: number): StorageOf[D] => info[d].make(n) as StorageOf[D]

/** PyTorch's printed name, e.g. `torch.float16`. */
export const torchName = (d: DType): string => `torch.${d}`
