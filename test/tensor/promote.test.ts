/**
 * Type promotion against PyTorch: torch.promote_types over every pair of dtypes, torch.result_type
 * over dimensioned tensors, zero-dim tensors and Python scalars (JS integers stand for Python ints,
 * non-integral numbers for floats, booleans for bools), and the dtype each binary op returns.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { DType, Operand, Tensor } from '../../src/tensor/index.js'
import { loadFixture } from '../fixtures/load.js'

type OperandSpec =
  | { readonly kind: 'tensor'; readonly dtype: DType; readonly ndim: number }
  | { readonly kind: 'int' | 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }

interface PromoteFixture {
  readonly promote_types: readonly { readonly a: DType; readonly b: DType; readonly out: DType }[]
  readonly result_type: readonly { readonly operands: readonly OperandSpec[]; readonly out: DType }[]
  readonly op_dtype: readonly { readonly op: string; readonly a: DType; readonly b: DType; readonly out: DType }[]
}

const fx = loadFixture<PromoteFixture>('tensor', 'promote')

const build = (o: OperandSpec): Operand =>
  o.kind === 'tensor' ? T.zeros(Array<number>(o.ndim).fill(2), { dtype: o.dtype }) : o.value

const describeOperand = (o: OperandSpec): string =>
  o.kind === 'tensor' ? `${o.dtype}${o.ndim === 0 ? ' 0-dim' : ' tensor'}` : `${o.kind} ${String(o.value)}`

const ops: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  add: T.add, mul: T.mul, sub: T.sub, div: T.div, maximum: T.maximum,
}

describe('promoteTypes matches torch.promote_types', () => {
  it('covers all 100 ordered pairs of the ten dtypes', () => {
    expect(fx.promote_types.length).toBe(100)
  })
  it('agrees on every pair', () => {
    const wrong = fx.promote_types
      .filter((c) => T.promoteTypes(c.a, c.b) !== c.out)
      .map((c) => `${c.a} + ${c.b}: got ${T.promoteTypes(c.a, c.b)}, want ${c.out}`)
    expect(wrong).toEqual([])
  })
})

describe('resultType matches torch.result_type', () => {
  it('agrees on tensor/zero-dim/scalar mixes in both orders', () => {
    expect(fx.result_type.length).toBeGreaterThan(500)
    const wrong: string[] = []
    for (const c of fx.result_type) {
      const got = T.resultType(...c.operands.map(build))
      if (got !== c.out) wrong.push(`${c.operands.map(describeOperand).join(' , ')}: got ${got}, want ${c.out}`)
    }
    expect(wrong).toEqual([])
  })
  it('reads JS numbers by integrality: 2 is an int scalar, 0.5 a float scalar', () => {
    const i32 = T.zeros([2], { dtype: 'int32' })
    expect([T.resultType(i32, 2), T.resultType(i32, 0.5), T.resultType(i32, true)]).toEqual(['int32', 'float32', 'int32'])
  })
})

describe('binary ops return the promoted dtype', () => {
  it.each(fx.op_dtype.map((c) => [`${c.op}(${c.a}, ${c.b}) -> ${c.out}`, c] as const))('%s', (_, c) => {
    const r = ops[c.op](T.ones([2], { dtype: c.a }), T.ones([2], { dtype: c.b }))
    expect(r.dtype).toBe(c.out)
  })
})
