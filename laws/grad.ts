/**
 * Laws for reverse-mode differentiation, as plain predicates plus runners over fast-check
 * arbitraries. The central one: the gradient of a scalar loss agrees with central finite
 * differences, element by element, for every differentiable argument. An op is checked through a
 * cotangent-weighted loss L(x) = sum(op(x) · w) with a fixed random w, so every output element and
 * every entry of the vector-Jacobian product takes part. The module laws: the gradient of a module
 * is a module of the same structure, with gradients exactly where parameters are trainable, ties
 * kept as one object, and the inputs untouched. A user checks their own op in one line, e.g.
 * `gradMatchesFiniteDifferences((x) => myOp(x).sum(), [x])`.
 */
import fc from 'fast-check'
import { add, grad, isFloating, nn, mul, sum, tensor, type Tensor } from '../src/index.js'
import { params } from './runs.js'
import { bytesOf } from './tensor.js'

/** Step and tolerances of a finite-difference check: |grad − fd| ≤ atol + rtol·|fd| per element. */
export interface FdOptions {
  readonly eps?: number
  readonly rtol?: number
  readonly atol?: number
}

/** The defaults, for float64 inputs of moderate size (|x| ≲ 3, a few dozen elements). */
export const FD_DEFAULTS: Required<FdOptions> = { eps: 1e-6, rtol: 1e-6, atol: 1e-8 }

/** One generated case: `f` on `args` (each a differentiable float64 tensor), weighted by `weights`. */
export interface GradCase {
  /** The op and its static arguments, e.g. `sum dim=[0, -1] keepdim=true`. */
  readonly label: string
  /** The op under test, applied to `args`. */
  readonly f: (...xs: Tensor[]) => Tensor
  readonly args: readonly Tensor[]
  /** The cotangent weights w, shaped like `f(...args)`. */
  readonly weights: Tensor
  /** Overrides of the finite-difference step and tolerances for this case. */
  readonly fd?: FdOptions
}

/** What a gradient check found: readable mismatches and the worst |diff| / tolerance seen. */
export interface GradReport {
  readonly mismatches: readonly string[]
  readonly worst: number
}

/** L(xs) = sum(f(xs) · w): a scalar whose gradient is the vjp of `f` at cotangent `w`. */
export const weightedLoss = (f: (...xs: Tensor[]) => Tensor, w: Tensor) => (...xs: Tensor[]): Tensor => sum(mul(f(...xs), w))

/** The elements as numbers, half types decoded (through the public `toArray`). */
const valuesOf = (t: Tensor): Float64Array => Float64Array.from([t.toArray()].flat(Infinity as 1) as number[], Number)

const f64 = (values: Float64Array, like: Tensor): Tensor => tensor(values, { dtype: 'float64', shape: like.shape })

/** The multi-index of flat element `i` in `shape`, for messages. */
const indexOf = (i: number, shape: readonly number[]): string => {
  const out: number[] = []
  for (let d = shape.length - 1; d >= 0; d--) {
    out.unshift(i % shape[d])
    i = Math.floor(i / shape[d])
  }
  return `[${out.join(', ')}]`
}

/**
 * Central differences (L(x + eps·eᵢ) − L(x − eps·eᵢ)) / 2eps for every element of every argument.
 * Arguments must be float64 so that the perturbation is not rounded away.
 */
export function finiteDifferences(loss: (...xs: Tensor[]) => Tensor, args: readonly Tensor[], eps = FD_DEFAULTS.eps): Float64Array[] {
  return args.map((x, a) => {
    if (x.dtype !== 'float64') throw new TypeError(`finiteDifferences: argument ${a} must be float64, got ${x.dtype}`)
    const base = valuesOf(x)
    const at = (i: number, v: number): number => {
      const moved = base.slice()
      moved[i] = v
      const xs = args.map((y, b) => (b === a ? f64(moved, x) : y))
      return Number(loss(...xs).item())
    }
    return base.map((v, i) => (at(i, v + eps) - at(i, v - eps)) / (2 * eps))
  })
}

