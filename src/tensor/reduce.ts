/**
 * Reductions over all elements or over `dim` (a dim or a list of dims) with `keepdim`: sum, mean,
 * prod, max, min, argmax, argmin, var, std, all, any. The reduced dims are moved innermost first, so
 * every reduction is one loop over contiguous groups. Sums accumulate in float64.
 */
import { category, isFloating, type DType } from './dtype.js'
import { dual } from './dual.js'
import { computeArray, numbersOf, storageFrom, type NumArray } from './convert.js'
import { normDim, numel, type Shape } from './shape.js'
import { expand, permuteStorage, reshape } from './view.js'
import { traced } from './trace.js'
import { div, mul, sub } from './arithmetic.js'
import { eq, gt, where } from './compare.js'
import { mapTernary } from './elementwise.js'
import { fromStorage, storageOf, type Tensor } from './tensor.js'

/** Options of a reduction: which dims (all when omitted) and whether to keep them as size 1. */
export interface ReduceOptions {
  readonly dim?: number | readonly number[]
  readonly keepdim?: boolean
}

interface Groups {
  /** The input values, reordered so each output element's inputs are contiguous. */
  readonly values: NumArray | BigInt64Array
  readonly groups: number
  readonly size: number
  readonly outShape: Shape
  /** The output shape with reduced dims kept as 1, for broadcasting a cotangent back. */
  readonly keptShape: Shape
}

/** Lays out `x` so that the dims in `dim` are innermost; gives the output shape. */
function group(op: string, x: Tensor, { dim, keepdim = false }: ReduceOptions, exact: boolean): Groups {
  const nd = x.ndim
  const named = dim === undefined ? [...Array(nd).keys()] : (typeof dim === 'number' ? [dim] : [...dim]).map((d) => normDim(op, d, nd))
  // A zero-dim tensor accepts dim 0 or −1 (as PyTorch does) and has nothing to reduce over.
  const dims = nd === 0 ? [] : named
  if (new Set(dims).size !== dims.length) throw new RangeError(`${op}: dim ${JSON.stringify(dim)} repeats a dimension`)
  const reduced = new Set(dims)
  const kept = [...Array(nd).keys()].filter((d) => !reduced.has(d))
  const keptShape = x.shape.map((s, d) => (reduced.has(d) ? 1 : s))
  const outShape = keepdim ? keptShape : kept.map((d) => x.shape[d])
  const size = dims.reduce((p, d) => p * x.shape[d], 1)
  const groups = numel(kept.map((d) => x.shape[d]))
  // int64 regroups its own storage, so exact folds can run on bigints.
  const src = x.dtype === 'int64' && exact ? storageOf(x as Tensor<'int64'>) : numbersOf(x)
  const order = [...kept, ...dims.slice().sort((a, b) => a - b)]
  if (order.every((d, i) => d === i)) return { values: src, groups, size, outShape, keptShape }
  const values = permuteStorage(src, x.shape, order)
  return { values, groups, size, outShape, keptShape }
}

/** The dims a kept-dims cotangent `g` was reduced over. */
const reducedDims = (g: Tensor, x: Tensor): number[] => [...Array(x.ndim).keys()].filter((d) => g.shape[d] === 1 && x.shape[d] !== 1)

type Fold = (v: NumArray, start: number, size: number) => number

/**
 * The cotangent of a reduction's input from `g` and the output, both reshaped to the kept-dims
 * shape so they broadcast against `x`; `n` is the number of elements reduced into each output.
 */
type ReduceVjp = (g: Tensor, x: Tensor, y: Tensor, n: number) => Tensor

/** A fold on int64 values, exact on bigints. */
type BigFold = (v: BigInt64Array, start: number, size: number) => bigint

function reduction(op: string, x: Tensor, options: ReduceOptions, out: DType, fold: Fold, vjp?: ReduceVjp, bigFold?: BigFold): Tensor {
  const exact = bigFold !== undefined && x.dtype === 'int64'
  const { values, groups, size, outShape, keptShape } = group(op, x, options, exact)
  // Ops without an identity refuse an empty reduced dim, even when the result is empty too (PyTorch).
  if (NO_IDENTITY.has(op)) requireNonEmpty(op, size)
  let dst: Float32Array | Float64Array | BigInt64Array
  if (exact) {
    dst = new BigInt64Array(groups)
    for (let g = 0; g < groups; g++) dst[g] = bigFold(values as BigInt64Array, g * size, size)
  } else {
    dst = computeArray(out === 'bool' ? 'float64' : out, groups)
    for (let g = 0; g < groups; g++) dst[g] = fold(values as NumArray, g * size, size)
  }
  const y = fromStorage(storageFrom(dst, out), outShape, out, x.device)
  if (vjp === undefined) return y
  return traced(y, [x], (g, [x], y) => [vjp(reshape(g, keptShape), x, reshape(y, keptShape), size)])
}

