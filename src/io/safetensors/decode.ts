/**
 * Decoding a safetensors file into a state dict. The header is validated first (header.ts), then
 * the element values that can be invalid (BOOL bytes other than 0/1, U64 values past the int64
 * range) are checked before anything is allocated; only then are the tensors built.
 *
 * Memory: by default each tensor gets its own copy of its bytes, because a tensor is immutable and
 * the caller's buffer could change later. With `{ copy: false }`, a tensor whose bytes are aligned
 * for its element type (and needs no widening or byte swap) views the caller's buffer directly: the
 * caller hands the buffer over and must not write to it while the tensors live. Misaligned data is
 * copied either way. Nothing is read outside the view [byteOffset, byteOffset + byteLength).
 */
import * as E from 'fp-ts/lib/Either.js'
import { allocate, type DType, type Storage } from '../../tensor/dtype.js'
import { fromStorage, type Tensor } from '../../tensor/tensor.js'
import type { StateDict } from '../stateDict.js'
import { ALIASES_KEY, readAliases } from './aliases.js'
import { dtypeOfSt, stSize } from './dtypes.js'
import { isLittleEndianHost, swapBytes } from './endian.js'
import { decodeError, type DecodeError } from './errors.js'
import { readHeader, type TensorEntry } from './header.js'

/** How to decode: `copy: false` lets aligned tensors view the given buffer (see the file header). */
export interface DecodeOptions {
  readonly copy?: boolean
}

/** A decoded file: tensors by name, and the string metadata (the alias table removed). */
export interface Decoded {
  /** Stored tensors in data order, then aliases in table order; an alias is its target's object. */
  readonly tensors: StateDict
  readonly metadata: ReadonlyMap<string, string>
}

type ViewMaker = (buffer: ArrayBufferLike, byteOffset: number, length: number) => Storage

const VIEW: Readonly<Record<DType, ViewMaker>> = {
  float32: (b, o, n) => new Float32Array(b, o, n),
  float64: (b, o, n) => new Float64Array(b, o, n),
  float16: (b, o, n) => new Uint16Array(b, o, n),
  bfloat16: (b, o, n) => new Uint16Array(b, o, n),
  int64: (b, o, n) => new BigInt64Array(b, o, n),
  int32: (b, o, n) => new Int32Array(b, o, n),
  int16: (b, o, n) => new Int16Array(b, o, n),
  int8: (b, o, n) => new Int8Array(b, o, n),
  uint8: (b, o, n) => new Uint8Array(b, o, n),
  bool: (b, o, n) => new Uint8Array(b, o, n),
}

/** The first invalid element value of an entry, if any (BOOL not 0/1, U64 above int64). */
function checkValues(src: Uint8Array, e: TensorEntry): DecodeError | undefined {
  if (e.dtype === 'BOOL') {
    for (let i = 0; i < src.length; i++) {
      if (src[i] > 1) return decodeError({ _tag: 'InvalidBool', name: e.name, index: i, value: src[i] })
    }
  } else if (e.dtype === 'U64') {
    for (let i = 7; i < src.length; i += 8) {
      if (src[i] & 0x80) return decodeError({ _tag: 'ValueOutOfRange', name: e.name, index: (i - 7) / 8 })
    }
  }
  return undefined
}

/**
 * @internal The storage for one entry whose bytes are `src` (a subarray of the caller's view);
 * `le` is the host's byte order, a parameter so tests can take the big-endian path.
 */
export function storageFor(src: Uint8Array, e: TensorEntry, copy: boolean, le: boolean): Storage {
  const size = stSize(e.dtype)
  const n = src.length / size
  if (e.dtype === 'U16') {
    const out = new Int32Array(n)
    for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = src[j] | (src[j + 1] << 8)
    return out
  }
  if (e.dtype === 'U32') {
    // Each value becomes the low word of an int64; the high word stays 0.
    const out = new BigInt64Array(n)
    const words = new Uint32Array(out.buffer)
    const low = le ? 0 : 1
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      words[2 * i + low] = (src[j] | (src[j + 1] << 8) | (src[j + 2] << 16) | (src[j + 3] << 24)) >>> 0
    }
    return out
  }
  const dtype = dtypeOfSt(e.dtype)
  if (!copy && le && src.byteOffset % size === 0) return VIEW[dtype](src.buffer, src.byteOffset, n)
  const out = allocate(dtype, n)
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
  bytes.set(src)
  if (!le) swapBytes(bytes, size)
  return out
}

/**
 * Decodes a whole safetensors file. Never throws on bad data: every refusal is a `DecodeError`.
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { io, tensor } from 'immutorch'
 *
 * const decoded = io.safetensors.decode(io.safetensors.encode({ bias: tensor([1, 2, 3]) }, { format: 'pt' }))
 * E.isRight(decoded) && decoded.right.tensors.get('bias') // [1, 2, 3]
 * E.isRight(decoded) && decoded.right.metadata.get('format') // 'pt'
 * const bad = io.safetensors.decode(new Uint8Array(4))
 * E.isLeft(bad) && bad.left._tag // 'HeaderTooSmall'
 */
export function decode(bytes: Uint8Array, { copy = true }: DecodeOptions = {}): E.Either<DecodeError, Decoded> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`safetensors.decode: expected a Uint8Array, got ${Object.prototype.toString.call(bytes)}`)
  const header = readHeader(bytes)
  if (E.isLeft(header)) return header
  const { entries, dataStart } = header.right
  const metadata = new Map(header.right.metadata)
  let aliases: readonly (readonly [string, string])[] = []
  const table = metadata.get(ALIASES_KEY)
  if (table !== undefined) {
    const read = readAliases(table, new Set(entries.map((e) => e.name)))
    if (E.isLeft(read)) return read
    aliases = read.right
    metadata.delete(ALIASES_KEY)
  }
  const source = (e: TensorEntry): Uint8Array => bytes.subarray(dataStart + e.begin, dataStart + e.end)
  for (const e of entries) {
    const bad = checkValues(source(e), e)
    if (bad !== undefined) return E.left(bad)
  }
  const le = isLittleEndianHost()
  const tensors = new Map<string, Tensor>()
  for (const e of entries) tensors.set(e.name, fromStorage(storageFor(source(e), e, copy, le), e.shape, dtypeOfSt(e.dtype)))
  for (const [alias, target] of aliases) tensors.set(alias, tensors.get(target)!)
  return E.right({ tensors, metadata })
}
