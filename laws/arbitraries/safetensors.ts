/**
 * Generators for safetensors laws: state dicts (every dtype, scalars and empty tensors, awkward
 * names, ties), string metadata, the files `encode` makes of them, and mutations of those files
 * that a damaged or hostile file could carry: bit flips, truncation, inserted and deleted bytes,
 * edited header bytes, huge or malformed numbers spliced into shapes and offsets (with the length
 * field kept consistent so the damage reaches the deep checks), duplicated entries, lying length
 * fields, foreign JSON as header, and plain random bytes.
 */
import fc from 'fast-check'
import { encode, ALIASES_KEY } from '../../src/io/safetensors/index.js'
import type { Tensor } from '../../src/tensor/index.js'
import { dtypeArb, shapeArb, tensorOfShape } from './tensor.js'

/** A state dict with the metadata it is written with. */
export interface DictCase {
  readonly dict: ReadonlyMap<string, Tensor>
  readonly metadata: ReadonlyMap<string, string>
}

const PARTS = ['weight', 'bias', '0', '1', 'layers', 'running_mean', 'é', '𝑥', 'ａ', 'a"b', 'back\\slash', 'tab\t', ' ']
const FORBIDDEN = ['__proto__', 'constructor', 'prototype', '__metadata__']

/** Tensor names: dotted paths of common and awkward parts, or arbitrary (valid) Unicode. */
export const tensorNameArb: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 3 }).map((p) => p.join('.')),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
).filter((n) => n !== '' && !n.split('.').some((p) => FORBIDDEN.includes(p)) && n !== '__metadata__')

/** String metadata (never the reserved alias key), in insertion order. */
export const metadataArb: fc.Arbitrary<ReadonlyMap<string, string>> = fc
  .uniqueArray(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 12 })), { maxLength: 3, selector: ([k]) => k })
  .map((kv) => new Map(kv.filter(([k]) => k !== ALIASES_KEY)))

/** A state dict: up to `maxTensors` names, every dtype, small shapes, some names tied to earlier tensors. */
export const stateDictArb = (maxTensors = 6): fc.Arbitrary<ReadonlyMap<string, Tensor>> =>
  fc.uniqueArray(tensorNameArb, { minLength: 0, maxLength: maxTensors }).chain((names) =>
    fc.tuple(...names.map(() => fc.tuple(shapeArb({ maxRank: 3, maxSide: 3 }), dtypeArb, fc.nat({ max: 4 }), fc.nat())))
      .chain((specs) => fc.tuple(...specs.map(([s, d]) => tensorOfShape(s, d))).map((ts) => {
        const dict = new Map<string, Tensor>()
        // A tie, about one time in five: the tensor already stored under an earlier name.
        names.forEach((n, i) => dict.set(n, specs[i][2] === 0 && i > 0 ? dict.get(names[specs[i][3] % i])! : ts[i]))
        return dict
      })))

/** A state dict with metadata. */
export const dictCaseArb = (maxTensors = 6): fc.Arbitrary<DictCase> =>
  fc.record({ dict: stateDictArb(maxTensors), metadata: metadataArb })

/** A valid file: `encode` of a dict case. */
export const validFileArb = (maxTensors = 6): fc.Arbitrary<Uint8Array> =>
  dictCaseArb(maxTensors).map(({ dict, metadata }) => encode(dict, metadata))

/** A change to a file's bytes, as data so fast-check can show and shrink it. */
export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly keep: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number }
  | { readonly kind: 'headerByte'; readonly at: number; readonly byte: number }
  | { readonly kind: 'spliceNumber'; readonly which: number; readonly text: string }
  | { readonly kind: 'duplicateEntry'; readonly which: number }
  | { readonly kind: 'lengthField'; readonly value: bigint }
  | { readonly kind: 'shiftOffsets'; readonly which: number; readonly by: number }
  | { readonly kind: 'retype'; readonly which: number; readonly dtype: string }
  | { readonly kind: 'dataByte'; readonly at: number; readonly byte: number }
  | { readonly kind: 'metadata'; readonly text: string }
  | { readonly kind: 'alias'; readonly alias: number; readonly target: number }
  | { readonly kind: 'replaceHeader'; readonly text: string }
  | { readonly kind: 'random'; readonly bytes: Uint8Array }

