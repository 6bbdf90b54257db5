import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { nn, random, tensor, to as castTensor, type Tensor } from '../src/index.js'
import type { Key } from '../src/random/index.js'
import { storageOf } from '../src/tensor/tensor.js'
import { batchArb, moduleTreeArb, runCaseArb, seedKeyArb, type RunCase, type SomeModule } from './arbitraries/module.js'
import {
  applyPostOrder, castNarrowWideNarrow, castRejectsNonFloating, castTouchesFloatingOnly, checkLayer, checkTransformPure,
  checkTransformStructure, checkTransformTies, evalRunPure, freezeMarksSelection, independentBuildsAgree, layerCases, mapNamesAgree,
  moduleCastIdempotent, moduleDeeplyFrozen, moduleLaws, moduleTransforms, namedParametersConsistent, rebuiltRunsAlike,
  runLaws, selectableNames, trainRunDeterministic, trainRunKeepsParameters, transformDoesNotMutate,
  transformPreservesSharing, transformPreservesStructure, transformPreservesTies, type ModuleApply, type ModuleCast,
} from './module.js'

type AnyModule = nn.AnyModule

// ---- Subjects: every built-in layer, and random module trees -------------------------------------

const features3 = batchArb(3)
const anyBatch = fc.tuple(seedKeyArb, fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 }))
  .map(([k, s]) => random.normal(k, s) as Tensor)
const lastDim3 = fc.tuple(seedKeyArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }))
  .map(([k, a, b]) => random.normal(k, [a, b, 3]) as Tensor)
const ncl = fc.tuple(seedKeyArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 }))
  .map(([k, n, l]) => random.normal(k, [n, 3, l]) as Tensor)
const indices = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 }).map((xs) => tensor(xs, { dtype: 'int64' }) as Tensor)
const seqOf = (k: Key): SomeModule => {
  const [a, b] = random.split(k)
  const up = (m: SomeModule): SomeModule => m
  return nn.Sequential(up(nn.Linear(3, 3, { key: a })), up(nn.BatchNorm1d(3)), up(nn.ReLU()), up(nn.Dropout(0.5)), up(nn.Linear(3, 2, { key: b }))) as unknown as SomeModule
}

/** One row per layer: a name, how to make it from a key, and inputs it runs on. A new layer joins here. */
const layers: readonly (readonly [string, (k: Key) => SomeModule, fc.Arbitrary<unknown>])[] = [
  ['Linear', (k) => nn.Linear(3, 2, { key: k }), features3],
  ['Linear (no bias, float64)', (k) => nn.Linear(3, 2, { key: k, bias: false, dtype: 'float64' }), features3.map((x) => x.double())],
  ['Linear (float16)', (k) => nn.Linear(3, 2, { key: k, dtype: 'float16' }), features3.map((x) => x.half())],
  ['Sequential', seqOf, features3],
  ['Identity', () => nn.Identity(), anyBatch],
  ['ReLU', () => nn.ReLU(), anyBatch],
  ['GELU', () => nn.GELU(), anyBatch],
  ['GELU (tanh)', () => nn.GELU({ approximate: 'tanh' }), anyBatch],
  ['Tanh', () => nn.Tanh(), anyBatch],
  ['Sigmoid', () => nn.Sigmoid(), anyBatch],
  ['Softmax', () => nn.Softmax({ dim: -1 }), anyBatch],
  ['Flatten', () => nn.Flatten(), anyBatch],
  ['Dropout', () => nn.Dropout(0.5), anyBatch],
  ['BatchNorm1d', () => nn.BatchNorm1d(3), features3],
  ['BatchNorm1d (N, C, L; momentum None, no affine)', () => nn.BatchNorm1d(3, { momentum: null, affine: false }), ncl],
  ['LayerNorm', () => nn.LayerNorm(3), lastDim3],
  ['Embedding', (k) => nn.Embedding(5, 3, { key: k, paddingIdx: 0 }), indices],
]

