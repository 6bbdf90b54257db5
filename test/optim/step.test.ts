/**
 * optim.step against its definition, `applyUpdates(params, updates)` with `[updates, next] =
 * opt.update(grads, state, params)`, bit for bit: params and state compared leaf by leaf (every
 * element under Object.is, half types by bit pattern, step counts, tree structure). Trajectories
 * of an MLP in float32 and float64 with constant and scheduled rates; which optimisers have a fused
 * `step`, and that the others still agree; frozen parameters, buffers and ties; untouched inputs;
 * the fallbacks (half types, mixed dtypes and shapes, traced tensors), where gradients through the
 * step must equal gradients through update + applyUpdates; and the README example by hand. Calls
 * of the fused kernel are counted through a wrapper around the device's elementwise kernels, so
 * each test also says whether the fused path ran.
 */
import { describe, expect, it, vi } from 'vitest'
import { nn, optim, random, square, sum, tensor, tree, valueAndGrad, type Tensor } from '../../src/index.js'
import type { ElementwiseKernels } from '../../src/kernels/wasm/elementwiseWasm.js'
import { up } from './fixtures.js'

const kernel = vi.hoisted(() => ({ calls: 0 }))

// The cpu device's elementwise kernels, with momentumStep counted.
vi.mock('../../src/kernels/wasm/elementwiseWasm.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/kernels/wasm/elementwiseWasm.js')>()
  const counted: ElementwiseKernels = Object.freeze({
    ...real.wasmElementwise,
    momentumStep: (...args: Parameters<ElementwiseKernels['momentumStep']>) => {
      kernel.calls++
      real.wasmElementwise.momentumStep(...args)
    },
  })
  return { ...real, wasmElementwise: counted }
})

type Opt = optim.GradientTransformation<any>

/** The definition optim.step must equal: update, then applyUpdates. */
const unfusedStep = <P>(opt: Opt, params: P, grads: unknown, state: unknown): readonly [P, unknown] => {
  const [updates, next] = opt.update(grads, state, params)
  return [optim.applyUpdates(params, updates), next]
}

const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v))

/** Every difference between two trees: structure, leaf paths, and each leaf (tensors element by element under Object.is). */
function differences(got: unknown, want: unknown, at = ''): string[] {
  if (!tree.treedefEqual(tree.structure(got), tree.structure(want))) return [`${at}: structures differ: ${tree.showTreeDef(tree.structure(got))} vs ${tree.showTreeDef(tree.structure(want))}`]
  const [g, w] = [tree.leavesWithPaths(got), tree.leavesWithPaths(want)]
  const out: string[] = []
  g.forEach(([path, a], i) => {
    const [wPath, b] = w[i]
    if (path !== wPath) out.push(`${at}: path ${path} vs ${wPath}`)
    else if (a instanceof Object && 'toTypedArray' in a && b instanceof Object && 'toTypedArray' in b) {
      const [s, t] = [a as Tensor, b as Tensor]
      if (s.dtype !== t.dtype || s.device !== t.device || s.shape.join() !== t.shape.join()) {
        out.push(`${at}${path}: ${s.dtype}[${s.shape}]@${s.device} vs ${t.dtype}[${t.shape}]@${t.device}`)
        return
      }
      const [x, y] = [s.toTypedArray() as ArrayLike<number>, t.toTypedArray() as ArrayLike<number>]
      const bad = Array.from({ length: x.length }, (_, j) => j).filter((j) => !Object.is(x[j], y[j]))
      if (bad.length > 0) out.push(`${at}${path}: ${bad.length} elements differ, first [${bad[0]}] ${show(x[bad[0]])} vs ${show(y[bad[0]])}`)
    } else if (!Object.is(a, b)) out.push(`${at}${path}: ${String(a)} vs ${String(b)}`)
  })
  return out
}

