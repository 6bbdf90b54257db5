/**
 * Loss functions as torch.nn.functional has them, each with `reduction` 'mean' | 'sum' | 'none':
 * mseLoss, crossEntropy (class indices or probabilities, label smoothing, class weights,
 * ignoreIndex), nllLoss, binaryCrossEntropyWithLogits. All are built from differentiable ops.
 */
import { abs, add, div, maximum, mul, neg, sub } from '../tensor/arithmetic.js'
import { ne } from '../tensor/compare.js'
import { where } from '../tensor/compare.js'
import { isFloating } from '../tensor/dtype.js'
import { exp, log1p, square } from '../tensor/math.js'
import { mean, sum } from '../tensor/reduce.js'
import { gather, indexSelect } from '../tensor/slice.js'
import { logSoftmax } from '../tensor/softmax.js'
import type { Tensor } from '../tensor/tensor.js'
import { reshape, squeeze, unsqueeze } from '../tensor/view.js'

/** How per-element losses are combined. */
export type Reduction = 'mean' | 'sum' | 'none'

const reduce = (op: string, l: Tensor, reduction: Reduction): Tensor => {
  if (reduction === 'none') return l
  if (reduction === 'sum') return sum(l)
  if (reduction === 'mean') return mean(l)
  throw new TypeError(`${op}: reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`)
}

const sameShape = (op: string, a: Tensor, b: Tensor): void => {
  if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) {
    throw new RangeError(`${op}: input [${a.shape.join(', ')}] and target [${b.shape.join(', ')}] must have the same shape`)
  }
}

/**
 * Mean squared error (torch.nn.functional.mse_loss).
 * @example
 * import { nn, tensor } from 'immutorch'
 *
 * nn.mseLoss(tensor([1, 2]), tensor([1, 4])) // 2
 * nn.mseLoss(tensor([1, 2]), tensor([1, 4]), { reduction: 'none' }) // [0, 4]
 */
export function mseLoss(input: Tensor, target: Tensor, { reduction = 'mean' }: { readonly reduction?: Reduction } = {}): Tensor {
  sameShape('mseLoss', input, target)
  return reduce('mseLoss', square(sub(input, target)), reduction)
}

/** Options of nllLoss and crossEntropy. */
export interface ClassLossOptions {
  readonly reduction?: Reduction
  /** A rescaling weight per class, [C]. */
  readonly weight?: Tensor
  /** A target class index that contributes nothing (default −100). */
  readonly ignoreIndex?: number
}

/** Moves the class dim last and flattens: [N, C, d…] → [N·d…, C]; 1-D [C] → [1, C]. */
function rows(op: string, x: Tensor): Tensor {
  if (x.ndim === 1) return unsqueeze(x, 0)
  if (x.ndim === 2) return x
  const c = x.shape[1]
  const perm = [0, ...x.shape.slice(2).map((_, i) => i + 2), 1]
  if (c === undefined) throw new RangeError(`${op}: input needs a class dim`)
  return reshape(x.permute(perm), [-1, c])
}

/**
 * Negative log-likelihood of class indices under log-probabilities [N, C] (torch's nll_loss).
 * @example
 * import { nn, tensor } from 'immutorch'
 *
 * nn.nllLoss(tensor([[-1, -2], [-3, -4]]), tensor([1, 0], { dtype: 'int64' })) // 2.5
 */
export function nllLoss(logProbs: Tensor, target: Tensor, { reduction = 'mean', weight, ignoreIndex = -100 }: ClassLossOptions = {}): Tensor {
  const lp = rows('nllLoss', logProbs)
  const t = reshape(target, [-1])
  if (t.size !== lp.shape[0]) throw new RangeError(`nllLoss: target [${target.shape.join(', ')}] does not match input [${logProbs.shape.join(', ')}] (${lp.shape[0]} rows)`)
  if (isFloating(t.dtype) || t.dtype === 'bool') throw new TypeError(`nllLoss: target must hold integer class indices, got ${t.dtype}`)
  const keep = ne(t, ignoreIndex)
  const safe = where(keep, t, 0)
  const c = lp.shape[1]
  const bad = (safe.toArray() as number[]).find((i) => i < 0 || i >= c)
  if (bad !== undefined) throw new RangeError(`nllLoss: target class ${bad} is out of range for ${c} classes`)
  const picked = neg(squeeze(gather(lp, 1, unsqueeze(safe, 1)), 1))
  const w = mul(weight === undefined ? keep.to(lp.dtype) : indexSelect(weight, 0, safe), keep)
  // `where` rather than a product: ignored rows get exactly zero gradient even when every row is
  // ignored and the mean is 0/0, as in PyTorch.
  const l = where(keep, mul(picked, w), 0)
  if (reduction === 'mean') return div(sum(l), sum(w))
  return reduce('nllLoss', reduction === 'none' ? reshape(l, target.shape) : l, reduction)
}

