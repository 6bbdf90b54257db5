/**
 * Strided access, the one odometer that broadcasting, permute, expand, slicing and their
 * gradients share: walk a shape in row-major order and list, for each position, the offset into
 * a source whose dims advance by `strides` (0 repeats a dim, permuted strides transpose).
 */
import type { Storage } from './dtype.js'
import type { Shape } from './shape.js'

/** For each row-major position of `shape`, `base` + Σ index·stride. */
export function stridedOffsets(shape: Shape, strides: readonly number[], length: number, base = 0): Int32Array {
  const nd = shape.length
  const offs = new Int32Array(length)
  const idx = new Array<number>(nd).fill(0)
  let off = base
  for (let i = 0; i < length; i++) {
    offs[i] = off
    // Bump the last dim; carry into earlier ones, rewinding their offset contribution.
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++
      off += strides[d]
      if (idx[d] < shape[d]) break
      off -= strides[d] * shape[d]
      idx[d] = 0
    }
  }
  return offs
}

/** A fresh array of `src`'s type: `out[i] = src[offset of position i]` over `shape`. */
export function gather<S extends Storage>(src: S, shape: Shape, strides: readonly number[], length: number, base = 0): S {
  const offs = stridedOffsets(shape, strides, length, base)
  const dst = new (src.constructor as new (n: number) => S)(length)
  const s = src as unknown as number[]
  const o = dst as unknown as number[]
  for (let i = 0; i < length; i++) o[i] = s[offs[i]]
  return dst
}

/** The adjoint of gather: a zeroed array of `size` with `src[i]` added at each position's offset. */
export function scatterAdd(src: ArrayLike<number>, size: number, shape: Shape, strides: readonly number[], base = 0): Float64Array {
  const offs = stridedOffsets(shape, strides, src.length, base)
  const dst = new Float64Array(size)
  for (let i = 0; i < src.length; i++) dst[offs[i]] += src[i]
  return dst
}
