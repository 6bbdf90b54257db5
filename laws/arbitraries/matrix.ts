/**
 * Generators for matrix-multiply laws: shapes that reach the kernels' edge cases (0- and 1-sized
 * dimensions, sizes off the 4×4 register tile, depths past one packed panel, widths past one packed
 * block), both transpose flags and both float dtypes. Matrix contents come from a seeded stream
 * rather than element-by-element arbitraries, so cases of thousands of elements stay cheap;
 * shrinking still works on the shape, and the seed reproduces the values.
 */
import fc from 'fast-check'
import type { FloatArray } from '../../src/kernels/mm.js'

/** The float dtypes the matrix kernels take. */
export type MatDType = 'float32' | 'float64'

/** What the entries are: integers in -8..8 (sums stay exact) or floats in [-1, 1) at scales 2^-4..2^4. */
export type MatValues = 'smallInt' | 'float'

/** One product: op(A) is m×k, op(B) is k×n; `a` is stored k×m when transA, `b` n×k when transB. */
export interface MmCase {
  readonly dtype: MatDType
  readonly m: number
  readonly k: number
  readonly n: number
  readonly transA: boolean
  readonly transB: boolean
  readonly a: FloatArray
  readonly b: FloatArray
}

/** A product of three: op(A) m×k, op(B) k×n, op(C) n×q, each with its own transpose flag. */
export interface MmTriple extends MmCase {
  readonly q: number
  readonly transC: boolean
  readonly c: FloatArray
}

/** A product and a second right operand `b2` of b's shape (for distributivity). */
export interface MmPair extends MmCase {
  readonly b2: FloatArray
}

/** An `MmCase` with element offsets at which a, b and out sit inside larger arrays, and tail padding. */
export interface MmOffsetCase extends MmCase {
  readonly aOff: number
  readonly bOff: number
  readonly outOff: number
  readonly pad: number
}

/** Inclusive bounds of one dimension. */
export interface DimRange {
  readonly min?: number
  readonly max: number
}

/** Bounds for m, k and n (and q for triples). */
export interface MmShapeOptions {
  readonly m?: DimRange
  readonly k?: DimRange
  readonly n?: DimRange
  readonly q?: DimRange
  readonly values?: MatValues
}

const TILE_EDGES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13]

/** A dimension in [min, max], weighted toward 0, 1 and sizes either side of multiples of 4. */
export const dimArb = ({ min = 0, max }: DimRange): fc.Arbitrary<number> => {
  const edges = TILE_EDGES.filter((d) => d >= min && d <= max)
  const any = fc.integer({ min, max })
  return edges.length === 0 ? any : fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...edges) }, { weight: 3, arbitrary: any })
}

/** A float dtype. */
export const matDTypeArb: fc.Arbitrary<MatDType> = fc.constantFrom('float32', 'float64')

/** Fills a fresh array of `len` entries of `dtype` from a small seeded generator (mulberry32). */
export const seededMatrix = (dtype: MatDType, len: number, seed: number, values: MatValues): FloatArray => {
  const out = dtype === 'float32' ? new Float32Array(len) : new Float64Array(len)
  let s = seed | 0
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let i = 0; i < len; i++) {
    const u = next()
    out[i] = values === 'smallInt' ? Math.floor(u * 17) - 8 : (2 * u - 1) * 2 ** (Math.floor(next() * 9) - 4)
  }
  return out
}

const DEFAULT_DIM: DimRange = { max: 24 }

const baseArb = (o: MmShapeOptions) => fc.record({
  dtype: matDTypeArb,
  m: dimArb(o.m ?? DEFAULT_DIM),
  k: dimArb(o.k ?? DEFAULT_DIM),
  n: dimArb(o.n ?? DEFAULT_DIM),
  transA: fc.boolean(),
  transB: fc.boolean(),
  seed: fc.integer(),
})

/** Random products with shapes within `o` (each dim 0..24 by default) and entries of kind `o.values`. */
export const mmCaseArb = (o: MmShapeOptions = {}): fc.Arbitrary<MmCase> =>
  baseArb(o).map(({ seed, ...s }) => ({
    ...s,
    a: seededMatrix(s.dtype, s.m * s.k, seed, o.values ?? 'float'),
    b: seededMatrix(s.dtype, s.k * s.n, seed ^ 0x5bd1e995, o.values ?? 'float'),
  }))

/** Random chains A·B·C for associativity; small integers by default so every sum is exact. */
export const mmTripleArb = (o: MmShapeOptions = {}): fc.Arbitrary<MmTriple> => {
  const values = o.values ?? 'smallInt'
  return fc.record({ base: mmCaseArb({ ...o, values }), q: dimArb(o.q ?? DEFAULT_DIM), transC: fc.boolean(), seed: fc.integer() })
    .map(({ base, q, transC, seed }) => ({ ...base, q, transC, c: seededMatrix(base.dtype, base.n * q, seed, values) }))
}

/** Random products with a second right operand of b's shape; small integers by default. */
export const mmPairArb = (o: MmShapeOptions = {}): fc.Arbitrary<MmPair> => {
  const values = o.values ?? 'smallInt'
  return fc.record({ base: mmCaseArb({ ...o, values }), seed: fc.integer() })
    .map(({ base, seed }) => ({ ...base, b2: seededMatrix(base.dtype, base.b.length, seed, values) }))
}

/** Random products placed at offsets 0..9 inside larger arrays, with 0..5 elements of tail padding. */
export const mmOffsetCaseArb = (o: MmShapeOptions = {}): fc.Arbitrary<MmOffsetCase> =>
  fc.record({
    base: mmCaseArb(o),
    aOff: fc.integer({ min: 0, max: 9 }),
    bOff: fc.integer({ min: 0, max: 9 }),
    outOff: fc.integer({ min: 0, max: 9 }),
    pad: fc.integer({ min: 0, max: 5 }),
  }).map(({ base, ...offsets }) => ({ ...base, ...offsets }))
