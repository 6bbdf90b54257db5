/**
 * SGD with momentum as one fused step (`GradientTransformation.step` of `sgd`): for each
 * parameter, the momentum buffer b' = g + μ·b and the parameter p − lr·b' in a single sweep
 * (kernels/elementwise.ts `momentumStep`), instead of three sweeps each into a fresh array (the
 * momentum, the scaling by −lr, the update). The values are the unfused chain's bit for bit, and
 * so is the state: `[null, { count, momentum }, { count }]`, as `chain(addDecayedWeights(0),
 * traceMomentum, scaleByLearningRate)` keeps it. Where a parameter cannot take the kernel (the
 * first step, half dtypes, mixed dtypes or shapes, tensors being traced by `grad`), the same
 * arithmetic runs as tensor ops. With `donate`, p' and b' are written over p and b (their
 * tensors then throw on read) wherever each storage appears once among the step's tensors; the
 * first step's buffer is a copy of the gradient, so the buffers taken are always the optimiser's.
 */
import { add, mul } from '../tensor/arithmetic.js'
import { device } from '../tensor/device.js'
import { sameShape } from '../tensor/shape.js'
import type { Storage } from '../tensor/dtype.js'
import { fromStorage, storageOf, takeStorage, Tensor } from '../tensor/tensor.js'
import { leaves } from '../tree/flatten.js'
import { zipTrainable } from '../nn/trainable.js'
import { ownedCopy, type CountState, type LearningRate, type StepOptions, type Updates } from './transform.js'
import type { TraceState } from './sgd.js'

/** Whether p, g and b can take the fused kernel: one float32/float64 dtype, shape and device, untraced. */
const fusable = (p: Tensor, g: Tensor, b: Tensor): boolean =>
  (p.dtype === 'float32' || p.dtype === 'float64') && g.dtype === p.dtype && b.dtype === p.dtype &&
  sameShape(p.shape, g.shape) && sameShape(p.shape, b.shape) && g.device === p.device && b.device === p.device &&
  p.node === undefined && g.node === undefined && b.node === undefined

/** Whether a tensor's memory may be taken over: it is donated and its storage appears once in the step. */
type Donatable = (t: Tensor) => boolean

/** The unfused chain's next buffer: a copy of g on the first step (b null), else g + μ·b. */
const nextBuffer = (g: Tensor, b: Tensor | null, mu: number): Tensor => (b === null ? ownedCopy(g) : add(g, b, { alpha: mu }))

/** One parameter's [p', b']: b' as `nextBuffer` gives it; p' = p + b'·(−rate). */
function stepOne(p: Tensor, g: Tensor, b: Tensor | null, mu: number, rate: number, donatable: Donatable): readonly [Tensor, Tensor] {
  if (b !== null && fusable(p, g, b)) {
    type F = Float32Array | Float64Array
    const f32 = p.dtype === 'float32'
    const [ps, gs, bs] = [p, g, b].map((t) => storageOf(t) as F)
    const n = ps.length
    const out = (t: Tensor): F => (donatable(t) ? (takeStorage(t) as F | null) : null) ?? (f32 ? new Float32Array(n) : new Float64Array(n))
    const [pOut, bOut] = [out(p), out(b)]
    // −rate as the unfused `mul(b', −rate)` rounds its scalar operand: to the tensor's dtype.
    device(p.device).kernels.elementwise.momentumStep(ps, gs, bs, mu, f32 ? Math.fround(-rate) : -rate, pOut, bOut)
    return [fromStorage(pOut, p.shape, p.dtype, p.device), fromStorage(bOut, g.shape, g.dtype, g.device)]
  }
  const next = nextBuffer(g, b, mu)
  return [add(p, mul(next, -rate)).to(p.dtype), next]
}

/** The fused step of `sgd(lr, { momentum: mu })` (no dampening, Nesterov or weight decay). */
export const momentumStep = (lr: LearningRate, mu: number) => (params: unknown, grads: Updates, state: readonly unknown[], { donate = false }: StepOptions = {}): readonly [unknown, readonly unknown[]] => {
  const [decay, { count, momentum: buf }, { count: lrCount }] = state as readonly [unknown, TraceState, CountState]
  const rate = typeof lr === 'number' ? lr : lr(lrCount)
  const donatable = donate ? soleStorages([params, grads, buf]) : () => false
  // b' by (gradient, buffer), the pair the unfused chain's momentum tree is zipped from.
  const nextBuf = new Map<Tensor, Map<Tensor | null, Tensor>>()
  const stepped = zipTrainable((p, g, b) => {
    if (g === null) return p
    const [p2, b2] = stepOne(p, g, count === 0 ? null : b, mu, rate, donatable)
    nextBuf.set(g, (nextBuf.get(g) ?? new Map()).set(b, b2))
    return p2
  }, [params, grads, buf], { keepOthers: true })
  // A gradient no parameter took (one at an integer leaf, say) still gets the chain's buffer.
  const momentum = zipTrainable((g, b) => nextBuf.get(g)?.get(b) ?? nextBuffer(g, count === 0 ? null : b, mu), [grads, buf])
  return [stepped, Object.freeze([decay, { count: count + 1, momentum }, { count: lrCount + 1 }])]
}

/**
 * For a donated step: which tensors' memory the step may write over. A storage qualifies when it
 * appears once among all the tensors of params, gradients and buffers, trainable or not: a tie, a
 * parameter that is also a buffer or frozen elsewhere, one gradient or buffer at two parameters
 * would otherwise be read, or returned, after it was overwritten.
 */
function soleStorages(trees: readonly unknown[]): Donatable {
  const seen = new Map<Storage, number>()
  for (const x of leaves(trees)) {
    if (x instanceof Tensor) seen.set(storageOf(x), (seen.get(storageOf(x)) ?? 0) + 1)
  }
  return (t) => seen.get(storageOf(t)) === 1
}
