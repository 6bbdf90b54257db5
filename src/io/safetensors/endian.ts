/**
 * Byte order. safetensors data is little-endian and typed arrays use the host's order, which is
 * little-endian on every common platform; on a big-endian host the reader and writer swap each
 * element's bytes in a buffer they own, so the file bytes are right either way.
 */

/** Whether typed arrays on this host store the low byte first. */
export const isLittleEndianHost = (): boolean => new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Reverses the bytes of every `size`-byte element of `bytes`, in place. */
export function swapBytes(bytes: Uint8Array, size: number): void {
  if (size === 1) return
  if (bytes.length % size !== 0) throw new RangeError(`swapBytes: ${bytes.length} bytes are not whole ${size}-byte elements`)
  for (let i = 0; i < bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]
      bytes[a] = bytes[b]
      bytes[b] = t
    }
  }
}
