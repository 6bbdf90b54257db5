/**
 * The transform's contract around the gradient itself: argnums (a number or a list), hasAux, the
 * value valueAndGrad returns, stopGradient, zeros for inputs the output ignores, clear errors for
 * outputs that cannot be differentiated, inputs left byte for byte as they were, and results that
 * carry no trace, so they work as ordinary tensors in a later grad.
 */
import { describe, expect, it } from 'vitest'
import { grad, mul, nn, random, stopGradient, tensor, valueAndGrad, type Tensor } from '../../src/index.js'
import { bytesOf } from '../../laws/tensor.js'

const f64 = (v: number[], shape: number[] = [v.length]): Tensor => tensor(Float64Array.from(v), { dtype: 'float64', shape })
const flat = (t: Tensor): number[] => [t.toArray()].flat(Infinity as 1) as number[]

const a = f64([1, 2, 3])
const b = f64([-1, 0.5, 4])
/** f(x, y) = Σ x²·y: ∂x = 2xy, ∂y = x². */
const f = (x: Tensor, y: Tensor): Tensor => x.mul(x).mul(y).sum()
const dx = [-2, 2, 24]
const dy = [1, 4, 9]

describe('argnums', () => {
  it('defaults to the first argument and returns its gradient alone', () => {
    expect(flat(grad(f)(a, b) as Tensor)).toEqual(dx)
  })
  it('a number picks one argument; a list gives a list in its order', () => {
    expect(flat(grad(f, { argnums: 1 })(a, b) as Tensor)).toEqual(dy)
    const gs = grad(f, { argnums: [1, 0] })(a, b) as Tensor[]
    expect(gs.map(flat)).toEqual([dy, dx])
    expect((grad(f, { argnums: [0] })(a, b) as Tensor[]).map(flat)).toEqual([dx])
  })
  it('an argument outside the call is a RangeError naming it', () => {
    expect(() => grad(f, { argnums: 2 })(a, b)).toThrow(/argnums 2 names argument 2, but the function was called with 2/)
    expect(() => grad(f, { argnums: [0, -1] })(a, b)).toThrow(RangeError)
  })
  it('one tensor passed at two differentiated positions is one leaf: both get the total derivative', () => {
    // As torch.autograd.grad(f(x, x), [x, x]): d/dx Σ x³ = 3x².
    const gs = grad(f, { argnums: [0, 1] })(a, a) as Tensor[]
    expect(gs.map(flat)).toEqual([[3, 12, 27], [3, 12, 27]])
  })
  it('the same tensor at a position not differentiated is a constant there', () => {
    expect(flat(grad(f, { argnums: 0 })(a, a) as Tensor)).toEqual([2, 8, 18])
  })
})

describe('valueAndGrad and hasAux', () => {
  it('valueAndGrad returns f(...args) and the gradient', () => {
    const [v, g] = valueAndGrad(f)(a, b)
    expect(v.item()).toBe(-1 + 2 + 36)
    expect(flat(g as Tensor)).toEqual(dx)
  })
  it('hasAux: f returns [value, aux]; valueAndGrad gives [[value, aux], grad], grad gives [grad, aux]', () => {
    const h = (x: Tensor) => [x.mul(x).sum(), { twice: x.mul(2), label: 'aux' }] as const
    const [[v, aux], g] = valueAndGrad(h, { hasAux: true })(a)
    expect(v.item()).toBe(14)
    expect(flat(g as Tensor)).toEqual([2, 4, 6])
    const auxTree = aux as { twice: Tensor; label: string }
    expect([flat(auxTree.twice), auxTree.label]).toEqual([[2, 4, 6], 'aux'])
    const [g2, aux2] = grad(h, { hasAux: true })(a)
    expect(flat(g2 as Tensor)).toEqual([2, 4, 6])
    expect(flat((aux2 as { twice: Tensor }).twice)).toEqual([2, 4, 6])
  })
  it('hasAux with a function that returns a bare tensor is a TypeError', () => {
    expect(() => grad((x: Tensor) => x.sum() as never, { hasAux: true })(a)).toThrow(/hasAux is set, so the function must return \[value, aux\]/)
  })
})

