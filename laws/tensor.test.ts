/**
 * Tensor law suites. The table lists every public op with an arbitrary of valid calls; each must
 * leave its inputs' bytes unchanged. Then the algebraic laws: broadcasting commutes and equals
 * expansion, reshape and permute round-trip, casts are idempotent and exact through wider dtypes,
 * sums agree dim by dim, and cat then slice returns the parts.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as T from '../src/tensor/index.js'
import type { DType, Tensor } from '../src/tensor/index.js'
import {
  broadcastPairArb, catPartsArb, dtypeArb, floatDtypeArb, numericDtypeArb, permutationArb, reshapeArb, shapeArb,
  tensorArb, tensorOfShape,
} from './arbitraries/tensor.js'
import { storageOf } from '../src/tensor/tensor.js'
import {
  castIdempotent, catSliceParts, commutes, permuteInverse, preservesInputs, sameValues, sumIterated,
  checkBroadcastIsExpand, checkCastIdempotent, checkPromotionCastsFirst, checkCatSliceParts, checkCommutes, checkPermuteInverse,
  checkPreservesInputs, checkReshapeRoundTrip, checkRoundTripThroughWider, checkSumIterated,
} from './tensor.js'

type Call = readonly [() => unknown, readonly Tensor[]]

const nonBool: fc.Arbitrary<DType> = numericDtypeArb
const unary = (f: (x: Tensor) => unknown, dtype: fc.Arbitrary<DType> = dtypeArb): fc.Arbitrary<Call> =>
  tensorArb({ dtype }).map((x) => [() => f(x), [x]] as const)
const binary = (f: (a: Tensor, b: Tensor) => unknown, dtype: fc.Arbitrary<DType> = nonBool): fc.Arbitrary<Call> =>
  broadcastPairArb({ dtype }).map(([a, b]) => [() => f(a, b), [a, b]] as const)
/** A tensor with a valid dim (negative allowed) and keepdim; `minSide` 1 for reductions without identity. */
const withDim = (f: (x: Tensor, dim: number, keepdim: boolean) => unknown, dtype: fc.Arbitrary<DType> = dtypeArb, minSide = 0): fc.Arbitrary<Call> =>
  tensorArb({ dtype, minRank: 1, minSide }).chain((x) =>
    fc.tuple(fc.integer({ min: -x.ndim, max: x.ndim - 1 }), fc.boolean()).map(([d, k]) => [() => f(x, d, k), [x]] as const))
const withIndex = (f: (x: Tensor, dim: number, index: Tensor) => unknown, sameRank: boolean): fc.Arbitrary<Call> =>
  tensorArb({ minRank: 1, minSide: 1 }).chain((x) =>
    fc.integer({ min: 0, max: x.ndim - 1 }).chain((d) => {
      const shape = sameRank ? shapeArb({ minRank: x.ndim, maxRank: x.ndim, minSide: 0, maxSide: 3 }).map((s) => s.map((v, i) => (i === d ? v : Math.min(v, x.shape[i])))) : shapeArb({ minRank: 1, maxRank: 1 })
      return shape.chain((s) => fc.array(fc.integer({ min: 0, max: x.shape[d] - 1 }), { minLength: s.reduce((a, b) => a * b, 1), maxLength: s.reduce((a, b) => a * b, 1) })
        .map((v) => { const index = T.tensor(v, { dtype: 'int64', shape: s }); return [() => f(x, d, index), [x, index]] as const }))
    }))
const matrices = (shapes: fc.Arbitrary<[number[], number[]]>, f: (a: Tensor, b: Tensor) => unknown): fc.Arbitrary<Call> =>
  fc.tuple(shapes, numericDtypeArb).chain(([[sa, sb], d]) => fc.tuple(tensorOfShape(sa, d), tensorOfShape(sb, d)))
    .map(([a, b]) => [() => f(a, b), [a, b]] as const)
const side = fc.integer({ min: 0, max: 4 })