/**
 * ∂ prod / ∂ xᵢ is the product of the others: y / xᵢ when no element is 0; with one zero, the
 * product of the non-zeros at the zero and 0 elsewhere; with two or more zeros, 0 everywhere.
 */
const prodVjp: ReduceVjp = (g, x, y) => {
  const dims = reducedDims(y, x)
  const zero = eq(x, 0)
  const zeros = sum(zero, { dim: dims, keepdim: true })
  const nonZeroProd = prod(where(zero, 1, x), { dim: dims, keepdim: true })
  const others = where(zero, where(eq(zeros, 1), nonZeroProd, 0), where(gt(zeros, 0), 0, div(y, where(zero, 1, x))))
  return mul(g, others)
}

/** ∂ of an extreme: the cotangent shared evenly among the elements equal to the extreme. */
const extremeVjp: ReduceVjp = (g, x, y) => {
  const hit = eq(x, y)
  return div(mul(g, hit), sum(hit, { dim: reducedDims(y, x), keepdim: true }))
}

/** A reduction callable as `sum(x, opts?)` or `pipe(x, sum(opts?))`. */
export interface Reduction {
  (x: Tensor, options?: ReduceOptions): Tensor
  (options?: ReduceOptions): (x: Tensor) => Tensor
}

const isTensorArg = (args: IArguments): boolean =>
  args[0] !== undefined && args[0] !== null && typeof args[0] === 'object' && 'dtype' in args[0]

const define = (body: (x: Tensor, o: ReduceOptions) => Tensor): Reduction =>
  dual(isTensorArg, (x: Tensor, o: ReduceOptions = {}) => body(x, o))

const requireFloat = (op: string, x: Tensor): void => {
  if (!isFloating(x.dtype)) {
    throw new TypeError(`${op}: input dtype must be floating point, got ${x.dtype}; cast first with .float()`)
  }
}

const NO_IDENTITY: ReadonlySet<string> = new Set(['max', 'min', 'argmax', 'argmin'])

const requireNonEmpty = (op: string, size: number): void => {
  if (size === 0) throw new RangeError(`${op}: cannot reduce over an empty dimension (no identity for ${op})`)
}

const total: Fold = (v, s, n) => {
  let acc = 0
  for (let i = s; i < s + n; i++) acc += v[i]
  return acc
}

// Written over `any` elements so the same folds serve numbers and (exactly) int64 bigints.
// Their groups are never empty: reduction refuses an empty reduced dim first.
const extreme = (larger: boolean) => (v: any, s: number, n: number): any => {
  let best = v[s]
  for (let i = s + 1; i < s + n; i++) {
    const e = v[i]
    if (e !== e) return NaN
    if (larger ? e > best : e < best) best = e
  }
  return best
}

const argExtreme = (larger: boolean) => (v: any, s: number, n: number): number => {
  let best = v[s]
  let at = 0
  if (best !== best) return 0
  for (let i = 1; i < n; i++) {
    const e = v[s + i]
    if (e !== e) return i
    if (larger ? e > best : e < best) {
      best = e
      at = i
    }
  }
  return at
}

const sumType = (d: DType): DType => (category(d) === 2 ? d : 'int64')

/**
 * Sum; integer and bool inputs sum to int64, as in PyTorch.
 * @example
 * import { sum, tensor } from 'immutorch'
 *
 * const x = tensor([[1, 2], [3, 4]])
 * sum(x) // 10
 * sum(x, { dim: 0 }) // [4, 6]
 * sum(x, { dim: 1, keepdim: true }) // [[3], [7]]
 * sum(tensor([1, 2], { dtype: 'int32' })).dtype // 'int64'
 */
export const sum = define((x, o) => leadingSum(x, o) ?? reduction('sum', x, o, sumType(x.dtype), total, sumVjp, (v, s, n) => {
  let acc = 0n
  for (let i = s; i < s + n; i++) acc += v[i]
  return acc
}))

const sumVjp: ReduceVjp = (g, x) => expand(g, x.shape)

/**
 * A floating sum over leading dims only (a bias's gradient: the batch summed away), as running
 * column sums: the same additions in the same order as the general path, without first moving
 * the reduced dims innermost. Undefined for any other case, which the general path handles.
 */
function leadingSum(x: Tensor, { dim, keepdim = false }: ReduceOptions): Tensor | undefined {
  const dims = typeof dim === 'number' ? [dim] : dim
  if (dims === undefined || dims.length === 0 || dims.length >= x.ndim || category(x.dtype) !== 2) return undefined
  if (!dims.every((d, i) => d === i)) return undefined
  const lead = dims.length
  const rows = numel(x.shape.slice(0, lead))
  if (rows === 0) return undefined
  const cols = x.size / rows
  const v = numbersOf(x)
  const acc = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    const o = r * cols
    for (let j = 0; j < cols; j++) acc[j] += v[o + j]
  }
  const keptShape = [...new Array<number>(lead).fill(1), ...x.shape.slice(lead)]
  const out = x.dtype === 'float64' ? acc : computeArray(x.dtype, cols)
  if (out !== acc) out.set(acc)
  const y = fromStorage(storageFrom(out, x.dtype), keepdim ? keptShape : x.shape.slice(lead), x.dtype, x.device)
  return traced(y, [x], (g, [x]) => [expand(reshape(g, keptShape), x.shape)])
}