const trees = moduleTreeArb()
/** Subjects with their base run count: a layer varies only in its key and input, a tree in everything. */
const subjects: readonly (readonly [string, fc.Arbitrary<AnyModule>, fc.Arbitrary<RunCase>, number])[] = [
  ...layers.map(([name, make, input]) => {
    const c = layerCases(make, input)
    return [name, c.modules, c.runs, 25] as const
  }),
  ['random module trees', trees, runCaseArb(), 100],
]


describe.each(subjects)('module laws: %s', (subject, modules, cases, runs) => {
  for (const [law, check] of moduleLaws) {
    it(law, () => check(modules, runs))
  }
  it.each(runLaws)('%s', (_, check) => check(cases, runs))
})

describe('every transform over random module trees', () => {
  describe.each(moduleTransforms)('%s', (_, f) => {
    it('preserves structure, names and shapes', () => checkTransformStructure(f, trees, 50))
    it('preserves ties and shared modules', () => checkTransformTies(f, trees, 50))
    it('does not mutate its input', () => checkTransformPure(f, trees, 50))
  })
})

describe('laws over particular trees', () => {
  it('freeze(names) marks exactly the selection (trees without shared modules)', () => {
    const arb = moduleTreeArb({ sharedModules: false }).chain((m) => fc.tuple(fc.constant(m), fc.subarray(selectableNames(m))))
    fc.assert(fc.property(arb, ([m, where]) => freezeMarksSelection(m, where)))
  })
  it('a user layer is checked in one line (the seed LinearModel)', () => {
    const LinearModel = (key: Key) => {
      const [kw, kb] = random.split(key)
      return nn.module('LinearModel', {
        params: { weight: random.normal(kw, [5, 1]), bias: random.normal(kb, [1]) },
        forward: (self, x: Tensor) => x.mm(self.params.weight).add(self.params.bias),
      })
    }
    checkLayer(LinearModel, fc.tuple(seedKeyArb, fc.integer({ min: 1, max: 4 })).map(([k, n]) => random.normal(k, [n, 5])), 20)
  })
})

// ---- The laws can fail: broken stand-ins are caught ---------------------------------------------

const forwardId = (_: unknown, x: unknown): unknown => x
/** A fresh module with a tensor tied at params w and v, a Linear shared at children a and b, and an int64 buffer. */
const fixture = (): AnyModule => {
  const k = random.key(7)
  const t = tensor([0.1, 2.5, -3])
  const leaf = nn.Linear(2, 2, { key: k }) as SomeModule
  return nn.module('Tied', {
    params: { w: t, v: t },
    buffers: { n: tensor([3n], { dtype: 'int64' }), r: tensor([1, 2]) },
    children: { a: leaf, b: leaf },
    forward: forwardId,
  }) as AnyModule
}
const mapValues = <V>(r: unknown, f: (v: V) => V): Record<string, V> =>
  Object.fromEntries(Object.entries(r as Record<string, V>).map(([k, v]) => [k, v === null ? v : f(v)]))

