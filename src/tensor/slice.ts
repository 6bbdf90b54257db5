/**
 * Indexing: Python-style slices along a dim, select (one index, dim removed), narrow, and the
 * integer-index gathers indexSelect and gather that embeddings and losses use. Negative indices
 * count from the end; out-of-range indices are errors that name the dim and the size.
 */
import { allocate, type Storage } from './dtype.js'
import { numbersOf, storageFrom } from './convert.js'
import { normDim, numel, showShape, stridesOf } from './shape.js'
import { gather as stridedGather, scatterAdd, stridedOffsets } from './strided.js'
import { traced } from './trace.js'
import { reshape } from './view.js'
import { fromStorage, storageOf, type Tensor } from './tensor.js'

/**
 * Elements `start, start+step, …` (< end) along `dim`, with Python's clamping of start and end.
 * @example
 * import { arange, slice } from 'immutorch'
 *
 * slice(arange(10), 0, 1, 8, 3) // [1, 4, 7]
 * slice(arange(10), 0, -2) // [8, 9]
 */
export function slice(x: Tensor, dim: number, start = 0, end = Infinity, step = 1): Tensor {
  const d = normDim('slice', dim, x.ndim)
  for (const [name, v] of [['start', start], ['end', end]] as const) {
    if (!Number.isInteger(v) && v !== Infinity && v !== -Infinity) throw new RangeError(`slice: ${name} must be an integer, got ${v}`)
  }
  if (!Number.isInteger(step) || step <= 0) throw new RangeError(`slice: step must be a positive integer, got ${step}`)
  const n = x.shape[d]
  const clampIdx = (i: number): number => Math.min(n, Math.max(0, i < 0 ? i + n : i))
  const s = clampIdx(start)
  const e = Math.max(s, clampIdx(end))
  const len = Math.ceil((e - s) / step)
  const shape = x.shape.map((v, i) => (i === d ? len : v))
  const st = stridesOf(x.shape)
  const strides = st.map((v, i) => (i === d ? v * step : v))
  const base = s * st[d]
  const data = stridedGather(storageOf(x), shape, strides, numel(shape), base)
  return traced(fromStorage(data, shape, x.dtype, x.device), [x], (g, [x]) => [
    fromStorage(storageFrom(scatterAdd(numbersOf(g), x.size, shape, strides, base), g.dtype), x.shape, g.dtype, g.device),
  ])
}

const checkIndex = (op: string, i: number, size: number, dim: number, negative = true): number => {
  if (!Number.isInteger(i) || i < (negative ? -size : 0) || i >= size) {
    throw new RangeError(`${op}: index ${i} is out of range for dim ${dim} of size ${size}${negative ? '' : ' (indices must be in [0, size))'}`)
  }
  return i < 0 ? i + size : i
}

/**
 * The slice at `index` along `dim`, with that dim removed (x[:, i] in Python).
 * @example
 * import { select, tensor } from 'immutorch'
 *
 * select(tensor([[1, 2], [3, 4]]), 1, 0) // [1, 3]
 */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normDim('select', dim, x.ndim)
  if (x.ndim === 0) throw new RangeError('select: cannot index a zero-dim tensor')
  const i = checkIndex('select', index, x.shape[d], d)
  return reshape(slice(x, d, i, i + 1), x.shape.filter((_, j) => j !== d))
}