/** Every leaf's bytes (tensors) or value (anything else), with its path, to compare before and after a call. */
const snapshot = (x: unknown): [string, unknown][] => tree.leavesWithPaths(x).map(([path, leaf]) => {
  if (!(leaf instanceof Object && 'toTypedArray' in leaf)) return [path, leaf]
  const a = (leaf as Tensor).toTypedArray() as unknown as ArrayBufferView
  return [path, [...new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength))]]
})

/** The sgd state's two step counts (traceMomentum's and scaleByLearningRate's). */
const counts = (state: unknown): [number, number] => {
  const [, trace, lr] = state as readonly [unknown, optim.TraceState, optim.CountState]
  return [trace.count, lr.count]
}

/**
 * `steps` steps of optim.step and of update + applyUpdates side by side from `m0`, gradients of
 * `loss` at the fused params (the two agree at every step or the test has already failed). The
 * differences after each step, the final params and state, and the fused kernel's calls.
 */
function sideBySide(opt: Opt, m0: unknown, loss: (m: any) => Tensor, steps: number) {
  let [pf, sf]: readonly [unknown, unknown] = [m0, opt.init(m0)]
  let [pu, su]: readonly [unknown, unknown] = [m0, opt.init(m0)]
  const bad: string[] = []
  const calls0 = kernel.calls
  for (let k = 0; k < steps; k++) {
    const [, g] = valueAndGrad(loss)(pf)
    ;[pf, sf] = optim.step(opt, pf, g, sf)
    ;[pu, su] = unfusedStep(opt, pu, g, su)
    bad.push(...differences(pf, pu, `step ${k + 1} params `), ...differences(sf, su, `step ${k + 1} state `))
  }
  return { bad, params: pf, state: sf, calls: kernel.calls - calls0 }
}

// ---- models ----

const [k0, k1, k2, kx, ky, k3, k4] = random.split(random.key(11), 7)
const labels = random.randint(ky, [16], 0, 10, { dtype: 'int64' })
const x784 = random.normal(kx, [16, 784])

/** nn.Sequential(Linear(784, 256), ReLU, Linear(256, 128), ReLU, Linear(128, 10)) in float32. */
const mlp = nn.Sequential(
  up(nn.Linear(784, 256, { key: k0 })), up(nn.ReLU()), up(nn.Linear(256, 128, { key: k1 })), up(nn.ReLU()), up(nn.Linear(128, 10, { key: k2 })),
) as unknown as nn.AnyModule

/** Cross-entropy of `m` on `x` against the labels. */
const crossEntropyOn = (x: Tensor) => (m: nn.AnyModule): Tensor =>
  nn.crossEntropy(nn.run(m, x as never, { mode: 'eval' })[0] as Tensor, labels)

/** A small model (Linear(20, 8), Tanh, Linear(8, 10)) and its loss, in `dtype`. */
const small = (dtype: 'float32' | 'float64' | 'float16' | 'bfloat16' = 'float32') => {
  const m = nn.to(nn.Sequential(up(nn.Linear(20, 8, { key: k3 })), up(nn.Tanh()), up(nn.Linear(8, 10, { key: k4 }))) as unknown as nn.AnyModule, dtype)
  return { m, loss: crossEntropyOn(random.normal(kx, [16, 20]).to(dtype)) }
}

// ---- tests ----

describe('an MLP (784-256-128-10) for 5 steps: optim.step equals update + applyUpdates bit for bit', () => {
  const rates: readonly [string, optim.LearningRate][] = [['lr 0.01', 0.01], ['cosineDecay(0.01, tMax 5)', optim.cosineDecay(0.01, { tMax: 5 })]]
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, lr] of rates) {
      it(`${dtype}, ${name}, momentum 0.9`, () => {
        const m0 = nn.to(mlp, dtype)
        const opt: Opt = optim.sgd(lr, { momentum: 0.9 })
        const { bad, params, state, calls } = sideBySide(opt, m0, crossEntropyOn(x784.to(dtype)), 5)
        expect(bad).toEqual([])
        expect(counts(state)).toEqual([5, 5])
        // Steps 2..5 ran the kernel once per parameter (three weights, three biases); step 1 has no buffer yet.
        expect(calls).toBe(4 * 6)
        // The params moved, and stayed in their dtype.
        const named = [...nn.namedParameters(params as nn.AnyModule)]
        expect(named.every(([, p]) => p.dtype === dtype)).toBe(true)
        expect(differences(params, m0).length).toBe(6)
      })
    }
  }
})

