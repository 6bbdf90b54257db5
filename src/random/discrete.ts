/**
 * Discrete draws: `bernoulli` (JAX: `uniform(key, shape, dtype(p)) < p`) and `randint` (JAX's
 * `_randint`: split the key, draw two arrays of dtype-width bits, and reduce
 * `hi·(2^nbits mod span) + lo` modulo the span with the dtype's wrapping unsigned arithmetic).
 * Like JAX's, randint is slightly biased when the span is not a power of two; JAX draws twice
 * the bits to make that bias small.
 */
import { isFloating } from '../tensor/dtype.js'
import { numbersOf } from '../tensor/convert.js'
import { broadcastShapes, broadcastStrides, checkShape, numel, sameShape, showShape } from '../tensor/shape.js'
import { fromStorage, Tensor } from '../tensor/tensor.js'
import { bits32, bitsNarrow, rawWords } from './bits.js'
import { checkKey, split, type Key } from './key.js'
import { uniformValues } from './uniform.js'

/**
 * Booleans that are true with probability `p` (JAX's `random.bernoulli`). `p` is a number
 * (compared in float32) or a floating tensor broadcast to `shape` (compared in its dtype);
 * `shape` defaults to `p`'s shape. Returns a bool tensor.
 * @example
 * import { random } from 'immutorch'
 *
 * random.bernoulli(random.key(0), 0.5, [3]).dtype // 'bool'
 * random.bernoulli(random.key(0), 1, [3]) // [true, true, true]
 */
export function bernoulli(k: Key, p: number | Tensor = 0.5, shape?: readonly number[]): Tensor<'bool'> {
  const where = 'random.bernoulli'
  checkKey(k, where)
  const pShape = typeof p === 'number' ? [] : p instanceof Tensor ? p.shape : undefined
  if (pShape === undefined) throw new TypeError(`${where}: p must be a number or a tensor, got ${typeof p}`)
  const dt = typeof p === 'number' ? 'float32' : p.dtype
  if (!isFloating(dt)) throw new TypeError(`${where}: p must have a floating dtype, got ${dt}`)
  const s = shape === undefined ? pShape : checkShape(shape, where)
  if (!sameShape(broadcastShapes(where, s, pShape), s)) {
    throw new RangeError(`${where}: p of shape ${showShape(pShape)} does not broadcast to shape ${showShape(s)}`)
  }
  const n = numel(s)
  const u = uniformValues(k, n, dt, 0, 1, where)
  const out = new Uint8Array(n)
  if (typeof p === 'number') {
    const pf = Math.fround(p)
    for (let i = 0; i < n; i++) out[i] = u[i] < pf ? 1 : 0
  } else {
    const pv = numbersOf(p)
    const st = broadcastStrides(pShape, s)
    const idx = new Array<number>(s.length).fill(0)
    let off = 0
    for (let i = 0; i < n; i++) {
      out[i] = u[i] < pv[off] ? 1 : 0
      // odometer over `s`, moving the read offset into p by its broadcast strides
      for (let d = s.length - 1; d >= 0; d--) {
        off += st[d]
        if (++idx[d] < s[d]) break
        off -= st[d] * s[d]
        idx[d] = 0
      }
    }
  }
  return fromStorage(out, s, 'bool')
}

/** Integer dtypes `randint` accepts, with their width and range. */
const INT_INFO = {
  int8: { nbits: 8, min: -128n, max: 127n },
  uint8: { nbits: 8, min: 0n, max: 255n },
  int16: { nbits: 16, min: -32768n, max: 32767n },
  int32: { nbits: 32, min: -2147483648n, max: 2147483647n },
  int64: { nbits: 64, min: -(1n << 63n), max: (1n << 63n) - 1n },
} as const

/** Integer dtypes `randint` can return. */
export type RandintDType = keyof typeof INT_INFO

/** Options for `randint`: the integer dtype (default int32). */
export interface RandintOptions<D extends RandintDType = RandintDType> {
  readonly dtype?: D
}