describe('the laws catch broken transforms', () => {
  it('a transform that writes into a tensor', () => {
    const m = fixture()
    expect(transformDoesNotMutate(m, (x) => ((storageOf(x.params.w as Tensor<'float32'>)[0] += 1), x))).toBe(false)
  })
  it('a transform that reorders parameters', () => {
    const reorder = (x: AnyModule): AnyModule => nn.module(x.kind, {
      params: Object.fromEntries(Object.entries(x.params as Record<string, Tensor | null>).reverse()),
      buffers: x.buffers, children: x.children, config: x.config, forward: x.forward as never,
    }) as AnyModule
    expect(transformPreservesStructure(fixture(), reorder)).toBe(false)
  })
  it('a transform that reshapes a parameter', () => {
    expect(transformPreservesStructure(fixture(), (m) => nn.mapParameters(m, (p) => (p.ndim === 2 ? p.reshape([-1]) : p)))).toBe(false)
    expect(transformPreservesStructure(fixture(), nn.half)).toBe(true)
  })
  it('a transform that copies each parameter slot separately breaks ties', () => {
    const perSlot = (m: AnyModule) => nn.transformModules(m, (_, r) => nn.rebuild(r, { params: mapValues<Tensor>(r.params, (t) => tensor(t)) }))
    expect(transformPreservesTies(fixture(), perSlot)).toBe(false)
    expect(transformPreservesTies(fixture(), (m) => nn.mapParameters(m, (t) => tensor(t)))).toBe(true)
  })
  it('a naive recursive cast duplicates a shared module', () => {
    const naive = (m: AnyModule): AnyModule =>
      nn.rebuild(m, { params: mapValues<Tensor>(m.params, (t) => castTensor(t, 'float16')), children: mapValues<AnyModule>(m.children, naive) })
    expect(transformPreservesSharing(fixture(), naive)).toBe(false)
    expect(transformPreservesSharing(fixture(), nn.half)).toBe(true)
  })
  it('a pre-order apply, and a post-order apply without memo', () => {
    const pre: ModuleApply = (m, fn) => { const r = fn(m); return nn.rebuild(r, { children: mapValues<AnyModule>(r.children, (c) => pre(c, fn)) }) }
    const noMemo: ModuleApply = (m, fn) => fn(nn.rebuild(m, { children: mapValues<AnyModule>(m.children, (c) => noMemo(c, fn)) }))
    expect(applyPostOrder(fixture(), pre)).toBe(false)
    expect(applyPostOrder(fixture(), noMemo)).toBe(false)
    expect(applyPostOrder(fixture())).toBe(true)
  })
  it('a cast that converts integer buffers and accepts integer targets', () => {
    const castAll: ModuleCast = (m, d) => nn.mapBuffers(nn.mapParameters(m, (t) => castTensor(t, d)), (t) => castTensor(t, d))
    expect(castTouchesFloatingOnly(fixture(), 'float16', castAll)).toBe(false)
    expect(castRejectsNonFloating(fixture(), 'int64', castAll)).toBe(false)
    expect(castTouchesFloatingOnly(fixture(), 'float16')).toBe(true)
    expect(castRejectsNonFloating(fixture(), 'int64')).toBe(true)
  })
  it('a cast that is not idempotent, and one that is lossy through float32', () => {
    const drift: ModuleCast = (m, d) => nn.mapParameters(nn.to(m, d), (p) => p.add(1))
    const lossy: ModuleCast = (m, d) => (d === 'float32' ? nn.mapParameters(nn.to(m, d), (p) => p.mul(1.01)) : nn.to(m, d))
    expect(moduleCastIdempotent(fixture(), 'float32', drift)).toBe(false)
    expect(castNarrowWideNarrow(fixture(), 'float16', 'float32', lossy)).toBe(false)
    expect(castNarrowWideNarrow(fixture(), 'float16', 'float32')).toBe(true)
  })
  it('a traversal that does not de-duplicate', () => {
    expect(namedParametersConsistent(fixture(), (m, o) => nn.namedParameters(m, { ...o, removeDuplicate: false }))).toBe(false)
    expect(namedParametersConsistent(fixture())).toBe(true)
  })
  it('a freeze that ignores its selection', () => {
    expect(freezeMarksSelection(fixture(), ['w'], (m) => m)).toBe(false)
    expect(freezeMarksSelection(fixture(), ['w', 'a.bias'])).toBe(true)
  })
  it('an impure eval forward, one that writes its input, and a run that returns a new module', () => {
    let n = 0
    const counter = nn.module('Counter', { forward: () => tensor([n++]) }) as AnyModule
    const x = tensor([1, 2])
    const writer = nn.module('Writer', { forward: (_s, y: Tensor) => ((storageOf(y as Tensor<'float32'>)[0] += 1), y) }) as AnyModule
    expect(evalRunPure(counter, x)).toBe(false)
    expect(evalRunPure(writer, x)).toBe(false)
    expect(evalRunPure(fixture(), x, (m, y, o) => [nn.run(m, y, o as never)[0], nn.half(m)])).toBe(false)
    expect(evalRunPure(fixture(), x)).toBe(true)
  })
  it('a train forward that ignores its key', () => {
    let n = 0
    const noisy = nn.module('Noisy', { random: true, forward: (_s, _x: Tensor, ctx) => random.normal(random.foldIn(ctx.requireKey('Noisy'), n++), [2]) }) as AnyModule
    expect(trainRunDeterministic(noisy, tensor([1]), random.key(1))).toBe(false)
  })
  it('a train run that changes parameters, and a run whose output drifts', () => {
    const m = nn.Sequential(nn.Linear(2, 2, { key: random.key(3) }) as SomeModule, nn.BatchNorm1d(2) as SomeModule) as unknown as AnyModule
    const x = random.normal(random.key(4), [3, 2])
    const k = random.key(5)
    expect(trainRunKeepsParameters(m, x, k, (a, y, o) => { const [out, n] = nn.run(a, y, o as never); return [out, nn.mapParameters(n, (p) => p.neg())] })).toBe(false)
    expect(trainRunKeepsParameters(m, x, k)).toBe(true)
    let n = 0
    expect(rebuiltRunsAlike(m, x, (a) => [tensor([n++]), a])).toBe(false)
    expect(rebuiltRunsAlike(m, x)).toBe(true)
  })
  it('a module whose configuration is not frozen', () => {
    const m = nn.module('C', { config: { a: [1] }, forward: forwardId }) as AnyModule
    // nn.module freezes its config, so forge a record around it with a mutable one.
    const forged = Object.freeze(Object.setPrototypeOf({ ...m, config: { a: [1] } }, Object.getPrototypeOf(m))) as AnyModule
    expect(moduleDeeplyFrozen(forged)).toBe(false)
    expect(moduleDeeplyFrozen(m)).toBe(true)
  })
})

