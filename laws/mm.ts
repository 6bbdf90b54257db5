/**
 * Laws for matrix-multiply kernels, as plain predicates over generated cases plus runners that check
 * them with fast-check (fp-ts-laws style). A kernel is anything with `mmInto`'s signature, so another
 * kernel (a new device, a WebAssembly build) is checked in one line per law, e.g.
 * `checkCloseToNaive(myKernel)`. The reference is the textbook loop `mmNaiveInto`; on small-integer
 * entries every sum is exact, so the algebraic laws there must hold bit for bit.
 */
import fc from 'fast-check'
import type { FloatArray } from '../src/kernels/mm.js'
import { mmNaiveInto } from '../src/kernels/mmNaive.js'
import {
  mmCaseArb, mmOffsetCaseArb, mmPairArb, mmTripleArb,
  type MatDType, type MmCase, type MmOffsetCase, type MmPair, type MmTriple,
} from './arbitraries/matrix.js'
import { params } from './runs.js'

/** A kernel with `mmInto`'s contract: out[m×n] = op(A)·op(B), `out` fully overwritten. */
export type MmKernel = (
  a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transA?: boolean, transB?: boolean,
) => void

/** A kernel with `mmIntoAt`'s contract: `mmInto` on matrices at element offsets. */
export type MmAtKernel = (
  a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, outOff: number,
  m: number, k: number, n: number, transA?: boolean, transB?: boolean,
) => void

const alloc = (dtype: MatDType, len: number): FloatArray => (dtype === 'float32' ? new Float32Array(len) : new Float64Array(len))

const run = (
  kernel: MmKernel, dtype: MatDType, a: FloatArray, b: FloatArray,
  m: number, k: number, n: number, transA: boolean, transB: boolean,
): FloatArray => {
  const out = alloc(dtype, m * n)
  kernel(a, b, out, m, k, n, transA, transB)
  return out
}

const product = (kernel: MmKernel, c: MmCase): FloatArray => run(kernel, c.dtype, c.a, c.b, c.m, c.k, c.n, c.transA, c.transB)

const equal = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => {
  if (x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i]) && x[i] !== y[i]) return false
  return true
}

const bytes = (x: FloatArray): Uint8Array => new Uint8Array(x.buffer, x.byteOffset, x.byteLength).slice()

/** Unit roundoff of the output dtype. */
const roundoff = (dtype: MatDType): number => (dtype === 'float32' ? 2 ** -24 : 2 ** -53)

/**
 * `kernel` agrees with the naive reference to rounding: elementwise |C − R| ≤ 2(k + 2)·u·(|A|·|B|),
 * the classic bound for a k-term dot product in any summation order (u: the dtype's unit roundoff).
 */
export const closeToNaive = (kernel: MmKernel) => (c: MmCase): boolean => {
  const got = product(kernel, c)
  const ref = product(mmNaiveInto, c)
  const scale = run(mmNaiveInto, 'float64', Float64Array.from(c.a, Math.abs), Float64Array.from(c.b, Math.abs),
    c.m, c.k, c.n, c.transA, c.transB)
  const tol = 2 * (c.k + 2) * roundoff(c.dtype)
  return got.every((g, i) => Math.abs(g - ref[i]) <= tol * scale[i])
}

/** On entries whose sums are exact, `kernel` gives exactly the naive reference's result. */
export const equalsNaive = (kernel: MmKernel) => (c: MmCase): boolean => equal(product(kernel, c), product(mmNaiveInto, c))

/** (A·B)·C = A·(B·C) exactly, for entries whose sums are exact. */
export const associative = (kernel: MmKernel) => (t: MmTriple): boolean => {
  const ab = run(kernel, t.dtype, t.a, t.b, t.m, t.k, t.n, t.transA, t.transB)
  const bc = run(kernel, t.dtype, t.b, t.c, t.k, t.n, t.q, t.transB, t.transC)
  return equal(
    run(kernel, t.dtype, ab, t.c, t.m, t.n, t.q, false, t.transC),
    run(kernel, t.dtype, t.a, bc, t.m, t.k, t.q, t.transA, false),
  )
}

/** A·(B + B₂) = A·B + A·B₂ exactly, for entries whose sums are exact. */
export const distributive = (kernel: MmKernel) => (p: MmPair): boolean => {
  const sum = p.b.map((x, i) => x + p.b2[i])
  const ab = product(kernel, p)
  const ab2 = product(kernel, { ...p, b: p.b2 })
  return equal(product(kernel, { ...p, b: sum }), ab.map((x, i) => x + ab2[i]))
}

const eye = (dtype: MatDType, size: number): FloatArray => {
  const e = alloc(dtype, size * size)
  for (let i = 0; i < size; i++) e[i * size + i] = 1
  return e
}

/** op(A) as a row-major m×k array. */
const opA = (c: MmCase): FloatArray => {
  if (!c.transA) return c.a
  const t = alloc(c.dtype, c.m * c.k)
  for (let i = 0; i < c.m; i++) for (let p = 0; p < c.k; p++) t[i * c.k + p] = c.a[p * c.m + i]
  return t
}

/** I·A = A = A·I exactly (I is symmetric, so its transpose flag, taken from transB, must not matter). */
export const identity = (kernel: MmKernel) => (c: MmCase): boolean => {
  const a = opA(c)
  const left = run(kernel, c.dtype, eye(c.dtype, c.m), c.a, c.m, c.m, c.k, c.transB, c.transA)
  const right = run(kernel, c.dtype, c.a, eye(c.dtype, c.k), c.m, c.k, c.k, c.transA, c.transB)
  return equal(left, a) && equal(right, a)
}

