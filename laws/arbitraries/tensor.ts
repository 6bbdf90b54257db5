/**
 * Generators for tensor laws: dtypes, shapes (with 0- and 1-sized dims and 0-dim scalars), tensors
 * of every dtype filled with values that include the awkward ones (NaN, ±Inf, −0, subnormals, every
 * float16/bfloat16 bit pattern, the full int64 range), broadcast-compatible pairs, permutations,
 * reshape targets and cat/stack part lists. Tensors are built through the public `tensor` from
 * typed arrays, so every value is exactly the one generated.
 */
import fc from 'fast-check'
import { DTYPES, tensor, type DType, type FloatDType, type Tensor } from '../../src/tensor/index.js'

/** Every dtype. */
export const dtypeArb: fc.Arbitrary<DType> = fc.constantFrom(...DTYPES)

/** The floating dtypes. */
export const floatDtypeArb: fc.Arbitrary<FloatDType> = fc.constantFrom('float32', 'float64', 'float16', 'bfloat16')

/** Dtypes that arithmetic accepts (everything but bool). */
export const numericDtypeArb: fc.Arbitrary<DType> = fc.constantFrom(...DTYPES.filter((d) => d !== 'bool'))

/** Which values fill a tensor: the whole range of the dtype, or finite moderate ones. */
export type ValueRange = 'any' | 'finite'

/** Shape options: rank bounds and side bounds (sides of 0 and 1 are included when in range). */
export interface ShapeOptions {
  readonly minRank?: number
  readonly maxRank?: number
  readonly minSide?: number
  readonly maxSide?: number
}

/** A shape: `minRank..maxRank` dims of `minSide..maxSide`, biased towards 0 and 1 sides. */
export const shapeArb = ({ minRank = 0, maxRank = 4, minSide = 0, maxSide = 4 }: ShapeOptions = {}): fc.Arbitrary<number[]> =>
  fc.array(
    fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...[0, 1].filter((s) => s >= minSide && s <= maxSide)) },
      { weight: 3, arbitrary: fc.integer({ min: minSide, max: maxSide }) },
    ),
    { minLength: minRank, maxLength: maxRank },
  )

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1)

const intRange: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1], int16: [-(2 ** 15), 2 ** 15 - 1], int8: [-128, 127], uint8: [0, 255], bool: [0, 1],
}

/** `n` storage values for `dtype` (half types as bit patterns). */
export function storageArb(dtype: DType, n: number, range: ValueRange = 'any'): fc.Arbitrary<ArrayLike<number | bigint>> {
  const len = { minLength: n, maxLength: n }
  const finite = range === 'finite'
  switch (dtype) {
    case 'float32':
      return fc.array(finite ? fc.float({ min: -1e4, max: 1e4, noNaN: true }) : fc.float(), len).map((v) => Float32Array.from(v))
    case 'float64':
      return fc.array(finite ? fc.double({ min: -1e6, max: 1e6, noNaN: true }) : fc.double(), len).map((v) => Float64Array.from(v))
    case 'float16':
    case 'bfloat16': {
      // Finite: exponent field below the top (no Inf/NaN) and magnitudes kept moderate.
      const top = dtype === 'float16' ? 0x5800 : 0x4600
      const pattern = finite
        ? fc.tuple(fc.boolean(), fc.integer({ min: 0, max: top })).map(([s, m]) => (s ? 0x8000 : 0) | m)
        : fc.integer({ min: 0, max: 0xffff })
      return fc.array(pattern, len).map((v) => Uint16Array.from(v))
    }
    case 'int64': {
      const big = finite ? fc.bigInt({ min: -1000n, max: 1000n }) : fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -1000n, max: 1000n }))
      return fc.array(big, len).map((v) => BigInt64Array.from(v))
    }
    default: {
      const [lo, hi] = finite && dtype !== 'bool' && dtype !== 'uint8' && dtype !== 'int8' ? [-1000, 1000] : intRange[dtype]
      const make = { int32: Int32Array, int16: Int16Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array }[dtype]
      return fc.array(fc.integer({ min: lo, max: hi }), len).map((v) => make.from(v))
    }
  }
}

