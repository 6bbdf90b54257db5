/**
 * The loss functions against torch.nn.functional (test/fixtures/losses/losses.json, written by
 * scripts/fixtures/losses.py): the value and the gradient with respect to the input, for every
 * reduction, for mseLoss, crossEntropy (class indices on [N, C], [N, C, d] and unbatched [C];
 * class probabilities; label smoothing; class weights; ignored targets), nllLoss and
 * binaryCrossEntropyWithLogits (pos_weight, weight, |x| up to 1000). For reduction 'none' the
 * gradient is that of sum(loss · cotangent) with the fixture's random cotangent.
 *
 * Tolerances: float64 values to 1e-12 and gradients to 1e-10 relative. The absolute floor of
 * 1e-15 is there for the large-|x| BCE cases, where ATen evaluates log(1 + e^{−|x|}) and
 * σ(x) − t by formulas that lose the tiny terms (e.g. torch gives 0 for the loss at x = 50,
 * t = 1, whose true value is 1.9e-22); ours keeps them, so the difference is below one ulp of 1.
 * float32 is compared to 1e-5 relative with an absolute floor of 1e-6 for the same reason.
 */
import { describe, expect, it } from 'vitest'
import { mul, nn, sum, tensor, valueAndGrad, type Tensor } from '../../src/index.js'
import { decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { closeMismatches } from '../tensor/match.js'

interface LossCase {
  readonly name: string
  readonly fn: 'mseLoss' | 'crossEntropy' | 'nllLoss' | 'binaryCrossEntropyWithLogits'
  readonly options: {
    readonly reduction: nn.Reduction
    readonly weight?: Encoded
    readonly posWeight?: Encoded
    readonly labelSmoothing?: number
    readonly ignoreIndex?: number
  }
  readonly input: Encoded
  readonly target: Encoded
  readonly cotangent?: Encoded
  readonly output: Encoded
  readonly grad: Encoded
}

const { cases } = loadFixture<{ cases: LossCase[] }>('losses', 'losses')

/** The loss a case names, with its options decoded. */
function lossOf(c: LossCase): (x: Tensor) => Tensor {
  const { reduction, weight, posWeight, labelSmoothing, ignoreIndex } = c.options
  const target = decodeTensor(c.target)
  const w = weight === undefined ? undefined : decodeTensor(weight)
  switch (c.fn) {
    case 'mseLoss': return (x) => nn.mseLoss(x, target, { reduction })
    case 'nllLoss': return (x) => nn.nllLoss(x, target, { reduction, weight: w, ignoreIndex })
    case 'crossEntropy': return (x) => nn.crossEntropy(x, target, { reduction, weight: w, labelSmoothing, ignoreIndex })
    case 'binaryCrossEntropyWithLogits':
      return (x) => nn.binaryCrossEntropyWithLogits(x, target, { reduction, weight: w, posWeight: posWeight === undefined ? undefined : decodeTensor(posWeight) })
  }
}

/** [rtol, atol] for values and gradients. */
const tolerances = (dtype: string): { value: [number, number]; grad: [number, number] } => (dtype === 'float64'
  ? { value: [1e-12, 1e-15], grad: [1e-10, 1e-15] }
  : { value: [1e-5, 1e-6], grad: [1e-5, 1e-6] })

describe.each(['mseLoss', 'crossEntropy', 'nllLoss', 'binaryCrossEntropyWithLogits'])('%s against torch.nn.functional', (fn) => {
  it.each(cases.filter((c) => c.fn === fn).map((c) => [c.name, c] as const))('%s', (_, c) => {
    const loss = lossOf(c)
    const x = decodeTensor(c.input)
    const cot = c.cotangent === undefined ? undefined : decodeTensor(c.cotangent)
    const [value, g] = valueAndGrad((x: Tensor) => (cot === undefined ? loss(x) : sum(mul(loss(x), cot))))(x)
    const out = cot === undefined ? value : loss(x)
    const tol = tolerances(c.input.dtype)
    expect(closeMismatches(out, c.output, ...tol.value), 'value').toEqual([])
    expect(closeMismatches(g as Tensor, c.grad, ...tol.grad), 'gradient').toEqual([])
  })
})

describe('loss argument errors', () => {
  const x = tensor([[0.5, -1, 2], [1, 0, -0.5]], { dtype: 'float64' })
  const t = tensor([2, 0], { dtype: 'int64' })
  it('mseLoss and binaryCrossEntropyWithLogits refuse a target of another shape', () => {
    expect(() => nn.mseLoss(x, tensor([1, 2, 3], { dtype: 'float64' }))).toThrow(/mseLoss: input \[2, 3\] and target \[3\] must have the same shape/)
    expect(() => nn.binaryCrossEntropyWithLogits(x, tensor([1, 0], { dtype: 'float64' }))).toThrow(/binaryCrossEntropyWithLogits: input \[2, 3\] and target \[2\]/)
  })
  it('an unknown reduction is refused by name', () => {
    expect(() => nn.mseLoss(x, x, { reduction: 'avg' as nn.Reduction })).toThrow(/reduction must be 'mean', 'sum' or 'none', got "avg"/)
  })
  it('class indices out of range, of the wrong count or not integers are refused', () => {
    expect(() => nn.nllLoss(x, tensor([3, 0], { dtype: 'int64' }))).toThrow(/target class 3 is out of range for 3 classes/)
    expect(() => nn.crossEntropy(x, tensor([-1, 0], { dtype: 'int64' }))).toThrow(/target class -1 is out of range/)
    expect(() => nn.nllLoss(x, tensor([1, 0, 2], { dtype: 'int64' }))).toThrow(/nllLoss: target \[3\] does not match input \[2, 3\]/)
    expect(() => nn.nllLoss(x, tensor([1, 0], { dtype: 'float64' }))).toThrow(/integer class indices, got float64/)
  })
  it('labelSmoothing outside [0, 1] is refused', () => {
    expect(() => nn.crossEntropy(x, t, { labelSmoothing: 1.5 })).toThrow(/labelSmoothing must be in \[0, 1\], got 1.5/)
    expect(() => nn.crossEntropy(x, t, { labelSmoothing: -0.1 })).toThrow(/labelSmoothing/)
  })
})
