/**
 * SGD with momentum as one fused step (`GradientTransformation.step` of `sgd`): for each
 * parameter, the momentum buffer b' = g + μ·b and the parameter p − lr·b' in a single sweep
 * (kernels/elementwise.ts `momentumStep`), instead of three sweeps each into a fresh array (the
 * momentum, the scaling by −lr, the update). The values are the unfused chain's bit for bit, and
 * so is the state: `[null, { count, momentum }, { count }]`, as `chain(addDecayedWeights(0),
 * traceMomentum, scaleByLearningRate)` keeps it. Where a parameter cannot take the kernel (the
 * first step, half dtypes, mixed dtypes or shapes, tensors being traced by `grad`), the same
 * arithmetic runs as tensor ops.
 */
import { add, mul } from '../tensor/arithmetic.js'
import { device } from '../tensor/device.js'
import { sameShape } from '../tensor/shape.js'
import { fromStorage, storageOf, type Tensor } from '../tensor/tensor.js'
import { zipTrainable } from '../nn/trainable.js'
import type { CountState, LearningRate, Updates } from './transform.js'
import type { TraceState } from './sgd.js'

/** Whether p, g and b can take the fused kernel: one float32/float64 dtype, shape and device, untraced. */
const fusable = (p: Tensor, g: Tensor, b: Tensor): boolean =>
  (p.dtype === 'float32' || p.dtype === 'float64') && g.dtype === p.dtype && b.dtype === p.dtype &&
  sameShape(p.shape, g.shape) && sameShape(p.shape, b.shape) && g.device === p.device && b.device === p.device &&
  p.node === undefined && g.node === undefined && b.node === undefined

/** One parameter's [p', b']: b' = g on the first step (b null), else g + μ·b; p' = p + b'·(−rate). */
function stepOne(p: Tensor, g: Tensor, b: Tensor | null, mu: number, rate: number): readonly [Tensor, Tensor] {
  if (b !== null && fusable(p, g, b)) {
    const f32 = p.dtype === 'float32'
    const pOut = f32 ? new Float32Array(p.size) : new Float64Array(p.size)
    const bOut = f32 ? new Float32Array(p.size) : new Float64Array(p.size)
    const src = (t: Tensor) => storageOf(t as Tensor<'float32' | 'float64'>)
    // −rate as the unfused `mul(b', −rate)` rounds its scalar operand: to the tensor's dtype.
    device(p.device).kernels.elementwise.momentumStep(src(p), src(g), src(b), mu, f32 ? Math.fround(-rate) : -rate, pOut, bOut)
    return [fromStorage(pOut, p.shape, p.dtype, p.device), fromStorage(bOut, g.shape, g.dtype, g.device)]
  }
  const next = b === null ? g : add(g, b, { alpha: mu })
  return [add(p, mul(next, -rate)).to(p.dtype), next]
}

/** The fused step of `sgd(lr, { momentum: mu })` (no dampening, Nesterov or weight decay). */
export const momentumStep = (lr: LearningRate, mu: number) => (params: unknown, grads: Updates, state: readonly unknown[]): readonly [unknown, readonly unknown[]] => {
  const [decay, { count, momentum: buf }, { count: lrCount }] = state as readonly [unknown, TraceState, CountState]
  const rate = typeof lr === 'number' ? lr : lr(lrCount)
  // b' by (gradient, buffer), the pair the unfused chain's momentum tree is zipped from.
  const nextBuf = new Map<Tensor, Map<Tensor | null, Tensor>>()
  const stepped = zipTrainable((p, g, b) => {
    if (g === null) return p
    const [p2, b2] = stepOne(p, g, count === 0 ? null : b, mu, rate)
    nextBuf.set(g, (nextBuf.get(g) ?? new Map()).set(b, b2))
    return p2
  }, [params, grads, buf], { keepOthers: true })
  // A gradient no parameter took (one at an integer leaf, say) still gets the chain's buffer.
  const momentum = zipTrainable((g, b) => nextBuf.get(g)?.get(b) ?? (count === 0 || b === null ? g : add(g, b, { alpha: mu })), [grads, buf])
  return [stepped, Object.freeze([decay, { count: count + 1, momentum }, { count: lrCount + 1 }])]
}
