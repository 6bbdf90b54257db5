/**
 * `grad` and `valueAndGrad`, JAX's reverse-mode transforms over trees of tensors and modules.
 * The arguments named by `argnums` are traced: every floating-point tensor in them, and every
 * floating-point parameter of every module in them that is not frozen. The gradient of an
 * argument has the argument's shape: a module's gradient is the same module with gradients as its
 * parameters and null for buffers, frozen and non-floating parameters; a tensor that the output
 * does not depend on gets zeros. Tensors tied across paths share one gradient, the sum over all
 * their uses. Higher-order derivatives (grad of grad) are not supported.
 */
import { isModule, rebuild, type Tensors } from '../nn/module.js'
import { mapTrainable } from '../nn/trainable.js'
import { transformModules } from '../nn/transform.js'
import { zerosLike } from '../tensor/create.js'
import { isFloating } from '../tensor/dtype.js'
import { Tensor } from '../tensor/tensor.js'
import { detach, leaf, type Trace, type TraceNode } from '../tensor/trace.js'
import { backprop } from './backprop.js'

/** Which arguments to differentiate, and whether `f` returns `[value, aux]`. */
export interface GradOptions<H extends boolean = boolean> {
  readonly argnums?: number | readonly number[]
  readonly hasAux?: H
}

/** Replaces the trainable tensors of `x` by leaves of `trace` (ties wrapped once, via `memo`). */
function wrap(x: unknown, trace: Trace, memo: Map<Tensor, Tensor>): unknown {
  return mapTrainable(x, (t, path) => {
    if (t.node !== undefined && t.node.trace !== trace) {
      throw new TypeError(`grad: the tensor at '${path}' is already traced by an enclosing grad; grad of grad (higher-order derivatives) is not supported`)
    }
    let w = memo.get(t)
    if (w === undefined) {
      w = leaf(t, trace)
      memo.set(t, w)
    }
    return w
  }, { keepOthers: true })
}

/** The gradient tree of `x` from the leaves' cotangents (zeros where none arrived). */
function gradsOf(x: unknown, memo: Map<Tensor, Tensor>, cot: Map<TraceNode, Tensor>): unknown {
  const zeros = new Map<Tensor, Tensor>() // one zero gradient per tensor, so ties stay tied
  return mapTrainable(x, (t) => {
    const w = memo.get(t)
    const g = w?.node === undefined ? undefined : cot.get(w.node)
    if (g !== undefined) return g
    let z = zeros.get(t)
    if (z === undefined) zeros.set(t, (z = zerosLike(t)))
    return z
  })
}

/**
 * Every tensor in a tree cut off from the trace (JAX's stop_gradient over trees).
 * @example
 * import { grad, stopGradient, tensor, type Tensor } from 'immutorch'
 *
 * grad((x: Tensor) => x.mul(stopGradient(x)).sum())(tensor([3])) // [3]
 */
export const stopGradient = <T>(x: T): T => {
  const cut = (t: Tensor | null): Tensor | null => (t === null ? null : detach(t))
  const go = (v: unknown): unknown => {
    if (isModule(v)) {
      return transformModules(v, (_, r) => rebuild(r, {
        params: Object.fromEntries(Object.entries(r.params as Tensors).map(([k, t]) => [k, cut(t)])),
        buffers: Object.fromEntries(Object.entries(r.buffers as Tensors).map(([k, t]) => [k, cut(t)])),
      }))
    }
    if (v instanceof Tensor) return detach(v)
    if (Array.isArray(v)) return v.map(go)
    if (typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v))) {
      return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, go(c)]))
    }
    return v
  }
  return go(x) as T
}

const argList = (argnums: number | readonly number[], n: number): number[] => {
  const list = typeof argnums === 'number' ? [argnums] : [...argnums]
  for (const i of list) {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`grad: argnums ${JSON.stringify(argnums)} names argument ${i}, but the function was called with ${n}`)
  }
  return list
}

/**
 * The value of `f` and the gradient of its scalar output with respect to `argnums`.
 * @example
 * import { tensor, valueAndGrad, type Tensor } from 'immutorch'
 *
 * const [value, g] = valueAndGrad((x: Tensor) => x.pow(2).sum())(tensor([3]))
 * value // 9
 * g // [6]
 * const [[loss, aux], g2] = valueAndGrad((x: Tensor) => [x.sum(), x.mean()] as const, { hasAux: true })(tensor([1, 3]))
 * loss // 4
 * aux // 2
 * g2 // [1, 1]
 */
export function valueAndGrad<A extends unknown[], H extends boolean = false>(
  f: (...args: A) => H extends true ? readonly [Tensor, unknown] : Tensor,
  { argnums = 0, hasAux = false as H }: GradOptions<H> = {},
): (...args: A) => [H extends true ? [Tensor, unknown] : Tensor, any] {
  return (...args: A) => {
    const nums = argList(argnums, args.length)
    const trace: Trace = { next: 0 }
    const memo = new Map<Tensor, Tensor>()
    const traced = args.map((a, i) => (nums.includes(i) ? wrap(a, trace, memo) : a)) as A
    const result = f(...traced) as unknown
    const [value, aux] = hasAux ? (Array.isArray(result) && result.length === 2 ? result : fail('grad: hasAux is set, so the function must return [value, aux]')) : [result, undefined]
    if (!(value instanceof Tensor) || value.size !== 1 || !isFloating(value.dtype)) {
      fail(`grad: the function must return a floating-point scalar tensor${hasAux ? ' as the first of [value, aux]' : ''}, got ${value instanceof Tensor ? `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]` : String(value)}`)
    }
    const cot = backprop(value as Tensor, trace)
    const grads = nums.map((i) => gradsOf(args[i], memo, cot))
    const out = detach(value as Tensor)
    const v = hasAux ? [out, stopGradient(aux)] : out
    return [v as never, typeof argnums === 'number' ? grads[0] : grads]
  }
}

/**
 * The gradient of `f`'s scalar output with respect to `argnums` (and `aux` with hasAux).
 * @example
 * import { grad, nn, ones, random, tensor, type Tensor } from 'immutorch'
 *
 * grad((x: Tensor) => x.mul(x).sum())(tensor([1, 2, 3])) // [2, 4, 6]
 * grad((x: Tensor, y: Tensor) => x.mul(y).sum(), { argnums: 1 })(tensor([1, 2]), tensor([3, 4])) // [1, 2]
 *
 * // A module's gradient has the module's shape: d(sum of outputs)/d(bias) is the batch size.
 * const fc = nn.Linear(3, 2, { key: random.key(0) })
 * const g = grad((m: typeof fc) => nn.run(m, ones([4, 3]), { mode: 'eval' })[0].sum())(fc)
 * g.params.bias // [4, 4]
 * g.params.weight // [[4, 4, 4], [4, 4, 4]]
 */
export function grad<A extends unknown[], H extends boolean = false>(
  f: (...args: A) => H extends true ? readonly [Tensor, unknown] : Tensor,
  options: GradOptions<H> = {},
): (...args: A) => H extends true ? [any, unknown] : any {
  const vg = valueAndGrad(f, options)
  return (...args: A) => {
    const [v, g] = vg(...args)
    return (options.hasAux ? [g, (v as [Tensor, unknown])[1]] : g) as never
  }
}

function fail(message: string): never {
  throw new TypeError(message)
}