const table: Record<string, fc.Arbitrary<Call>> = {
  add: binary(T.add), sub: binary(T.sub), mul: binary(T.mul), div: binary(T.div), pow: binary(T.pow),
  maximum: binary(T.maximum, dtypeArb), minimum: binary(T.minimum, dtypeArb),
  'add scalar': tensorArb({ dtype: nonBool }).map((x) => [() => T.add(x, 0.5), [x]] as const),
  eq: binary(T.eq, dtypeArb), ne: binary(T.ne, dtypeArb), lt: binary(T.lt, dtypeArb), le: binary(T.le, dtypeArb),
  gt: binary(T.gt, dtypeArb), ge: binary(T.ge, dtypeArb), logicalAnd: binary(T.logicalAnd, dtypeArb), logicalOr: binary(T.logicalOr, dtypeArb),
  where: fc.tuple(broadcastPairArb({ dtype: dtypeArb }), tensorArb({ dtype: fc.constant('bool' as DType), maxRank: 1, minSide: 1, maxSide: 1 }))
    .map(([[a, b], c]) => [() => T.where(c, a, b), [a, b, c]] as const),
  allclose: binary((a, b) => T.allclose(a, b), dtypeArb),
  neg: unary(T.neg, nonBool), abs: unary(T.abs), clamp: unary((x) => T.clamp(x, { min: -1, max: 1 })),
  sqrt: unary(T.sqrt), rsqrt: unary(T.rsqrt), exp: unary(T.exp), log: unary(T.log), log1p: unary(T.log1p),
  sin: unary(T.sin), cos: unary(T.cos), tanh: unary(T.tanh), erf: unary(T.erf), sigmoid: unary(T.sigmoid),
  relu: unary(T.relu, nonBool), square: unary(T.square), sign: unary(T.sign), logicalNot: unary(T.logicalNot),
  gelu: unary((x) => T.gelu(x)), 'gelu tanh': unary((x) => T.gelu(x, { approximate: 'tanh' })),
  sum: withDim((x, dim, keepdim) => T.sum(x, { dim, keepdim })), 'sum all': unary((x) => T.sum(x)),
  prod: withDim((x, dim, keepdim) => T.prod(x, { dim, keepdim })),
  mean: withDim((x, dim, keepdim) => T.mean(x, { dim, keepdim }), floatDtypeArb),
  var: withDim((x, dim, keepdim) => T.var(x, { dim, keepdim, correction: 0 }), floatDtypeArb),
  std: withDim((x, dim, keepdim) => T.std(x, { dim, keepdim }), floatDtypeArb),
  max: withDim((x, dim, keepdim) => T.max(x, { dim, keepdim }), dtypeArb, 1),
  min: withDim((x, dim, keepdim) => T.min(x, { dim, keepdim }), dtypeArb, 1),
  argmax: withDim((x, dim, keepdim) => T.argmax(x, { dim, keepdim }), dtypeArb, 1),
  argmin: withDim((x, dim, keepdim) => T.argmin(x, { dim, keepdim }), dtypeArb, 1),
  all: withDim((x, dim, keepdim) => T.all(x, { dim, keepdim })), any: withDim((x, dim, keepdim) => T.any(x, { dim, keepdim })),
  softmax: withDim((x, dim) => T.softmax(x, dim), floatDtypeArb), logSoftmax: withDim((x, dim) => T.logSoftmax(x, dim), floatDtypeArb),
  reshape: reshapeArb().map(([x, s]) => [() => T.reshape(x, s), [x]] as const),
  flatten: withDim((x, dim) => T.flatten(x, dim)), squeeze: withDim((x, dim) => T.squeeze(x, dim)),
  'squeeze all': unary((x) => T.squeeze(x)), unsqueeze: withDim((x, dim) => T.unsqueeze(x, dim)),
  transpose: withDim((x, dim) => T.transpose(x, dim, 0)),
  permute: tensorArb().chain((x) => permutationArb(x.ndim).map((p) => [() => T.permute(x, p), [x]] as const)),
  t: tensorArb({ maxRank: 2 }).map((x) => [() => T.t(x), [x]] as const),
  expand: tensorArb({ maxRank: 2, maxSide: 1 }).map((x) => [() => T.expand(x, [2, ...x.shape.map((s) => (s === 1 ? 3 : s))]), [x]] as const),
  slice: withDim((x, dim) => T.slice(x, dim, 1, -1, 2)), select: withDim((x, dim) => T.select(x, dim, -1), dtypeArb, 1),
  narrow: withDim((x, dim) => T.narrow(x, dim, 0, 1), dtypeArb, 1),
  indexSelect: withIndex((x, d, i) => T.indexSelect(x, d, i), false), gather: withIndex((x, d, i) => T.gather(x, d, i), true),
  cat: catPartsArb().map(({ parts, dim }) => [() => T.cat(parts, dim), parts] as const),
  stack: fc.tuple(shapeArb({ maxRank: 3 }), fc.array(dtypeArb, { minLength: 1, maxLength: 3 }))
    .chain(([s, ds]) => fc.tuple(...ds.map((d) => tensorOfShape(s, d)))).map((xs) => [() => T.stack(xs, -1), xs] as const),
  mm: matrices(fc.tuple(side, side, side).map(([m, k, n]) => [[m, k], [k, n]]), T.mm),
  matmul: matrices(fc.tuple(side, side, side, fc.integer({ min: 1, max: 3 })).map(([m, k, n, b]) => [[b, 1, m, k], [2, k, n]]), T.matmul),
  'matmul 1-D': matrices(fc.tuple(side, side).map(([k, n]) => [[k], [k, n]]), T.matmul),
  to: fc.tuple(tensorArb(), dtypeArb).map(([x, d]) => [() => T.to(x, d), [x]] as const),
  half: unary(T.half), float: unary(T.float), double: unary(T.double), bfloat16: unary(T.bfloat16),
  long: unary(T.long), int: unary(T.int), bool: unary(T.bool),
  formatTensor: unary(T.formatTensor), toArray: unary((x) => x.toArray()), 'tensor copy': unary((x) => T.tensor(x, { dtype: 'float64' })),
}

describe('every op leaves its inputs unchanged', () => {
  it.each(Object.entries(table))('%s', (_, arb) => checkPreservesInputs(arb, 50))
})

