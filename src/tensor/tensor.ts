/**
 * The Tensor: an immutable n-dimensional array on a device. Storage is a contiguous, row-major
 * typed array held in a private field; no public path writes into it (a donated step reuses the
 * memory only after every tensor over it has become unreadable: see takeStorage). Every method calls the same
 * function that the data-last API exports, so `x.mm(w).add(b)` and `pipe(x, mm(w), add(b))` agree.
 */
import type { DType, Storage, StorageOf } from './dtype.js'
import { numel, stridesOf } from './shape.js'
import * as A from './arithmetic.js'
import * as M from './math.js'
import * as C from './compare.js'
import * as R from './reduce.js'
import * as V from './view.js'
import * as S from './slice.js'
import * as X from './cast.js'
import type { Operand } from './promote.js'
import type { GeluApproximate } from './math.js'
import { mm2d, matmul } from './matmul.js'
import { logSoftmax, softmax } from './softmax.js'
import { formatTensor } from './format.js'
import { conv2d, type Conv2dOptions, type Pair } from './conv.js'
import { avgPool2d, maxPool2d, type AvgPool2dOptions, type MaxPool2dOptions } from './pool.js'
import type { TraceNode } from './trace.js'

/** Nested arrays as `toArray` returns them. */
export type NestedArray<T> = T | NestedArray<T>[]

/** A scalar as `item` returns it: boolean for bool tensors, number otherwise. */
export type ItemOf<D extends DType> = D extends 'bool' ? boolean : number

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')

const INTERNAL: unique symbol = Symbol('immutorch.internal')

let read: (t: Tensor) => Storage

/**
 * Storage arrays whose memory a newer value took over (`takeStorage`): tensors over them throw on
 * read. Module-wide by nature: every tensor sharing a donated array must see it, wherever it is.
 */
const donated = new WeakSet<Storage>()
/** Whether anything was ever donated: until then reads skip the lookup. */
let anyDonated = false

const donatedError = (t: Tensor): TypeError =>
  new TypeError(`Tensor: this ${t.dtype} tensor of shape [${t.shape.join(', ')}] was donated (optim.step with { donate: true }) ` +
    'and its memory now holds a newer value; use what that call returned')

/**
 * An immutable tensor. Build one with `tensor`, `zeros`, `ones`, `arange`, …
 * @example
 * import { tensor } from 'immutorch'
 *
 * const x = tensor([[1, 2], [3, 4]])
 * x.mm(x).add(1) // [[8, 11], [16, 23]]
 * x.sum({ dim: 1 }) // [3, 7]
 * String(x.half()) // 'tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float16)'
 */
export class Tensor<D extends DType = DType> {
  // Private fields behind getters: assignment to a getter-only property throws in strict code,
  // so tensors are immutable without the cost of freezing every instance (ops make many).
  readonly #data: Storage
  readonly #shape: readonly number[]
  readonly #dtype: D
  readonly #device: string
  readonly #node: TraceNode | undefined

  /** @internal Use `tensor(...)` or the creation functions. */
  constructor(token: typeof INTERNAL, data: Storage, shape: readonly number[], dtype: D, device: string, node?: TraceNode) {
    if (token !== INTERNAL) throw new TypeError('Tensor: use tensor(...) or zeros/ones/... to create tensors')
    this.#data = data
    // Shapes reach here owned (fresh arrays from ops, or validated copies), so freezing in place is safe.
    this.#shape = Object.isFrozen(shape) ? shape : Object.freeze(shape as number[])
    this.#dtype = dtype
    this.#device = device
    this.#node = node
  }

  /** Sizes of each dimension (a frozen array). */
  get shape(): readonly number[] {
    return this.#shape
  }

  /** Element type, PyTorch's name. */
  get dtype(): D {
    return this.#dtype
  }

  /** Where the storage lives: `'cpu'` or a registered device. */
  get device(): string {
    return this.#device
  }

  /** @internal Set while a `grad` traces this tensor: how it was computed (see trace.ts). */
  get node(): TraceNode | undefined {
    return this.#node
  }

  static {
    read = (t) => {
      const d = t.#data
      if (anyDonated && donated.has(d)) throw donatedError(t)
      return d
    }
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length
  }

