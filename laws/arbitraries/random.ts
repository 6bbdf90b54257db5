/**
 * Generators for random-key laws: keys (from number seeds, 64-bit bigint seeds and raw words, so
 * every part of the key space is reached), small shapes, floating dtypes with ranges, and integer
 * dtypes with bounds that sometimes fall outside the dtype (randint clips them).
 */
import fc from 'fast-check'
import type { FloatDType } from '../../src/tensor/dtype.js'
import { key, wrapKeyData, type Key, type RandintDType } from '../../src/random/index.js'

const word = fc.integer({ min: 0, max: 0xffffffff })

/** Any key: from a safe-integer seed, a 64-bit bigint seed, or two raw words. */
export const keyArb: fc.Arbitrary<Key> = fc.oneof(
  fc.maxSafeInteger().map((s) => key(s)),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }).map((s) => key(s)),
  fc.tuple(word, word).map((w) => wrapKeyData(w)),
)

/** Shapes of up to 3 dims and at most 60 elements (empty dims included). */
export const shapeArb: fc.Arbitrary<number[]> = fc
  .array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 })
  .filter((s) => s.reduce((a, b) => a * b, 1) <= 60)

/** A floating dtype. */
export const floatDTypeArb: fc.Arbitrary<FloatDType> = fc.constantFrom('float32', 'float64', 'float16', 'bfloat16')

/** A floating dtype with a range `minval < maxval` that stays finite in that dtype. */
export const uniformCaseArb: fc.Arbitrary<{ dtype: FloatDType; minval: number; maxval: number }> = fc
  .record({
    dtype: floatDTypeArb,
    minval: fc.double({ min: -1000, max: 1000, noNaN: true }),
    width: fc.double({ min: 1e-2, max: 1000, noNaN: true }),
  })
  .map(({ dtype, minval, width }) => ({ dtype, minval, maxval: minval + width }))

const INT_RANGE: Readonly<Record<RandintDType, readonly [bigint, bigint]>> = {
  int8: [-128n, 127n],
  uint8: [0n, 255n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
}

/** An integer dtype and two bounds within (or up to 300 past) its range, in either order. */
export const randintCaseArb: fc.Arbitrary<{ dtype: RandintDType; minval: bigint; maxval: bigint }> = fc
  .constantFrom<RandintDType>('int8', 'uint8', 'int16', 'int32', 'int64')
  .chain((dtype) => {
    const [lo, hi] = INT_RANGE[dtype]
    const bound = fc.oneof(
      fc.bigInt({ min: lo - 300n, max: hi + 300n }),
      fc.bigInt({ min: -20n, max: 20n }),
    )
    return fc.record({ dtype: fc.constant(dtype), minval: bound, maxval: bound })
  })

/** A length for permutations, covering one and two shuffle rounds. */
export const permutationSizeArb: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1600, max: 1700 }))
