/**
 * optim.step with `{ donate: true }` (JAX's donate_argnums): the results are the undonated
 * definition's, `applyUpdates(params, updates)` with `[updates, next] = opt.update(...)`, bit for
 * bit; the memory of old params and momentum buffers is reused (checked by buffer identity, so a
 * donation that silently does nothing fails); every tensor whose memory was taken, and every view
 * sharing its storage, throws on read instead of showing the newer values; and nothing is taken
 * where another reader could remain: ties with different gradients, one gradient or buffer at two
 * parameters, the gradients themselves, tensors viewing a file's bytes, half dtypes, other
 * optimisers.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { grad, io, nn, optim, random, sum, tensor, tree, valueAndGrad, type Tensor } from '../../src/index.js'
import { storageOf } from '../../src/tensor/tensor.js'
import { thrown } from '../thrown.js'

type Opt = optim.GradientTransformation<any>

/** The definition every step must equal: update, then applyUpdates. */
const definition = <P>(opt: Opt, params: P, grads: unknown, state: unknown): readonly [P, unknown] => {
  const [updates, next] = opt.update(grads, state, params)
  return [optim.applyUpdates(params, updates), next]
}

/** A tree's leaves as text: path, dtype, shape and every element (bit patterns for floats via toTypedArray). */
const text = (x: unknown): string[] => tree.leavesWithPaths(x).map(([path, v]) => {
  if (v instanceof Object && 'toTypedArray' in v) {
    const t = v as Tensor
    const bits = new Uint8Array((t.toTypedArray() as Float32Array).buffer)
    return `${path} ${t.dtype}[${t.shape.join(',')}] ${bits.join(',')}`
  }
  return `${path} ${String(v)}`
})

const DONATED = /^TypeError: Tensor: this float(32|64) tensor of shape \[[\d, ]*\] was donated \(optim\.step with \{ donate: true \}\)/

const bufferOf = (t: Tensor): ArrayBufferLike => storageOf(t).buffer

/** The momentum buffers of sgd's state (none before the first step), in parameter order. */
const momentumOf = (state: unknown): Tensor[] =>
  tree.leaves((state as readonly [unknown, { momentum: unknown }])[1].momentum).filter((x): x is Tensor => x instanceof Object && 'toTypedArray' in x)

/** The MLP and data of README's training loop, in `dtype`. */
function mlp(dtype: 'float32' | 'float64') {
  const [k1, k2, kx] = random.split(random.key(3), 3)
  const model = nn.Sequential(nn.Linear(6, 5, { key: k1, dtype }), nn.ReLU(), nn.Linear(5, 3, { key: k2, dtype }))
  const x = random.normal(kx, [4, 6], { dtype })
  const y = tensor([0, 2, 1, 2], { dtype: 'int32' })
  const lossFn = (m: typeof model) => {
    const [logits, m2] = nn.run(m, x, { mode: 'train' })
    return [nn.crossEntropy(logits, y), m2] as const
  }
  return { model, grads: (m: typeof model) => valueAndGrad(lossFn, { hasAux: true })(m)[1] }
}