/** `grad(loss)` with respect to every argument, compared with central finite differences. */
export function gradReport(loss: (...xs: Tensor[]) => Tensor, args: readonly Tensor[], options: FdOptions = {}): GradReport {
  const { eps, rtol, atol } = { ...FD_DEFAULTS, ...options }
  const got = grad(loss, { argnums: args.map((_, i) => i) })(...args) as Tensor[]
  const want = finiteDifferences(loss, args, eps)
  const mismatches: string[] = []
  let worst = 0
  args.forEach((x, a) => {
    const g = got[a]
    if (g.dtype !== x.dtype || g.shape.join() !== x.shape.join()) {
      mismatches.push(`argument ${a}: gradient is ${g.dtype} [${g.shape.join(', ')}], argument is ${x.dtype} [${x.shape.join(', ')}]`)
      return
    }
    const gv = valuesOf(g)
    want[a].forEach((fd, i) => {
      const tol = atol + rtol * Math.abs(fd)
      const ratio = Math.abs(gv[i] - fd) / tol
      worst = Math.max(worst, Number.isNaN(ratio) ? Infinity : ratio)
      if (!(ratio <= 1)) mismatches.push(`argument ${a} at ${indexOf(i, x.shape)}: grad ${gv[i]}, finite difference ${fd} (|diff| ${Math.abs(gv[i] - fd)} > ${tol})`)
    })
  })
  return { mismatches, worst }
}

/** The gradient of `loss` agrees with central finite differences at `args` (all float64). */
export const gradMatchesFiniteDifferences = (loss: (...xs: Tensor[]) => Tensor, args: readonly Tensor[], options: FdOptions = {}): boolean =>
  gradReport(loss, args, options).mismatches.length === 0

const exact = (t: Tensor): string => JSON.stringify(t.toArray())

/** Runs `gradReport` on a case; throws with the case and every mismatch when it fails. */
export function assertGradCase(c: GradCase, options: FdOptions = {}): GradReport {
  const report = gradReport(weightedLoss(c.f, c.weights), c.args, { ...options, ...c.fd })
  if (report.mismatches.length > 0) {
    const args = c.args.map((x, i) => `  arg ${i} [${x.shape.join(', ')}] = ${exact(x)}`).join('\n')
    throw new Error(`${c.label}\n${args}\n  w = ${exact(c.weights)}\n${report.mismatches.slice(0, 12).join('\n')}`)
  }
  return report
}

/** Runner: every generated case's gradient matches finite differences. */
export function checkGradMatchesFiniteDifferences(arb: fc.Arbitrary<GradCase>, runs = 100, options: FdOptions = {}): void {
  fc.assert(fc.property(arb, (c) => assertGradCase(c, options).mismatches.length === 0), params(runs))
}

// ---- Module laws -------------------------------------------------------------------------

type AnyModule = nn.AnyModule
type Tensors = nn.Tensors

/** Σ over every parameter path (a tied tensor or shared module counted at each path) of sum(p), in float64. */
export const sumOfParameters = (m: AnyModule): Tensor => {
  let acc: Tensor = tensor(0, { dtype: 'float64' })
  for (const [, p] of nn.namedParameters(m, { removeDuplicate: false })) if (isFloating(p.dtype)) acc = add(acc, sum(p))
  return acc
}

const trainable = (owner: AnyModule, name: string, p: Tensor | null): p is Tensor =>
  p !== null && isFloating(p.dtype) && !owner.frozen.includes(name)

/**
 * Problems with `g` as the gradient of `sumOfParameters` at `m`: `g` must have m's structure (every
 * module path with the same parameter, buffer and child names, and the same repr), null at
 * buffers and at frozen, non-floating and null parameters; at a trainable parameter, a tensor of
 * its dtype and shape filled with the number of trainable slots that hold that tensor; and one
 * gradient object wherever one tensor sits.
 */
