/**
 * The shape of gradients: a module argument's gradient is a module of the same structure with
 * gradients at floating, unfrozen parameters and null at buffers, frozen parameters and integer
 * leaves; a tied tensor gets one gradient object, the sum over its uses; gradients keep the
 * parameter's dtype (float16 stays float16). Values are checked against hand-derived formulas
 * computed with plain loops, never against the library's own ops.
 */
import { describe, expect, it } from 'vitest'
import { cat, grad, mul, nn, random, tensor, type Tensor } from '../../src/index.js'

const flat = (t: Tensor): number[] => [t.toArray()].flat(Infinity as 1) as number[]
const f64 = (v: number[], shape: number[]): Tensor => tensor(Float64Array.from(v), { dtype: 'float64', shape })
const close = (a: readonly number[], b: readonly number[], tol = 1e-12): boolean =>
  a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= tol * (1 + Math.abs(b[i])))

const [k1, k2, kx, kc] = random.split(random.key(7), 4)
const mlp = () => nn.Sequential(nn.Linear(3, 4, { key: k1, dtype: 'float64' }), nn.BatchNorm1d(4, { dtype: 'float64' }), nn.ReLU(),
  nn.Linear(4, 2, { key: k2, dtype: 'float64' }))
type Mlp = ReturnType<typeof mlp>
const x = random.normal(kx, [5, 3], { dtype: 'float64' }) as Tensor
const cot = random.normal(kc, [5, 2], { dtype: 'float64' }) as Tensor
const mlpLoss = (m: Mlp): Tensor => mul(nn.run(m, x, { mode: 'train' })[0], cot).sum()

/** [path, kind, param names, buffer names, child names] of every module, in traversal order. */
const layout = (m: nn.AnyModule) => [...nn.namedModules(m)].map(([p, s]) =>
  [p, s.kind, Object.keys(s.params), Object.keys(s.buffers), Object.keys(s.children)])
const param = (m: nn.AnyModule, path: string): Tensor | null => {
  const cut = path.lastIndexOf('.')
  const owner = nn.getSubmodule(m as never, path.slice(0, cut) as never) as nn.AnyModule
  return (owner.params as nn.Tensors)[path.slice(cut + 1)]
}

describe('the gradient of a module argument', () => {
  it('is a module with the same repr, module paths and parameter names; buffers get null', () => {
    const m = mlp()
    const g = grad(mlpLoss)(m) as Mlp
    expect(nn.isModule(g)).toBe(true)
    expect(nn.repr(g)).toBe(nn.repr(m))
    expect(layout(g)).toEqual(layout(m))
    for (const [name, p] of nn.namedParameters(m)) {
      const gp = param(g, name)!
      expect([name, gp.dtype, gp.shape]).toEqual([name, p.dtype, p.shape])
    }
    for (const [, mod] of nn.namedModules(g)) for (const b of Object.values(mod.buffers as nn.Tensors)) expect(b).toBeNull()
    expect(Object.keys(g.children['1'].buffers)).toEqual(['running_mean', 'running_var', 'num_batches_tracked'])
  })

  it('of a Linear is (Σ w·xᵀ, Σ w) for loss sum(linear(x)·w), computed here with plain loops', () => {
    const lin = nn.Linear(3, 2, { key: k1, dtype: 'float64' })
    const xs = flat(x)
    const w = flat(cot)
    const g = grad((m: typeof lin) => mul(nn.run(m, x, { mode: 'eval' })[0], cot).sum())(lin) as typeof lin
    const gw: number[] = []
    for (let o = 0; o < 2; o++) for (let i = 0; i < 3; i++) gw.push([0, 1, 2, 3, 4].reduce((s, n) => s + w[n * 2 + o] * xs[n * 3 + i], 0))
    const gb = [0, 1].map((o) => [0, 1, 2, 3, 4].reduce((s, n) => s + w[n * 2 + o], 0))
    expect(close(flat(g.params.weight), gw)).toBe(true)
    expect(close(flat(g.params.bias!), gb)).toBe(true)
  })

  it('has null at frozen parameters, and the others unchanged by the freezing', () => {
    const m = mlp()
    const frozen = nn.freeze(m, ['0.weight'])
    const g = grad(mlpLoss)(frozen) as Mlp
    const full = grad(mlpLoss)(m) as Mlp
    expect(g.children['0'].params.weight).toBeNull()
    for (const [name] of nn.namedParameters(m)) {
      if (name !== '0.weight') expect(flat(param(g, name)!)).toEqual(flat(param(full, name)!))
    }
    // Freezing a whole child by prefix.
    const g2 = grad(mlpLoss)(nn.freeze(m, ['3'])) as Mlp
    expect([g2.children['3'].params.weight, g2.children['3'].params.bias]).toEqual([null, null])
    expect(g2.children['0'].params.weight).not.toBeNull()
  })

  it('keeps the repr when a Linear bias is frozen', () => {
    // The gradient module holds null at the frozen bias; its repr must still read bias=True.
    const m = nn.freeze(mlp(), ['0.bias'])
    expect(nn.repr(grad(mlpLoss)(m) as Mlp)).toBe(nn.repr(m))
  })

  it('has null at integer and bool parameters', () => {
    const m = nn.module('Mixed', {
      params: { scale: f64([2], []), steps: tensor([3], { dtype: 'int32' }), mask: tensor([true, false]) },
      forward: (self, v: Tensor) => v.mul(self.params.scale).mul(self.params.steps).mul(self.params.mask),
    })
    const g = grad((mm: typeof m) => nn.run(mm, f64([1, 2], [2]), { mode: 'eval' })[0].sum())(m) as typeof m
    expect(g.params.steps).toBeNull()
    expect(g.params.mask).toBeNull()
    expect(flat(g.params.scale!)).toEqual([3]) // 1·3·1 + 2·3·0
  })
})