  /** Number of elements. */
  get size(): number {
    return numel(this.#shape) // metadata, like shape: readable after a donation too
  }

  /** A copy of the storage (float16/bfloat16 as bit patterns, int64 as BigInt64Array). */
  toTypedArray(): StorageOf[D] {
    return read(this).slice() as StorageOf[D]
  }

  /** The elements as nested arrays: numbers (int64 converted), booleans for bool. */
  toArray(): NestedArray<ItemOf<D>> {
    const flat = this.dtype === 'bool' ? [...read(this)].map((v) => v !== 0) : Array.from(numbersOfSelf(this))
    const st = stridesOf(this.shape)
    const build = (d: number, off: number): NestedArray<ItemOf<D>> =>
      d === this.ndim
        ? (flat[off] as ItemOf<D>)
        : Array.from({ length: this.shape[d] }, (_, i) => build(d + 1, off + i * st[d]))
    return build(0, 0)
  }

  /** The single element of a one-element tensor. */
  item(): ItemOf<D> {
    if (this.size !== 1) throw new RangeError(`item: the tensor has ${this.size} elements, not 1 (shape [${this.shape.join(', ')}])`)
    return this.toArray() as unknown as ItemOf<D>
  }

  /** PyTorch's repr, e.g. `tensor([1., 2.], dtype=torch.float16)`. */
  toString(): string {
    return formatTensor(this)
  }

  /** Node's util.inspect prints the PyTorch repr. */
  [inspectSymbol](): string {
    return formatTensor(this)
  }

  /** Elementwise `this + y` (or `this + alpha·y`), broadcasting, with PyTorch type promotion. */
  add(y: Operand, options?: A.AddOptions): Tensor { return options === undefined ? A.addPlain(this, y) : A.add(this, y, options) }
  /** Elementwise `this − y`, broadcasting, with PyTorch type promotion. */
  sub(y: Operand): Tensor { return A.sub(this, y) }
  /** Elementwise `this · y`, broadcasting, with PyTorch type promotion. */
  mul(y: Operand): Tensor { return A.mul(this, y) }
  /** True division `this / y`; integer operands divide to float32, as torch.div does. */
  div(y: Operand): Tensor { return A.div(this, y) }
  /** Elementwise `this ** y`. */
  pow(y: Operand): Tensor { return A.pow(this, y) }
  /** Elementwise larger of `this` and `y`; NaN propagates (torch.maximum). */
  maximum(y: Operand): Tensor { return A.maximum(this, y) }
  /** Elementwise smaller of `this` and `y`; NaN propagates (torch.minimum). */
  minimum(y: Operand): Tensor { return A.minimum(this, y) }
  /** Elementwise −x (bool tensors are refused). */
  neg(): Tensor { return A.neg(this) }
  /** Elementwise |x|. */
  abs(): Tensor { return A.abs(this) }
  /** Every element clamped into `[min, max]`; either bound may be omitted. */
  clamp(bounds: { readonly min?: number; readonly max?: number }): Tensor { return A.clamp(this, bounds) }
  /** Elementwise √x (integer inputs give float32). */
  sqrt(): Tensor { return M.sqrt(this) }
  /** Elementwise 1/√x. */
  rsqrt(): Tensor { return M.rsqrt(this) }
  /** Elementwise eˣ. */
  exp(): Tensor { return M.exp(this) }
  /** Elementwise natural logarithm. */
  log(): Tensor { return M.log(this) }
  /** Elementwise log(1 + x), accurate near 0. */
  log1p(): Tensor { return M.log1p(this) }
  /** Elementwise sine. */
  sin(): Tensor { return M.sin(this) }
  /** Elementwise cosine. */
  cos(): Tensor { return M.cos(this) }
  /** Elementwise hyperbolic tangent. */
  tanh(): Tensor { return M.tanh(this) }
  /** Elementwise error function. */
  erf(): Tensor { return M.erf(this) }
  /** Elementwise logistic sigmoid 1 / (1 + e⁻ˣ). */
  sigmoid(): Tensor { return M.sigmoid(this) }
  /** Elementwise max(x, 0), keeping the dtype. */
  relu(): Tensor { return M.relu(this) }
  /** Elementwise x² (bool gives int64). */
  square(): Tensor { return M.square(this) }
  /** Elementwise sign: −1, 0 or 1. */
  sign(): Tensor { return M.sign(this) }
  /** GELU: x·Φ(x), or its tanh approximation with `{ approximate: 'tanh' }`. */
  gelu(options?: { readonly approximate?: GeluApproximate }): Tensor { return M.gelu(this, options) }
  /** Elementwise `this == y`, as a bool tensor. */
  eq(y: Operand): Tensor { return C.eq(this, y) }
  /** Elementwise `this != y`, as a bool tensor. */
  ne(y: Operand): Tensor { return C.ne(this, y) }
  /** Elementwise `this < y`, as a bool tensor. */
  lt(y: Operand): Tensor { return C.lt(this, y) }
  /** Elementwise `this <= y`, as a bool tensor. */
  le(y: Operand): Tensor { return C.le(this, y) }
  /** Elementwise `this > y`, as a bool tensor. */
  gt(y: Operand): Tensor { return C.gt(this, y) }
  /** Elementwise `this >= y`, as a bool tensor. */
  ge(y: Operand): Tensor { return C.ge(this, y) }
  /** Elementwise logical not (nonzero is true), as a bool tensor. */
  logicalNot(): Tensor { return C.logicalNot(this) }
  /** Whether every element is within `atol + rtol·|y|` of `y` (torch.allclose). */
  allclose(y: Tensor, options?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean { return C.allclose(this, y, options) }
  /** Sum over all elements or over `dim`; integer and bool inputs sum to int64. */
  sum(options?: R.ReduceOptions): Tensor { return R.sum(this, options) }
  /** Mean over all elements or over `dim` (floating-point inputs only). */
  mean(options?: R.ReduceOptions): Tensor { return R.mean(this, options) }
  /** Product over all elements or over `dim`; integer and bool inputs give int64. */
  prod(options?: R.ReduceOptions): Tensor { return R.prod(this, options) }
  /** Largest value over all elements or over `dim` (values only; NaN propagates). */
  max(options?: R.ReduceOptions): Tensor { return R.max(this, options) }
  /** Smallest value over all elements or over `dim` (values only; NaN propagates). */
  min(options?: R.ReduceOptions): Tensor { return R.min(this, options) }
  /** Index of the first largest value, as int64 (over the flattened tensor when `dim` is omitted). */
  argmax(options?: R.ReduceOptions): Tensor { return R.argmax(this, options) }
  /** Index of the first smallest value, as int64 (over the flattened tensor when `dim` is omitted). */
  argmin(options?: R.ReduceOptions): Tensor { return R.argmin(this, options) }
  /** Variance over all elements or over `dim`, with Bessel's `correction` (default 1), as torch.var. */
  var(options?: R.VarOptions): Tensor { return R.var_(this, options) }
  /** Standard deviation, with the same options as `var` (torch.std). */
  std(options?: R.VarOptions): Tensor { return R.std(this, options) }
  /** Whether every element is nonzero, over all elements or over `dim`. */
  all(options?: R.ReduceOptions): Tensor { return R.all(this, options) }
  /** Whether any element is nonzero, over all elements or over `dim`. */
  any(options?: R.ReduceOptions): Tensor { return R.any(this, options) }
  /** exp(x) / Σ exp(x) along `dim`, computed stably. */
  softmax(dim: number): Tensor { return softmax(this, dim) }
  /** log(softmax(x)) along `dim`, without forming the softmax. */
  logSoftmax(dim: number): Tensor { return logSoftmax(this, dim) }
  /** The same elements in a new shape; one size may be −1 and is inferred. */
  reshape(shape: readonly number[]): Tensor<D> { return V.reshape(this, shape) as Tensor<D> }
  /** The same as `reshape` (storage is never written while readable, so a view is always safe). */
  view(shape: readonly number[]): Tensor<D> { return V.reshape(this, shape) as Tensor<D> }
  /** Merges dims `startDim..endDim` (default all) into one (torch.flatten). */
  flatten(startDim?: number, endDim?: number): Tensor<D> { return V.flatten(this, startDim, endDim) as Tensor<D> }
  /** Removes size-1 dims: all of them, or only `dim` when it has size 1. */
  squeeze(dim?: number): Tensor<D> { return V.squeeze(this, dim) as Tensor<D> }
  /** Inserts a size-1 dim at `dim`. */
  unsqueeze(dim: number): Tensor<D> { return V.unsqueeze(this, dim) as Tensor<D> }
  /** Swaps dims `dim0` and `dim1`. */
  transpose(dim0: number, dim1: number): Tensor<D> { return V.transpose(this, dim0, dim1) as Tensor<D> }
  /** Reorders dims: output dim i is input dim `dims[i]`. */
  permute(dims: readonly number[]): Tensor<D> { return V.permute(this, dims) as Tensor<D> }
  /** Transpose of a tensor of at most 2 dims (torch.t). */
  t(): Tensor<D> { return V.t(this) as Tensor<D> }
  /** Broadcasts to `shape` (−1 keeps a size), copying the result. */
  expand(shape: readonly number[]): Tensor<D> { return V.expand(this, shape) as Tensor<D> }
  /** Elements `start, start + step, …` below `end` along `dim`, as Python slicing. */
  slice(dim: number, start?: number, end?: number, step?: number): Tensor<D> { return S.slice(this, dim, start, end, step) as Tensor<D> }
  /** The slice at `index` along `dim`, with that dim removed (`x[:, i]` in Python). */
  select(dim: number, index: number): Tensor<D> { return S.select(this, dim, index) as Tensor<D> }
  /** `length` elements from `start` along `dim` (torch.narrow). */
  narrow(dim: number, start: number, length: number): Tensor<D> { return S.narrow(this, dim, start, length) as Tensor<D> }
  /** Entries along `dim` picked by a 1-D integer `index` (torch.index_select). */
  indexSelect(dim: number, index: Tensor): Tensor<D> { return S.indexSelect(this, dim, index) as Tensor<D> }
  /** Values along `dim` at the positions in `index`, which has this tensor's ndim (torch.gather). */
  gather(dim: number, index: Tensor): Tensor<D> { return S.gather(this, dim, index) as Tensor<D> }
  /** Matrix product of two 2-D tensors: [n, k] · [k, m] → [n, m] (torch.mm). */
  mm(y: Tensor): Tensor { return mm2d(this, y) }
  /** 2-D convolution of an [N, C, H, W] or [C, H, W] input with `weight` (torch.nn.functional.conv2d). */
  conv2d(weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): Tensor { return conv2d(this, weight, bias, options) }
  /** Max over each window of an [N, C, H, W] or [C, H, W] input (torch.nn.functional.max_pool2d). */
  maxPool2d(kernelSize: Pair, options?: MaxPool2dOptions): Tensor { return maxPool2d(this, kernelSize, options) }
  /** Mean over each window of an [N, C, H, W] or [C, H, W] input (torch.nn.functional.avg_pool2d). */
  avgPool2d(kernelSize: Pair, options?: AvgPool2dOptions): Tensor { return avgPool2d(this, kernelSize, options) }
  /** torch.matmul: dot for 1-D · 1-D, mm for 2-D, batched with broadcast batch dims otherwise. */
  matmul(y: Tensor): Tensor { return matmul(this, y) }
  /** This tensor as another dtype and/or on another device; itself when nothing changes. */
  to(target: X.ToTarget): Tensor { return X.to(this, target) }
  /** Cast to float16 (round to nearest even). */
  half(): Tensor<'float16'> { return X.half(this) as Tensor<'float16'> }
  /** Cast to float32. */
  float(): Tensor<'float32'> { return X.float(this) as Tensor<'float32'> }
  /** Cast to float64. */
  double(): Tensor<'float64'> { return X.double(this) as Tensor<'float64'> }
  /** Cast to bfloat16 (round to nearest even). */
  bfloat16(): Tensor<'bfloat16'> { return X.bfloat16(this) as Tensor<'bfloat16'> }
  /** Cast to int64. */
  long(): Tensor<'int64'> { return X.long(this) as Tensor<'int64'> }
  /** Cast to int32. */
  int(): Tensor<'int32'> { return X.int(this) as Tensor<'int32'> }
  /** Cast to bool (nonzero is true). */
  bool(): Tensor<'bool'> { return X.bool(this) as Tensor<'bool'> }
}

/**
 * @internal Wraps a storage array the caller hands over (and never writes again) as a tensor.
 * Kernels build their output and pass it here; views pass their source's array, which they share.
 */
export function fromStorage<D extends DType>(data: StorageOf[D], shape: readonly number[], dtype: D, device = 'cpu'): Tensor<D> {
  if (data.length !== numel(shape)) {
    throw new RangeError(`fromStorage: storage holds ${data.length} elements but shape [${shape.join(', ')}] needs ${numel(shape)}`)
  }
  return new Tensor(INTERNAL, data, shape, dtype, device)
}

/** The elements as numbers, decoding half types and int64 (convert.ts without the import cycle). */
function numbersOfSelf(t: Tensor): ArrayLike<number> {
  return t.dtype === 'float16' || t.dtype === 'bfloat16' || t.dtype === 'int64' ? X.to(t, 'float64').toTypedArray() as Float64Array : read(t) as ArrayLike<number>
}

/** @internal `t`'s storage and metadata with a trace node attached (or removed, for `undefined`). */
export const withNode = <D extends DType>(t: Tensor<D>, node: TraceNode | undefined): Tensor<D> =>
  new Tensor(INTERNAL, read(t), t.shape, t.dtype, t.device, node)

/** @internal The storage array of `t`, for kernels that only read it. */
export const storageOf = <D extends DType>(t: Tensor<D>): StorageOf[D] => read(t) as StorageOf[D]

/**
 * @internal Hands `t`'s memory over to a newer value, as JAX's donated buffers: from now on every
 * tensor over t's storage throws on read, and the returned array (a new view of the same memory)
 * is the caller's to overwrite and wrap with `fromStorage`. Null, and nothing donated, when the
 * storage does not span its own ArrayBuffer (a tensor loaded in place from a file's bytes, which
 * the caller may still hold) or lives in shared memory. Nothing here keeps a second view of a
 * buffer a tensor owns, so a storage spanning its buffer is reachable only through its tensors.
 */
export function takeStorage<D extends DType>(t: Tensor<D>): StorageOf[D] | null {
  const s = read(t)
  if (s.byteOffset !== 0 || s.byteLength !== s.buffer.byteLength || !(s.buffer instanceof ArrayBuffer)) return null
  donated.add(s)
  anyDonated = true
  return new (s.constructor as new (b: ArrayBuffer) => Storage)(s.buffer) as StorageOf[D]
}
