/**
 * `immutorch/node`: file helpers that need Node's `fs`, kept out of the core so the main entry runs
 * in browsers. `saveFile` writes `encode`'s bytes; `loadFile` reads a file and decodes it, with read
 * failures as values next to the format's own errors.
 *
 * A file read here lands in a buffer nothing else holds, so `loadFile` lets aligned tensors view it
 * without a copy; when Node hands back a slice of a shared pool instead (small files), it copies.
 * @module immutorch/node
 */
import { readFile, writeFile } from 'node:fs/promises'
import * as E from 'fp-ts/lib/Either.js'
import type { StateDict } from '../io/stateDict.js'
import { decode, type Decoded } from '../io/safetensors/decode.js'
import { encode, type Metadata } from '../io/safetensors/encode.js'
import type { DecodeError } from '../io/safetensors/errors.js'
import type { Tensor } from '../tensor/tensor.js'

/** The file could not be read: Node's error code (`ENOENT`, …) and message. */
export interface ReadFailed {
  readonly _tag: 'ReadFailed'
  readonly path: string
  readonly code: string
  readonly message: string
}

/** Why `loadFile` returned no tensors: a read failure or a refused file. */
export type LoadFileError = ReadFailed | DecodeError

/**
 * Writes `dict` (and optional string metadata) to `path` as a safetensors file.
 * @example
 * import { io, nn, random } from 'immutorch'
 * import { saveFile } from 'immutorch/node'
 *
 * const model = nn.Linear(2, 1, { key: random.key(0) })
 * await saveFile('model.safetensors', io.stateDict(model), { format: 'pt' })
 */
export async function saveFile(path: string, dict: StateDict | Readonly<Record<string, Tensor>>, metadata?: Metadata): Promise<void> {
  await writeFile(path, encode(dict, metadata))
}

/**
 * Reads and decodes the safetensors file at `path`.
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { io, nn, random } from 'immutorch'
 * import { loadFile, saveFile } from 'immutorch/node'
 *
 * await saveFile('model.safetensors', io.stateDict(nn.Linear(2, 1, { key: random.key(0) })))
 * const loaded = await loadFile('model.safetensors') // Either<LoadFileError, Decoded>
 * // In file order: the writer sorts tensors by dtype, then by name.
 * E.isRight(loaded) && Array.from(loaded.right.tensors.keys()) // ['bias', 'weight']
 * const missing = await loadFile('no-such-file.safetensors')
 * E.isLeft(missing) && missing.left._tag // 'ReadFailed'
 */
export async function loadFile(path: string): Promise<E.Either<LoadFileError, Decoded>> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown }
    return E.left({ _tag: 'ReadFailed', path, code: typeof err.code === 'string' ? err.code : 'UNKNOWN', message: String(err.message ?? e) })
  }
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  return decode(bytes, { copy: !owned })
}
