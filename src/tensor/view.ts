/**
 * Shape ops: reshape, flatten, squeeze, unsqueeze share storage (the same array object, never
 * written while readable, so sharing is safe and free, and a donation makes every sharer
 * unreadable at once); transpose, permute and expand copy into a fresh contiguous tensor.
 */
import type { Storage } from './dtype.js'
import { gather } from './strided.js'
import { traced } from './trace.js'
import { dual } from './dual.js'
import { checkShape, normDim, numel, showShape, stridesOf, type Shape } from './shape.js'
import { fromStorage, storageOf, type Tensor } from './tensor.js'

/** `x`'s storage under a new shape; the cotangent is reshaped back. */
const share = (x: Tensor, shape: Shape): Tensor =>
  traced(fromStorage(storageOf(x), shape, x.dtype, x.device), [x], (g, [x]) => [share(g, x.shape)])

/**
 * Same elements, new shape; one size may be −1 and is inferred.
 * @example
 * import { arange, reshape } from 'immutorch'
 *
 * reshape(arange(6), [2, -1]) // [[0, 1, 2], [3, 4, 5]]
 */
export const reshape: {
  (x: Tensor, shape: readonly number[]): Tensor
  (shape: readonly number[]): (x: Tensor) => Tensor
} = dual(2, (x: Tensor, shape: readonly number[]) => {
  const infer = shape.indexOf(-1)
  if (infer !== shape.lastIndexOf(-1)) throw new RangeError(`reshape: only one size may be -1, got ${showShape(shape)}`)
  const known = infer < 0 ? shape : shape.filter((_, i) => i !== infer)
  checkShape(known, 'reshape')
  const rest = numel(known)
  let full: readonly number[] = shape.slice() // never the caller's array: shapes are frozen in place
  if (infer >= 0) {
    if (rest === 0 || x.size % rest !== 0) {
      throw new RangeError(`reshape: cannot infer -1 in ${showShape(shape)} for a tensor of ${x.size} elements`)
    }
    full = shape.map((s) => (s === -1 ? x.size / rest : s))
  }
  if (numel(full) !== x.size) {
    throw new RangeError(`reshape: shape ${showShape(shape)} has ${numel(full)} elements but the tensor ${showShape(x.shape)} has ${x.size}`)
  }
  return share(x, full)
})

/** Merges dims `startDim..endDim` into one (torch.flatten). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return share(x, [1])
  const s = normDim('flatten', startDim, x.ndim)
  const e = normDim('flatten', endDim, x.ndim)
  if (s > e) throw new RangeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`)
  const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1)
  return share(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)])
}

/** Removes size-1 dims (all of them, or just `dim` when it has size 1). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return share(x, x.shape.filter((s) => s !== 1))
  const d = normDim('squeeze', dim, x.ndim)
  return x.ndim === 0 || x.shape[d] !== 1 ? x : share(x, x.shape.filter((_, i) => i !== d))
}

/** Inserts a size-1 dim at `dim` (which may be x.ndim). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim('unsqueeze', dim, x.ndim + 1)
  return share(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)])
}

/** Copies `src` (of shape `shape`) reading dim `order[i]` as output dim i. */
export function permuteStorage<S extends Storage>(src: S, shape: Shape, order: readonly number[]): S {
  const st = stridesOf(shape)
  return gather(src, order.map((d) => shape[d]), order.map((d) => st[d]), src.length)
}

/**
 * Reorders dims: output dim i is input dim `dims[i]` (torch.permute).
 * @example
 * import { permute, zeros } from 'immutorch'
 *
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape // [4, 2, 3]
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const order = dims.map((d) => normDim('permute', d, x.ndim))
  if (order.length !== x.ndim || new Set(order).size !== order.length) {
    throw new RangeError(`permute: dims ${showShape(dims)} must be a permutation of ${x.ndim} dims`)
  }
  if (order.every((d, i) => d === i)) return x
  const data = permuteStorage(storageOf(x), x.shape, order)
  const inverse = order.map((_, i) => order.indexOf(i))
  return traced(fromStorage(data, order.map((d) => x.shape[d]), x.dtype, x.device), [x], (g) => [permute(g, inverse)])
}

/**
 * Swaps two dims (torch.transpose).
 * @example
 * import { tensor, transpose } from 'immutorch'
 *
 * transpose(tensor([[1, 2, 3]]), 0, 1) // [[1], [2], [3]]
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normDim('transpose', dim0, x.ndim)
  const b = normDim('transpose', dim1, x.ndim)
  if (x.ndim === 0) return x
  const order = [...Array(x.ndim).keys()]
  order[a] = b
  order[b] = a
  return permute(x, order)
}

/** Transpose of a tensor of at most 2 dims (torch.t). */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new RangeError(`t: expects a tensor of at most 2 dims, got ${showShape(x.shape)}; use transpose`)
  return x.ndim < 2 ? x : transpose(x, 0, 1)
}

/** Broadcasts to `shape` (−1 keeps a size), copying (torch.expand, materialised). */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const off = shape.length - x.ndim
  if (off < 0) throw new RangeError(`expand: target ${showShape(shape)} has fewer dims than ${showShape(x.shape)}`)
  const target = shape.map((s, i) => (s === -1 && i >= off ? x.shape[i - off] : s))
  checkShape(target, 'expand')
  const st = stridesOf(x.shape)
  const bst = target.map((s, i) => {
    const j = i - off
    if (j < 0) return 0
    if (x.shape[j] === s) return st[j]
    if (x.shape[j] === 1) return 0
    throw new RangeError(`expand: size ${x.shape[j]} at dim ${j} of ${showShape(x.shape)} cannot expand to ${s} in ${showShape(target)}`)
  })
  // The cotangent comes back in the target shape; grad sums it over the expanded dims.
  return traced(fromStorage(gather(storageOf(x), target, bst, numel(target)), target, x.dtype, x.device), [x], (g) => [g])
}
