/**
 * PRNG keys: immutable values holding the two uint32 words of a JAX threefry2x32 key, and the
 * two ways to derive new keys from one (`split`, `foldIn`), bit for bit as JAX's classic
 * (`jax_threefry_partitionable=False`) scheme computes them in `jax._src.prng`.
 *
 * A key is a frozen record `{ _tag: 'Key', hi, lo }` where `hi` and `lo` are the words JAX's
 * `random.key_data(k)` returns, in that order (`key(s)` puts a 64-bit seed's high word first).
 * Its prototype is a private object (for printing), so it is not a plain record: tree utilities
 * treat a key as a leaf, as JAX treats its key arrays.
 */
import { threefry2x32, threefryIota } from './threefry.js'

/** A threefry2x32 PRNG key: two uint32 words, immutable. Make one with `key(seed)`. */
export interface Key {
  readonly _tag: 'Key'
  /** First word of JAX's key data (the high half of a 64-bit seed). */
  readonly hi: number
  /** Second word of JAX's key data (the low half of the seed). */
  readonly lo: number
}

const isWord = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff

const show = (k: Key): string => `Key(${k.hi}, ${k.lo})`

// Printing only: `String(k)` and Node's inspector show the key data as JAX prints it.
const proto: object = Object.freeze({
  toString(this: Key) {
    return show(this)
  },
  [Symbol.for('nodejs.util.inspect.custom')](this: Key) {
    return show(this)
  },
})

/** Whether `x` is a key: a record tagged `'Key'` with two uint32 words. */
export const isKey = (x: unknown): x is Key => {
  if (typeof x !== 'object' || x === null) return false
  const r = x as Record<string, unknown>
  return r._tag === 'Key' && isWord(r.hi) && isWord(r.lo)
}

/** @internal Builds a key from two words already known to be uint32. */
export const makeKey = (hi: number, lo: number): Key => {
  const k = Object.create(proto) as { _tag: 'Key'; hi: number; lo: number }
  k._tag = 'Key'
  k.hi = hi >>> 0
  k.lo = lo >>> 0
  return Object.freeze(k)
}

/** @internal Throws unless `k` is a key; `where` names the caller. */
export function checkKey(k: unknown, where: string): Key {
  if (!isKey(k)) {
    throw new TypeError(`${where}: expected a key made by random.key(seed), split or foldIn, got ${describe(k)}`)
  }
  return k
}

const describe = (x: unknown): string =>
  typeof x === 'object' && x !== null ? `an object with keys [${Object.keys(x).join(', ')}]` : `${typeof x} ${String(x)}`

const TWO_63 = 1n << 63n
const TWO_64 = 1n << 64n

/**
 * A key from an integer seed, as JAX's `random.key(seed)` / `PRNGKey(seed)` (`threefry_seed`).
 * A `number` seed (any safe integer) is taken as JAX does in its default 32-bit mode: the key is
 * `[0, seed mod 2^32]`, so `key(0)` is `[0, 0]`, `key(42)` is `[0, 42]`, `key(-1)` is
 * `[0, 4294967295]`. A `bigint` seed is a 64-bit integer in [-2^63, 2^64), bit-cast to its two
 * words as JAX does for an int64/uint64 seed under `jax_enable_x64`: `key(-1n)` is
 * `[4294967295, 4294967295]`, `key(2n ** 32n)` is `[1, 0]`.
 * @example
 * import { random } from 'immutorch'
 *
 * random.keyData(random.key(42)) // [0, 42]
 * random.keyData(random.key(-1n)) // [4294967295, 4294967295]
 */
export function key(seed: number | bigint): Key {
  if (typeof seed === 'bigint') {
    if (seed < -TWO_63 || seed >= TWO_64) {
      throw new RangeError(`random.key: a bigint seed must be a 64-bit integer in [-2^63, 2^64), got ${seed}`)
    }
    const u = BigInt.asUintN(64, seed)
    return makeKey(Number(u >> 32n), Number(u & 0xffffffffn))
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new TypeError(`random.key: seed must be a safe integer or a bigint, got ${typeof seed} ${String(seed)}`)
  }
  return makeKey(0, seed >>> 0) // ToUint32: the exact integer mod 2^32
}

/** The key's two words as a fresh Uint32Array `[hi, lo]` (JAX's `random.key_data`). */
export function keyData(k: Key): Uint32Array {
  checkKey(k, 'random.keyData')
  return Uint32Array.of(k.hi, k.lo)
}

/** A key from its two words (JAX's `random.wrap_key_data`); each must be a uint32. */
export function wrapKeyData(data: ArrayLike<number>): Key {
  if (data === null || typeof data !== 'object' || data.length !== 2 || !isWord(data[0]) || !isWord(data[1])) {
    throw new TypeError(`random.wrapKeyData: expected two uint32 words, got ${describe(data)}`)
  }
  return makeKey(data[0], data[1])
}

/**
 * `num` new keys from one (JAX's `random.split`): the hash of counts `0 .. 2·num-1`, read as
 * `num` rows of two words. `const [k1, k2] = split(k)` works; the array is frozen.
 * @example
 * import { random } from 'immutorch'
 *
 * const [params, dropout] = random.split(random.key(0))
 * random.keyData(params) // [4146024105, 967050713]
 * random.keyData(dropout) // [2718843009, 1272950319]
 */
export function split(k: Key, num = 2): readonly Key[] {
  checkKey(k, 'random.split')
  if (!Number.isSafeInteger(num) || num < 0 || num > 0x3fffffff) {
    throw new RangeError(`random.split: num must be an integer in [0, 2^30), got ${String(num)}`)
  }
  const words = new Uint32Array(2 * num)
  threefryIota(k.hi, k.lo, 2 * num, words)
  const out = new Array<Key>(num)
  for (let i = 0; i < num; i++) out[i] = makeKey(words[2 * i], words[2 * i + 1])
  return Object.freeze(out)
}

/**
 * A new key from a key and a 32-bit integer (JAX's `random.fold_in`): the hash of the counter pair
 * `(0, data)`. `data` must be an integer in [-2^31, 2^32); negative values are taken mod 2^32,
 * as `jnp.uint32(data)` would wrap them.
 * @example
 * import { random } from 'immutorch'
 *
 * random.keyData(random.foldIn(random.key(0), 4)) // [2285895361, 433833334]
 */
export function foldIn(k: Key, data: number): Key {
  checkKey(k, 'random.foldIn')
  if (!Number.isInteger(data) || data < -0x80000000 || data > 0xffffffff) {
    throw new RangeError(`random.foldIn: data must be an integer in [-2^31, 2^32), got ${String(data)}`)
  }
  const y0 = new Uint32Array(1)
  const y1 = new Uint32Array(1)
  threefry2x32(k.hi, k.lo, Uint32Array.of(0), Uint32Array.of(data >>> 0), y0, y1)
  return makeKey(y0[0], y1[0])
}

/** Whether two keys hold the same words. */
export const keyEquals = (a: Key, b: Key): boolean => a.hi === b.hi && a.lo === b.lo
