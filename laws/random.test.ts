import { describe, it } from 'vitest'
import fc from 'fast-check'
import { bernoulli, bits, normal, permutation, randint, uniform } from '../src/random/index.js'
import {
  floatDTypeArb, keyArb, permutationSizeArb, randintCaseArb, shapeArb, uniformCaseArb,
} from './arbitraries/random.js'
import {
  bernoulliExtremes, checkKeyLaws, checkSameKeySameOutput, normalFinite, permutationIsPermutation,
  randintInRange, uniformInRange,
} from './random.js'
import { params } from './runs.js'

describe('random laws', () => {
  it('split is deterministic and distinct; foldIn separates data', () => checkKeyLaws(keyArb))
  it('uniform is pure', () => checkSameKeySameOutput(keyArb, (k) => uniform(k, [7])))
  it('normal is pure', () => checkSameKeySameOutput(keyArb, (k) => normal(k, [7], { dtype: 'float16' })))
  it('bits is pure', () => checkSameKeySameOutput(keyArb, (k) => bits(k, [3], { dtype: 'uint64' })))
  it('randint is pure', () => checkSameKeySameOutput(keyArb, (k) => randint(k, [5], -3, 1000)))
  it('bernoulli is pure', () => checkSameKeySameOutput(keyArb, (k) => bernoulli(k, 0.25, [9])))
  it('permutation is pure', () => checkSameKeySameOutput(keyArb, (k) => permutation(k, 12)))
  it('uniform stays in [minval, maxval]', () =>
    fc.assert(fc.property(keyArb, shapeArb, uniformCaseArb, (k, s, c) => uniformInRange(k, s, c.dtype, c.minval, c.maxval)), params(100)))
  it('uniform on [0, 1) stays below 1', () =>
    fc.assert(fc.property(keyArb, shapeArb, floatDTypeArb, (k, s, d) => uniformInRange(k, s, d, 0, 1)), params(100)))
  it('randint stays in [minval, maxval) after clipping', () =>
    fc.assert(fc.property(keyArb, shapeArb, randintCaseArb, (k, s, c) => randintInRange(k, s, c.dtype, c.minval, c.maxval)), params(100)))
  it('permutation is a permutation', () =>
    fc.assert(fc.property(keyArb, permutationSizeArb, permutationIsPermutation), params(30)))
  it('bernoulli with p = 0 and p = 1', () => fc.assert(fc.property(keyArb, shapeArb, bernoulliExtremes), params(50)))
  it('normal is finite', () => fc.assert(fc.property(keyArb, shapeArb, floatDTypeArb, normalFinite), params(100)))
})