describe('trees of tensors', () => {
  it('mirror records and arrays; integer, bool and non-tensor leaves get null', () => {
    const arg = { w: f64([1, -2], [2]), n: tensor([1n, 2n], { dtype: 'int64' }), flags: tensor([true]), s: 'text', k: 3, nothing: null, list: [f64([4], [])] }
    const g = grad((a: typeof arg) => a.w.mul(a.w).sum().add(a.list[0].mul(a.w).sum()))(arg) as Record<string, unknown>
    expect(Object.keys(g)).toEqual(Object.keys(arg))
    expect(flat(g.w as Tensor)).toEqual([2 * 1 + 4, 2 * -2 + 4])
    expect(flat((g.list as Tensor[])[0])).toEqual([1 - 2])
    expect([g.n, g.flags, g.s, g.k, g.nothing]).toEqual([null, null, null, null, null])
  })

  it('a tied tensor in a record gets one gradient object, the sum over its uses', () => {
    const t = f64([1.5, -0.5], [2])
    const f = (a: { p: Tensor; q: Tensor }) => a.p.mul(a.p).sum().add(a.q.mul(3).sum())
    const g = grad(f)({ p: t, q: t }) as { p: Tensor; q: Tensor }
    expect(g.p).toBe(g.q)
    expect(flat(g.p)).toEqual([2 * 1.5 + 3, 2 * -0.5 + 3])
  })

  it('a tied tensor that the output does not use still gets one (zero) gradient object', () => {
    const t = f64([1, 2], [2])
    const g = grad((a: { p: Tensor; q: Tensor; r: Tensor }) => a.r.sum())({ p: t, q: t, r: f64([1], [1]) }) as { p: Tensor; q: Tensor }
    expect(flat(g.p)).toEqual([0, 0])
    expect(g.p).toBe(g.q)
  })
})

