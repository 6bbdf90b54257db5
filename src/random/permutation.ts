/**
 * Random permutations, as JAX's `random.permutation` / `_shuffle`: instead of Fisher-Yates, sort
 * by random 32-bit keys, repeated `ceil(3·ln(n) / ln(2^32 - 1))` times with a fresh subkey each
 * round (one round up to n = 1625, two up to about 2.6 million), so that key collisions are
 * unlikely to bias the result. Each round splits the key, draws one word per element and stably
 * sorts the current order by those words (`lax.sort_key_val`).
 */
import { allocate, isDType, type DType } from '../tensor/dtype.js'
import { numel } from '../tensor/shape.js'
import { fromStorage, storageOf, Tensor } from '../tensor/tensor.js'
import { bits32 } from './bits.js'
import { checkKey, split, type Key } from './key.js'

const LOG_U32_MAX = Math.log(0xffffffff)

/** How many sort rounds JAX runs for `n` elements. */
export const shuffleRounds = (n: number): number => Math.ceil((3 * Math.log(Math.max(1, n))) / LOG_U32_MAX)

/** Indices sorted by (sort key, index): a stable sort by 32-bit keys. */
function stableOrder(sortKeys: Uint32Array): Uint32Array {
  const n = sortKeys.length
  const order = new Uint32Array(n)
  if (n <= 1 << 21) {
    // pack key·2^21 + index into one double (< 2^53): a plain numeric sort is then stable by construction
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = sortKeys[i] * 2097152 + i
    packed.sort()
    for (let i = 0; i < n; i++) order[i] = packed[i] % 2097152
    return order
  }
  for (let i = 0; i < n; i++) order[i] = i
  return order.sort((a, b) => sortKeys[a] - sortKeys[b] || a - b)
}

/** @internal JAX's `_shuffle` of `arange(n)`: the permuted indices. */
export function permutationIndices(k: Key, n: number, where: string): Uint32Array {
  let perm = new Uint32Array(n)
  for (let i = 0; i < n; i++) perm[i] = i
  let cur = k
  for (let r = shuffleRounds(n); r > 0; r--) {
    const [next, sub] = split(cur)
    cur = next
    const order = stableOrder(bits32(sub, n, where))
    const moved = new Uint32Array(n)
    for (let i = 0; i < n; i++) moved[i] = perm[order[i]]
    perm = moved
  }
  return perm
}

/** Options for `permutation` of a range: the integer dtype of the result (default int32, as JAX). */
export interface PermutationOptions {
  readonly dtype?: 'int32' | 'int64'
}

/**
 * A random permutation (JAX's `random.permutation`, `axis = 0`, `independent = False`): of
 * `0 .. n-1` for an integer `n` (int32 by default, as JAX), or of a tensor's rows along its
 * first dimension (same dtype and shape; the input is not modified).
 * @example
 * import { random } from 'immutorch'
 *
 * const p = random.permutation(random.key(0), 5)
 * p.dtype // 'int32'
 * Array.from(p.toArray() as number[]).sort() // [0, 1, 2, 3, 4]
 */
export function permutation(k: Key, x: number, options?: PermutationOptions): Tensor<'int32' | 'int64'>
export function permutation<D extends DType>(k: Key, x: Tensor<D>): Tensor<D>
export function permutation(k: Key, x: number | Tensor, { dtype = 'int32' }: PermutationOptions = {}): Tensor {
  const where = 'random.permutation'
  checkKey(k, where)
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`${where}: n must be a non-negative integer, got ${x}`)
    if (dtype !== 'int32' && dtype !== 'int64') throw new TypeError(`${where}: dtype must be int32 or int64, got ${String(dtype)}`)
    if (dtype === 'int32' && x > 2 ** 31) throw new RangeError(`${where}: n = ${x} does not fit int32; pass { dtype: 'int64' }`)
    const perm = permutationIndices(k, x, where)
    if (dtype === 'int32') return fromStorage(Int32Array.from(perm), [x], 'int32')
    const out = new BigInt64Array(x)
    for (let i = 0; i < x; i++) out[i] = BigInt(perm[i])
    return fromStorage(out, [x], 'int64')
  }
  if (!(x instanceof Tensor) || !isDType(x.dtype)) throw new TypeError(`${where}: x must be an integer or a tensor, got ${typeof x}`)
  if (x.shape.length === 0) throw new TypeError(`${where}: x must be an integer or a tensor with at least 1 dimension, got a 0-d tensor`)
  const rows = x.shape[0]
  const rowSize = rows === 0 ? 0 : numel(x.shape) / rows
  const perm = permutationIndices(k, rows, where)
  const src = storageOf(x)
  const out = allocate(x.dtype, src.length)
  for (let i = 0; i < rows; i++) {
    const from = perm[i] * rowSize
    ;(out as Uint8Array).set((src as Uint8Array).subarray(from, from + rowSize), i * rowSize) // same array type on both sides
  }
  return fromStorage(out, x.shape, x.dtype)
}
