/**
 * Laws for safetensors, as predicates plus runners. `decodeIsTotal` is the hardening law: on any
 * bytes, decode returns tensors or a known error and never throws, agrees between its copying and
 * zero-copy modes, and leaves the input alone. `roundTrips` and `encodeIsCanonical` tie the writer
 * to the reader (ties and metadata included), and `writerLayout` checks the writer against an
 * independent statement of the reference layout (dtype order, UTF-8 name order, padding, offsets).
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { decode, encode, ALIASES_KEY, DECODE_ERROR_TAGS, type Decoded } from '../src/io/safetensors/index.js'
import type { Tensor } from '../src/tensor/index.js'
import type { DictCase } from './arbitraries/safetensors.js'
import { params } from './runs.js'

const rawBytes = (t: Tensor): Uint8Array => {
  const a = t.toTypedArray()
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
}
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i])
const sameTensor = (a: Tensor, b: Tensor): boolean =>
  a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((s, i) => s === b.shape[i]) && sameBytes(rawBytes(a), rawBytes(b))

/** Whether the names tied in `a` (one object under two names) are exactly those tied in `b`. */
const sameTies = (a: ReadonlyMap<string, Tensor>, b: ReadonlyMap<string, Tensor>): boolean => {
  const names = [...a.keys()]
  return names.every((x) => names.every((y) => (a.get(x) === a.get(y)) === (b.get(x) === b.get(y))))
}

/** Whether a decoded file is internally sound: element counts match shapes, sizes are safe. */
const sound = (d: Decoded): boolean =>
  [...d.tensors.values()].every((t) => t.shape.every((s) => Number.isSafeInteger(s) && s >= 0) && t.size === t.shape.reduce((p, s) => p * s, 1))

/**
 * Decoding `bytes` returns tensors or a known, described error, never throws, gives the same result
 * with `copy: false`, and does not write to its input.
 */
export function decodeIsTotal(bytes: Uint8Array): boolean {
  const before = bytes.slice()
  const copied = decode(bytes)
  const viewed = decode(bytes, { copy: false })
  if (!sameBytes(bytes, before)) return false
  if (E.isLeft(copied)) {
    const e = copied.left
    return DECODE_ERROR_TAGS.includes(e._tag) && typeof e.message === 'string' && e.message.length > 0 && E.isLeft(viewed) && viewed.left._tag === e._tag
  }
  if (E.isLeft(viewed)) return false
  const [a, b] = [copied.right, viewed.right]
  return sound(a) && a.tensors.size === b.tensors.size &&
    [...a.tensors].every(([k, t]) => b.tensors.has(k) && sameTensor(t, b.tensors.get(k)!)) &&
    sameTies(a.tensors, b.tensors) && [...a.metadata].join('\n') === [...b.metadata].join('\n')
}

/** decode(encode(dict, metadata)) has the same names, tensors (bytes), ties and metadata in order. */
export function roundTrips({ dict, metadata }: DictCase): boolean {
  const r = decode(encode(dict, metadata))
  if (E.isLeft(r)) return false
  const { tensors, metadata: meta } = r.right
  return tensors.size === dict.size && [...dict].every(([k, t]) => tensors.has(k) && sameTensor(t, tensors.get(k)!)) &&
    sameTies(dict, tensors) && JSON.stringify([...meta]) === JSON.stringify([...metadata])
}

/** Encoding what decode returns gives the same bytes again. */
export function encodeIsCanonical({ dict, metadata }: DictCase): boolean {
  const first = encode(dict, metadata)
  const r = decode(first)
  return E.isRight(r) && sameBytes(encode(r.right.tensors, r.right.metadata), first)
}

const ST: Readonly<Record<string, string>> = {
  int64: 'I64', float64: 'F64', float32: 'F32', int32: 'I32', bfloat16: 'BF16', float16: 'F16', int16: 'I16', int8: 'I8', uint8: 'U8', bool: 'BOOL',
}
const WRITE_ORDER = ['I64', 'F64', 'F32', 'I32', 'BF16', 'F16', 'I16', 'I8', 'U8', 'BOOL']
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const byteOrder = (a: string, b: string): number => {
  const [x, y] = [utf8(a), utf8(b)]
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i]
  return x.length - y.length
}

/**
 * The writer's bytes equal the reference layout, restated here independently: each distinct tensor
 * once (later names in the alias table), sorted by dtype as the reference's enum orders them
 * (descending) then by UTF-8 bytes of the name; compact JSON header, `__metadata__` first; spaces
 * to a multiple of 8; data concatenated in header order.
 */
export function writerLayout({ dict, metadata }: DictCase): boolean {
  const stored: [string, Tensor][] = []
  const aliases: [string, string][] = []
  for (const [name, t] of dict) {
    const hit = stored.find(([, s]) => s === t)
    if (hit === undefined) stored.push([name, t])
    else aliases.push([name, hit[0]])
  }
  stored.sort(([a, x], [b, y]) => WRITE_ORDER.indexOf(ST[x.dtype]) - WRITE_ORDER.indexOf(ST[y.dtype]) || byteOrder(a, b))
  // Objects written by hand: a JS object would move integer-like keys ("0") to the front.
  const object = (kv: readonly (readonly [string, string])[]): string => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`
  const meta: [string, string][] = [...metadata, ...(aliases.length > 0 ? [[ALIASES_KEY, object(aliases)] as [string, string]] : [])]
  let at = 0
  const fields = stored.map(([name, t]) => {
    const n = rawBytes(t).length
    const f = `${JSON.stringify(name)}:${JSON.stringify({ dtype: ST[t.dtype], shape: t.shape, data_offsets: [at, at + n] })}`
    at += n
    return f
  })
  if (meta.length > 0) fields.unshift(`"__metadata__":${object(meta)}`)
  let head = `{${fields.join(',')}}`
  head += ' '.repeat((8 - (utf8(head).length % 8)) % 8)
  const length = new Uint8Array(8)
  new DataView(length.buffer).setBigUint64(0, BigInt(utf8(head).length), true)
  const want = [length, utf8(head), ...stored.map(([, t]) => rawBytes(t))]
  const got = encode(dict, metadata)
  let k = 0
  return want.every((part) => part.every((v) => got[k++] === v)) && k === got.length
}

/** Runs `decodeIsTotal` over files, or over records carrying them (`mutatedFileArb()`, which reports its mutations). */
export const checkDecodeIsTotal = (files: fc.Arbitrary<Uint8Array | { readonly bytes: Uint8Array }>, base = 300): void =>
  fc.assert(fc.property(files, (f) => decodeIsTotal(f instanceof Uint8Array ? f : f.bytes)), params(base))

/** Runs `roundTrips` over dict cases. */
export const checkRoundTrips = (cases: fc.Arbitrary<DictCase>, base = 100): void =>
  fc.assert(fc.property(cases, roundTrips), params(base))

/** Runs `encodeIsCanonical` over dict cases. */
export const checkEncodeIsCanonical = (cases: fc.Arbitrary<DictCase>, base = 100): void =>
  fc.assert(fc.property(cases, encodeIsCanonical), params(base))

/** Runs `writerLayout` over dict cases. */
export const checkWriterLayout = (cases: fc.Arbitrary<DictCase>, base = 100): void =>
  fc.assert(fc.property(cases, writerLayout), params(base))
