/**
 * Elementwise ops against PyTorch: broadcasting binary arithmetic and comparisons on float32 and
 * float64, special values, unary math on float32/float64 (negatives, zeros, large magnitudes,
 * non-finite), where, integer arithmetic (wrapping, division to float), mixed-dtype operands and
 * scalars, and float16/bfloat16 arithmetic bit for bit (computed in float32, rounded once).
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { Operand, Tensor } from '../../src/tensor/index.js'
import { decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { closeMismatches, exactMismatches } from './match.js'

type Arg = Encoded | { readonly scalar: number }
interface BinaryCase { readonly op: string; readonly a: Encoded; readonly b?: Arg; readonly out: Encoded; readonly beyond53?: boolean }
interface UnaryCase { readonly op: string; readonly x: Encoded; readonly out: Encoded; readonly ref64?: Encoded }
interface WhereCase { readonly cond: Encoded; readonly x: Encoded; readonly y: Arg; readonly out: Encoded }
interface HalfCase { readonly op: string; readonly a: Encoded; readonly b?: Encoded; readonly out: Encoded }
interface ElementwiseFixture {
  readonly binary: readonly BinaryCase[]
  readonly unary: readonly UnaryCase[]
  readonly where: readonly WhereCase[]
  readonly int: readonly BinaryCase[]
  readonly mixed: readonly BinaryCase[]
  readonly half: readonly HalfCase[]
}

const fx = loadFixture<ElementwiseFixture>('tensor', 'elementwise')

const arg = (a: Arg): Operand => ('scalar' in a ? a.scalar : decodeTensor(a))
const show = (a: Arg): string => ('scalar' in a ? `scalar ${a.scalar}` : `${a.dtype}[${a.shape.join(',')}]`)

const binary: Record<string, (x: Operand, y: Operand) => Tensor> = {
  add: T.add, sub: T.sub, mul: T.mul, div: T.div, pow: T.pow, maximum: T.maximum, minimum: T.minimum,
  eq: T.eq, lt: T.lt, ge: T.ge,
}

const unary: Record<string, (x: Tensor) => Tensor> = {
  sqrt: T.sqrt, exp: T.exp, log: T.log, sigmoid: T.sigmoid, tanh: T.tanh, relu: T.relu, erf: T.erf,
  gelu: (x) => T.gelu(x), gelu_tanh: (x) => T.gelu(x, { approximate: 'tanh' }), abs: T.abs, neg: T.neg,
}

const named = <C extends { readonly op: string; readonly a: Encoded; readonly b?: Arg }>(cases: readonly C[]) =>
  cases.map((c, i) => [`#${i} ${c.op}(${show(c.a)}, ${c.b === undefined ? '' : show(c.b)})`, c] as const)

// +, −, ×, ÷, max, min and comparisons are correctly rounded in both libraries: results agree bit for bit.
// pow is a libm call whose last bit may differ.
const tolerance = (op: string, dtype: string): [number, number] | undefined =>
  op === 'pow' ? (dtype === 'float64' ? [1e-14, 0] : [2e-7, 0]) : undefined

describe('binary ops with broadcasting match PyTorch', () => {
  it.each(named(fx.binary))('%s', (_, c) => {
    const got = binary[c.op](decodeTensor(c.a), arg(c.b!))
    const tol = tolerance(c.op, c.out.dtype)
    expect((tol === undefined ? exactMismatches(got, c.out) : closeMismatches(got, c.out, ...tol)).join('\n')).toBe('')
  })

  it('data-last forms give the same result', () => {
    const c = fx.binary[0]
    const [a, b] = [decodeTensor(c.a), arg(c.b!)]
    const viaPipe = (T.add as (y: Operand) => (x: Operand) => Tensor)(b)(a)
    expect(exactMismatches(viaPipe, fx.binary[0].out).join('\n')).toBe('')
    expect(exactMismatches(a.add(b), fx.binary[0].out).join('\n')).toBe('')
  })
})

describe('unary math matches PyTorch', () => {
  // float64: libm-level agreement. float32: ours computes in float64 and rounds once, so it must
  // match PyTorch's float64 result rounded to float32 (ref64) closely, and PyTorch's own float32
  // kernels (vectorised erf/exp, a few ulp off, flushing far tails to 0) within 1e-6 absolute.
  it.each(fx.unary.map((c, i) => [`#${i} ${c.op} ${c.x.dtype}`, c] as const))('%s', (_, c) => {
    const got = unary[c.op](decodeTensor(c.x))
    if (c.ref64 === undefined) {
      expect(closeMismatches(got, c.out, 1e-12, 1e-300).join('\n')).toBe('')
    } else {
      expect(closeMismatches(got, c.ref64, 2.4e-7, 1e-12).join('\n')).toBe('')
      expect(closeMismatches(got, c.out, 1e-6, 1e-6).join('\n')).toBe('')
    }
  })
  it('abs, neg and relu are exact (sign of zero included)', () => {
    for (const c of fx.unary.filter((u) => u.op === 'abs' || u.op === 'neg' || u.op === 'relu')) {
      expect(`${c.op} ${c.x.dtype}: ${exactMismatches(unary[c.op](decodeTensor(c.x)), c.out).join('\n')}`).toBe(`${c.op} ${c.x.dtype}: `)
    }
  })
})

describe('where matches torch.where', () => {
  it.each(fx.where.map((c, i) => [`#${i} where(bool, ${show(c.x)}, ${show(c.y)})`, c] as const))('%s', (_, c) => {
    const got = T.where(decodeTensor(c.cond), decodeTensor(c.x), arg(c.y))
    expect(exactMismatches(got, c.out).join('\n')).toBe('')
  })
})

describe('integer arithmetic matches PyTorch', () => {
  it.each(named(fx.int.filter((c) => !c.beyond53)))('%s', (_, c) => {
    const got = binary[c.op](decodeTensor(c.a), arg(c.b!))
    // int / int is a true division: both operands become float32 first, then one correctly rounded quotient.
    expect(exactMismatches(got, c.out).join('\n')).toBe('')
  })
  it.each(named(fx.int.filter((c) => c.beyond53)))('int64 beyond 2^53: %s', (_, c) => {
    const got = c.b === undefined ? unary[c.op](decodeTensor(c.a)) : binary[c.op](decodeTensor(c.a), arg(c.b))
    expect(exactMismatches(got, c.out).join('\n')).toBe('')
  })
})

describe('mixed dtypes and scalars match PyTorch', () => {
  it.each(named(fx.mixed))('%s', (_, c) => {
    const got = binary[c.op](decodeTensor(c.a), arg(c.b!))
    expect(exactMismatches(got, c.out).join('\n')).toBe('')
  })
})

describe('float16 and bfloat16 arithmetic is bit-exact', () => {
  it.each(fx.half.map((c, i) => [`#${i} ${c.op} ${c.a.dtype}`, c] as const))('%s', (_, c) => {
    const got = c.b === undefined ? unary[c.op](decodeTensor(c.a)) : binary[c.op](decodeTensor(c.a), decodeTensor(c.b))
    const transcendental = c.op === 'exp' || c.op === 'tanh'
    // exp/tanh: PyTorch's float32 result may sit on the other side of a half rounding boundary.
    expect((transcendental ? closeMismatches(got, c.out, 2 ** -7) : exactMismatches(got, c.out)).join('\n')).toBe('')
  })
})
