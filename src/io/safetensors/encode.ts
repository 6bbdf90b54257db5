/**
 * Encoding a state dict as a safetensors file, byte for byte as the reference writer (Rust
 * `safetensors`, `prepare` + `serialize`) lays it out: tensors sorted by dtype in descending order
 * of the reference's `Dtype` enum (I64, F64, F32, I32, BF16, F16, I16, I8, U8, BOOL), then by name
 * in code-point order; data offsets contiguous from 0; the header as compact JSON with
 * `__metadata__` first (only when there is metadata), then each tensor as
 * `{"dtype","shape","data_offsets"}`, padded with spaces to a multiple of 8 bytes.
 *
 * A Tensor object that appears under several names (a tie) is written once, under its first name,
 * and the other names go to the alias table in the metadata (see aliases.ts). The reference writes
 * metadata in hash-map order; here it is written in the order given.
 */
import { itemsize, type Storage } from '../../tensor/dtype.js'
import { Tensor, storageOf } from '../../tensor/tensor.js'
import type { StateDict } from '../stateDict.js'
import { ALIASES_KEY, aliasesText } from './aliases.js'
import { stOfDtype, stRank } from './dtypes.js'
import { isLittleEndianHost, swapBytes } from './endian.js'
import { MAX_HEADER_BYTES } from './header.js'
import { compareCodePoints, hasLoneSurrogate, isAllowedName, METADATA_KEY } from './names.js'

/** String metadata for a file, as a Map or a record. */
export type Metadata = ReadonlyMap<string, string> | Readonly<Record<string, string>>

const entriesOf = <V>(x: ReadonlyMap<string, V> | Readonly<Record<string, V>>): [string, V][] =>
  x instanceof Map ? [...(x as ReadonlyMap<string, V>)] : Object.entries(x as Readonly<Record<string, V>>)

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !isAllowedName(name) || name === METADATA_KEY) {
    throw new TypeError(`safetensors.encode: tensor name ${JSON.stringify(name)} is not allowed; expected a non-empty name, not "${METADATA_KEY}", with no part named __proto__, constructor or prototype`)
  }
  if (hasLoneSurrogate(name)) throw new TypeError(`safetensors.encode: tensor name ${JSON.stringify(name)} has an unpaired surrogate and cannot be written as UTF-8`)
  return name
}

function checkMetadata(metadata: Metadata | undefined): [string, string][] {
  if (metadata === undefined) return []
  const entries = entriesOf(metadata)
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw new TypeError(`safetensors.encode: metadata ${JSON.stringify(k)} must be a string, got ${typeof v}`)
    if (k === ALIASES_KEY) throw new TypeError(`safetensors.encode: metadata key "${ALIASES_KEY}" is reserved for the alias table of tied tensors`)
    if (hasLoneSurrogate(k) || hasLoneSurrogate(v)) throw new TypeError(`safetensors.encode: metadata ${JSON.stringify(k)} has an unpaired surrogate and cannot be written as UTF-8`)
  }
  return entries
}

/**
 * The tensors of `dict` (and optional string metadata) as safetensors bytes.
 * @example
 * import { io, tensor } from 'immutorch'
 *
 * const bytes = io.safetensors.encode({ bias: tensor([1, 2, 3]) }, { format: 'pt' })
 * new TextDecoder().decode(bytes.subarray(8, 80)).startsWith('{"__metadata__":{"format":"pt"},"bias":{"dtype":"F32","shape":[3]') // true
 */
export function encode(dict: StateDict | Readonly<Record<string, Tensor>>, metadata?: Metadata): Uint8Array {
  const first = new Map<Tensor, string>()
  const aliases: [string, string][] = []
  for (const [rawName, t] of entriesOf(dict)) {
    const name = checkName(rawName)
    if (!(t instanceof Tensor)) throw new TypeError(`safetensors.encode: ${JSON.stringify(name)} is not a Tensor`)
    const target = first.get(t)
    if (target === undefined) first.set(t, name)
    else aliases.push([name, target])
  }
  const meta = checkMetadata(metadata)
  if (aliases.length > 0) meta.push([ALIASES_KEY, aliasesText(aliases)])
  const stored = [...first].map(([t, name]) => ({ t, name, st: stOfDtype(t.dtype) }))
  stored.sort((a, b) => stRank(b.st) - stRank(a.st) || compareCodePoints(a.name, b.name))

  const parts: string[] = []
  if (meta.length > 0) parts.push(`"${METADATA_KEY}":{${meta.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`)
  let offset = 0
  for (const { t, name, st } of stored) {
    const n = t.size * itemsize(t.dtype)
    parts.push(`${JSON.stringify(name)}:{"dtype":"${st}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${offset + n}]}`)
    offset += n
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`)
  const headerLength = Math.ceil(json.length / 8) * 8
  if (headerLength > MAX_HEADER_BYTES) {
    throw new RangeError(`safetensors.encode: the header would take ${headerLength} bytes; readers refuse more than ${MAX_HEADER_BYTES}`)
  }

  const out = new Uint8Array(8 + headerLength + offset)
  new DataView(out.buffer).setUint32(0, headerLength, true) // bytes 4–7 stay 0: the length fits in 32 bits
  out.set(json, 8)
  out.fill(0x20, 8 + json.length, 8 + headerLength)
  const le = isLittleEndianHost()
  let at = 8 + headerLength
  for (const { t } of stored) at = writeData(out, at, storageOf(t), itemsize(t.dtype), le)
  return out
}

/**
 * @internal Copies `storage` into `out` at `at` in little-endian order, returning the next offset;
 * `le` is the host's byte order, a parameter so tests can take the big-endian path.
 */
export function writeData(out: Uint8Array, at: number, storage: Storage, size: number, le: boolean): number {
  out.set(new Uint8Array(storage.buffer, storage.byteOffset, storage.byteLength), at)
  if (!le) swapBytes(out.subarray(at, at + storage.byteLength), size)
  return at + storage.byteLength
}
