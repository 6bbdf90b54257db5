/**
 * The Tensor: an immutable n-dimensional array on a device. Storage is a contiguous, row-major
 * typed array held in a private field; no public path writes into it. Every method calls the same
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
import { mm, matmul } from './matmul.js'
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

/** An immutable tensor. Build one with `tensor`, `zeros`, `ones`, `arange`, … */
export class Tensor<D extends DType = DType> {
  /** Sizes of each dimension (frozen). */
  readonly shape: readonly number[]
  /** Element type, PyTorch's name. */
  readonly dtype: D
  /** Where the storage lives: `'cpu'` or a registered device. */
  readonly device: string
  /** @internal Set while a `grad` traces this tensor: how it was computed (see trace.ts). */
  readonly node: TraceNode | undefined
  readonly #data: Storage

  /** @internal Use `tensor(...)` or the creation functions. */
  constructor(token: typeof INTERNAL, data: Storage, shape: readonly number[], dtype: D, device: string, node?: TraceNode) {
    if (token !== INTERNAL) throw new TypeError('Tensor: use tensor(...) or zeros/ones/... to create tensors')
    this.#data = data
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice())
    this.dtype = dtype
    this.device = device
    this.node = node
    Object.freeze(this)
  }

  static {
    read = (t) => t.#data
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length
  }

  /** Number of elements. */
  get size(): number {
    return this.#data.length
  }

  /** A copy of the storage (float16/bfloat16 as bit patterns, int64 as BigInt64Array). */
  toTypedArray(): StorageOf[D] {
    return this.#data.slice() as StorageOf[D]
  }

  /** The elements as nested arrays: numbers (int64 converted), booleans for bool. */
  toArray(): NestedArray<ItemOf<D>> {
    const flat = this.dtype === 'bool' ? [...this.#data].map((v) => v !== 0) : Array.from(numbersOfSelf(this))
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

  add(y: Operand): Tensor { return A.add(this, y) }
  sub(y: Operand): Tensor { return A.sub(this, y) }
  mul(y: Operand): Tensor { return A.mul(this, y) }
  div(y: Operand): Tensor { return A.div(this, y) }
  pow(y: Operand): Tensor { return A.pow(this, y) }
  maximum(y: Operand): Tensor { return A.maximum(this, y) }
  minimum(y: Operand): Tensor { return A.minimum(this, y) }
  neg(): Tensor { return A.neg(this) }
  abs(): Tensor { return A.abs(this) }
  clamp(bounds: { readonly min?: number; readonly max?: number }): Tensor { return A.clamp(this, bounds) }
  sqrt(): Tensor { return M.sqrt(this) }
  rsqrt(): Tensor { return M.rsqrt(this) }
  exp(): Tensor { return M.exp(this) }
  log(): Tensor { return M.log(this) }
  log1p(): Tensor { return M.log1p(this) }
  sin(): Tensor { return M.sin(this) }
  cos(): Tensor { return M.cos(this) }
  tanh(): Tensor { return M.tanh(this) }
  erf(): Tensor { return M.erf(this) }
  sigmoid(): Tensor { return M.sigmoid(this) }
  relu(): Tensor { return M.relu(this) }
  square(): Tensor { return M.square(this) }
  sign(): Tensor { return M.sign(this) }
  gelu(options?: { readonly approximate?: GeluApproximate }): Tensor { return M.gelu(this, options) }
  eq(y: Operand): Tensor { return C.eq(this, y) }
  ne(y: Operand): Tensor { return C.ne(this, y) }
  lt(y: Operand): Tensor { return C.lt(this, y) }
  le(y: Operand): Tensor { return C.le(this, y) }
  gt(y: Operand): Tensor { return C.gt(this, y) }
  ge(y: Operand): Tensor { return C.ge(this, y) }
  logicalNot(): Tensor { return C.logicalNot(this) }
  allclose(y: Tensor, options?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean { return C.allclose(this, y, options) }
  sum(options?: R.ReduceOptions): Tensor { return R.sum(this, options) }
  mean(options?: R.ReduceOptions): Tensor { return R.mean(this, options) }
  prod(options?: R.ReduceOptions): Tensor { return R.prod(this, options) }
  max(options?: R.ReduceOptions): Tensor { return R.max(this, options) }
  min(options?: R.ReduceOptions): Tensor { return R.min(this, options) }
  argmax(options?: R.ReduceOptions): Tensor { return R.argmax(this, options) }
  argmin(options?: R.ReduceOptions): Tensor { return R.argmin(this, options) }
  var(options?: R.VarOptions): Tensor { return R.var_(this, options) }
  std(options?: R.VarOptions): Tensor { return R.std(this, options) }
  all(options?: R.ReduceOptions): Tensor { return R.all(this, options) }
  any(options?: R.ReduceOptions): Tensor { return R.any(this, options) }
  softmax(dim: number): Tensor { return softmax(this, dim) }
  logSoftmax(dim: number): Tensor { return logSoftmax(this, dim) }
  reshape(shape: readonly number[]): Tensor<D> { return V.reshape(this, shape) as Tensor<D> }
  view(shape: readonly number[]): Tensor<D> { return V.reshape(this, shape) as Tensor<D> }
  flatten(startDim?: number, endDim?: number): Tensor<D> { return V.flatten(this, startDim, endDim) as Tensor<D> }
  squeeze(dim?: number): Tensor<D> { return V.squeeze(this, dim) as Tensor<D> }
  unsqueeze(dim: number): Tensor<D> { return V.unsqueeze(this, dim) as Tensor<D> }
  transpose(dim0: number, dim1: number): Tensor<D> { return V.transpose(this, dim0, dim1) as Tensor<D> }
  permute(dims: readonly number[]): Tensor<D> { return V.permute(this, dims) as Tensor<D> }
  t(): Tensor<D> { return V.t(this) as Tensor<D> }
  expand(shape: readonly number[]): Tensor<D> { return V.expand(this, shape) as Tensor<D> }
  slice(dim: number, start?: number, end?: number, step?: number): Tensor<D> { return S.slice(this, dim, start, end, step) as Tensor<D> }
  select(dim: number, index: number): Tensor<D> { return S.select(this, dim, index) as Tensor<D> }
  narrow(dim: number, start: number, length: number): Tensor<D> { return S.narrow(this, dim, start, length) as Tensor<D> }
  indexSelect(dim: number, index: Tensor): Tensor<D> { return S.indexSelect(this, dim, index) as Tensor<D> }
  gather(dim: number, index: Tensor): Tensor<D> { return S.gather(this, dim, index) as Tensor<D> }
  mm(y: Tensor): Tensor { return mm(this, y) }
  conv2d(weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): Tensor { return conv2d(this, weight, bias, options) }
  maxPool2d(kernelSize: Pair, options?: MaxPool2dOptions): Tensor { return maxPool2d(this, kernelSize, options) }
  avgPool2d(kernelSize: Pair, options?: AvgPool2dOptions): Tensor { return avgPool2d(this, kernelSize, options) }
  matmul(y: Tensor): Tensor { return matmul(this, y) }
  to(target: X.ToTarget): Tensor { return X.to(this, target) }
  half(): Tensor<'float16'> { return X.half(this) as Tensor<'float16'> }
  float(): Tensor<'float32'> { return X.float(this) as Tensor<'float32'> }
  double(): Tensor<'float64'> { return X.double(this) as Tensor<'float64'> }
  bfloat16(): Tensor<'bfloat16'> { return X.bfloat16(this) as Tensor<'bfloat16'> }
  long(): Tensor<'int64'> { return X.long(this) as Tensor<'int64'> }
  int(): Tensor<'int32'> { return X.int(this) as Tensor<'int32'> }
  bool(): Tensor<'bool'> { return X.bool(this) as Tensor<'bool'> }
}

/**
 * @internal Wraps a storage array the caller hands over (and never touches again) as a tensor.
 * Kernels build their output and pass it here; nothing else may hold a reference to `data`.
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
