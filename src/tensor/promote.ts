/**
 * PyTorch's type promotion: `promoteTypes` for two dtypes, and `resultType` for an op's operands,
 * where dimensioned tensors outrank zero-dim tensors, which outrank plain JS scalars, unless a
 * lower-ranked operand belongs to a higher category (bool < integer < floating).
 *
 * JS has one number type, so a scalar counts as an integer when `Number.isInteger(v)` holds and as
 * floating otherwise: `intTensor.add(2)` stays integer, `intTensor.mul(0.5)` becomes float32.
 */
import { category, type Category, type DType } from './dtype.js'
import { Tensor } from './tensor.js'

/** A JS scalar operand: a number (integer or floating by its value), a boolean or a bigint. */
export type Scalar = number | boolean | bigint
/** An operand of an elementwise op: a tensor or a JS scalar. */
export type Operand = Tensor | Scalar

/** The default dtype of each category, used when a scalar decides the category. */
const defaultOf: Record<Category, DType> = { 0: 'bool', 1: 'int64', 2: 'float32' }

const signedInts: readonly DType[] = ['int8', 'int16', 'int32', 'int64']

/**
 * The smallest dtype both `a` and `b` convert to without leaving their categories (torch.promote_types).
 * @example
 * import { promoteTypes } from 'immutorch'
 *
 * promoteTypes('int32', 'float16') // 'float16'
 * promoteTypes('uint8', 'int8') // 'int16'
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a
  const ca = category(a)
  const cb = category(b)
  if (ca !== cb) return ca > cb ? a : b
  if (ca === 2) {
    if (a === 'float64' || b === 'float64') return 'float64'
    return 'float32' // float32 with a half type, or float16 with bfloat16
  }
  if (a === 'uint8' || b === 'uint8') {
    const other = a === 'uint8' ? b : a
    return other === 'int8' ? 'int16' : other
  }
  return signedInts.indexOf(a) > signedInts.indexOf(b) ? a : b
}

/** The category of a JS scalar. */
export const scalarCategory = (v: Scalar): Category =>
  typeof v === 'boolean' ? 0 : typeof v === 'bigint' || Number.isInteger(v) ? 1 : 2

/**
 * torch.result_type over tensors and scalars.
 * @example
 * import { resultType, tensor } from 'immutorch'
 *
 * const ints = tensor([1, 2], { dtype: 'int32' })
 * resultType(ints, 2) // 'int32'
 * resultType(ints, 2.5) // 'float32'
 */
export function resultType(...operands: readonly Operand[]): DType {
  // The common cases, without the general bookkeeping: same-dtype tensors, or a tensor and a
  // scalar of no higher category.
  if (operands.length === 2) {
    const [a, b] = operands
    if (a instanceof Tensor) {
      if (b instanceof Tensor ? b.dtype === a.dtype : category(a.dtype) >= scalarCategory(b)) return a.dtype
    } else if (b instanceof Tensor && category(b.dtype) >= scalarCategory(a)) {
      return b.dtype
    }
  }
  // Three priority levels: dimensioned tensors, zero-dim tensors, scalars.
  const best: (DType | undefined)[] = [undefined, undefined, undefined]
  const cats: Category[] = [0, 0, 0]
  const seen = [false, false, false]
  for (const o of operands) {
    const level = o instanceof Tensor ? (o.ndim > 0 ? 0 : 1) : 2
    const d = o instanceof Tensor ? o.dtype : defaultOf[scalarCategory(o)]
    const c = o instanceof Tensor ? category(o.dtype) : scalarCategory(o)
    if (level === 2) {
      best[2] = best[2] === undefined || c > cats[2] ? d : best[2]
    } else {
      best[level] = best[level] === undefined ? d : promoteTypes(best[level]!, d)
    }
    cats[level] = Math.max(cats[level], c) as Category
    seen[level] = true
  }
  let result: DType | undefined
  let cat: Category = 0
  for (let level = 0; level < 3; level++) {
    if (!seen[level]) continue
    if (result === undefined) {
      result = best[level]!
      cat = category(result)
    } else if (cats[level] > cat) {
      // A lower-priority operand lifts the category: take its dtype (tensor) or the default (scalar).
      result = level === 1 ? best[level]! : defaultOf[cats[level]]
      cat = cats[level]
    }
  }
  if (result === undefined) throw new TypeError('resultType: needs at least one operand')
  return result
}
