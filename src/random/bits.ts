/**
 * Random bits: JAX's `threefry_random_bits` on its original (non-partitionable) path. For `n`
 * values of `width` bits, JAX hashes the counts `0 .. m-1` with `m = ceil(width·n / 32)` words and
 * then reads the words as follows:
 *   - width 32: the words themselves;
 *   - width 8 and 16: each word gives `32 / width` values, low bits first (a little-endian view);
 *   - width 64: the first `n` words are the high halves, the next `n` the low halves.
 * These raw arrays feed `uniform`, `normal`, `randint` and `permutation`.
 *
 * `bits` returns a tensor. We have no unsigned dtypes wider than uint8, so a JAX `uint8` request
 * gives a uint8 tensor and `uint16`/`uint32`/`uint64` give int64 tensors holding the unsigned
 * values (exact for 16 and 32 bits; for 64 bits the same 64-bit pattern, so values from 2^63 up
 * read as negative). `bitsArray` returns the raw unsigned typed array instead.
 */
import { fromStorage, type Tensor } from '../tensor/tensor.js'
import { checkShape, numel } from '../tensor/shape.js'
import { checkKey, type Key } from './key.js'
import { threefryIota } from './threefry.js'

/** Bit widths JAX draws: 8, 16, 32 or 64. */
export type BitWidth = 8 | 16 | 32 | 64

/** JAX's unsigned dtype names for `bits`. */
export type UIntName = 'uint8' | 'uint16' | 'uint32' | 'uint64'

/** The raw array type `bitsArray` returns for each width. */
export interface BitsArrayOf {
  8: Uint8Array
  16: Uint16Array
  32: Uint32Array
  64: BigUint64Array
}

/** JAX hashes at most 2^32 - 2 words in one call; past that it splits the key, which we do not. */
const MAX_WORDS = 0xfffffffe

/**
 * @internal The threefry output words behind `n` values of `width` bits (see the header for how
 * each width reads them). `where` names the public caller in errors.
 */
export function rawWords(k: Key, width: BitWidth, n: number, where: string): Uint32Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${where}: element count must be a non-negative integer, got ${String(n)}`)
  const m = Math.ceil((width * n) / 32)
  if (m > MAX_WORDS) {
    throw new RangeError(`${where}: ${n} values of ${width} bits need ${m} words; at most ${MAX_WORDS} words per call are supported`)
  }
  const words = new Uint32Array(m)
  threefryIota(k.hi, k.lo, m, words)
  return words
}

/** @internal `n` random 32-bit words: JAX's `random_bits(key, 32, (n,))`. */
export const bits32 = (k: Key, n: number, where: string): Uint32Array => rawWords(k, 32, n, where)

/** @internal `n` random values of 8 or 16 bits, unpacked low bits first from each word. */
export function bitsNarrow(k: Key, width: 8 | 16, n: number, where: string): Uint8Array | Uint16Array {
  const words = rawWords(k, width, n, where)
  const out = width === 8 ? new Uint8Array(n) : new Uint16Array(n)
  const per = 32 / width
  for (let j = 0; j < n; j++) out[j] = words[(j / per) | 0] >>> (width * (j % per)) // the store keeps the low bits
  return out
}

/**
 * Raw random bits: `n` unsigned values of `width` bits (default 32) as a fresh typed array, equal
 * to JAX's `random.bits(key, (n,), uint{width})` under the classic threefry scheme (uint64 as
 * with `jax_enable_x64`).
 * @example
 * import { random } from 'immutorch'
 *
 * random.bitsArray(random.key(0), 4) // [4146024105, 967050713, 2718843009, 1272950319]
 */
export function bitsArray(k: Key, n: number): Uint32Array
export function bitsArray<W extends BitWidth>(k: Key, n: number, width: W): BitsArrayOf[W]
export function bitsArray(k: Key, n: number, width: BitWidth = 32): BitsArrayOf[BitWidth] {
  const where = 'random.bitsArray'
  checkKey(k, where)
  switch (width) {
    case 32:
      return bits32(k, n, where)
    case 8:
    case 16:
      return bitsNarrow(k, width, n, where)
    case 64: {
      const words = rawWords(k, 64, n, where)
      const out = new BigUint64Array(n)
      for (let i = 0; i < n; i++) out[i] = (BigInt(words[i]) << 32n) | BigInt(words[n + i])
      return out
    }
    default:
      throw new RangeError(`${where}: width must be 8, 16, 32 or 64, got ${String(width)}`)
  }
}

const WIDTH: Readonly<Record<UIntName, BitWidth>> = { uint8: 8, uint16: 16, uint32: 32, uint64: 64 }

/** Options for `bits`: the unsigned dtype JAX would return (default `'uint32'`). */
export interface BitsOptions<U extends UIntName = UIntName> {
  readonly dtype?: U
}

/**
 * Random bits as a tensor of `shape` (JAX's `random.bits`). `dtype: 'uint8'` gives a uint8
 * tensor; `'uint16' | 'uint32'` (default) | `'uint64'` give int64 tensors of the unsigned values
 * (uint64 as its 64-bit pattern: values from 2^63 up read as negative).
 * @example
 * import { random } from 'immutorch'
 *
 * random.bits(random.key(0), [4]) // [4146024105, 967050713, 2718843009, 1272950319]
 * random.bits(random.key(0), [4]).dtype // 'int64'
 */
export function bits(k: Key, shape: readonly number[], options: BitsOptions<'uint8'> & { dtype: 'uint8' }): Tensor<'uint8'>
export function bits(k: Key, shape: readonly number[], options?: BitsOptions<'uint16' | 'uint32' | 'uint64'>): Tensor<'int64'>
export function bits(k: Key, shape: readonly number[], { dtype = 'uint32' }: BitsOptions = {}): Tensor<'uint8' | 'int64'> {
  const where = 'random.bits'
  checkKey(k, where)
  const s = checkShape(shape, where)
  const width = Object.prototype.hasOwnProperty.call(WIDTH, dtype) ? WIDTH[dtype] : undefined
  if (width === undefined) {
    throw new TypeError(`${where}: dtype must be one of uint8, uint16, uint32, uint64, got ${String(dtype)}`)
  }
  const n = numel(s)
  if (width === 8) return fromStorage(bitsNarrow(k, 8, n, where) as Uint8Array, s, 'uint8')
  const out = new BigInt64Array(n)
  if (width === 64) {
    const words = rawWords(k, 64, n, where)
    for (let i = 0; i < n; i++) out[i] = BigInt.asIntN(64, (BigInt(words[i]) << 32n) | BigInt(words[n + i]))
  } else {
    const vals = width === 16 ? bitsNarrow(k, 16, n, where) : bits32(k, n, where)
    for (let i = 0; i < n; i++) out[i] = BigInt(vals[i])
  }
  return fromStorage(out, s, 'int64')
}
