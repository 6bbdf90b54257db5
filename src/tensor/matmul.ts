/**
 * Matrix products: `mm` (2-D × 2-D, like torch.mm), `matmul` (torch.matmul: 1-D operands,
 * batched and broadcast batch dims) and `linear` (x·Wᵀ + b). All run one primitive, `product`,
 * which calls the device's mm kernel per batch entry with operands read transposed in place where
 * asked, so backward products (g·Bᵀ, Aᵀ·g) never copy a transpose. float16/bfloat16 compute in
 * float32 and integers in float64, then round to the result dtype.
 */
import { mmSmall } from '../kernels/mm.js'
import { MIN_WASM_WORK } from '../kernels/wasm/mmWasm.js'
import { add } from './arithmetic.js'
import { computeArray, numbersOf, storageFrom } from './convert.js'
import { device } from './device.js'
import type { DType } from './dtype.js'
import { dual } from './dual.js'
import { broadcastShapes, broadcastStrides, matrixShape, numel, showShape } from './shape.js'
import { fromStorage, type Tensor } from './tensor.js'
import { traced, type Vjp } from './trace.js'
import { reshape } from './view.js'

const floatArray = (x: Tensor, d: DType): Float32Array | Float64Array => {
  const v = numbersOf(x)
  const want = d === 'float32' || d === 'float16' || d === 'bfloat16' ? Float32Array : Float64Array
  return v instanceof want ? v : want.from(v)
}

const sameDtype = (op: string, a: Tensor, b: Tensor): DType => {
  if (a.dtype !== b.dtype) {
    throw new TypeError(`${op}: expected both operands to have the same dtype, got ${a.dtype} and ${b.dtype}; cast one with .to()`)
  }
  if (a.device !== b.device) throw new TypeError(`${op}: operands are on ${a.device} and ${b.device}`)
  if (a.dtype === 'bool') throw new TypeError(`${op}: not defined for bool tensors`)
  return a.dtype
}

/**
 * op(A)·op(B) over broadcast batch dims: A is [..., m, k] ([..., k, m] when `transA`), B is
 * [..., k, n] ([..., n, k] when `transB`). Shapes are checked by the callers.
 */
function product(op: string, a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const d = sameDtype(op, a, b)
  const ra = a.shape[a.ndim - 2]
  const ca = a.shape[a.ndim - 1]
  const rb = b.shape[b.ndim - 2]
  const cb = b.shape[b.ndim - 1]
  const m = transA ? ca : ra
  const k = transA ? ra : ca
  const n = transB ? rb : cb
  const { mm: kernel } = device(a.device).kernels
  if (a.ndim === 2 && b.ndim === 2) {
    // One matrix: no batch bookkeeping, which dominates the cost of tiny products.
    const out = computeArray(d, m * n)
    // Tiny products on the cpu skip the kernel's dispatch and checks (the shapes are checked).
    if (m * k * n < MIN_WASM_WORK && a.device === 'cpu') mmSmall(floatArray(a, d), floatArray(b, d), out, m, k, n, transA, transB)
    else kernel(floatArray(a, d), 0, floatArray(b, d), 0, out, 0, m, k, n, transA, transB)
    return traced(fromStorage(storageFrom(out, d), matrixShape(m, n), d, a.device), [a, b], productVjp(transA, transB))
  }
  const aBatch = a.shape.slice(0, -2)
  const bBatch = b.shape.slice(0, -2)
  let batch: readonly number[]
  try {
    batch = broadcastShapes(op, aBatch, bBatch)
  } catch {
    throw new RangeError(`${op}: batch dims of ${showShape(a.shape)} and ${showShape(b.shape)} cannot be broadcast (${showShape(aBatch)} vs ${showShape(bBatch)})`)
  }
  const x = floatArray(a, d)
  const y = floatArray(b, d)
  const count = numel(batch)
  const out = computeArray(d, count * m * n)
  const sa = broadcastStrides(aBatch, batch)
  const sb = broadcastStrides(bBatch, batch)
  const idx = new Array<number>(batch.length).fill(0)
  for (let i = 0; i < count; i++) {
    let oa = 0
    let ob = 0
    for (let j = 0; j < batch.length; j++) {
      oa += idx[j] * sa[j]
      ob += idx[j] * sb[j]
    }
    kernel(x, oa * m * k, y, ob * k * n, out, i * m * n, m, k, n, transA, transB)
    for (let j = batch.length - 1; j >= 0 && ++idx[j] === batch[j]; j--) idx[j] = 0
  }
  return traced(fromStorage(storageFrom(out, d), [...batch, m, n], d, a.device), [a, b], productVjp(transA, transB))
}

/**
 * C = op(A)·op(B): each cotangent is one more product with operands read transposed in place;
 * grad sums broadcast batch dims back to each input's shape. An operand that is not differentiated
 * (a network's input batch) gets no product: for a first layer that is half the backward work.
 */
