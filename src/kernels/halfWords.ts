/**
 * What the two 16-bit float codecs (float16, bfloat16) share: the length check of their bulk
 * functions, and which 32-bit word of a double is its low one on this platform.
 */

/** Throws unless a bulk codec's input and output lengths agree. */
export const checkLengths = (where: string, n: number, m: number): void => {
  if (n !== m) throw new RangeError(`${where}: output length must equal input length; expected ${n}, got ${m}`)
}

/** Little-endian platforms keep a double's low word first. */
export const lowWordFirst = (): boolean => new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