describe('which optimisers have a fused step', () => {
  const cosine = optim.cosineDecay(0.1, { tMax: 3 })
  const fused: readonly [string, Opt][] = [
    ['sgd momentum 0.9', optim.sgd(0.1, { momentum: 0.9 })],
    ['sgd momentum 1, explicit dampening 0 and nesterov false', optim.sgd(0.1, { momentum: 1, dampening: 0, nesterov: false, weightDecay: 0 })],
    ['sgd momentum 0.5, cosine schedule', optim.sgd(cosine, { momentum: 0.5 })],
  ]
  const unfused: readonly [string, Opt][] = [
    ['sgd without momentum', optim.sgd(0.1)],
    ['sgd momentum 0 with a schedule', optim.sgd(cosine)],
    ['sgd with dampening', optim.sgd(0.1, { momentum: 0.9, dampening: 0.1 })],
    ['sgd nesterov', optim.sgd(0.1, { momentum: 0.9, nesterov: true })],
    ['sgd momentum with weightDecay', optim.sgd(0.1, { momentum: 0.9, weightDecay: 0.01 })],
    ['sgd weightDecay without momentum', optim.sgd(0.1, { weightDecay: 0.01 })],
    ['adam', optim.adam(0.01)],
    ['adam amsgrad with weightDecay', optim.adam(0.01, { amsgrad: true, weightDecay: 0.01 })],
    ['adamw', optim.adamw(0.01)],
    ['chain(clipByGlobalNorm, sgd momentum)', optim.chain(optim.clipByGlobalNorm(0.5), optim.sgd(0.1, { momentum: 0.9 }))],
  ]

  it.each(fused)('%s: has step; 3 steps in float32 and float64 equal update + applyUpdates', (_, opt) => {
    expect(typeof opt.step).toBe('function')
    for (const dtype of ['float32', 'float64'] as const) {
      const { m, loss } = small(dtype)
      const { bad, calls } = sideBySide(opt, m, loss, 3)
      expect(bad, dtype).toEqual([])
      expect(calls, dtype).toBe(2 * 4)
    }
  })

  it.each(unfused)('%s: no step; optim.step still equals update + applyUpdates over 3 steps', (_, opt) => {
    expect(opt.step).toBeUndefined()
    for (const dtype of ['float32', 'float64'] as const) {
      const { m, loss } = small(dtype)
      const { bad, calls } = sideBySide(opt, m, loss, 3)
      expect(bad, dtype).toEqual([])
      expect(calls, dtype).toBe(0)
    }
  })

  it('fused and unfused steps interleave: the state of either serves the other', () => {
    const opt: Opt = optim.sgd(0.1, { momentum: 0.9 })
    const { m, loss } = small('float32')
    let [pa, sa]: readonly [unknown, unknown] = [m, opt.init(m)]
    let [pb, sb]: readonly [unknown, unknown] = [m, opt.init(m)]
    for (let k = 0; k < 4; k++) {
      const [, g] = valueAndGrad(loss)(pa as nn.AnyModule)
      // a: fused on even steps; b: fused on odd steps.
      ;[pa, sa] = k % 2 === 0 ? optim.step(opt, pa, g, sa) : unfusedStep(opt, pa, g, sa)
      ;[pb, sb] = k % 2 === 1 ? optim.step(opt, pb, g, sb) : unfusedStep(opt, pb, g, sb)
      expect([...differences(pa, pb), ...differences(sa, sb)], `step ${k + 1}`).toEqual([])
    }
  })
})

