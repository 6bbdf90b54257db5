/**
 * Gradient law suites. The table lists every differentiable op, one row each, with an arbitrary of
 * valid calls on small float64 inputs kept away from non-differentiable points; each row checks
 * grad of the cotangent-weighted loss sum(op(x) · w) against central finite differences for every
 * element of every differentiable argument (step 1e-6, |grad − fd| ≤ 1e-8 + 1e-6·|fd|; casts use
 * dyadic values and a step of 1/64, exact in every floating dtype). Then the module laws on random
 * module trees: the gradient mirrors the module, with ties, frozen parameters, buffers and integer
 * leaves handled, and the inputs untouched.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as T from '../src/index.js'
import { grad, nn, random } from '../src/index.js'
import {
  alongDimCaseArb, binaryCaseArb, boundsArb, castCaseArb, dimArb, expandTargetArb, flattenArgsArb, indexCaseArb, linearCaseArb, matmulCaseArb,
  mmCaseArb, narrowArgsArb, partsCaseArb, powIntegerCaseArb, reductionCaseArb, reshapeTargetArb, selectArgsArb, sliceCaseArb, unaryCaseArb,
  whereCaseArb, withShapeArgArb,
} from './arbitraries/grad.js'
import { moduleTreeArb } from './arbitraries/module.js'
import { permutationArb } from './arbitraries/tensor.js'
import { traced } from '../src/tensor/trace.js'
import {
  checkGradMatchesFiniteDifferences, checkGradMirrorsModule, gradMatchesFiniteDifferences, gradReport, moduleGradProblems, sumOfParameters,
  type GradCase,
} from './grad.js'

/** Every differentiable op, one row each: name and generated calls. */
const TABLE: ReadonlyArray<readonly [string, fc.Arbitrary<GradCase>]> = [
  // Arithmetic, with broadcasting between random shapes and JS-number operands.
  ['add', binaryCaseArb('add', T.add, 'real', 'real')],
  ['add with alpha', binaryCaseArb('add alpha', (x, y) => T.add(x, y, { alpha: -2.5 }), 'real', 'real')],
  ['sub', binaryCaseArb('sub', T.sub, 'real', 'real')],
  ['mul', binaryCaseArb('mul', T.mul, 'real', 'real')],
  ['div', binaryCaseArb('div', T.div, 'real', 'nonzero')],
  ['pow (positive base)', binaryCaseArb('pow', T.pow, 'positive', 'real')],
  ['pow (integer exponent, any sign of base)', powIntegerCaseArb('pow', T.pow)],
  ['maximum', binaryCaseArb('maximum', T.maximum, 'low', 'high')],
  ['minimum', binaryCaseArb('minimum', T.minimum, 'high', 'low')],
  ['neg', unaryCaseArb('neg', T.neg)],
  ['abs', unaryCaseArb('abs', T.abs, 'nonzero')],
  ['clamp', boundsArb.chain((b) => unaryCaseArb(`clamp ${JSON.stringify(b)}`, (x) => T.clamp(x, b), 'offGrid'))],
  // Math.
  ['sqrt', unaryCaseArb('sqrt', T.sqrt, 'positive')],
  ['rsqrt', unaryCaseArb('rsqrt', T.rsqrt, 'positive')],
  ['exp', unaryCaseArb('exp', T.exp)],
  ['log', unaryCaseArb('log', T.log, 'positive')],
  ['log1p', unaryCaseArb('log1p', T.log1p, 'aboveMinusOne')],
  ['sin', unaryCaseArb('sin', T.sin)],
  ['cos', unaryCaseArb('cos', T.cos)],
  ['tanh', unaryCaseArb('tanh', T.tanh)],
  ['erf', unaryCaseArb('erf', T.erf)],
  ['sigmoid', unaryCaseArb('sigmoid', T.sigmoid)],
  ['relu', unaryCaseArb('relu', T.relu, 'nonzero')],
  ['square', unaryCaseArb('square', T.square)],
  ['gelu', unaryCaseArb('gelu', (x) => T.gelu(x))],
  ['gelu (tanh)', unaryCaseArb('gelu tanh', (x) => T.gelu(x, { approximate: 'tanh' }))],
  // Reductions over random dims, keepdim true and false, and all dims.
  ['sum', reductionCaseArb('sum', T.sum, 'real', { minSide: 0 })],
  ['mean', reductionCaseArb('mean', T.mean, 'real')],
  ['max', reductionCaseArb('max', T.max, 'distinct')],
  ['min', reductionCaseArb('min', T.min, 'distinct')],
  ['var', reductionCaseArb('var', T.var, 'real', { correction: true })],
  ['std', reductionCaseArb('std', T.std, 'distinct', { correction: true })],
  ['prod', reductionCaseArb('prod', T.prod, 'nonzero')],
  ['softmax', alongDimCaseArb('softmax', T.softmax)],
  ['logSoftmax', alongDimCaseArb('logSoftmax', T.logSoftmax)],
  // Views.
  ['reshape', withShapeArgArb('reshape', reshapeTargetArb, T.reshape)],
  ['flatten', withShapeArgArb('flatten', flattenArgsArb, (x, [s, e]) => T.flatten(x, s, e), { maxRank: 4, maxSide: 2 })],
  ['squeeze', withShapeArgArb('squeeze', (s) => fc.option(s.length === 0 ? fc.constant(0) : dimArb(s.length), { nil: undefined }), T.squeeze, { maxRank: 4, maxSide: 2 })],
  ['unsqueeze', withShapeArgArb('unsqueeze', (s) => fc.integer({ min: -s.length - 1, max: s.length }), T.unsqueeze)],
  ['transpose', withShapeArgArb('transpose', (s) => fc.tuple(dimArb(s.length), dimArb(s.length)), (x, [a, b]) => T.transpose(x, a, b), { minRank: 1 })],
  ['permute', withShapeArgArb('permute', (s) => permutationArb(s.length), T.permute, { maxRank: 4, maxSide: 2 })],
  ['t', withShapeArgArb('t', () => fc.constant(null), (x) => T.t(x), { maxRank: 2, maxSide: 4 })],
  ['expand', withShapeArgArb('expand', expandTargetArb, T.expand)],
  // Indexing and joining.
  ['slice', sliceCaseArb('slice', T.slice)],
  ['select', withShapeArgArb('select', selectArgsArb, (x, [d, i]) => T.select(x, d, i), { minRank: 1, minSide: 1 })],
  ['narrow', withShapeArgArb('narrow', narrowArgsArb, (x, [d, start, length]) => T.narrow(x, d, start, length), { minRank: 1, minSide: 1 })],
  ['indexSelect', indexCaseArb('indexSelect', T.indexSelect, 'indexSelect')],
  ['gather', indexCaseArb('gather', T.gather, 'gather')],
  ['cat', partsCaseArb('cat', T.cat, 'cat')],
  ['stack', partsCaseArb('stack', T.stack, 'stack')],
  // Products.
  ['mm', mmCaseArb('mm', T.mm)],
  ['matmul', matmulCaseArb('matmul', T.matmul)],
  ['linear', linearCaseArb('linear', (x, w, b) => T.linear(x, w, b))],
  // Casts: the gradient comes back cast to the input's dtype.
  ['to(float32)', castCaseArb('to(float32)', (x) => T.to(x, 'float32'))],
  ['to(float16)', castCaseArb('to(float16)', (x) => T.to(x, { dtype: 'float16' }))],
  ['half', castCaseArb('half', T.half)],
  ['float', castCaseArb('float', T.float)],
  ['double', castCaseArb('double', T.double)],
  ['bfloat16', castCaseArb('bfloat16', T.bfloat16)],
  ['to chain (float16 → float32 → bfloat16 → float64)', castCaseArb('chain', (x) => x.half().float().bfloat16().double())],
  // Selection.
  ['where', whereCaseArb('where', T.where)],
]

