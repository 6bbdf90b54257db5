/**
 * Gradients at the points where an op is not differentiable, where a convention decides the value.
 * The expected values are PyTorch 1.13's autograd results for the same calls (each printed by
 * `torch.autograd` on float64 inputs and copied here), so the library's choices are pinned to
 * PyTorch's: abs and relu give 0 at 0, clamp passes the gradient at its bounds, maximum/minimum
 * split ties evenly, pow follows PyTorch at zero bases and exponents, sqrt is infinite at 0,
 * prod and std are defined at zeros, and a cast to an integer or bool dtype passes no gradient.
 */
import { describe, expect, it } from 'vitest'
import * as T from '../../src/index.js'
import { grad, tensor, type Tensor } from '../../src/index.js'

const f64 = (v: readonly number[]): Tensor => tensor(Float64Array.from(v), { dtype: 'float64' })
const flat = (t: Tensor): number[] => [t.toArray()].flat(Infinity as 1) as number[]

/** The gradient of sum(f(...xs)) with respect to every argument, as plain arrays. */
const gradsOf = (f: (...xs: Tensor[]) => Tensor, ...xs: (readonly number[])[]): number[][] =>
  (grad((...ts: Tensor[]) => f(...ts).sum(), { argnums: xs.map((_, i) => i) })(...xs.map(f64)) as Tensor[]).map(flat)

describe('conventions at non-differentiable points match PyTorch', () => {
  it.each<[string, (...xs: Tensor[]) => Tensor, number[][], number[][]]>([
    ['abs at 0', T.abs, [[0, -1, 2]], [[0, -1, 1]]],
    ['relu at 0', T.relu, [[0, -1, 2]], [[0, 0, 1]]],
    ['clamp at and beyond its bounds', (x) => T.clamp(x, { min: -1, max: 1 }), [[-1, 1, 0, 2, -2]], [[1, 1, 1, 0, 0]]],
    ['maximum ties', T.maximum, [[1, 2, 3], [1, 1, 4]], [[0.5, 1, 0], [0.5, 0, 1]]],
    ['minimum ties', T.minimum, [[1, 2, 3], [1, 1, 4]], [[0.5, 0, 1], [0.5, 1, 0]]],
    ['max over all dims, tied (torch.max())', (x) => T.max(x), [[1, 3, 3]], [[0, 0.5, 0.5]]],
    ['max over a dim, tied (torch.amax)', (x) => T.max(x, { dim: 0 }), [[1, 3, 3]], [[0, 0.5, 0.5]]],
    ['pow at zero base and zero exponent', T.pow, [[0, 0, 2], [0, 2, 0]], [[0, 0, 0], [0, 0, Math.LN2]]],
    ['pow at zero base, fractional exponent', T.pow, [[0], [0.5]], [[Infinity], [0]]],
    ['sqrt at 0', T.sqrt, [[0, 4]], [[Infinity, 0.25]]],
    ['sign (zero gradient)', (x) => T.sign(x).mul(x), [[1, -2]], [[1, -1]]],
    // An integer or bool result does not require grad in torch: only the direct term counts.
    ['a cast to int32 and back (no gradient through it)', (x) => T.to(T.to(x, 'int32'), 'float64').add(x), [[1.5, -2, 0]], [[1, 1, 1]]],
    ['a cast to bool and back (no gradient through it)', (x) => T.to(T.to(x, 'bool'), 'float64').mul(x), [[1.5, -2, 0]], [[1, 1, 0]]],
    ['maximum of bool casts, tied', (x) => T.to(T.maximum(T.to(x, 'bool'), T.tensor([true, true, true])), 'float64').add(x), [[1, 0, 2]], [[1, 1, 1]]],
    ['a cast to float32 and back (the gradient passes)', (x) => T.to(T.to(x, 'float32'), 'float64'), [[1.5, -2]], [[1, 1]]],
  ])('%s', (_, f, inputs, want) => {
    expect(gradsOf(f, ...inputs)).toEqual(want)
  })

  it('where sends the gradient to the chosen side only', () => {
    const cond = tensor([true, false])
    expect(gradsOf((a, b) => T.where(cond, a, b), [1, 2], [3, 4])).toEqual([[1, 0], [0, 1]])
  })

  it('prod with one zero: the product of the others; with two zeros: all 0', () => {
    expect(gradsOf((x) => T.prod(x), [0, 2, 3])).toEqual([[6, 0, 0]])
    expect(gradsOf((x) => T.prod(x), [0, 0, 3])).toEqual([[0, 0, 0]])
    expect(flat(grad((x: Tensor) => T.prod(x, { dim: 1 }).sum())(tensor(Float64Array.from([0, 2, 3, 1, 2, 4]), { dtype: 'float64', shape: [2, 3] })) as Tensor))
      .toEqual([6, 0, 0, 8, 4, 2])
  })

  it('std of a constant group has gradient 0 (PyTorch masks the division by std = 0)', () => {
    expect(gradsOf((x) => T.std(x), [1, 1])).toEqual([[0, 0]])
  })
})