/** (A·B)ᵀ = Bᵀ·Aᵀ exactly: the swapped product with flipped flags is the transpose. */
export const transposeOfProduct = (kernel: MmKernel) => (c: MmCase): boolean => {
  const ab = product(kernel, c)
  const btat = run(kernel, c.dtype, c.b, c.a, c.n, c.k, c.m, !c.transB, !c.transA)
  for (let i = 0; i < c.m; i++) for (let j = 0; j < c.n; j++) if (btat[j * c.m + i] !== ab[i * c.n + j]) return false
  return true
}

/** The kernel writes nothing into its inputs: their bytes are the same before and after. */
export const inputsUnchanged = (kernel: MmKernel) => (c: MmCase): boolean => {
  const a0 = bytes(c.a)
  const b0 = bytes(c.b)
  product(kernel, c)
  return equal(bytes(c.a), a0) && equal(bytes(c.b), b0)
}

/** Every output element is written and none is read first: NaN garbage in `out` leaves no trace. */
export const overwritesOutput = (kernel: MmKernel) => (c: MmCase): boolean => {
  const out = alloc(c.dtype, c.m * c.n).fill(NaN)
  kernel(c.a, c.b, out, c.m, c.k, c.n, c.transA, c.transB)
  return out.every((x) => !Number.isNaN(x))
}

/**
 * The offsets variant agrees bit for bit with the plain kernel on the same matrices, reads nothing
 * outside them (NaN padding around a and b) and writes nothing outside out[outOff, outOff + m·n).
 */
export const offsetsAgree = (kernelAt: MmAtKernel, kernel: MmKernel) => (c: MmOffsetCase): boolean => {
  const SENTINEL = -12.5
  const embed = (x: FloatArray, off: number): FloatArray => {
    const big = alloc(c.dtype, off + x.length + c.pad).fill(NaN)
    big.set(x, off)
    return big
  }
  const out = alloc(c.dtype, c.outOff + c.m * c.n + c.pad).fill(SENTINEL)
  kernelAt(embed(c.a, c.aOff), c.aOff, embed(c.b, c.bOff), c.bOff, out, c.outOff, c.m, c.k, c.n, c.transA, c.transB)
  const inside = out.subarray(c.outOff, c.outOff + c.m * c.n)
  const outside = [...out.subarray(0, c.outOff), ...out.subarray(c.outOff + c.m * c.n)]
  return equal(inside, product(kernel, c)) && outside.every((x) => x === SENTINEL)
}

/** Check `closeToNaive` for `kernel` over `arb` (float entries, shapes 0..24 by default). */
export const checkCloseToNaive = (kernel: MmKernel, arb: fc.Arbitrary<MmCase> = mmCaseArb(), runs?: number): void =>
  fc.assert(fc.property(arb, closeToNaive(kernel)), params(runs))

/** Check `equalsNaive` for `kernel` over `arb` (small-integer entries by default). */
export const checkEqualsNaive = (kernel: MmKernel, arb = mmCaseArb({ values: 'smallInt' }), runs?: number): void =>
  fc.assert(fc.property(arb, equalsNaive(kernel)), params(runs))

/** Check `associative` for `kernel` over `arb`. */
export const checkAssociative = (kernel: MmKernel, arb: fc.Arbitrary<MmTriple> = mmTripleArb(), runs?: number): void =>
  fc.assert(fc.property(arb, associative(kernel)), params(runs))

/** Check `distributive` for `kernel` over `arb`. */
export const checkDistributive = (kernel: MmKernel, arb: fc.Arbitrary<MmPair> = mmPairArb(), runs?: number): void =>
  fc.assert(fc.property(arb, distributive(kernel)), params(runs))

/** Check `identity` for `kernel` over `arb` (small-integer entries by default). */
export const checkIdentity = (kernel: MmKernel, arb = mmCaseArb({ values: 'smallInt' }), runs?: number): void =>
  fc.assert(fc.property(arb, identity(kernel)), params(runs))

/** Check `transposeOfProduct` for `kernel` over `arb` (small-integer entries by default). */
export const checkTransposeOfProduct = (kernel: MmKernel, arb = mmCaseArb({ values: 'smallInt' }), runs?: number): void =>
  fc.assert(fc.property(arb, transposeOfProduct(kernel)), params(runs))

/** Check `inputsUnchanged` for `kernel` over `arb`. */
export const checkInputsUnchanged = (kernel: MmKernel, arb: fc.Arbitrary<MmCase> = mmCaseArb(), runs?: number): void =>
  fc.assert(fc.property(arb, inputsUnchanged(kernel)), params(runs))

/** Check `overwritesOutput` for `kernel` over `arb`. */
export const checkOverwritesOutput = (kernel: MmKernel, arb: fc.Arbitrary<MmCase> = mmCaseArb(), runs?: number): void =>
  fc.assert(fc.property(arb, overwritesOutput(kernel)), params(runs))

/** Check `offsetsAgree` for the pair over `arb`. */
export const checkOffsetsAgree = (
  kernelAt: MmAtKernel, kernel: MmKernel, arb: fc.Arbitrary<MmOffsetCase> = mmOffsetCaseArb(), runs?: number,
): void => fc.assert(fc.property(arb, offsetsAgree(kernelAt, kernel)), params(runs))
