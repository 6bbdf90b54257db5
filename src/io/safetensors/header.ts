/**
 * Reading and validating a safetensors header: the 8-byte little-endian length, the UTF-8 JSON
 * object it frames, and every tensor entry in it, against the bytes that follow. Nothing is sliced
 * or decoded before its length is checked against the view it comes from, so a hostile length field
 * cannot make the reader allocate or read past [byteOffset, byteOffset + byteLength).
 *
 * Order of checks: length field, bounds, UTF-8, JSON (with duplicates), a top-level object, then each
 * entry in header order (name, fields, dtype, shape, offsets, sizes), then the entries sorted by
 * offsets as the reference sorts them (contiguous from 0, no gaps or overlaps), then coverage of
 * the data region (nothing missing, nothing trailing).
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeError, type DecodeError } from './errors.js'
import { isStDType, stSize, UNSUPPORTED, type StDType } from './dtypes.js'
import { kindOf, parseJson, type Json } from './json.js'
import { isAllowedName, METADATA_KEY } from './names.js'

/** The reference reader's limit on the header length. */
export const MAX_HEADER_BYTES = 100_000_000

/** One tensor's header entry, validated. Offsets are relative to the start of the data region. */
export interface TensorEntry {
  readonly name: string
  readonly dtype: StDType
  readonly shape: readonly number[]
  readonly begin: number
  readonly end: number
}

/** A validated header: entries in data order, the metadata, and where the data region starts. */
export interface Header {
  readonly entries: readonly TensorEntry[]
  readonly metadata: ReadonlyMap<string, string>
  readonly dataStart: number
}

const FIELDS: readonly string[] = ['dtype', 'shape', 'data_offsets']
const INTEGER = /^(0|[1-9][0-9]*)$/

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s)

/** A safe non-negative integer from a JSON number written as a plain integer, else a reason. */
function naturalOf(v: Json): number | string {
  if (v.kind !== 'number') return `holds ${kindOf(v)}`
  if (!INTEGER.test(v.text)) return `holds ${clip(v.text)}, not a non-negative integer`
  const n = Number(v.text)
  return Number.isSafeInteger(n) ? n : `holds ${clip(v.text)}, beyond the safe integers`
}

/** A list of naturals, or the reason it is not one. */
function naturals(v: Json): number[] | string {
  if (v.kind !== 'array') return `must be an array of non-negative integers, got ${kindOf(v)}`
  const out: number[] = []
  for (let k = 0; k < v.items.length; k++) {
    const n = naturalOf(v.items[k])
    if (typeof n === 'string') return `entry ${k} ${n}`
    out.push(n)
  }
  return out
}

/** The `__metadata__` value as a string → string map. */
function metadataOf(v: Json): E.Either<DecodeError, Map<string, string>> {
  if (v.kind !== 'object') return E.left(decodeError({ _tag: 'MetadataNotObject', found: kindOf(v) }))
  const out = new Map<string, string>()
  for (const [k, x] of v.entries) {
    if (x.kind !== 'string') return E.left(decodeError({ _tag: 'MetadataValueNotString', key: k, found: kindOf(x) }))
    out.set(k, x.value)
  }
  return E.right(out)
}