describe('frozen parameters, buffers and ties', () => {
  const shared = up(nn.Linear(6, 6, { key: k1 }))
  const m0 = nn.freeze(nn.Sequential(
    up(nn.Linear(5, 6, { key: k0 })), up(nn.BatchNorm1d(6)), up(nn.Tanh()), shared, up(nn.Tanh()), shared,
  ) as unknown as nn.AnyModule, ['0.weight'])
  const x = random.normal(kx, [8, 5])
  const loss = (m: nn.AnyModule): Tensor => sum(square(nn.run(m, x as never, { mode: 'train', key: k2 })[0] as Tensor))

  it('4 steps match update + applyUpdates; frozen params and buffers stay the same tensors; the tie stays one module', () => {
    const opt: Opt = optim.sgd(0.05, { momentum: 0.9 })
    let [p, s]: readonly [nn.AnyModule, unknown] = [m0, opt.init(m0)]
    const calls0 = kernel.calls
    for (let k = 0; k < 4; k++) {
      const [, g] = valueAndGrad(loss)(p)
      const [pu, su] = unfusedStep(opt, p, g, s)
      ;[p, s] = optim.step(opt, p, g, s) as readonly [nn.AnyModule, unknown]
      expect([...differences(p, pu), ...differences(s, su)], `step ${k + 1}`).toEqual([])
      expect(nn.getParameter(p, '0.weight'), `step ${k + 1}`).toBe(nn.getParameter(m0, '0.weight'))
      ;[...nn.namedBuffers(p)].forEach(([name, b]) => expect(b, `${name} step ${k + 1}`).toBe(nn.getBuffer(m0, name as never)))
      expect(p.children['3']).toBe(p.children['5'])
      expect(nn.frozenNames(p).next().value).toBe('0.weight')
    }
    // Trainable: 0.bias, 1.weight, 1.bias and the tied 3.weight, 3.bias (once): five per step after the first.
    expect(kernel.calls - calls0).toBe(3 * 5)
    expect(differences(nn.getParameter(p, '3.weight'), nn.getParameter(m0, '3.weight')).length).toBe(1)
    const momentum = (s as readonly [unknown, optim.TraceState])[1].momentum as nn.AnyModule
    expect([...nn.namedParameters(momentum)].filter(([, t]) => t !== null).map(([n]) => n)).toEqual(['0.bias', '1.weight', '1.bias', '3.weight', '3.bias'])
  })
})

describe('inputs are never modified', () => {
  it('params, grads and state keep their bytes, on the first step and on a fused one', () => {
    const opt: Opt = optim.sgd(0.1, { momentum: 0.9 })
    for (const dtype of ['float32', 'float64'] as const) {
      const { m, loss } = small(dtype)
      let [p, s]: readonly [unknown, unknown] = [m, opt.init(m)]
      const calls0 = kernel.calls
      for (let k = 0; k < 3; k++) {
        const [, g] = valueAndGrad(loss)(p as nn.AnyModule)
        const before = [p, g, s].map(snapshot)
        const out = optim.step(opt, p, g, s)
        expect([p, g, s].map(snapshot), `${dtype} step ${k + 1}`).toEqual(before)
        ;[p, s] = out
      }
      expect(kernel.calls - calls0).toBe(2 * 4)
    }
  })
})

describe('fallbacks: the same arithmetic as tensor ops, never the kernel', () => {
  const opt: Opt = optim.sgd(0.1, { momentum: 0.9 })

  it.each(['float16', 'bfloat16'] as const)('%s params: 3 steps equal update + applyUpdates', (dtype) => {
    const { m, loss } = small(dtype)
    const { bad, params, calls } = sideBySide(opt, m, loss, 3)
    expect(bad).toEqual([])
    expect(calls).toBe(0)
    expect([...nn.parameters(params as nn.AnyModule)].every((t) => t.dtype === dtype)).toBe(true)
  })

  it('float32 params with float64 gradients, and a gradient of another (broadcastable) shape', () => {
    const params = { w: random.normal(k0, [3, 4]), v: random.normal(k1, [5]) }
    const gradsAt = (k: number) => ({ w: random.normal(random.key(k), [4], { dtype: 'float64' }), v: random.normal(random.key(k + 9), [5], { dtype: 'float64' }) })
    let [pf, sf]: readonly [unknown, unknown] = [params, opt.init(params)]
    let [pu, su]: readonly [unknown, unknown] = [params, opt.init(params)]
    const calls0 = kernel.calls
    for (let k = 0; k < 3; k++) {
      ;[pf, sf] = optim.step(opt, pf, gradsAt(k), sf)
      ;[pu, su] = unfusedStep(opt, pu, gradsAt(k), su)
      expect([...differences(pf, pu), ...differences(sf, su)], `step ${k + 1}`).toEqual([])
    }
    expect(kernel.calls - calls0).toBe(0)
    expect((pf as typeof params).w.dtype).toBe('float32')
  })
})