/** Numbers a hostile header might hold, as JSON text. */
const HOSTILE_NUMBERS = [
  '9007199254740991', '9007199254740992', '9007199254740993', '18446744073709551615', '18446744073709551616',
  '1e400', '-1', '-0', '1.5', '1e3', '0.0', '4294967296', '100000001', '0', '1', '7', '99999999999999999999999999999999',
]

/** A mutation with positions drawn freely (each is reduced modulo the file's size when applied). */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('headerByte' as const), at: fc.nat(), byte: fc.constantFrom(0x22, 0x2c, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d, 0x5c, 0x30, 0x39, 0x2d, 0x20, 0x00, 0xff, 0xc3) }),
  fc.record({ kind: fc.constant('spliceNumber' as const), which: fc.nat(), text: fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String)) }),
  fc.record({ kind: fc.constant('duplicateEntry' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('lengthField' as const), value: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 4096n })) }),
  fc.record({ kind: fc.constant('shiftOffsets' as const), which: fc.nat(), by: fc.integer({ min: -16, max: 16 }) }),
  fc.record({ kind: fc.constant('retype' as const), which: fc.nat(), dtype: fc.constantFrom('BOOL', 'U8', 'I8', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64', 'F8_E4M3', 'C64', 'X') }),
  fc.record({ kind: fc.constant('dataByte' as const), at: fc.nat(), byte: fc.constantFrom(0, 1, 2, 0x7f, 0x80, 0xff) }),
  fc.record({ kind: fc.constant('metadata' as const), text: fc.oneof(fc.json({ maxDepth: 2 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })).map((o) => JSON.stringify(o))) }),
  fc.record({ kind: fc.constant('alias' as const), alias: fc.nat(), target: fc.nat() }),
  fc.record({ kind: fc.constant('replaceHeader' as const), text: fc.json({ maxDepth: 3 }) }),
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 256 }) }),
)

const headerLength = (b: Uint8Array): number => (b.length < 8 ? 0 : Math.min(b.length - 8, new DataView(b.buffer, b.byteOffset).getUint32(0, true)))

/** A file with a new header text: the length field is rewritten to match, the data kept. */
function withHeader(b: Uint8Array, text: string): Uint8Array {
  const head = new TextEncoder().encode(text)
  const data = b.subarray(8 + headerLength(b))
  const out = new Uint8Array(8 + head.length + data.length)
  new DataView(out.buffer).setUint32(0, head.length, true)
  out.set(head, 8)
  out.set(data, 8 + head.length)
  return out
}

const ENTRY = /"((?:[^"\\]|\\.)*)":\{"dtype":"(\w+)","shape":\[([\d,]*)\],"data_offsets":\[(\d+),(\d+)\]\}/g
const METADATA = /^\{"__metadata__":\{(?:"(?:[^"\\]|\\.)*":"(?:[^"\\]|\\.)*",?)*\},?/

/** A JSON string body as text (an earlier mutation may have broken it: then as it stands). */
function unquote(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string
  } catch {
    return body
  }
}

/** The header with its metadata object replaced by `json` (inserted first if there was none). */
function withMetadata(text: string, json: string): string {
  const body = text.trimEnd().replace(METADATA, '{').slice(1)
  return `{"__metadata__":${json}${body === '}' ? '' : ','}${body}`
}

