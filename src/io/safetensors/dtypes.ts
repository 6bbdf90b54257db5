/**
 * The safetensors dtype names and how they map to ours. The file format has unsigned types that a
 * tensor here cannot hold, so reading widens them: U16 → int32 and U32 → int64 (every value fits),
 * and U64 → int64 when every value is at most 2^63 − 1 (otherwise decoding fails with
 * `ValueOutOfRange`). Writing uses the direct names only, so a widened tensor is written back as
 * I32/I64. The 8-bit and smaller float formats and C64 are known to the format but have no dtype
 * here; reading them is an `UnsupportedDtype` error rather than an unknown one.
 */
import type { DType } from '../../tensor/dtype.js'

/** A safetensors dtype this library reads. */
export type StDType = 'BOOL' | 'U8' | 'I8' | 'I16' | 'U16' | 'F16' | 'BF16' | 'I32' | 'U32' | 'F32' | 'F64' | 'I64' | 'U64'

interface StInfo {
  /** Position in the reference's `Dtype` enum, whose order the writer sorts by (descending). */
  readonly rank: number
  /** Bytes per element in the file. */
  readonly size: number
  /** The dtype a decoded tensor gets. */
  readonly dtype: DType
}

const table: Readonly<Record<StDType, StInfo>> = {
  BOOL: { rank: 0, size: 1, dtype: 'bool' },
  U8: { rank: 4, size: 1, dtype: 'uint8' },
  I8: { rank: 5, size: 1, dtype: 'int8' },
  I16: { rank: 9, size: 2, dtype: 'int16' },
  U16: { rank: 10, size: 2, dtype: 'int32' },
  F16: { rank: 11, size: 2, dtype: 'float16' },
  BF16: { rank: 12, size: 2, dtype: 'bfloat16' },
  I32: { rank: 13, size: 4, dtype: 'int32' },
  U32: { rank: 14, size: 4, dtype: 'int64' },
  F32: { rank: 15, size: 4, dtype: 'float32' },
  F64: { rank: 17, size: 8, dtype: 'float64' },
  I64: { rank: 18, size: 8, dtype: 'int64' },
  U64: { rank: 19, size: 8, dtype: 'int64' },
}

/** Format dtypes the reference knows that have no dtype here. */
export const UNSUPPORTED: readonly string[] = Object.freeze(['F4', 'F6_E2M3', 'F6_E3M2', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'C64'])

const written: Readonly<Record<DType, StDType>> = {
  float32: 'F32', float64: 'F64', float16: 'F16', bfloat16: 'BF16', int64: 'I64',
  int32: 'I32', int16: 'I16', int8: 'I8', uint8: 'U8', bool: 'BOOL',
}

/** Whether `name` is a safetensors dtype this library reads. */
export const isStDType = (name: string): name is StDType => Object.prototype.hasOwnProperty.call(table, name)

/** Bytes per element of a file dtype. */
export const stSize = (d: StDType): number => table[d].size

/** The reference's enum position of a file dtype (higher is written first). */
export const stRank = (d: StDType): number => table[d].rank

/** The dtype a tensor read from a file dtype gets. */
export const dtypeOfSt = (d: StDType): DType => table[d].dtype

/** The file dtype a tensor of `d` is written as. */
export const stOfDtype = (d: DType): StDType => written[d]

/** Whether reading the file dtype changes the element width (U16, U32) or range (U64). */
export const isWidened = (d: StDType): boolean => d === 'U16' || d === 'U32' || d === 'U64'