describe('tied parameters across modules', () => {
  it('get one gradient object at both paths, equal to the sum of the untied gradients', () => {
    const base = nn.Sequential(nn.Linear(3, 3, { key: k1, dtype: 'float64' }), nn.Linear(3, 3, { key: k2, dtype: 'float64' }))
    const shared = base.children['0'].params.weight
    const tied = nn.mapParameters(base, (p, name) => (name === '1.weight' ? shared : p))
    expect(tied.children['1'].params.weight).toBe(tied.children['0'].params.weight)
    // The same values as two separate objects: each path gets its own gradient.
    const untied = nn.mapParameters(base, (p, name) => (name === '1.weight' ? tensor(shared) : p))
    expect(untied.children['1'].params.weight).not.toBe(untied.children['0'].params.weight)
    const loss = (m: typeof base) => mul(nn.run(m, x, { mode: 'eval' })[0], x).sum()
    const g = grad(loss)(tied) as typeof base
    const u = grad(loss)(untied) as typeof base
    expect(g.children['0'].params.weight).toBe(g.children['1'].params.weight)
    const sum = flat(u.children['0'].params.weight).map((v, i) => v + flat(u.children['1'].params.weight)[i])
    expect(close(flat(g.children['0'].params.weight), sum)).toBe(true)
    expect(g.children['0'].params.bias).not.toBe(g.children['1'].params.bias)
  })

  it('a module shared by two parents gets one gradient module, summed over both uses', () => {
    const lin = nn.Linear(2, 2, { key: k1, dtype: 'float64' })
    const seq = nn.Sequential(lin, lin)
    const v = f64([1, -1, 0.5, 2], [2, 2])
    const g = grad((m: typeof seq) => nn.run(m, v, { mode: 'eval' })[0].sum())(seq) as typeof seq
    expect(g.children['0']).toBe(g.children['1'])
    // y = W(Wv + b) + b; d/db of sum(y) per row: 1 + Σ_o W[o][i], summed over the 2 rows.
    const w = flat(lin.params.weight)
    expect(close(flat(g.children['0'].params.bias!), [0, 1].map((i) => 2 * (1 + w[i] + w[2 + i])))).toBe(true)
  })
})

describe('Embedding', () => {
  // torch.nn.Embedding(3, 2, padding_idx=0), indices [0, 2, 0, 2, 1], loss sum(e(idx) · c) with
  // c = arange(10).reshape(5, 2): PyTorch's weight gradient is [[0, 0], [8, 9], [8, 10]].
  const idx = tensor([0n, 2n, 0n, 2n, 1n], { dtype: 'int64' })
  const c = f64([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [5, 2])
  const loss = (m: nn.AnyModule) => mul(nn.run(m, idx, { mode: 'eval' })[0], c).sum()

  it('repeated indices add their rows of the cotangent', () => {
    const e = nn.Embedding(3, 2, { key: k1, dtype: 'float64' })
    expect(flat((grad(loss)(e) as typeof e).params.weight)).toEqual([0 + 4, 1 + 5, 8, 9, 2 + 6, 3 + 7])
  })

  it('the padding row gets no gradient, as in PyTorch', () => {
    const e = nn.Embedding(3, 2, { key: k1, dtype: 'float64', paddingIdx: 0 })
    expect(flat((grad(loss)(e) as typeof e).params.weight)).toEqual([0, 0, 8, 9, 8, 10])
  })
})

describe('gradient dtypes follow the parameters', () => {
  it('float16 and bfloat16 parameters get float16 and bfloat16 gradients', () => {
    // Weights k/8 are exact in every dtype, so the gradient is exactly the weight.
    const c = f64([0.5, -1.25, 2], [3])
    for (const dtype of ['float16', 'bfloat16', 'float32'] as const) {
      const p = tensor([1, 2, 3], { dtype })
      const g = grad((q: Tensor) => q.double().mul(c).sum())(p) as Tensor
      expect([g.dtype, flat(g)]).toEqual([dtype, [0.5, -1.25, 2]])
    }
  })

  it('a float16 module gets float16 gradients; a float32 tensor promoted to float64 gets float32', () => {
    const m = nn.half(nn.Linear(2, 2, { key: k1 }))
    const g = grad((mm: typeof m) => nn.run(mm, tensor([[1, 2]], { dtype: 'float16' }), { mode: 'eval' })[0].sum())(m) as typeof m
    expect([g.params.weight.dtype, g.params.bias!.dtype]).toEqual(['float16', 'float16'])
    expect(flat(g.params.weight)).toEqual([1, 2, 1, 2])
    const a = tensor([0.1, 0.2], { dtype: 'float32' })
    const ga = grad((t: Tensor) => t.mul(f64([1 / 3, 3], [2])).sum())(a) as Tensor
    expect([ga.dtype, flat(ga)]).toEqual(['float32', [Math.fround(1 / 3), 3]])
  })

  it('cat of mixed dtypes sends each part its slab in its own dtype', () => {
    const a = tensor([1, 2], { dtype: 'float32' })
    const b = f64([3], [1])
    const [ga, gb] = grad((p: Tensor, q: Tensor) => cat([p, q]).mul(f64([1, 2, 3], [3])).sum(), { argnums: [0, 1] })(a, b) as Tensor[]
    expect([ga.dtype, flat(ga), gb.dtype, flat(gb)]).toEqual(['float32', [1, 2], 'float64', [3]])
  })
})