describe('optim.step with donate: sgd with momentum', () => {
  describe.each(['float32', 'float64'] as const)('an MLP in %s', (dtype) => {
    it('steps as the definition does, bit for bit, and reuses the params\' and buffers\' memory from the second step on', () => {
      const opt = optim.sgd(0.1, { momentum: 0.9 })
      const { model, grads } = mlp(dtype)
      let [ref, refState]: [typeof model, unknown] = [model, opt.init(model)]
      let [m, state] = [model, opt.init(model)]
      for (let s = 0; s < 5; s++) {
        const [g, gRef] = [grads(m), grads(ref)]
        ;[ref, refState] = definition(opt, ref, gRef, refState) as [typeof model, unknown]
        const oldParams = [...nn.parameters(m)]
        const oldBuffers = momentumOf(state)
        const before = [...oldParams, ...oldBuffers].map(bufferOf)
        ;[m, state] = optim.step(opt, m, g, state, { donate: true })
        expect(text(m)).toEqual(text(ref))
        expect(text(state)).toEqual(text(refState))
        const after = [...nn.parameters(m), ...momentumOf(state)].map(bufferOf)
        if (s === 0) {
          // The first step has no buffer to fuse with (b = g): nothing is taken, the old params still read.
          expect(after.some((b) => before.includes(b))).toBe(false)
          expect(oldParams.every((p) => p.size > 0)).toBe(true)
        } else {
          // The same memory (params, then buffers, the first step's being a copy of its gradients)
          // holding the new values: each old tensor now throws on read.
          expect(after.every((b, i) => b === before[i])).toBe(true)
          for (const p of oldParams) {
            expect(thrown(() => p.toArray())).toMatch(DONATED)
            expect(thrown(() => p.toTypedArray())).toMatch(DONATED)
            expect(thrown(() => p.add(1))).toMatch(DONATED)
            expect(thrown(() => String(p))).toMatch(DONATED)
            expect(p.size).toBe(p.shape.reduce((a, b) => a * b, 1)) // metadata still reads, as a deleted jax.Array's
          }
        }
      }
    })
  })

  it.each([['float32', 40_000], ['float64', 40_000], ['float32', 300]] as const)(
    'in place on long arrays (%s, %i elements: several of the WebAssembly kernel\'s chunks, one)', (dtype, n) => {
      const opt = optim.sgd(0.01, { momentum: 0.9 })
      const [kp, ...kg] = random.split(random.key(8), 5)
      const start = { w: random.normal(kp, [n], { dtype }) }
      let [ref, refState]: [typeof start, unknown] = [start, opt.init(start)]
      let [p, state] = [start, opt.init(start)]
      for (const k of kg) {
        const g = { w: random.normal(k, [n], { dtype }) }
        ;[ref, refState] = definition(opt, ref, g, refState) as [typeof start, unknown]
        const old = p.w
        const mem = bufferOf(old)
        ;[p, state] = optim.step(opt, p, g, state, { donate: true })
        expect(text(p)).toEqual(text(ref))
        expect(text(state)).toEqual(text(refState))
        if (k !== kg[0]) expect(bufferOf(p.w)).toBe(mem)
      }
    })

  it('a view sharing a donated tensor\'s storage throws too, rather than reading the new values', () => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    let params = { w: tensor([1, 2, 3, 4]) }
    let state = opt.init(params)
    ;[params, state] = optim.step(opt, params, { w: tensor([1, 1, 1, 1]) }, state)
    const view = params.w.reshape([2, 2])
    expect(view.toArray()).toEqual([[0.5, 1.5], [2.5, 3.5]])
    const g = { w: tensor([1, 1, 1, 1]) }
    const [want] = definition(opt, params, g, state)
    ;[params, state] = optim.step(opt, params, g, state, { donate: true })
    expect(text(params)).toEqual(text(want))
    expect(thrown(() => view.toArray())).toMatch(/^TypeError: Tensor: this float32 tensor of shape \[2, 2\] was donated/)
  })

  it('leaves the gradients alone, the first step\'s too (its buffer is a copy): they read the same after later steps', () => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    let params = { w: tensor([1, 2]) }
    let state = opt.init(params)
    const first = { w: tensor([1, 1]) }
    ;[params, state] = optim.step(opt, params, first, state, { donate: true })
    const g = { w: tensor([3, -1]) }
    const [want, wantState] = definition(opt, params, g, state)
    ;[params, state] = optim.step(opt, params, g, state, { donate: true })
    expect(text([params, state])).toEqual(text([want, wantState]))
    ;[params, state] = optim.step(opt, params, { w: tensor([0, 1]) }, state, { donate: true })
    expect([first.w.toArray(), g.w.toArray()]).toEqual([[1, 1], [3, -1]])
  })

  it('leaves the first gradients alone when the first step was opt.update and applyUpdates', () => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    const start = { w: tensor([1, 2]) }
    const first = { w: tensor([1, 1]) }
    const [updates, s1] = opt.update(first, opt.init(start), start)
    let [params, state] = [optim.applyUpdates(start, updates), s1]
    for (let i = 0; i < 2; i++) [params, state] = optim.step(opt, params, { w: tensor([2, 0]) }, state, { donate: true })
    expect(first.w.toArray()).toEqual([1, 1])
  })

  it.each([
    ['with one gradient', (a: Tensor, _: Tensor) => ({ a, b: a })],
    ['with two gradients', (a: Tensor, b: Tensor) => ({ a, b })],
    ['with a null gradient at one path', (a: Tensor, _: Tensor) => ({ a, b: null })],
  ])('a tie is never taken (%s): the tied tensor still reads, the results are the definition\'s', (_, grads) => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    const w = tensor([1, 2])
    const start = { a: w, b: w }
    const g1 = tensor([1, 1])
    const [p1, s1] = optim.step(opt, start, { a: g1, b: g1 }, opt.init(start))
    expect(p1.a).toBe(p1.b)
    const g = grads(tensor([2, 2]), tensor([4, 0]))
    const [want, wantState] = definition(opt, p1, g, s1)
    const [p2, s2] = optim.step(opt, p1, g, s1, { donate: true })
    expect(text(p2)).toEqual(text(want))
    expect(text(s2)).toEqual(text(wantState))
    expect(p1.a.toArray()).toEqual([0.5, 1.5])
  })

  it('takes no parameter that is also a buffer or a frozen parameter elsewhere in the module', () => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    const u = tensor([5, 6])
    const withBuffer = nn.module('M', { params: { w: u }, buffers: { copy: u }, forward: (_s, x: Tensor) => x })
    const t = tensor([1, 2])
    const frozenTie = nn.module('Root', {
      children: {
        a: nn.module('A', { params: { weight: t }, forward: (_s, x: Tensor) => x }),
        b: nn.freeze(nn.module('B', { params: { weight: t }, forward: (_s, x: Tensor) => x })),
      },
      forward: (_s, x: Tensor) => x,
    })
    for (const m of [withBuffer, frozenTie] as const) {
      const g = () => nn.mapTrainable(m, (p) => tensor(p).mul(0).add(1))
      const [, s1] = optim.step(opt, m, g(), opt.init(m)) // a state with buffers to fuse with, params untouched
      const g2 = g()
      const [want] = definition(opt, m, g2, s1)
      const [got] = optim.step(opt, m, g2, s1, { donate: true })
      expect(text(got)).toEqual(text(want)) // reads in full: the buffer and the frozen tie included
      expect(tree.leaves(m).every((x) => (x as Tensor).size >= 0 && (x as Tensor).toArray() !== undefined)).toBe(true)
    }
  })

  it('one gradient tensor at two parameters (so one buffer at both after the first step) is not taken', () => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    const start = { a: tensor([1, 2]), b: tensor([3, 4]) }
    const g = tensor([1, -1])
    const [p1, s1] = optim.step(opt, start, { a: g, b: g }, opt.init(start))
    const g2 = { a: tensor([2, 2]), b: tensor([0, 1]) }
    const [want, wantState] = definition(opt, p1, g2, s1)
    const [p2, s2] = optim.step(opt, p1, g2, s1, { donate: true })
    expect(text(p2)).toEqual(text(want))
    expect(text(s2)).toEqual(text(wantState))
    expect(g.toArray()).toEqual([1, -1]) // the shared first-step buffer still reads
    expect(thrown(() => p1.a.toArray())).toMatch(DONATED) // the params themselves were each taken
  })

  it('does not take a tensor that views a file\'s bytes: it and the bytes stay as they were', () => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    const bytes = io.safetensors.encode({ w: tensor([1, 2, 3, 4]) })
    const copy = bytes.slice()
    const decoded = io.safetensors.decode(bytes, { copy: false })
    if (E.isLeft(decoded)) throw new Error('decode failed')
    const w = decoded.right.tensors.get('w')!
    expect(storageOf(w).buffer).toBe(bytes.buffer) // a view, not a copy
    const params = { w }
    let state = opt.init(params)
    ;[, state] = optim.step(opt, params, { w: tensor([1, 1, 1, 1]) }, state)
    // The viewed tensor again as params, now with a buffer to fuse with.
    const g = { w: tensor([1, 1, 1, 1]) }
    const [want] = definition(opt, params, g, state)
    const [p2] = optim.step(opt, params, g, state, { donate: true })
    expect(w.toArray()).toEqual([1, 2, 3, 4])
    expect([...bytes]).toEqual([...copy])
    expect(text(p2)).toEqual(text(want))
  })

  it('steps params trees holding other leaves (a number, a string) beside tensors', () => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    let params = { w: tensor([1, 2]), steps: 7, name: 'w' }
    let state = opt.init(params)
    for (let i = 0; i < 3; i++) {
      const g = { w: tensor([2, 2]), steps: null, name: null }
      const [want, wantState] = definition(opt, params, g, state)
      ;[params, state] = optim.step(opt, params, g, state, { donate: true })
      expect(text([params, state])).toEqual(text([want, wantState]))
    }
    expect([params.steps, params.name]).toEqual([7, 'w'])
  })

  it('a traced gradient stays the first step\'s buffer, so derivatives pass through the step', () => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    const params = { w: tensor([1, 2]) }
    // d/dg of sum(p − lr·g) on the first step is −lr, through the buffer b' = g.
    const viaStep = grad((g: Tensor) => sum(optim.step(opt, params, { w: g }, opt.init(params), { donate: true })[0].w))(tensor([3, 4]))
    expect(viaStep.toArray()).toEqual([-0.5, -0.5])
    const viaBuffer = grad((g: Tensor) => sum(momentumOf(optim.step(opt, params, { w: g }, opt.init(params))[1])[0]))(tensor([3, 4]))
    expect(viaBuffer.toArray()).toEqual([1, 1])
  })

  it('takes nothing where the step cannot fuse: half dtypes', () => {
    const opt = optim.sgd(0.5, { momentum: 0.9 })
    let params = { w: tensor([1, 2], { dtype: 'float16' }) }
    let state = opt.init(params)
    ;[params, state] = optim.step(opt, params, { w: tensor([1, 1], { dtype: 'float16' }) }, state)
    const old = params
    const g = { w: tensor([1, 1], { dtype: 'float16' }) }
    const [want] = definition(opt, old, g, state)
    ;[params, state] = optim.step(opt, params, g, state, { donate: true })
    expect(text(params)).toEqual(text(want))
    expect(old.w.toArray()).toEqual([0.5, 1.5])
  })
})

describe('optim.step with donate: optimisers without a fused step ignore it', () => {
  it.each([
    ['adam', optim.adam(0.1)],
    ['sgd with Nesterov momentum', optim.sgd(0.1, { momentum: 0.9, nesterov: true })],
  ] as const)('%s: the definition\'s results, and every input still reads', (_, opt) => {
    const { model, grads } = mlp('float32')
    let [m, state] = [model, opt.init(model)]
    for (let s = 0; s < 3; s++) {
      const g = grads(m)
      const inputs = text([m, g, state])
      const [want, wantState] = definition(opt, m, g, state)
      const [m2, s2] = optim.step(opt, m, g, state, { donate: true })
      expect(text(m2)).toEqual(text(want))
      expect(text(s2)).toEqual(text(wantState))
      expect(text([m, g, state])).toEqual(inputs)
      ;[m, state] = [m2, s2]
    }
  })
})