describe('stopGradient and constant outputs', () => {
  it('blocks the flow: d/dx Σ stop(x)·x = x', () => {
    expect(flat(grad((x: Tensor) => stopGradient(x).mul(x).sum())(a) as Tensor)).toEqual([1, 2, 3])
  })
  it('works on trees and modules, and outside grad leaves values alone', () => {
    const lin = nn.Linear(3, 1, { key: random.key(0), dtype: 'float64' })
    const g = grad((m: typeof lin) => {
      const frozen = stopGradient(m)
      return nn.run(frozen, a.reshape([1, 3]), { mode: 'eval' })[0].sum().add(m.params.bias!.sum())
    })(lin) as typeof lin
    expect([flat(g.params.weight), flat(g.params.bias!)]).toEqual([[0, 0, 0], [1]])
    const tree = { p: a, q: [b] }
    const s = stopGradient(tree)
    expect([flat(s.p), flat(s.q[0])]).toEqual([flat(a), flat(b)])
  })
  it('an output that does not depend on an input gives zeros of its shape and dtype', () => {
    const gs = grad((x: Tensor, y: Tensor) => y.sum(), { argnums: [0, 1] })(f64([1, 2, 3, 4], [2, 2]), b) as Tensor[]
    expect([gs[0].dtype, gs[0].shape, flat(gs[0]), flat(gs[1])]).toEqual(['float64', [2, 2], [0, 0, 0, 0], [1, 1, 1]])
    const c = grad((_x: Tensor) => f64([5], []))(a) as Tensor
    expect(flat(c)).toEqual([0, 0, 0])
  })
  it('the output may be the input itself: d/dx x = 1', () => {
    expect(flat(grad((x: Tensor) => x)(f64([3], [])) as Tensor)).toEqual([1])
  })
})

describe('outputs that cannot be differentiated', () => {
  it.each<[string, (x: Tensor) => unknown, RegExp]>([
    ['a non-scalar tensor', (x) => x.mul(2), /must return a floating-point scalar tensor, got a float64 tensor of shape \[3\]/],
    ['an integer scalar', (x) => x.argmax(), /floating-point scalar tensor, got a int64 tensor of shape \[\]/],
    ['a bool scalar', (x) => x.sum().gt(0), /floating-point scalar tensor, got a bool tensor/],
    ['a number', (x) => Number(x.sum().item()), /floating-point scalar tensor, got 6$/],
  ])('%s is a TypeError', (_, h, message) => {
    expect(() => grad(h as (x: Tensor) => Tensor)(a)).toThrow(message)
  })
})

describe('inputs and results', () => {
  it('grad leaves every input tensor byte for byte as it was (a train run with BatchNorm included)', () => {
    const [k1, k2, kx] = random.split(random.key(3), 3)
    const net = nn.Sequential(nn.Linear(3, 4, { key: k1 }), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2, { key: k2 }))
    const x = random.normal(kx, [5, 3]) as Tensor
    const extra = { w: f64([1, 2]), n: tensor([1n], { dtype: 'int64' }) }
    const all = [...[...nn.namedParameters(net)].map(([, t]) => t), ...[...nn.namedBuffers(net)].map(([, t]) => t), x, extra.w, extra.n]
    const before = all.map(bytesOf)
    grad((m: typeof net, input: Tensor, e: typeof extra) => nn.run(m, input, { mode: 'train' })[0].sum().mul(e.w.sum()), { argnums: [0, 1, 2] })(net, x, extra)
    expect(all.map(bytesOf)).toEqual(before)
  })

  it('the value and the aux carry no trace: a later grad treats them as plain tensors', () => {
    const net = nn.BatchNorm1d(3, { dtype: 'float64' })
    const x = f64([1, 2, 3, 4, 0, -1], [2, 3])
    const [[v, m2]] = valueAndGrad((m: typeof net) => {
      const [y, next] = nn.run(m, x, { mode: 'train' })
      return [y.mul(y).sum(), next] as const
    }, { hasAux: true })(net)
    const value = v as Tensor
    const stats = (m2 as typeof net).buffers.running_mean!
    expect([value.node, stats.node]).toEqual([undefined, undefined])
    // Used as constants: d/dz Σ value·z = value; as arguments: d/dv v² = 2v.
    expect(flat(grad((z: Tensor) => mul(value, z).sum())(f64([1, 1])) as Tensor)).toEqual([Number(value.item()), Number(value.item())])
    expect(flat(grad((s: Tensor) => s.mul(s).sum())(stats) as Tensor)).toEqual(flat(stats).map((s) => 2 * s))
    expect(flat(grad((z: Tensor) => stats.mul(z).sum())(f64([1, 1, 1])) as Tensor)).toEqual(flat(stats))
  })

  it('a gradient is an ordinary tensor too', () => {
    const g = grad(f)(a, b) as Tensor
    expect(g.node).toBeUndefined()
    expect(flat(grad((t: Tensor) => t.mul(g).sum())(a) as Tensor)).toEqual(dx)
  })
})