const toBig = (v: number | bigint, name: string, where: string): bigint => {
  if (typeof v === 'bigint') return v
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${where}: ${name} must be an integer, got ${String(v)}`)
  return BigInt(Math.trunc(v)) // a float bound is truncated, as JAX's astype(int)
}

const clip = (v: bigint, lo: bigint, hi: bigint): bigint => (v < lo ? lo : v > hi ? hi : v)

/**
 * Uniform integers in [minval, maxval) (JAX's `random.randint`), bit for bit: int32, int16, int8
 * and uint8 as JAX computes them; int64 draws 64-bit values as JAX does under `jax_enable_x64`.
 * Bounds are clipped to the dtype; `maxval <= minval` gives `minval`; a `maxval` one past the
 * dtype's maximum (e.g. 256 for uint8) covers the whole range.
 * @example
 * import { random } from 'immutorch'
 *
 * const labels = random.randint(random.key(0), [3, 3], 0, 8)
 * labels.dtype // 'int32'
 * labels.ge(0).all().item() && labels.lt(8).all().item() // true
 */
export function randint<D extends RandintDType = 'int32'>(
  k: Key, shape: readonly number[], minval: number | bigint, maxval: number | bigint,
  { dtype = 'int32' as D }: RandintOptions<D> = {},
): Tensor<D> {
  const where = 'random.randint'
  checkKey(k, where)
  const s = checkShape(shape, where)
  if (!Object.prototype.hasOwnProperty.call(INT_INFO, dtype)) {
    throw new TypeError(`${where}: dtype must be one of ${Object.keys(INT_INFO).join(', ')}, got ${String(dtype)}`)
  }
  const info = INT_INFO[dtype]
  const n = numel(s)
  const maxIn = toBig(maxval, 'maxval', where)
  const lo = clip(toBig(minval, 'minval', where), info.min, info.max)
  const hi = clip(maxIn, info.min, info.max)
  const outOfRange = maxIn > info.max
  const mod = 1n << BigInt(info.nbits)
  let span = hi <= lo ? 1n : BigInt.asUintN(info.nbits, hi - lo)
  if (outOfRange && hi > lo) span = (span + 1n) % mod // may wrap to 0: rem by 0 then leaves values alone
  const [k1, k2] = split(k)
  if (info.nbits === 64) return fromStorage(randint64(k1, k2, n, lo, span) as never, s, dtype as D)
  const sp = Number(span)
  const half = 2 ** (info.nbits / 2)
  const mask = info.nbits === 32 ? 0xffffffff : Number(mod) - 1
  // multiplier = (2^(nbits/2) mod span)^2 mod span, the square wrapping at nbits as lax.mul does
  const m0 = rem(half, sp)
  const mult = rem(mulWrap(m0, m0, info.nbits, mask), sp)
  const hiBits = info.nbits === 32 ? bits32(k1, n, where) : bitsNarrow(k1, info.nbits as 8 | 16, n, where)
  const loBits = info.nbits === 32 ? bits32(k2, n, where) : bitsNarrow(k2, info.nbits as 8 | 16, n, where)
  const out = dtype === 'int32' ? new Int32Array(n) : dtype === 'int16' ? new Int16Array(n) : dtype === 'int8' ? new Int8Array(n) : new Uint8Array(n)
  const base = Number(lo)
  for (let i = 0; i < n; i++) {
    const a = mulWrap(rem(hiBits[i], sp), mult, info.nbits, mask)
    const off = rem(((a + rem(loBits[i], sp)) % 2 ** info.nbits), sp)
    out[i] = base + off // the typed-array store wraps to the dtype, as lax.add then convert do
  }
  return fromStorage(out as never, s, dtype as D)
}

/** XLA's unsigned remainder: `x rem 0` is `x`. */
const rem = (x: number, m: number): number => (m === 0 ? x : x % m)

/** `a·b mod 2^nbits` for unsigned a, b < 2^nbits (exact: imul for 32 bits, doubles below). */
const mulWrap = (a: number, b: number, nbits: number, mask: number): number =>
  nbits === 32 ? Math.imul(a, b) >>> 0 : (a * b) & mask

/** The 64-bit path of randint with BigInt arithmetic mod 2^64. */
function randint64(k1: Key, k2: Key, n: number, lo: bigint, span: bigint): BigInt64Array {
  const where = 'random.randint'
  const w1 = rawWords(k1, 64, n, where)
  const w2 = rawWords(k2, 64, n, where)
  const r = (x: bigint): bigint => (span === 0n ? x : x % span)
  const mult = r(BigInt.asUintN(64, r(1n << 32n) * r(1n << 32n)))
  const out = new BigInt64Array(n)
  for (let i = 0; i < n; i++) {
    const h = (BigInt(w1[i]) << 32n) | BigInt(w1[n + i])
    const l = (BigInt(w2[i]) << 32n) | BigInt(w2[n + i])
    const off = r(BigInt.asUintN(64, BigInt.asUintN(64, r(h) * mult) + r(l)))
    out[i] = BigInt.asIntN(64, lo + off)
  }
  return out
}
