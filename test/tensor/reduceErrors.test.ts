/**
 * The errors of the reductions, with their full messages: a dim out of range and a repeated dim
 * (every op names itself), an empty group for the ops without an identity (max, min, argmax,
 * argmin, on floats and on int64, which takes the exact bigint path), and integer inputs to the ops
 * defined for floating point only (mean, var, std). Then what the ops with an identity give for an
 * empty group, as PyTorch does: sum 0, prod 1, all true, any false, mean NaN.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { Tensor } from '../../src/tensor/index.js'
import { thrown } from '../thrown.js'

type Op = (x: Tensor, o?: T.VarOptions) => Tensor
const OPS: Record<string, Op> = {
  sum: T.sum, mean: T.mean, prod: T.prod, max: T.max, min: T.min, argmax: T.argmax, argmin: T.argmin,
  all: T.all, any: T.any, var: T.var, std: T.std,
}
const names = Object.keys(OPS)

describe('dims are checked, and the message names the op', () => {
  const x = T.tensor([[1, 2], [3, 4]])
  it.each(names)('%s: a dim out of range', (op) => {
    expect(thrown(() => OPS[op](x, { dim: 5 }))).toBe(`RangeError: ${op}: dim 5 is out of range for a tensor of 2 dims (expected -2..1)`)
    expect(thrown(() => OPS[op](x, { dim: [0, -3] }))).toBe(`RangeError: ${op}: dim -3 is out of range for a tensor of 2 dims (expected -2..1)`)
  })
  it.each(names)('%s: a repeated dim', (op) => {
    expect(thrown(() => OPS[op](x, { dim: [0, -2] }))).toBe(`RangeError: ${op}: dim [0,-2] repeats a dimension`)
    expect(thrown(() => OPS[op](x, { dim: [1, 1], keepdim: true }))).toBe(`RangeError: ${op}: dim [1,1] repeats a dimension`)
  })
})

describe('max, min, argmax and argmin refuse an empty group (they have no identity)', () => {
  const inputs: [string, Tensor][] = [
    ['float32', T.zeros([2, 0])], ['float64', T.zeros([2, 0], { dtype: 'float64' })], ['int64', T.zeros([2, 0], { dtype: 'int64' })],
    ['int32', T.zeros([2, 0], { dtype: 'int32' })], ['float16', T.zeros([2, 0], { dtype: 'float16' })],
  ]
  for (const op of ['max', 'min', 'argmax', 'argmin']) {
    it.each(inputs)(`${op} of %s`, (_, x) => {
      const message = `RangeError: ${op}: cannot reduce over an empty dimension (no identity for ${op})`
      expect(thrown(() => OPS[op](x, { dim: 1 }))).toBe(message)
      expect(thrown(() => OPS[op](x))).toBe(message)
      expect(thrown(() => OPS[op](T.reshape(x, [0])))).toBe(message)
      // Over a non-empty dim of an empty tensor there is no group at all: an empty result.
      expect(OPS[op](x, { dim: 0 }).shape).toEqual([0])
    })
  }
})

describe('mean, var and std take floating-point inputs only', () => {
  for (const op of ['mean', 'var', 'std']) {
    it.each(['int32', 'int64', 'bool', 'uint8'] as const)(`${op} of %s`, (dtype) => {
      expect(thrown(() => OPS[op](T.ones([2, 3], { dtype }), { dim: 1 }))).toBe(
        `TypeError: ${op}: input dtype must be floating point, got ${dtype}; cast first with .float()`)
    })
  }
})

describe('the ops with an identity reduce an empty group to it (as torch does)', () => {
  it.each(['float32', 'float64', 'int64', 'int32', 'bool'] as const)('%s', (dtype) => {
    const x = T.zeros([3, 0], { dtype })
    const sumType = dtype === 'float32' || dtype === 'float64' ? dtype : 'int64'
    expect([T.sum(x, { dim: 1 }).dtype, T.sum(x, { dim: 1 }).toArray()]).toEqual([sumType, [0, 0, 0]])
    expect([T.prod(x, { dim: 1 }).dtype, T.prod(x, { dim: 1 }).toArray()]).toEqual([sumType, [1, 1, 1]])
    expect(T.all(x, { dim: 1 }).toArray()).toEqual([true, true, true])
    expect(T.any(x, { dim: -1, keepdim: true }).toArray()).toEqual([[false], [false], [false]])
    expect(T.sum(x).toArray()).toEqual(0)
    expect(T.prod(x).toArray()).toEqual(1)
  })
  it('mean of an empty group is NaN', () => {
    expect(T.mean(T.zeros([2, 0]), { dim: 1 }).toArray()).toEqual([NaN, NaN])
  })
})

describe('ops without an identity refuse an empty reduced dim even when the result is empty', () => {
  // torch.max(torch.zeros(0, 0), dim=1) raises "Expected reduction dim 1 to have non-zero size".
  it.each(['max', 'min', 'argmax', 'argmin'] as const)('%s over dim 1 of a [0, 0] tensor', (op) => {
    expect(() => T[op](T.zeros([0, 0]), { dim: 1 })).toThrow(`${op}: cannot reduce over an empty dimension (no identity for ${op})`)
  })
  it('a non-empty reduced dim with an empty result is fine: max over dim 1 of [0, 3] is empty, in every dtype', () => {
    for (const dtype of ['float32', 'float64', 'int64', 'int32'] as const) {
      for (const op of ['max', 'min', 'argmax', 'argmin', 'sum', 'prod'] as const) {
        const y = T[op](T.zeros([0, 3], { dtype }), { dim: 1 })
        expect([op, dtype, y.shape]).toEqual([op, dtype, [0]])
      }
    }
  })
})