export function moduleGradProblems(m: AnyModule, g: unknown): string[] {
  if (!nn.isModule(g)) return [`the gradient is not a module: ${String(g)}`]
  const problems: string[] = []
  if (nn.repr(g) !== nn.repr(m)) problems.push(`repr differs:\n${nn.repr(g)}\nvs\n${nn.repr(m)}`)
  const mods = [...nn.namedModules(m, { removeDuplicate: false })]
  const gmods = [...nn.namedModules(g, { removeDuplicate: false })]
  const layout = (ms: [string, AnyModule][]) => JSON.stringify(ms.map(([p, x]) =>
    [p, x.kind, Object.keys(x.params), Object.keys(x.buffers), Object.keys(x.children)]))
  if (layout(gmods) !== layout(mods)) return [...problems, `structure differs: ${layout(gmods)} vs ${layout(mods)}`]
  // How many trainable slots hold each tensor: its expected gradient value.
  const uses = new Map<Tensor, number>()
  for (const [, x] of mods) for (const [k, p] of Object.entries(x.params as Tensors)) if (trainable(x, k, p)) uses.set(p, (uses.get(p) ?? 0) + 1)
  const gradOf = new Map<Tensor, Tensor>()
  mods.forEach(([path, x], i) => {
    const gx = gmods[i][1]
    const at = (k: string) => (path === '' ? k : `${path}.${k}`)
    for (const [k, b] of Object.entries(gx.buffers as Tensors)) if (b !== null) problems.push(`buffer ${at(k)} has a gradient`)
    for (const [k, p] of Object.entries(x.params as Tensors)) {
      const gp = (gx.params as Tensors)[k]
      if (!trainable(x, k, p)) {
        const why = p === null ? 'null' : x.frozen.includes(k) ? 'frozen' : (p as Tensor).dtype
        if (gp !== null) problems.push(`parameter ${at(k)} (${why}) has a gradient`)
        continue
      }
      if (gp === null) {
        problems.push(`trainable parameter ${at(k)} has no gradient`)
        continue
      }
      const first = gradOf.get(p)
      if (first === undefined) gradOf.set(p, gp)
      else if (first !== gp) problems.push(`parameter ${at(k)} is tied but its gradient is a separate object`)
      const n = uses.get(p)!
      const bad = gp.dtype !== p.dtype || gp.shape.join() !== p.shape.join() || !valuesOf(gp).every((v) => v === n)
      if (bad) problems.push(`parameter ${at(k)}: gradient ${gp.dtype} [${gp.shape.join(', ')}] ${exact(gp)}, expected ${p.dtype} [${p.shape.join(', ')}] filled with ${n}`)
    }
  })
  return problems
}

/** Every tensor in a module (parameters and buffers at every path), for byte snapshots. */
const tensorsOf = (m: AnyModule): Tensor[] =>
  [...nn.namedParameters(m, { removeDuplicate: false }), ...nn.namedBuffers(m, { removeDuplicate: false })].map(([, t]) => t)

/** `grad(sumOfParameters)(m)` mirrors m (see `moduleGradProblems`) and leaves m's bytes as they were. */
export function gradMirrorsModule(m: AnyModule): string[] {
  const before = tensorsOf(m).map(bytesOf)
  const g = grad(sumOfParameters)(m)
  const after = tensorsOf(m).map(bytesOf)
  const touched = before.some((b, i) => b.length !== after[i].length || b.some((v, j) => v !== after[i][j]))
  return [...moduleGradProblems(m, g), ...(touched ? ['grad changed the bytes of an input tensor'] : [])]
}

/** Runner: the gradient of every generated module mirrors it. */
export function checkGradMirrorsModule(arb: fc.Arbitrary<AnyModule>, runs = 100): void {
  fc.assert(fc.property(arb, (m) => {
    const problems = gradMirrorsModule(m)
    if (problems.length > 0) throw new Error(`${nn.repr(m)}\n${problems.slice(0, 12).join('\n')}`)
    return true
  }), params(runs))
}
