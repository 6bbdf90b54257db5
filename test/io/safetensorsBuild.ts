/**
 * Hand-built safetensors files for tests: a header given as raw text (so duplicates, odd numbers and
 * broken JSON can be written), the data bytes, and an optional length field that lies. Written from
 * the format's description alone, without the library's encoder.
 */

/** Options for `file`: a length field other than the header's byte length, and header padding. */
export interface BuildOptions {
  readonly length?: bigint
  readonly pad?: boolean
}

/** The UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/** Concatenated byte arrays. */
export function concat(...parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** An 8-byte little-endian unsigned length field. */
export function lengthField(n: bigint): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, n, true)
  return out
}

/** A file: length field, header bytes (text or raw), data bytes. */
export function file(header: string | Uint8Array, data: Uint8Array | readonly number[] = [], { length, pad = false }: BuildOptions = {}): Uint8Array {
  let head = typeof header === 'string' ? utf8(header) : header
  if (pad && head.length % 8 !== 0) head = concat(head, new Array<number>(8 - (head.length % 8)).fill(0x20))
  return concat(lengthField(length ?? BigInt(head.length)), head, data)
}

/** One tensor entry's JSON text. */
export const entry = (name: string, dtype: string, shape: readonly number[], begin: number, end: number): string =>
  `${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${shape.join(',')}],"data_offsets":[${begin},${end}]}`

/** Little-endian float32 bytes. */
export function f32(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4)
  const v = new DataView(out.buffer)
  values.forEach((x, i) => v.setFloat32(4 * i, x, true))
  return out
}

/** A copy of `bytes` placed in the middle of a larger buffer filled with `fill`, as Node's pooled Buffers are. */
export function embedded(bytes: Uint8Array, before = 13, after = 29, fill = 0xee): Uint8Array {
  const big = new Uint8Array(before + bytes.length + after).fill(fill)
  big.set(bytes, before)
  return big.subarray(before, before + bytes.length)
}