/** Applies a mutation to a copy of `b` (valid files, as `encode` writes them, are assumed). */
export function applyMutation(b: Uint8Array, m: Mutation): Uint8Array {
  const n = Math.max(b.length, 1)
  const text = new TextDecoder().decode(b.subarray(8, 8 + headerLength(b)))
  switch (m.kind) {
    case 'flip': {
      const out = b.slice()
      if (out.length > 0) out[m.at % n] ^= 1 << m.bit
      return out
    }
    case 'truncate': return b.slice(0, m.keep % n)
    case 'insert': {
      const at = m.at % (b.length + 1)
      const out = new Uint8Array(b.length + m.bytes.length)
      out.set(b.subarray(0, at))
      out.set(m.bytes, at)
      out.set(b.subarray(at), at + m.bytes.length)
      return out
    }
    case 'delete': {
      const at = m.at % n
      const out = new Uint8Array(Math.max(0, b.length - Math.min(m.count, b.length - at)))
      out.set(b.subarray(0, at))
      out.set(b.subarray(at + m.count), at)
      return out
    }
    case 'headerByte': {
      const out = b.slice()
      const h = headerLength(b)
      if (h > 0) out[8 + (m.at % h)] = m.byte
      return out
    }
    case 'spliceNumber': {
      const spots = [...text.matchAll(/\d+/g)]
      if (spots.length === 0) return b.slice()
      const s = spots[m.which % spots.length]
      return withHeader(b, text.slice(0, s.index) + m.text + text.slice(s.index! + s[0].length))
    }
    case 'duplicateEntry': {
      const entries = [...text.matchAll(/"(?:[^"\\]|\\.)*":\{"dtype"[^}]*\}/g)]
      if (entries.length === 0) return b.slice()
      const e = entries[m.which % entries.length]
      const end = text.trimEnd().length - 1 // the closing brace
      return withHeader(b, `${text.slice(0, end)},${e[0]}}`)
    }
    case 'lengthField': {
      const out = b.slice()
      if (out.length >= 8) new DataView(out.buffer).setBigUint64(0, m.value, true)
      return out
    }
    case 'shiftOffsets':
    case 'retype': {
      const entries = [...text.matchAll(ENTRY)]
      if (entries.length === 0) return b.slice()
      const e = entries[m.which % entries.length]
      const [, , dtype, shape, begin, end] = e
      const replaced = m.kind === 'retype'
        ? `"${e[1]}":{"dtype":"${m.dtype}","shape":[${shape}],"data_offsets":[${begin},${end}]}`
        : `"${e[1]}":{"dtype":"${dtype}","shape":[${shape}],"data_offsets":[${Math.max(0, Number(begin) + m.by)},${Math.max(0, Number(end) + m.by)}]}`
      return withHeader(b, text.slice(0, e.index) + replaced + text.slice(e.index! + e[0].length))
    }
    case 'dataByte': {
      const out = b.slice()
      const start = 8 + headerLength(b)
      if (out.length > start) out[start + (m.at % (out.length - start))] = m.byte
      return out
    }
    case 'metadata': return withHeader(b, withMetadata(text, m.text))
    case 'alias': {
      // An alias table naming tensors of the file (or one past them, a name that is not stored).
      const names = [...text.matchAll(ENTRY)].map((e) => unquote(e[1]))
      const pick = (k: number) => names[k % (names.length + 1)] ?? 'not.stored'
      const table = JSON.stringify({ [ALIASES_KEY]: JSON.stringify({ [pick(m.alias)]: pick(m.target) }) })
      return withHeader(b, withMetadata(text, table))
    }
    case 'replaceHeader': return withHeader(b, m.text)
    case 'random': return m.bytes.slice()
  }
}

/** A damaged file: a valid one, the mutations (one to three, applied in turn) and the result. */
export interface MutatedFile {
  readonly original: Uint8Array
  readonly mutations: readonly Mutation[]
  readonly bytes: Uint8Array
}

/** A mutated valid file; the original and the mutations come along for failure reports. */
export const mutatedFileArb = (maxTensors = 4): fc.Arbitrary<MutatedFile> =>
  fc.tuple(validFileArb(maxTensors), fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
    .map(([original, mutations]) => ({ original, mutations, bytes: mutations.reduce(applyMutation, original) }))