/** A tensor of `dtype` and `shape` with values from `range`. */
export const tensorOfShape = (shape: readonly number[], dtype: DType, range: ValueRange = 'any'): fc.Arbitrary<Tensor> =>
  storageArb(dtype, numel(shape), range).map((data) => tensor(data as Float32Array, { dtype, shape }))

/** Options for `tensorArb`. */
export interface TensorOptions extends ShapeOptions {
  readonly dtype?: fc.Arbitrary<DType>
  readonly shape?: fc.Arbitrary<readonly number[]>
  readonly range?: ValueRange
}

/** A random tensor: any dtype and shape unless narrowed. */
export const tensorArb = ({ dtype = dtypeArb, shape, range = 'any', ...shapeOptions }: TensorOptions = {}): fc.Arbitrary<Tensor> =>
  fc.tuple(shape ?? shapeArb(shapeOptions), dtype).chain(([s, d]) => tensorOfShape(s, d, range))

/** Two shapes that broadcast: each drops some leading dims of a common shape and sets some sides to 1. */
export const broadcastShapesArb = (options: ShapeOptions = {}): fc.Arbitrary<[number[], number[]]> =>
  shapeArb(options).chain((out) => {
    const operand = fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
      .map(([drop, ones]) => out.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s)))
    return fc.tuple(operand, operand)
  })

/** Two tensors with broadcast-compatible shapes and dtypes drawn from `dtype` (one shared dtype unless `mixed`). */
export const broadcastPairArb = ({ dtype = numericDtypeArb, range = 'any', mixed = true, ...shapeOptions }: TensorOptions & { readonly mixed?: boolean } = {}): fc.Arbitrary<[Tensor, Tensor]> =>
  fc.tuple(broadcastShapesArb(shapeOptions), dtype, dtype).chain(([[sa, sb], da, db]) =>
    fc.tuple(tensorOfShape(sa, da, range), tensorOfShape(sb, mixed ? db : da, range)))

/** A permutation of 0..n-1. */
export const permutationArb = (n: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n })

/** A tensor and a shape with the same element count: its sides shuffled, with 1s inserted and maybe one -1. */
export const reshapeArb = (options: TensorOptions = {}): fc.Arbitrary<[Tensor, number[]]> =>
  tensorArb(options).chain((x) =>
    fc.tuple(permutationArb(x.ndim), fc.array(fc.integer({ min: 0, max: x.ndim }), { maxLength: 2 }), fc.boolean(), fc.nat()).map(([p, ones, infer, at]) => {
      const target = p.map((d) => x.shape[d])
      for (const i of ones) target.splice(Math.min(i, target.length), 0, 1)
      // -1 can stand for any side when no other side is 0 (otherwise it is ambiguous).
      if (infer && target.length > 0 && !target.includes(0)) target[at % target.length] = -1
      return [x, target] as [Tensor, number[]]
    }))

/** Parts for cat along `dim`: equal shapes except at `dim`, dtypes drawn from `dtype` (mixed). */
export const catPartsArb = ({ dtype = dtypeArb, range = 'any', maxParts = 4 }: { dtype?: fc.Arbitrary<DType>; range?: ValueRange; maxParts?: number } = {}): fc.Arbitrary<{ parts: Tensor[]; dim: number }> =>
  shapeArb({ minRank: 1, maxRank: 3 }).chain((base) =>
    fc.tuple(fc.integer({ min: 0, max: base.length - 1 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), dtype), { minLength: 1, maxLength: maxParts }))
      .chain(([dim, specs]) =>
        fc.tuple(...specs.map(([side, d]) => tensorOfShape(base.map((s, i) => (i === dim ? side : s)), d, range)))
          .map((parts) => ({ parts, dim }))))
