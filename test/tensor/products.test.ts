/**
 * linear (x·Wᵀ + b) and batched matmul against PyTorch (scripts/fixtures/reduce.py): 1-D, 2-D and
 * 3-D inputs, with and without bias, broadcast batch dims, values and the gradients of both operands
 * for a fixed cotangent. Operands are multiples of 1/4, so every product is exact. Then the checks of mm, matmul and linear with their
 * full messages: ranks, inner sizes, dtypes, bool, batch broadcasting.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { Tensor } from '../../src/tensor/index.js'
import { grad } from '../../src/autodiff/index.js'
import { decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { exactMismatches } from './match.js'
import { thrown } from '../thrown.js'

interface LinearCase {
  readonly x: Encoded; readonly weight: Encoded; readonly bias: Encoded | null; readonly out: Encoded
  readonly cotangent: Encoded; readonly gradX: Encoded; readonly gradWeight: Encoded
}

interface MatmulCase {
  readonly a: Encoded; readonly b: Encoded; readonly out: Encoded; readonly cotangent: Encoded; readonly gradA: Encoded; readonly gradB: Encoded
}

const fx = loadFixture<{ readonly linear: readonly LinearCase[]; readonly matmul: readonly MatmulCase[] }>('tensor', 'reduceEdges')

const title = (c: LinearCase): string => `${c.x.dtype} x [${c.x.shape.join(',')}] · W [${c.weight.shape.join(',')}]ᵀ${c.bias === null ? '' : ' + b'}`

describe('linear matches torch.nn.functional.linear', () => {
  it.each(fx.linear.map((c) => [title(c), c] as const))('%s', (_, c) => {
    const [x, w] = [decodeTensor(c.x), decodeTensor(c.weight)]
    const b = c.bias === null ? null : decodeTensor(c.bias)
    expect(exactMismatches(b === null ? T.linear(x, w) : T.linear(x, w, b), c.out).join('\n')).toBe('')
    const cot = decodeTensor(c.cotangent)
    const loss = (xx: Tensor, ww: Tensor): Tensor => T.sum(T.mul(T.linear(xx, ww, b), cot))
    const [gx, gw] = grad(loss, { argnums: [0, 1] })(x, w) as Tensor[]
    expect(exactMismatches(gx, c.gradX).join('\n')).toBe('')
    expect(exactMismatches(gw, c.gradWeight).join('\n')).toBe('')
    // Differentiating one operand only gives the same gradient for it.
    expect(exactMismatches(grad(loss, { argnums: 1 })(x, w) as Tensor, c.gradWeight).join('\n')).toBe('')
    expect(exactMismatches(grad(loss)(x, w) as Tensor, c.gradX).join('\n')).toBe('')
  })
  it('a hand-computed case: [[1, 2]]·[[1, 0], [0, 1], [1, 1]]ᵀ + [0, 0, 10] = [[1, 2, 13]]', () => {
    expect(T.linear(T.tensor([[1, 2]]), T.tensor([[1, 0], [0, 1], [1, 1]]), T.tensor([0, 0, 10])).toArray()).toEqual([[1, 2, 13]])
    expect(T.linear(T.tensor([1, 2]), T.tensor([[1, 0], [0, 1], [1, 1]])).toArray()).toEqual([1, 2, 3])
  })
})

describe('batched matmul and its gradients match torch.matmul', () => {
  const name = (c: MatmulCase): string => `${c.a.dtype} [${c.a.shape.join(',')}]·[${c.b.shape.join(',')}]`
  it.each(fx.matmul.map((c) => [name(c), c] as const))('%s', (_, c) => {
    const [a, b, cot] = [decodeTensor(c.a), decodeTensor(c.b), decodeTensor(c.cotangent)]
    expect(exactMismatches(T.matmul(a, b), c.out).join('\n')).toBe('')
    const loss = (x: Tensor, y: Tensor): Tensor => T.sum(T.mul(T.matmul(x, y), cot))
    const [ga, gb] = grad(loss, { argnums: [0, 1] })(a, b) as Tensor[]
    expect(exactMismatches(ga, c.gradA).join('\n')).toBe('')
    expect(exactMismatches(gb, c.gradB).join('\n')).toBe('')
  })
})

describe('mm, matmul and linear check their operands', () => {
  const ones = (shape: number[], dtype: T.DType = 'float32'): Tensor => T.ones(shape, { dtype })
  it('mm takes two 2-D tensors', () => {
    const msg = (a: string, b: string): string => `RangeError: mm: expects 2-D tensors, got ${a} and ${b}; use matmul for other ranks`
    expect(thrown(() => T.mm(ones([2, 2]), ones([1, 2, 2])))).toBe(msg('[2, 2]', '[1, 2, 2]'))
    expect(thrown(() => T.mm(ones([1, 2, 2]), ones([2, 2])))).toBe(msg('[1, 2, 2]', '[2, 2]'))
    expect(thrown(() => T.mm(ones([2, 2]), ones([2])))).toBe(msg('[2, 2]', '[2]'))
    expect(thrown(() => T.mm(ones([2]), ones([2, 2])))).toBe(msg('[2]', '[2, 2]'))
    expect(thrown(() => T.mm(ones([2, 3]), ones([2, 3])))).toBe(
      'RangeError: mm: shapes [2, 3] and [2, 3] cannot be multiplied: dim 1 of the first (3) must equal dim 0 of the second (2)')
  })
  it('matmul needs at least one dim on each side', () => {
    const msg = 'RangeError: matmul: both arguments need at least 1 dim'
    expect(thrown(() => T.matmul(T.tensor(1), ones([1])))).toBe(msg)
    expect(thrown(() => T.matmul(ones([1]), T.tensor(1)))).toBe(msg)
    expect(thrown(() => T.matmul(ones([1, 1]), T.tensor(2)))).toBe(msg)
    expect(thrown(() => T.matmul(T.tensor(2), T.tensor(2)))).toBe(msg)
  })
  it('matmul names the dim of the second operand that does not match', () => {
    expect(thrown(() => T.matmul(ones([2, 3]), ones([2])))).toBe(
      'RangeError: matmul: shapes [2, 3] and [2] cannot be multiplied: 3 (last dim of the first) vs 2 (only dim of the second)')
    expect(thrown(() => T.matmul(ones([4, 2, 3]), ones([5, 4])))).toBe(
      'RangeError: matmul: shapes [4, 2, 3] and [5, 4] cannot be multiplied: 3 (last dim of the first) vs 5 (second-to-last dim of the second)')
    expect(thrown(() => T.matmul(ones([3]), ones([7, 2, 4])))).toBe(
      'RangeError: matmul: shapes [3] and [7, 2, 4] cannot be multiplied: 3 (last dim of the first) vs 2 (second-to-last dim of the second)')
    expect(thrown(() => T.matmul(ones([2, 2, 3]), ones([3, 3, 4])))).toBe(
      'RangeError: matmul: batch dims of [2, 2, 3] and [3, 3, 4] cannot be broadcast ([2] vs [3])')
  })
  it('the operands share a dtype, which is not bool', () => {
    for (const [op, f] of [['mm', T.mm], ['matmul', T.matmul], ['linear', (a: Tensor, b: Tensor) => T.linear(a, b)]] as const) {
      expect(thrown(() => f(ones([2, 3]), ones([3, 3], 'float64')))).toBe(
        `TypeError: ${op}: expected both operands to have the same dtype, got float32 and float64; cast one with .to()`)
      expect(thrown(() => f(ones([3, 3], 'bool'), ones([3, 3], 'bool')))).toBe(`TypeError: ${op}: not defined for bool tensors`)
    }
    expect(thrown(() => T.matmul(ones([2, 3, 3], 'bool'), ones([3, 3], 'bool')))).toBe('TypeError: matmul: not defined for bool tensors')
  })
  it('linear takes a 2-D weight whose dim 1 is the input\'s last dim', () => {
    expect(thrown(() => T.linear(ones([2, 3]), ones([3])))).toBe('RangeError: linear: weight must be 2-D [out, in], got [3]')
    expect(thrown(() => T.linear(ones([2, 3]), ones([1, 2, 3])))).toBe('RangeError: linear: weight must be 2-D [out, in], got [1, 2, 3]')
    expect(thrown(() => T.linear(T.tensor(1), ones([2, 3])))).toBe('RangeError: linear: input [] has last dim none but weight [2, 3] expects 3')
    expect(thrown(() => T.linear(T.tensor(1), ones([2, 1])))).toBe('RangeError: linear: input [] has last dim none but weight [2, 1] expects 1')
    expect(thrown(() => T.linear(ones([2, 4]), ones([2, 3])))).toBe('RangeError: linear: input [2, 4] has last dim 4 but weight [2, 3] expects 3')
    expect(thrown(() => T.linear(ones([2, 5, 1]), ones([2, 3])))).toBe('RangeError: linear: input [2, 5, 1] has last dim 1 but weight [2, 3] expects 3')
  })
})