describe('grad agrees with central finite differences (float64)', () => {
  it.each(TABLE)('%s', (_name, arb) => checkGradMatchesFiniteDifferences(arb, 40))
})

describe('the gradient of a module mirrors the module', () => {
  it('random module trees: structure, ties, frozen, buffers, integer leaves, inputs untouched', () =>
    checkGradMirrorsModule(moduleTreeArb(), 60))
  it('random module trees with parameters tied to buffers', () => checkGradMirrorsModule(moduleTreeArb({ crossTies: true }), 30))
})

describe('the laws can fail', () => {
  // exp with its vjp off by a factor 1 + 1e-4, and add with its second operand's cotangent dropped.
  const badExp = (x: T.Tensor): T.Tensor => traced(T.exp(T.stopGradient(x)), [x], (g, _x, y) => [T.mul(g, T.mul(y, 1 + 1e-4))])
  const badAdd = (a: T.Tensor, b: T.Tensor): T.Tensor => traced(T.add(T.stopGradient(a), T.stopGradient(b)), [a, b], (g) => [g, T.mul(g, 0)])
  const x = T.tensor(Float64Array.from([0.5, -1, 2]), { dtype: 'float64' })

  it('a vjp off by 1e-4 relative is caught; the true one passes', () => {
    expect(gradMatchesFiniteDifferences((y) => badExp(y).sum(), [x])).toBe(false)
    expect(gradMatchesFiniteDifferences((y) => T.exp(y).sum(), [x])).toBe(true)
  })

  it('a dropped cotangent is caught and reported at the element', () => {
    const r = gradReport((a, b) => badAdd(a, b).mul(a).sum(), [x, T.tensor(Float64Array.from([1, 2, 3]), { dtype: 'float64' })])
    expect(r.mismatches[0]).toMatch(/^argument 1 at \[0\]: grad 0, finite difference 0\.5/)
  })

  it('a gradient module with a wrong value, a gradient at a buffer or a lost tie is caught', () => {
    const [k1, k2] = random.split(random.key(1))
    const lin = nn.Linear(2, 2, { key: k1, dtype: 'float64' })
    const m = nn.Sequential(lin, nn.BatchNorm1d(2, { dtype: 'float64' }), lin)
    const g = grad(sumOfParameters)(m) as nn.AnyModule
    expect(moduleGradProblems(m, g)).toEqual([])
    expect(moduleGradProblems(m, nn.mapParameters(g, (p) => T.mul(p, 2)))).not.toEqual([])
    expect(moduleGradProblems(m, nn.mapBuffers(m, (b) => b))).not.toEqual([])
    const untied = nn.Sequential(nn.Linear(2, 2, { key: k2, dtype: 'float64' }), nn.BatchNorm1d(2, { dtype: 'float64' }), nn.Linear(2, 2, { key: k2, dtype: 'float64' }))
    expect(moduleGradProblems(m, grad(sumOfParameters)(untied))).not.toEqual([])
  })
})