/** Options of crossEntropy. */
export interface CrossEntropyOptions extends ClassLossOptions {
  /** Mixes the target with the uniform distribution: (1 − ε)·target + ε/C. */
  readonly labelSmoothing?: number
}

/**
 * Cross-entropy of logits [N, C] (or [C], or [N, C, d…]) against class indices or class
 * probabilities of the logits' shape, as torch.nn.functional.cross_entropy.
 * @example
 * import { nn, tensor } from 'immutorch'
 *
 * nn.crossEntropy(tensor([[0, 0]]), tensor([1], { dtype: 'int64' })) // ≈ 0.693147
 * nn.crossEntropy(tensor([[0, 0]]), tensor([[0.5, 0.5]])) // ≈ 0.693147
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const { reduction = 'mean', weight, labelSmoothing = 0 } = options
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new RangeError(`crossEntropy: labelSmoothing must be in [0, 1], got ${labelSmoothing}`)
  const lp = logSoftmax(logits, logits.ndim === 1 ? 0 : 1)
  if (isFloating(target.dtype)) {
    sameShape('crossEntropy', logits, target)
    const c = logits.ndim === 1 ? logits.shape[0] : logits.shape[1]
    const probs = labelSmoothing === 0 ? target : add(mul(target, 1 - labelSmoothing), labelSmoothing / c)
    let terms = mul(lp, probs)
    if (weight !== undefined) terms = mul(terms, logits.ndim === 1 ? weight : reshape(weight, [1, c, ...logits.shape.slice(2).map(() => 1)]))
    const l = neg(sum(terms, { dim: logits.ndim === 1 ? 0 : 1 }))
    return reduce('crossEntropy', l, reduction)
  }
  const nll = nllLoss(lp, target, options)
  if (labelSmoothing === 0) return nll
  // torch: (1 − ε)·nll + ε·(the loss against the uniform distribution), both reduced alike.
  const flat = rows('crossEntropy', lp)
  const t = reshape(target, [-1])
  const keep = ne(t, options.ignoreIndex ?? -100).to(flat.dtype)
  const c = flat.shape[1]
  const perRow = neg(sum(weight === undefined ? flat : mul(flat, weight), { dim: 1 }))
  const smooth = mul(div(perRow, c), keep)
  let s: Tensor
  if (reduction === 'none') s = reshape(smooth, target.shape)
  else if (reduction === 'sum') s = sum(smooth)
  else {
    // Normalised like the nll term: by the kept rows, or by their total class weight.
    s = div(sum(smooth), weight === undefined ? sum(keep) : sum(mul(indexSelect(weight, 0, where(ne(t, options.ignoreIndex ?? -100), t, 0)), keep)))
  }
  return add(mul(nll, 1 - labelSmoothing), mul(s, labelSmoothing))
}

/**
 * Binary cross-entropy on logits, stable for large |x| (torch's binary_cross_entropy_with_logits).
 * @example
 * import { nn, tensor } from 'immutorch'
 *
 * nn.binaryCrossEntropyWithLogits(tensor([0, 0]), tensor([1, 0])) // ≈ 0.693147
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, { reduction = 'mean', posWeight, weight }: { readonly reduction?: Reduction; readonly posWeight?: Tensor; readonly weight?: Tensor } = {}): Tensor {
  sameShape('binaryCrossEntropyWithLogits', input, target)
  // log(1 + e^{−|x|}) + max(−x, 0) is −log σ(x), computed without overflow.
  const logSigNeg = add(log1p(exp(neg(abs(input)))), maximum(neg(input), 0))
  const l = posWeight === undefined
    ? add(mul(sub(1, target), input), logSigNeg)
    : add(mul(sub(1, target), input), mul(add(mul(sub(posWeight, 1), target), 1), logSigNeg))
  return reduce('binaryCrossEntropyWithLogits', weight === undefined ? l : mul(l, weight), reduction)
}