describe('differentiating through optim.step equals differentiating through update + applyUpdates', () => {
  const opt: Opt = optim.sgd(0.1, { momentum: 0.9 })
  for (const dtype of ['float32', 'float64'] as const) {
    // One step first, so that the state has buffers and the kernel would otherwise run.
    const { m, loss } = small(dtype)
    const [, g0] = valueAndGrad(loss)(m)
    const [m1, s1] = unfusedStep(opt, m, g0, opt.init(m))
    const [, g1] = valueAndGrad(loss)(m1)
    /** The loss after one step taken by `stepper`, as a function of (params, grads, state). */
    const after = (stepper: typeof unfusedStep) => (p: unknown, g: unknown, s: unknown): Tensor => loss(stepper(opt, p, g, s)[0] as nn.AnyModule)

    for (const [name, argnums] of [['params', 0], ['grads', 1], ['state', 2], ['all three', [0, 1, 2]]] as const) {
      it(`${dtype}, with respect to ${name}`, () => {
        const calls0 = kernel.calls
        const [vf, df] = valueAndGrad(after(optim.step), { argnums })(m1, g1, s1)
        expect(kernel.calls - calls0).toBe(0)
        const [vu, du] = valueAndGrad(after(unfusedStep), { argnums })(m1, g1, s1)
        expect(differences(vf, vu)).toEqual([])
        expect(differences(df, du)).toEqual([])
        // Not vacuous: the gradient is not zero everywhere (as it would be through an untraced step).
        const values = tree.leaves(df).flatMap((t) => [...((t as Tensor).toTypedArray() as Float32Array)])
        expect(values.some((v) => v !== 0)).toBe(true)
      })
    }
  }
})

describe('the README example', () => {
  it('float32: w = [0, 1] after the first step (buffer = grad), then b\' = g + 0.9·b, p\' = p − 0.5·b\'', () => {
    const opt: Opt = optim.sgd(0.5, { momentum: 0.9 })
    const params = { w: tensor([1, 2]) }
    const [next, state] = optim.step(opt, params, { w: tensor([2, 2]) }, opt.init(params))
    expect(next.w.dtype).toBe('float32')
    expect([...next.w.toTypedArray()]).toEqual([0, 1])
    expect(counts(state)).toEqual([1, 1])
    expect([...((state as readonly [unknown, optim.TraceState])[1].momentum as { w: Tensor }).w.toTypedArray()]).toEqual([2, 2])
    // Second step, g = [1, −2]: b' = [1 + 0.9·2, −2 + 0.9·2] rounded to float32; p' = p − 0.5·b' (exact halving).
    const calls0 = kernel.calls
    const [next2, state2] = optim.step(opt, next, { w: tensor([1, -2]) }, state)
    expect(kernel.calls - calls0).toBe(1)
    const b = [Math.fround(1 + 0.9 * 2), Math.fround(-2 + 0.9 * 2)]
    expect([...((state2 as readonly [unknown, optim.TraceState])[1].momentum as { w: Tensor }).w.toTypedArray()]).toEqual(b)
    expect([...next2.w.toTypedArray()]).toEqual([Math.fround(0 - 0.5 * b[0]), Math.fround(1 - 0.5 * b[1])])
    expect(counts(state2)).toEqual([2, 2])
  })

  it('float64: the same two steps without rounding to float32', () => {
    const opt: Opt = optim.sgd(0.5, { momentum: 0.9 })
    const f64 = (v: number[]): Tensor => tensor(v, { dtype: 'float64' })
    const params = { w: f64([1, 2]) }
    const [next, state] = optim.step(opt, params, { w: f64([2, 2]) }, opt.init(params))
    expect([...next.w.toTypedArray()]).toEqual([0, 1])
    const [next2] = optim.step(opt, next, { w: f64([1, -2]) }, state)
    const b = [1 + 0.9 * 2, -2 + 0.9 * 2]
    expect(next2.w.dtype).toBe('float64')
    expect([...next2.w.toTypedArray()]).toEqual([0 - 0.5 * b[0], 1 - 0.5 * b[1]])
  })
})