/** Validates one entry on its own (not yet against the others or the data region). */
function entryOf(name: string, v: Json): E.Either<DecodeError, TensorEntry> {
  const bad = (e: Parameters<typeof decodeError>[0]) => E.left(decodeError(e))
  if (!isAllowedName(name)) return bad({ _tag: 'ForbiddenName', name })
  if (v.kind !== 'object') return bad({ _tag: 'EntryNotObject', name, found: kindOf(v) })
  const field = new Map<string, Json>()
  for (const [k, x] of v.entries) {
    if (!FIELDS.includes(k)) return bad({ _tag: 'UnknownField', name, field: k })
    field.set(k, x)
  }
  for (const f of FIELDS) if (!field.has(f)) return bad({ _tag: 'MissingField', name, field: f })
  const d = field.get('dtype')!
  if (d.kind !== 'string') return bad({ _tag: 'UnknownDtype', name, dtype: kindOf(d) })
  if (!isStDType(d.value)) return bad({ _tag: UNSUPPORTED.includes(d.value) ? 'UnsupportedDtype' : 'UnknownDtype', name, dtype: d.value })
  const shape = naturals(field.get('shape')!)
  if (typeof shape === 'string') return bad({ _tag: 'InvalidShape', name, reason: shape })
  const offsets = naturals(field.get('data_offsets')!)
  if (typeof offsets === 'string') return bad({ _tag: 'InvalidOffsets', name, reason: offsets })
  if (offsets.length !== 2) return bad({ _tag: 'InvalidOffsets', name, reason: `must hold 2 integers [begin, end], got ${offsets.length}` })
  const [begin, end] = offsets
  // Checked products in header order, as the reference folds them: an overflow is an error even
  // when a later size is 0.
  let count = 1
  for (const s of shape) {
    count *= s
    if (count > Number.MAX_SAFE_INTEGER) return bad({ _tag: 'ElementCountOverflow', name, shape })
  }
  const bytes = count * stSize(d.value)
  if (bytes > Number.MAX_SAFE_INTEGER) return bad({ _tag: 'ElementCountOverflow', name, shape })
  if (begin > end) return bad({ _tag: 'OffsetsReversed', name, begin, end })
  if (end - begin !== bytes) return bad({ _tag: 'ByteLengthMismatch', name, expected: bytes, got: end - begin })
  return E.right({ name, dtype: d.value, shape: Object.freeze(shape), begin, end })
}

/** Entries sorted by offsets must tile [0, end) exactly; returns where the data ends. */
function checkTiling(sorted: readonly TensorEntry[]): E.Either<DecodeError, number> {
  let at = 0
  for (const t of sorted) {
    if (t.begin > at) return E.left(decodeError({ _tag: 'OffsetGap', name: t.name, expected: at, begin: t.begin }))
    if (t.begin < at) return E.left(decodeError({ _tag: 'OffsetOverlap', name: t.name, expected: at, begin: t.begin }))
    at = t.end
  }
  return E.right(at)
}

/** Parses and validates the header of `bytes` (a whole safetensors file). */
export function readHeader(bytes: Uint8Array): E.Either<DecodeError, Header> {
  const size = bytes.byteLength
  if (size < 8) return E.left(decodeError({ _tag: 'HeaderTooSmall', byteLength: size }))
  const lo = (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0
  const hi = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0
  if (hi !== 0 || lo > MAX_HEADER_BYTES) {
    return E.left(decodeError({ _tag: 'HeaderTooLarge', declared: ((BigInt(hi) << 32n) | BigInt(lo)).toString() }))
  }
  const n = lo
  if (n > size - 8) return E.left(decodeError({ _tag: 'HeaderOutOfBounds', declared: n, available: size - 8 }))
  let text: string
  try {
    // ignoreBOM keeps a leading U+FEFF in the text, so the JSON parser refuses it rather than skipping it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + n))
  } catch {
    return E.left(decodeError({ _tag: 'InvalidUtf8' }))
  }
  const parsed = parseJson(text)
  if (E.isLeft(parsed)) {
    const f = parsed.left
    return E.left(decodeError(f.kind === 'duplicate' ? { _tag: 'DuplicateKey', key: f.key, path: f.path } : { _tag: 'InvalidJson', at: f.at, reason: f.reason }))
  }
  const root = parsed.right
  if (root.kind !== 'object') return E.left(decodeError({ _tag: 'HeaderNotObject', found: kindOf(root) }))
  let metadata = new Map<string, string>()
  const entries: TensorEntry[] = []
  for (const [name, v] of root.entries) {
    if (name === METADATA_KEY) {
      const m = metadataOf(v)
      if (E.isLeft(m)) return m
      metadata = m.right
      continue
    }
    const t = entryOf(name, v)
    if (E.isLeft(t)) return t
    entries.push(t.right)
  }
  // Array.prototype.sort is stable: entries with equal offsets (empty tensors) keep header order.
  const sorted = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end)
  const tiled = checkTiling(sorted)
  if (E.isLeft(tiled)) return tiled
  const end = tiled.right
  const available = size - 8 - n
  if (end > available) return E.left(decodeError({ _tag: 'DataTruncated', end, available }))
  if (end < available) return E.left(decodeError({ _tag: 'TrailingBytes', end, available }))
  return E.right({ entries: Object.freeze(sorted), metadata, dataStart: 8 + n })
}