/** `length` elements from `start` along `dim` (torch.narrow). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim('narrow', dim, x.ndim)
  const s = start < 0 ? start + x.shape[d] : start
  if (!Number.isInteger(start)) throw new RangeError(`narrow: start must be an integer, got ${start}`)
  if (!Number.isInteger(length) || length < 0 || s < 0 || s + length > x.shape[d]) {
    throw new RangeError(`narrow: start ${start} and length ${length} exceed dim ${d} of size ${x.shape[d]}`)
  }
  return slice(x, d, s, s + length)
}

const indicesOf = (op: string, index: Tensor): ArrayLike<number> => {
  if (index.dtype !== 'int64' && index.dtype !== 'int32' && index.dtype !== 'int16' && index.dtype !== 'int8' && index.dtype !== 'uint8') {
    throw new TypeError(`${op}: index must be an integer tensor, got ${index.dtype}`)
  }
  return numbersOf(index)
}

/**
 * Rows of `x` along `dim` picked by a 1-D integer `index` (torch.index_select).
 * @example
 * import { indexSelect, tensor } from 'immutorch'
 *
 * indexSelect(tensor([[1, 2], [3, 4], [5, 6]]), 0, tensor([2, 0], { dtype: 'int64' })) // [[5, 6], [1, 2]]
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim('indexSelect', dim, x.ndim)
  if (x.ndim === 0) {
    // A zero-dim input acts as one element, as in PyTorch: every index must be 0.
    for (const v of Array.from(indicesOf('indexSelect', index))) checkIndex('indexSelect', v, 1, 0, false)
    return x
  }
  if (index.ndim > 1) throw new RangeError(`indexSelect: index must be 1-D, got shape ${showShape(index.shape)}`)
  const idx = indicesOf('indexSelect', index)
  const outer = numel(x.shape.slice(0, d))
  const inner = numel(x.shape.slice(d + 1))
  const size = x.shape[d]
  const src = storageOf(x) as Storage
  const shape = x.shape.map((v, i) => (i === d ? idx.length : v))
  const out = allocate(x.dtype, numel(shape)) as Storage
  const rows = Array.from(idx, (v) => checkIndex('indexSelect', v, size, d, false))
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < rows.length; k++) {
      const from = (o * size + rows[k]) * inner
      out.set(src.subarray(from, from + inner) as never, (o * rows.length + k) * inner)
    }
  }
  // The adjoint adds each picked row's cotangent back into its source row (index_add).
  return traced(fromStorage(out, shape, x.dtype, x.device), [x], (g, [x]) => {
    const gv = numbersOf(g)
    const acc = new Float64Array(x.size)
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < rows.length; k++) {
        const to = (o * size + rows[k]) * inner
        const from = (o * rows.length + k) * inner
        for (let j = 0; j < inner; j++) acc[to + j] += gv[from + j]
      }
    }
    return [fromStorage(storageFrom(acc, g.dtype), x.shape, g.dtype, g.device), null]
  })
}

/**
 * torch.gather: out[i][j] = x[i][index[i][j]] along `dim`; index has x's ndim.
 * @example
 * import { gather, tensor } from 'immutorch'
 *
 * gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1], [0]], { dtype: 'int64' })) // [[2], [3]]
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim('gather', dim, x.ndim)
  if (index.ndim !== x.ndim) {
    throw new RangeError(`gather: index ${showShape(index.shape)} must have as many dims as input ${showShape(x.shape)}`)
  }
  index.shape.forEach((s, i) => {
    if (i !== d && s > x.shape[i]) {
      throw new RangeError(`gather: index ${showShape(index.shape)} is larger than input ${showShape(x.shape)} at dim ${i}`)
    }
  })
  const idx = indicesOf('gather', index)
  const xs = stridesOf(x.shape)
  // Each output position reads the input at its own index with dim `d` replaced by index's value.
  const base = stridedOffsets(index.shape, xs.map((s, i) => (i === d ? 0 : s)), idx.length)
  const offs = base.map((b, f) => b + checkIndex('gather', idx[f], x.shape[d], d, false) * xs[d])
  const src = storageOf(x) as unknown as number[]
  const out = allocate(x.dtype, idx.length) as unknown as number[]
  for (let f = 0; f < idx.length; f++) out[f] = src[offs[f]]
  return traced(fromStorage(out as unknown as Storage, index.shape, x.dtype, x.device), [x, index], (g, [x]) => {
    const gv = numbersOf(g)
    const acc = new Float64Array(x.size)
    for (let f = 0; f < offs.length; f++) acc[offs[f]] += gv[f]
    return [fromStorage(storageFrom(acc, g.dtype), x.shape, g.dtype, g.device), null]
  })
}
