/**
 * Gradients of reductions against PyTorch autograd (scripts/fixtures/reduce.py): for x ↦ Σ op(x)·w
 * with a fixed integer cotangent w, prod with zero, one and two zeros per group, amax/amin with
 * ties (the cotangent shared among them), std of a constant row (0 there, as PyTorch masks it),
 * var/std and sums over one or several dims with and without keepdim. The laws check the same
 * vjps against finite differences away from these points; here they are checked at them.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { Tensor } from '../../src/tensor/index.js'
import { grad } from '../../src/autodiff/index.js'
import { decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { closeMismatches } from './match.js'

interface Options { readonly dim?: number | readonly number[] | null; readonly keepdim?: boolean; readonly correction?: number }
interface GradCase { readonly op: string; readonly x: Encoded; readonly options: Options; readonly cotangent: Encoded; readonly grad: Encoded }

const fx = loadFixture<{ readonly grads: readonly GradCase[] }>('tensor', 'reduceEdges')

const ops: Record<string, (x: Tensor, o: T.VarOptions) => Tensor> = { sum: T.sum, prod: T.prod, max: T.max, min: T.min, var: T.var, std: T.std }

/** The fixture's options with a null dim meaning every dim. */
const options = ({ dim, ...rest }: Options): T.VarOptions => (dim === null || dim === undefined ? rest : { ...rest, dim })

const title = (c: GradCase): string => `${c.op} [${c.x.shape.join(',')}] ${JSON.stringify(c.options)}`

describe('vjps of reductions match PyTorch autograd', () => {
  it.each(fx.grads.map((c) => [title(c), c] as const))('%s', (_, c) => {
    const w = decodeTensor(c.cotangent)
    const g = grad((x: Tensor) => T.sum(T.mul(ops[c.op](x, options(c.options)), w)))(decodeTensor(c.x)) as Tensor
    expect(closeMismatches(g, c.grad, 1e-12, 1e-12).join('\n')).toBe('')
  })
})

describe('hand-computed gradients', () => {
  const x = T.tensor([[1.5, 0, 3, 2], [2, 4, 5, -1], [0, 2, 0, 3]], { dtype: 'float64' })
  it('prod over rows: the product of the others; 0 beside a zero; all 0 with two zeros', () => {
    const g = grad((y: Tensor) => T.sum(T.prod(y, { dim: 1 })))(x) as Tensor
    // Row 0 has one zero (at 1): there 1.5·3·2 = 9, elsewhere 0. Row 1: -40 / x. Row 2: two zeros, all 0.
    expect(g.toArray()).toEqual([[0, 9, 0, 0], [-20, -10, -8, 40], [0, 0, 0, 0]])
  })
  it('max over a list of dims with keepdim shares the cotangent among ties per group', () => {
    const y = T.tensor([[[1, 3], [3, 0]], [[2, 2], [2, 2]]], { dtype: 'float64' })
    const g = grad((z: Tensor) => T.sum(T.mul(T.max(z, { dim: [1, 2], keepdim: true }), T.tensor([[[2]], [[8]]], { dtype: 'float64' }))))(y) as Tensor
    // Group 0: two 3s share 2 → 1 each; group 1: four 2s share 8 → 2 each.
    expect(g.toArray()).toEqual([[[0, 1], [1, 0]], [[2, 2], [2, 2]]])
  })
  it('a sum over leading dims sends the cotangent back to every element it summed', () => {
    const w = T.tensor([1, -2, 3, 0.5], { dtype: 'float64' })
    const g = grad((y: Tensor) => T.sum(T.mul(T.sum(y, { dim: 0 }), w)))(x) as Tensor
    expect(g.toArray()).toEqual([[1, -2, 3, 0.5], [1, -2, 3, 0.5], [1, -2, 3, 0.5]])
    const g2 = grad((y: Tensor) => T.sum(T.mul(T.sum(T.reshape(y, [3, 2, 2]), { dim: [0, 1] }), T.tensor([5, 7], { dtype: 'float64' }))))(x) as Tensor
    expect(g2.toArray()).toEqual([[5, 7, 5, 7], [5, 7, 5, 7], [5, 7, 5, 7]])
  })
  it('mean over a dim: the cotangent divided by the group size', () => {
    const g = grad((y: Tensor) => T.sum(T.mul(T.mean(y, { dim: 1 }), T.tensor([4, 8, -2], { dtype: 'float64' }))))(x) as Tensor
    expect(g.toArray()).toEqual([[1, 1, 1, 1], [2, 2, 2, 2], [-0.5, -0.5, -0.5, -0.5]])
  })
  it('var and std over a dim of size-1-padded shapes (the dims reduced are those of size 1 in the cotangent only)', () => {
    // x [1, 3] var over dim 1 (correction 1): 2 (x - mean) / 2 = x - mean; mean 2 → [-1, 0, 1].
    const v = T.tensor([[1, 2, 3]], { dtype: 'float64' })
    expect((grad((y: Tensor) => T.sum(T.var(y, { dim: 1, keepdim: true })))(v) as Tensor).toArray()).toEqual([[-1, 0, 1]])
    // std = 1 there: (x - mean) / (std · (n - 1)) = [-0.5, 0, 0.5].
    expect((grad((y: Tensor) => T.sum(T.std(y, { dim: 1 })))(v) as Tensor).toArray()).toEqual([[-0.5, 0, 0.5]])
    // Over dim 0 of size 1 (correction 0): one element per group, variance 0 and gradient 0.
    expect((grad((y: Tensor) => T.sum(T.var(y, { dim: 0, correction: 0 })))(v) as Tensor).toArray()).toEqual([[0, 0, 0]])
  })
})

describe('index and truth outputs carry no gradient', () => {
  // f(x) = Σᵢⱼ xᵢⱼ · argmax(xᵢ) with the index a constant: ∂f/∂xᵢⱼ = argmax(xᵢ) (rows: 1 and 0).
  const x = T.tensor([[1, 5, 2], [7, 3, 4]], { dtype: 'float64' })
  it.each([
    ['argmax', (y: Tensor) => T.argmax(y, { dim: 1, keepdim: true }), [[1, 1, 1], [0, 0, 0]]],
    ['argmin', (y: Tensor) => T.argmin(y, { dim: 1, keepdim: true }), [[0, 0, 0], [1, 1, 1]]],
    ['all', (y: Tensor) => T.all(T.gt(y, 1.5), { dim: 1, keepdim: true }), [[0, 0, 0], [1, 1, 1]]],
    ['any', (y: Tensor) => T.any(T.gt(y, 6), { dim: 1, keepdim: true }), [[0, 0, 0], [1, 1, 1]]],
    ['any of x itself', (y: Tensor) => T.any(y, { dim: 1, keepdim: true }), [[1, 1, 1], [1, 1, 1]]],
    ['argmax as float', (y: Tensor) => T.double(T.argmax(y, { dim: 1, keepdim: true })), [[1, 1, 1], [0, 0, 0]]],
  ] as const)('%s', (_, index, want) => {
    const g = grad((y: Tensor) => T.sum(T.mul(y, index(y))))(x) as Tensor
    expect(g.toArray()).toEqual(want)
  })
})
