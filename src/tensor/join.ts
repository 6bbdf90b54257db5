/**
 * Joining tensors: cat along an existing dim and stack along a new one, promoting dtypes as
 * torch.cat does.
 */
import { allocate, type Storage } from './dtype.js'
import { castStorage } from './convert.js'
import { promoteTypes } from './promote.js'
import { normDim, numel, showShape } from './shape.js'
import { fromStorage, storageOf, type Tensor } from './tensor.js'
import { unsqueeze } from './view.js'
import { slice } from './slice.js'
import { traced } from './trace.js'

/**
 * Concatenates along `dim`; all other sizes must agree.
 * @example
 * import { cat, tensor } from 'immutorch'
 *
 * cat([tensor([1, 2]), tensor([3])]) // [1, 2, 3]
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('cat: expects a non-empty list of tensors')
  const first = tensors[0]
  const d = normDim('cat', dim, first.ndim)
  if (first.ndim === 0) throw new RangeError('cat: zero-dim tensors cannot be concatenated; use stack')
  tensors.forEach((t, i) => {
    const ok = t.ndim === first.ndim && t.shape.every((s, j) => j === d || s === first.shape[j])
    if (!ok) {
      throw new RangeError(`cat: tensor ${i} has shape ${showShape(t.shape)} but tensor 0 has ${showShape(first.shape)}; sizes must match except in dim ${d}`)
    }
    if (t.device !== first.device) throw new RangeError(`cat: tensor ${i} is on ${t.device} but tensor 0 is on ${first.device}`)
  })
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes)
  const outer = numel(first.shape.slice(0, d))
  const inner = numel(first.shape.slice(d + 1))
  const shape = first.shape.map((s, j) => (j === d ? tensors.reduce((a, t) => a + t.shape[d], 0) : s))
  const out = allocate(dtype, numel(shape)) as Storage
  const srcs = tensors.map((t) => (t.dtype === dtype ? storageOf(t) : castStorage(t, dtype)) as Storage)
  let pos = 0
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < tensors.length; i++) {
      const chunk = tensors[i].shape[d] * inner
      out.set(srcs[i].subarray(o * chunk, (o + 1) * chunk) as never, pos)
      pos += chunk
    }
  }
  // The cotangent splits back into each input's slab along `d`.
  const starts = tensors.map((_, i) => tensors.slice(0, i).reduce((a, t) => a + t.shape[d], 0))
  return traced(fromStorage(out, shape, dtype, first.device), tensors, (g) =>
    tensors.map((t, i) => slice(g, d, starts[i], starts[i] + t.shape[d])))
}

/**
 * Stacks equally shaped tensors along a new dim `dim`.
 * @example
 * import { stack, tensor } from 'immutorch'
 *
 * stack([tensor([1, 2]), tensor([3, 4])]) // [[1, 2], [3, 4]]
 * stack([tensor([1, 2]), tensor([3, 4])], 1) // [[1, 3], [2, 4]]
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('stack: expects a non-empty list of tensors')
  const first = tensors[0]
  tensors.forEach((t, i) => {
    if (t.shape.length !== first.shape.length || t.shape.some((s, j) => s !== first.shape[j])) {
      throw new RangeError(`stack: tensor ${i} has shape ${showShape(t.shape)} but tensor 0 has ${showShape(first.shape)}`)
    }
  })
  const d = normDim('stack', dim, first.ndim + 1)
  return cat(tensors.map((t) => unsqueeze(t, d)), d)
}
