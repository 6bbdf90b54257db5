/**
 * torch.result_type's corners that the PyTorch fixture (test/tensor/promote.test.ts) does not
 * reach: only JS scalars (the default dtype of the highest category, as torch.result_type(1, 2.5)
 * is float32), bigint scalars (Python ints), three or more operands, and no operand at all.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import { scalarCategory } from '../../src/tensor/promote.js'

const z = (dtype: T.DType, shape: number[] = [2]): T.Tensor => T.zeros(shape, { dtype })

describe('resultType of scalars alone', () => {
  it('is the default dtype of the highest category, whatever the order', () => {
    // torch.result_type(True, False) = bool, (1, 2) = int64, (1, 2.5) = (2.5, 1) = float32, (True, 1) = int64.
    expect(T.resultType(true)).toBe('bool')
    expect(T.resultType(true, false)).toBe('bool')
    expect(T.resultType(1, 2)).toBe('int64')
    expect(T.resultType(1, 2.5)).toBe('float32')
    expect(T.resultType(2.5, 1)).toBe('float32')
    expect(T.resultType(true, 1)).toBe('int64')
    expect(T.resultType(1, true)).toBe('int64')
    expect(T.resultType(2.5, true, 3)).toBe('float32')
  })
  it('decides the dtype of an op on two scalars', () => {
    const r = T.add(1, 2.5)
    expect([r.dtype, r.shape, r.item()]).toEqual(['float32', [], 3.5])
  })
})

describe('bigint scalars count as integers', () => {
  it('has the integer category', () => {
    expect([scalarCategory(5n), scalarCategory(5), scalarCategory(0.5), scalarCategory(false)]).toEqual([1, 1, 2, 0])
  })
  it('keeps an integer tensor\'s dtype and lifts a bool tensor to int64', () => {
    expect(T.resultType(z('int32'), 5n)).toBe('int32')
    expect(T.resultType(5n, z('int16'))).toBe('int16')
    expect(T.resultType(z('bool'), 5n)).toBe('int64')
    expect(T.resultType(z('float16'), 5n)).toBe('float16')
    expect(T.resultType(5n)).toBe('int64')
  })
})

describe('three or more operands', () => {
  it('promotes over all of them', () => {
    expect(T.resultType(z('float32'), z('float32'), z('float64'))).toBe('float64')
    expect(T.resultType(z('int8'), z('int8'), z('uint8'))).toBe('int16')
    expect(T.resultType(z('int32'), 2, 2.5)).toBe('float32')
    expect(T.resultType(z('int32'), z('float64', []), 1)).toBe('float64')
    expect(T.resultType(z('int32'))).toBe('int32')
    expect(T.resultType(z('float16', []))).toBe('float16')
  })
})

describe('no operand', () => {
  it('is an error', () => {
    expect(() => T.resultType()).toThrow(new TypeError('resultType: needs at least one operand'))
  })
})