describe('edge trees: the fused step still equals update + applyUpdates', () => {
  const opt: Opt = optim.sgd(0.25, { momentum: 0.5 })
  /** Runs `grads` through both paths from `params`; the differences at every step. */
  const compare = (params: unknown, grads: readonly unknown[]): string[] => {
    let [pf, sf]: readonly [unknown, unknown] = [params, opt.init(params)]
    let [pu, su]: readonly [unknown, unknown] = [params, opt.init(params)]
    return grads.flatMap((g, k) => {
      ;[pf, sf] = optim.step(opt, pf, g, sf)
      ;[pu, su] = unfusedStep(opt, pu, g, su)
      return [...differences(pf, pu, `step ${k + 1} params`), ...differences(sf, su, `step ${k + 1} state`)]
    })
  }
  const f32 = (xs: number[]): Tensor => tensor(xs)
  const f64 = (xs: number[]): Tensor => tensor(xs, { dtype: 'float64' })

  it('a float64 gradient after float32 ones (buffer float32), and a float32 one after float64 ones', () => {
    const p = { w: f32([1, -2, 3]) }
    expect(compare(p, [{ w: f32([0.5, 1, -1]) }, { w: f32([1, 1, 1]) }, { w: f64([0.1, 0.2, 0.3]) }])).toEqual([])
    expect(compare(p, [{ w: f64([0.5, 1, -1]) }, { w: f64([1, 1, 1]) }, { w: f32([0.1, 0.2, 0.3]) }])).toEqual([])
  })

  it('a −0 in the first gradient stays −0 in the buffer', () => {
    const [p1, s1] = optim.step(opt, { w: f32([1, 2]) }, { w: f32([-0, 1]) }, opt.init({ w: f32([1, 2]) }))
    const buf = ((s1 as readonly [unknown, optim.TraceState])[1].momentum as { w: Tensor }).w
    expect(Object.is((buf.toTypedArray() as Float32Array)[0], -0)).toBe(true)
    expect((p1 as { w: Tensor }).w.toArray()).toEqual([1, 1.75])
  })

  it('a null gradient at a trainable parameter keeps the parameter and gives a null buffer', () => {
    const p = { w: f32([1, 2]), v: f32([3]) }
    expect(compare(p, [{ w: f32([1, 1]), v: null }, { w: f32([2, 2]), v: null }])).toEqual([])
    const [p1, s1] = optim.step(opt, p, { w: f32([1, 1]), v: null }, opt.init(p))
    expect((p1 as typeof p).v).toBe(p.v)
    expect(((s1 as readonly [unknown, optim.TraceState])[1].momentum as { v: unknown }).v).toBeNull()
  })

  it('a gradient where the params hold an integer tensor gets the buffer the chain gives it', () => {
    const p = { w: f32([1, 2]), n: tensor([7], { dtype: 'int32' }) }
    expect(compare(p, [{ w: f32([1, 1]), n: f32([5]) }, { w: f32([2, 2]), n: f32([1]) }])).toEqual([])
    // No buffer yet on the second step (none on the first): the gradient itself, −0 kept.
    expect(compare(p, [{ w: f32([1, 1]), n: null }, { w: f32([2, 2]), n: f32([-0]) }])).toEqual([])
  })
})