// ---- Regressions: cases that once broke these laws --------------------------------------------

describe('regressions', () => {
  it('casts keep a tensor tied between a parameter and a buffer', () => {
    const t = tensor([1, 2])
    const a = nn.module('A', { params: { w: t }, forward: forwardId }) as SomeModule
    const b = nn.module('B', { buffers: { r: t }, forward: forwardId }) as SomeModule
    const m = nn.module('Root', { children: { a, b }, forward: forwardId }) as AnyModule
    expect(transformPreservesTies(m, nn.half)).toBe(true)
  })
  it('casts keep param/buffer ties over random trees', () =>
    checkTransformTies(nn.half, moduleTreeArb({ crossTies: true })))
  it('freeze selects a shared module by any of its paths', () => {
    const lin = nn.Linear(2, 2, { key: random.key(1) }) as SomeModule
    const m = nn.module('R', { children: { x: lin, y: lin }, forward: forwardId }) as AnyModule
    expect(freezeMarksSelection(m, ['y'])).toBe(true)
    expect(freezeMarksSelection(m, ['x'])).toBe(true)
  })
  it('mapParameters names a tied tensor by its namedParameters name', () => {
    const t = tensor([1, 2])
    const child = nn.module('C', { params: { v: t }, forward: forwardId }) as SomeModule
    const m = nn.module('R', { params: { w: t }, children: { a: child }, forward: forwardId }) as AnyModule
    expect(mapNamesAgree(m)).toBe(true)
  })
  it('two layers built alike have the same tree structure (kind and config compared by value)', () => {
    expect(independentBuildsAgree((k) => nn.Linear(3, 2, { key: k }), random.key(0), random.key(1))).toBe(true)
    expect(independentBuildsAgree(() => nn.ReLU(), random.key(0), random.key(1))).toBe(true)
    const shared = (k: Key) => nn.module('M', { params: { w: random.normal(k, [2]) }, forward: forwardId }) as SomeModule
    expect(independentBuildsAgree(shared, random.key(0), random.key(1))).toBe(true)
  })
  it('built-in layers are deeply frozen, configuration included', () => {
    expect(moduleDeeplyFrozen(nn.Linear(2, 2, { key: random.key(1) }) as AnyModule)).toBe(true)
    expect(moduleDeeplyFrozen(nn.ReLU() as SomeModule as AnyModule)).toBe(true)
  })
})