describe('broadcasting', () => {
  for (const [name, op] of [['add', T.add], ['mul', T.mul], ['eq', T.eq]] as const) {
    it(`${name} commutes`, () => checkCommutes(op, broadcastPairArb()))
  }
  // max(0, -0) is either zero (PyTorch's answer depends on its code path): commutes up to the sign of zero.
  for (const [name, op] of [['maximum', T.maximum], ['minimum', T.minimum]] as const) {
    it(`${name} commutes (up to the sign of zero)`, () =>
      checkCommutes(op, broadcastPairArb({ dtype: dtypeArb }), (x, y) => sameValues(x, y, { signedZeros: false })))
  }
  for (const [name, op] of [['add', T.add], ['sub', T.sub], ['mul', T.mul], ['div', T.div], ['lt', T.lt]] as const) {
    it(`${name} on broadcast operands equals ${name} on expanded operands`, () => checkBroadcastIsExpand(op, broadcastPairArb({ mixed: false })))
  }
  for (const [name, op] of [['add', T.add], ['sub', T.sub], ['mul', T.mul], ['maximum', T.maximum], ['eq', T.eq], ['lt', T.lt]] as const) {
    it(`${name} on mixed dtypes equals ${name} on operands cast to the promoted dtype`, () => checkPromotionCastsFirst(op, broadcastPairArb()))
  }
})

describe('shape laws', () => {
  it('reshape round trip', () => checkReshapeRoundTrip(reshapeArb()))
  it('permute then inverse permute is the identity', () =>
    checkPermuteInverse(tensorArb({ minRank: 1 }).chain((x) => permutationArb(x.ndim).map((p) => [x, p] as [Tensor, number[]]))))
  it('cat then slice gives the parts back (dtypes promoted)', () => checkCatSliceParts(catPartsArb()))
})

/** Dtypes that hold every value of the key dtype exactly. */
const wider: Record<DType, readonly DType[]> = {
  float16: ['float32', 'float64'], bfloat16: ['float32', 'float64'], float32: ['float64'], float64: [],
  int64: [], int32: ['int64', 'float64'], int16: ['int32', 'int64', 'float32', 'float64'],
  int8: ['int16', 'int32', 'int64', 'float16', 'bfloat16', 'float32', 'float64'],
  uint8: ['int16', 'int32', 'int64', 'float16', 'float32', 'float64'],
  bool: ['uint8', 'int8', 'int16', 'int32', 'int64', 'float16', 'bfloat16', 'float32', 'float64'],
}

describe('cast laws', () => {
  it('to(to(x, d), d) equals to(x, d)', () => checkCastIdempotent(fc.tuple(tensorArb(), dtypeArb)))
  it('half(float(half(x))) is half(x) bit for bit: through float32 and back is exact', () =>
    checkRoundTripThroughWider(tensorArb({ dtype: fc.constant('float16') }).map((x) => [x, 'float32'])))
  it('through any wider dtype and back is exact', () =>
    checkRoundTripThroughWider(dtypeArb.filter((d) => wider[d].length > 0)
      .chain((d) => fc.tuple(tensorArb({ dtype: fc.constant(d) }), fc.constantFrom(...wider[d])))))
})

describe('reduction laws', () => {
  it('sum over all dims equals summing dim by dim', () => checkSumIterated(tensorArb({ range: 'finite' })))
})

describe('the predicates can fail', () => {
  // Each law must be able to say no, or a passing suite proves nothing.
  const x = T.tensor([[1, -2, 3], [4, 5, -6]])
  it('preservesInputs notices a write into storage (through the internal accessor)', () => {
    expect(preservesInputs(() => { (storageOf(x) as Float32Array)[0] = 1 }, [x])).toBe(true)
    const y = T.tensor([1, 2, 3])
    expect(preservesInputs(() => { (storageOf(y) as Float32Array)[1] = 7 }, [y])).toBe(false)
  })
  it('sameValues tells -0 from 0, dtypes and shapes apart, and lets NaN meet NaN', () => {
    expect(sameValues(T.tensor([-0]), T.tensor([0]))).toBe(false)
    expect(sameValues(T.tensor([1]), T.tensor([1], { dtype: 'float64' }))).toBe(false)
    expect(sameValues(T.tensor([1, 2]), T.tensor([[1, 2]]))).toBe(false)
    expect(sameValues(T.tensor([NaN]), T.tensor([NaN]))).toBe(true)
  })
  it('commutes, permuteInverse, castIdempotent, catSliceParts and sumIterated accept right ops and reject wrong ones', () => {
    expect(commutes(T.sub, x, T.tensor([1, 1, 1]))).toBe(false)
    expect(permuteInverse(T.zeros([2, 3, 4]), [1, 0, 2])).toBe(true)
    expect(castIdempotent(x, 'float32', (t, d) => T.to(T.add(t, 1), d))).toBe(false)
    expect(catSliceParts([x, x], 0)).toBe(true)
    expect(sumIterated(T.tensor([[1, 2], [3, 4]]))).toBe(true)
  })
})