/** Product; integer and bool inputs give int64. */
export const prod = define((x, o) =>
  reduction('prod', x, o, sumType(x.dtype), (v, s, n) => {
    let acc = 1
    for (let i = s; i < s + n; i++) acc *= v[i]
    return acc
  }, prodVjp, (v, s, n) => {
    let acc = 1n
    for (let i = s; i < s + n; i++) acc = BigInt.asIntN(64, acc * v[i])
    return acc
  }))

/**
 * Mean of floating-point inputs (an empty group gives NaN).
 * @example
 * import { mean, tensor } from 'immutorch'
 *
 * mean(tensor([[1, 2], [3, 4]]), { dim: 1 }) // [1.5, 3.5]
 */
export const mean = define((x, o) => {
  requireFloat('mean', x)
  return reduction('mean', x, o, x.dtype, (v, s, n) => total(v, s, n) / n, (g, x, _y, n) => expand(div(g, n), x.shape))
})

/** Largest value (NaN propagates). Over a dim this gives the values only; see argmax for indices. */
export const max = define((x, o) => reduction('max', x, o, x.dtype, extreme(true), extremeVjp, extreme(true)))

/** Smallest value (NaN propagates). */
export const min = define((x, o) => reduction('min', x, o, x.dtype, extreme(false), extremeVjp, extreme(false)))

/**
 * Index of the first largest value as int64 (over the flattened tensor when `dim` is omitted).
 * @example
 * import { argmax, tensor } from 'immutorch'
 *
 * argmax(tensor([1, 3, 2])) // 1
 * argmax(tensor([[1, 3], [4, 2]]), { dim: 1 }) // [1, 0]
 */
export const argmax = define((x, o) => reduction('argmax', x, o, 'int64', argExtreme(true), undefined, (v, s, n) => BigInt(argExtreme(true)(v, s, n))))

/** Index of the first smallest value as int64. */
export const argmin = define((x, o) => reduction('argmin', x, o, 'int64', argExtreme(false), undefined, (v, s, n) => BigInt(argExtreme(false)(v, s, n))))

/** Whether every element is nonzero. */
export const all = define((x, o) => reduction('all', x, o, 'bool', (v, s, n) => {
  for (let i = s; i < s + n; i++) if (v[i] === 0) return 0
  return 1
}))

/** Whether any element is nonzero. */
export const any = define((x, o) => reduction('any', x, o, 'bool', (v, s, n) => {
  for (let i = s; i < s + n; i++) if (v[i] !== 0) return 1
  return 0
}))

/** Options of var/std: Bessel's `correction` (1 = unbiased, PyTorch's default). */
export interface VarOptions extends ReduceOptions {
  readonly correction?: number
}

const variance = (correction: number): Fold => (v, s, n) => {
  const m = total(v, s, n) / n
  let acc = 0
  for (let i = s; i < s + n; i++) acc += (v[i] - m) * (v[i] - m)
  return acc / Math.max(0, n - correction)
}

/**
 * Variance (torch.var): `var(x, { dim, keepdim, correction = 1 })`.
 * @example
 * import { tensor, var as variance } from 'immutorch'
 *
 * variance(tensor([1, 2, 3, 4])) // ≈ 1.6667
 * variance(tensor([1, 2, 3, 4]), { correction: 0 }) // 1.25
 */
export const var_: {
  (x: Tensor, options?: VarOptions): Tensor
  (options?: VarOptions): (x: Tensor) => Tensor
} = dual(isTensorArg, (x: Tensor, o: VarOptions = {}) => {
  requireFloat('var', x)
  const c = o.correction ?? 1
  return reduction('var', x, o, x.dtype, variance(c), (g, x, _y, n) => {
    const centred = sub(x, mean(x, { dim: reducedDims(g, x), keepdim: true }))
    return mul(centred, mul(g, 2 / Math.max(0, n - c)))
  })
})

/** Standard deviation (torch.std), with the same options as var. */
export const std: typeof var_ = dual(isTensorArg, (x: Tensor, o: VarOptions = {}) => {
  requireFloat('std', x)
  const c = o.correction ?? 1
  return reduction('std', x, o, x.dtype, (v, s, n) => Math.sqrt(variance(c)(v, s, n)), (g, x, y, n) => {
    const centred = sub(x, mean(x, { dim: reducedDims(g, x), keepdim: true }))
    // Where std is 0 the gradient is 0, as PyTorch masks that division.
    return where(eq(y, 0), 0, mul(centred, div(g, mul(y, Math.max(0, n - c)))))
  })
})