const layoutVjp = (transA: boolean, transB: boolean): Vjp => (g, [a, b], _out, needs) => [
  !needs[0] ? null : transA ? product('matmul backward', b, g, transB, true) : product('matmul backward', g, b, false, !transB),
  !needs[1] ? null : transB ? product('matmul backward', g, a, true, transA) : product('matmul backward', a, g, !transA, false),
]

// One vjp per layout, made once: products run often and are rarely traced.
const vjps: readonly (readonly Vjp[])[] = [[layoutVjp(false, false), layoutVjp(false, true)], [layoutVjp(true, false), layoutVjp(true, true)]]

const productVjp = (transA: boolean, transB: boolean): Vjp => vjps[transA ? 1 : 0][transB ? 1 : 0]

/**
 * Matrix product of two 2-D tensors: [n, k] · [k, m] → [n, m].
 * @example
 * import { mm, tensor } from 'immutorch'
 *
 * mm(tensor([[1, 2]]), tensor([[3], [4]])) // [[11]]
 */
export const mm: {
  (a: Tensor, b: Tensor): Tensor
  (b: Tensor): (a: Tensor) => Tensor
} = dual(2, (a: Tensor, b: Tensor): Tensor => mm2d(a, b))

/** `mm` without the data-last wrapper, for the Tensor method (tiny products are call-bound). */
export function mm2d(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) {
    throw new RangeError(`mm: expects 2-D tensors, got ${showShape(a.shape)} and ${showShape(b.shape)}; use matmul for other ranks`)
  }
  if (a.shape[1] !== b.shape[0]) {
    throw new RangeError(`mm: shapes ${showShape(a.shape)} and ${showShape(b.shape)} cannot be multiplied: dim 1 of the first (${a.shape[1]}) must equal dim 0 of the second (${b.shape[0]})`)
  }
  return product('mm', a, b, false, false)
}

/**
 * torch.matmul: dot for 1-D·1-D, mm for 2-D, batched with broadcast batch dims otherwise.
 * @example
 * import { matmul, ones, tensor } from 'immutorch'
 *
 * matmul(ones([5, 2, 3]), ones([3, 4])).shape // [5, 2, 4]
 * matmul(tensor([1, 2]), tensor([3, 4])) // 11
 */
export const matmul: {
  (a: Tensor, b: Tensor): Tensor
  (b: Tensor): (a: Tensor) => Tensor
} = dual(2, (a: Tensor, b: Tensor): Tensor => {
  if (a.ndim === 0 || b.ndim === 0) throw new RangeError('matmul: both arguments need at least 1 dim')
  // 1-D operands become matrices, and the added dim is dropped from the result.
  const a2 = a.ndim === 1 ? reshape(a, [1, a.shape[0]]) : a
  const b2 = b.ndim === 1 ? reshape(b, [b.shape[0], 1]) : b
  const k = a2.shape[a2.ndim - 1]
  if (b2.shape[b2.ndim - 2] !== k) {
    throw new RangeError(`matmul: shapes ${showShape(a.shape)} and ${showShape(b.shape)} cannot be multiplied: ${k} (last dim of the first) vs ${b2.shape[b2.ndim - 2]} (${b.ndim === 1 ? 'only' : 'second-to-last'} dim of the second)`)
  }
  const out = product('matmul', a2, b2, false, false)
  const batch = out.shape.slice(0, -2)
  const shape = [...batch, ...(a.ndim === 1 ? [] : [a2.shape[a2.ndim - 2]]), ...(b.ndim === 1 ? [] : [b2.shape[b2.ndim - 1]])]
  return reshape(out, shape)
})

/**
 * x·wᵀ + b over the last dim of `x` (torch.nn.functional.linear): `x` [..., in], `weight`
 * [out, in], `bias` [out]. The kernel reads `weight` transposed in place, so no copy is made.
 * @example
 * import { linear, tensor } from 'immutorch'
 *
 * const weight = tensor([[1, 0], [0, 1], [1, 1]])
 * linear(tensor([[1, 2]]), weight, tensor([0, 0, 10])) // [[1, 2, 13]]
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.ndim !== 2) throw new RangeError(`linear: weight must be 2-D [out, in], got ${showShape(weight.shape)}`)
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== weight.shape[1]) {
    throw new RangeError(`linear: input ${showShape(x.shape)} has last dim ${x.shape[x.ndim - 1] ?? 'none'} but weight ${showShape(weight.shape)} expects ${weight.shape[1]}`)
  }
  const rows = numel(x.shape.slice(0, -1))
  const flat = reshape(x, [rows, weight.shape[1]])
  const y = reshape(product('linear', flat, weight, false, true), [...x.shape.slice(0, -1), weight.shape[0]])
  return bias === null ? y : add(y, bias)
}
