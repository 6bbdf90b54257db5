/**
 * Shapes: validation, element counts, row-major strides and NumPy broadcasting, with errors that
 * name the op, both shapes and the dimension that disagreed.
 */

/** A tensor shape: non-negative integer sizes. */
export type Shape = readonly number[]

/** Product of the sizes (1 for a scalar). */
export function numel(shape: Shape): number {
  let n = 1
  for (let i = 0; i < shape.length; i++) n *= shape[i]
  return n
}

/** Throws unless every size is a non-negative safe integer. */
export function checkShape(shape: unknown, where: string): Shape {
  if (!Array.isArray(shape)) throw new TypeError(`${where}: shape must be an array of sizes, got ${String(shape)}`)
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i]
    if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) {
      throw new RangeError(`${where}: size at dim ${i} must be a non-negative integer, got ${String(s)} in [${shape.join(', ')}]`)
    }
  }
  return Object.freeze(shape.slice())
}

/** Row-major strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const st = new Array<number>(shape.length)
  let s = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s
    s *= shape[i]
  }
  return st
}

/** Formats a shape as PyTorch prints sizes: `[2, 3]`. */
export const showShape = (s: Shape): string => `[${s.join(', ')}]`

/**
 * Broadcasts two shapes the NumPy way, or throws naming `op`, both shapes and the dim.
 * @example
 * import { broadcastShapes } from 'immutorch'
 *
 * broadcastShapes('add', [2, 1], [3]) // [2, 3]
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): Shape {
  // The common cases first: equal shapes, or a one-element operand of no more dims.
  if (a === b || (b.length <= a.length && numel(b) === 1)) return a
  if (a.length <= b.length && numel(a) === 1) return b
  const n = Math.max(a.length, b.length)
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const da = a.length - n + i
    const db = b.length - n + i
    const x = da >= 0 ? a[da] : 1
    const y = db >= 0 ? b[db] : 1
    if (x !== y && x !== 1 && y !== 1) {
      throw new RangeError(
        `${op}: shapes ${showShape(a)} and ${showShape(b)} cannot be broadcast: size ${x} vs ${y} at dim ${i - n} (counting from the end)`,
      )
    }
    out[i] = x === 1 ? y : x
  }
  // Hand back an operand's own (frozen) shape when it is the result: tensors then share it.
  return sameShape(out, a) ? a : sameShape(out, b) ? b : out
}


/** Strides of `shape` read as if broadcast to `target` (0 where a dim is stretched). */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const st = stridesOf(shape)
  const out = new Array<number>(target.length).fill(0)
  const off = target.length - shape.length
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 && target[off + i] !== 1 ? 0 : st[i]
  return out
}

/** Normalises a possibly negative dim against `ndim`, or throws naming `op`. */
export function normDim(op: string, dim: number, ndim: number): number {
  const lo = ndim === 0 ? -1 : -ndim
  const hi = ndim === 0 ? 0 : ndim - 1
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new RangeError(`${op}: dim ${dim} is out of range for a tensor of ${ndim} dims (expected ${lo}..${hi})`)
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim
}

/** Whether two shapes are equal. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const INTERNED = 64
let matrixShapes: (Shape | undefined)[] | undefined
/**
 * The frozen shape [m, n], shared by every call for sizes below 64: freezing an array costs about
 * as much as a tiny product, and small matrix products are made often. The cache holds only
 * immutable arrays equal to what a fresh one would be, so no caller can tell it is there.
 */
export function matrixShape(m: number, n: number): Shape {
  if (m >= INTERNED || n >= INTERNED) return Object.freeze([m, n])
  matrixShapes ??= new Array<Shape | undefined>(INTERNED * INTERNED)
  return (matrixShapes[m * INTERNED + n] ??= Object.freeze([m, n]))
}
