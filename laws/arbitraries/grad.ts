/**
 * Generators for the gradient laws: small float64 tensors (at most a few dozen elements) drawn from
 * value domains that keep away from the points where an op is not differentiable (0 for abs, relu
 * and division, ties for max/min and maximum/minimum, the clamp bounds, non-positive numbers for
 * sqrt and log), the static arguments of every differentiable op (dims with keepdim, slices with
 * steps and negative indices, gather indices, broadcast and batch shapes), and the cases that pair
 * an op call with a cotangent weight of its output's shape.
 */
import fc from 'fast-check'
import { tensor, type Tensor } from '../../src/index.js'
import type { FdOptions, GradCase } from '../grad.js'
import { broadcastShapesArb, permutationArb, shapeArb, type ShapeOptions } from './tensor.js'

/** Where an input's values come from. */
export type Domain = 'real' | 'positive' | 'nonzero' | 'aboveMinusOne' | 'low' | 'high' | 'offGrid' | 'distinct' | 'dyadic'

const dbl = (min: number, max: number) => fc.double({ min, max, noNaN: true })
/** k + c + noise: 'low' and 'high' values never come within 0.3 of each other. */
const nearGrid = (c: number, noise: number) => fc.tuple(fc.integer({ min: -3, max: 2 }), dbl(-noise, noise)).map(([k, e]) => k + c + e)

const domains: { readonly [D in Exclude<Domain, 'distinct'>]: fc.Arbitrary<number> } = {
  real: dbl(-3, 3),
  positive: dbl(0.25, 3),
  nonzero: fc.tuple(fc.boolean(), dbl(0.25, 2.5)).map(([s, v]) => (s ? -v : v)),
  aboveMinusOne: dbl(-0.75, 3),
  low: nearGrid(0.25, 0.1),
  high: nearGrid(0.75, 0.1),
  // At least 0.075 from every multiple of 1/4, where the clamp bounds sit.
  offGrid: fc.tuple(fc.integer({ min: -12, max: 11 }), dbl(-0.05, 0.05)).map(([k, e]) => k / 4 + 0.125 + e),
  // k/64 with |k| ≤ 128: exact in float16 and bfloat16, and so are its neighbours ±1/64.
  dyadic: fc.integer({ min: -128, max: 128 }).map((k) => k / 64),
}

/** One value of a domain ('distinct' gives any real). */
export const valueArb = (d: Domain): fc.Arbitrary<number> => (d === 'distinct' ? domains.real : domains[d])

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1)

const fromValues = (shape: readonly number[]) => (v: readonly number[]): Tensor =>
  tensor(Float64Array.from(v), { dtype: 'float64', shape }) as Tensor

/** A float64 tensor of `shape` with values from `domain` ('distinct': no two within 0.06). */
export const f64Arb = (shape: readonly number[], domain: Domain = 'real'): fc.Arbitrary<Tensor> => {
  const n = numel(shape)
  if (domain === 'distinct') {
    return fc.tuple(fc.uniqueArray(fc.integer({ min: -30, max: 30 }), { minLength: n, maxLength: n }), fc.array(dbl(-0.02, 0.02), { minLength: n, maxLength: n }))
      .map(([ks, es]) => fromValues(shape)(ks.map((k, i) => k / 10 + es[i])))
  }
  return fc.array(domains[domain], { minLength: n, maxLength: n }).map(fromValues(shape))
}

/** Small shapes: rank 0..3, sides 0..3 unless narrowed (at most 27 elements). */
export const smallShapeArb = (o: ShapeOptions = {}): fc.Arbitrary<number[]> => shapeArb({ minRank: 0, maxRank: 3, minSide: 0, maxSide: 3, ...o })

/** A float64 tensor of a small shape. */
export const smallF64Arb = (domain: Domain = 'real', o: ShapeOptions = {}): fc.Arbitrary<Tensor> => smallShapeArb(o).chain((s) => f64Arb(s, domain))

/** Cotangent weights: any value in [−1, 1], or k/8 (exact in every floating dtype) for casts. */
export type Weights = 'real' | 'dyadic'

const weightValues: { readonly [W in Weights]: fc.Arbitrary<number> } = {
  real: dbl(-1, 1),
  dyadic: fc.integer({ min: -16, max: 16 }).map((k) => k / 8),
}

const shapeText = (x: Tensor): string => `[${x.shape.join(', ')}]`

/** A case for `f` at `args`, with weights of the output's shape; prints its label and exact inputs. */
export function caseArb(label: string, f: (...xs: Tensor[]) => Tensor, args: readonly Tensor[], { weights = 'real', fd }: { weights?: Weights; fd?: FdOptions } = {}): fc.Arbitrary<GradCase> {
  const out = f(...args)
  const full = `${label} on ${args.map(shapeText).join(', ')} → ${shapeText(out)}`
  return fc.array(weightValues[weights], { minLength: out.size, maxLength: out.size }).map((w): GradCase => ({
    label: full, f, args, weights: fromValues(out.shape)(w), ...(fd === undefined ? {} : { fd }),
    [fc.toStringMethod]: () => `${full}: ${args.map((x) => JSON.stringify(x.toArray())).join(', ')}`,
  }) as GradCase)
}

/** A unary op on a small tensor from `domain`. */
export const unaryCaseArb = (label: string, op: (x: Tensor) => Tensor, domain: Domain = 'real', o: ShapeOptions = {}): fc.Arbitrary<GradCase> =>
  smallF64Arb(domain, o).chain((x) => caseArb(label, op, [x]))

/**
 * A binary op: two tensors of broadcast-compatible shapes (size-1 dims, missing leading dims,
 * 0-dim scalars), or one tensor and a JS number on either side.
 */
export const binaryCaseArb = (label: string, op: (a: Tensor | number, b: Tensor | number) => Tensor, da: Domain, db: Domain): fc.Arbitrary<GradCase> =>
  fc.oneof(
    { weight: 4, arbitrary: broadcastShapesArb({ maxRank: 3, maxSide: 3 }).chain(([sa, sb]) => fc.tuple(f64Arb(sa, da), f64Arb(sb, db)))
      .chain(([a, b]) => caseArb(label, (x, y) => op(x, y), [a, b])) },
    { weight: 1, arbitrary: fc.tuple(smallF64Arb(da), valueArb(db)).chain(([a, b]) => caseArb(`${label}(x, ${b})`, (x) => op(x, b), [a])) },
    { weight: 1, arbitrary: fc.tuple(valueArb(da), smallF64Arb(db)).chain(([a, b]) => caseArb(`${label}(${a}, x)`, (y) => op(a, y), [b])) },
  )

/** A dim of a rank-`nd` tensor, negative forms included. */
export const dimArb = (nd: number): fc.Arbitrary<number> => fc.integer({ min: -nd, max: nd - 1 })

/** Reduction dims: all (omitted), one dim, or a set of dims; any of them possibly negative. */
export const reduceDimArb = (nd: number): fc.Arbitrary<number | number[] | undefined> =>
  nd === 0 ? fc.constant(undefined) : fc.oneof(
    fc.constant(undefined),
    dimArb(nd),
    fc.uniqueArray(fc.nat(nd - 1), { minLength: 1, maxLength: nd }).chain((ds) =>
      fc.tuple(...ds.map((d) => fc.constantFrom(d, d - nd)))),
  )

/** Options of a reduction over a tensor of shape `shape`. */
export interface ReduceCall {
  readonly dim?: number | number[]
  readonly keepdim: boolean
  readonly correction?: number
}

const reducedSize = (shape: readonly number[], dim: number | number[] | undefined): number => {
  const nd = shape.length
  const ds = dim === undefined ? [...shape.keys()] : (typeof dim === 'number' ? [dim] : dim).map((d) => (d + nd) % nd)
  return ds.reduce((p, d) => p * shape[d], 1)
}

/**
 * A reduction over random dims with keepdim true or false. `minSide` 1 for reductions without an
 * identity; with `correction`, a correction of 0 or 1 and at least two elements per group.
 */
export const reductionCaseArb = (label: string, op: (x: Tensor, o: ReduceCall) => Tensor, domain: Domain,
  { minSide = 1, correction = false }: { minSide?: number; correction?: boolean } = {}): fc.Arbitrary<GradCase> =>
  // With a correction, a shape of at least two elements, so that some choice of dims passes the filter.
  smallShapeArb({ minSide, minRank: correction ? 1 : 0 }).filter((s) => !correction || numel(s) >= 2).chain((shape) =>
    fc.record({ dim: reduceDimArb(shape.length), keepdim: fc.boolean(), c: fc.constantFrom(0, 1) })
      .filter(({ dim }) => !correction || reducedSize(shape, dim) >= 2)
      .chain(({ dim, keepdim, c }) => {
        const o: ReduceCall = { ...(dim === undefined ? {} : { dim }), keepdim, ...(correction ? { correction: c } : {}) }
        return f64Arb(shape, domain).chain((x) => caseArb(`${label} ${JSON.stringify(o)}`, (y) => op(y, o), [x]))
      }))

/** A dim-wise op (softmax, logSoftmax) along a random dim of a small tensor. */
export const alongDimCaseArb = (label: string, op: (x: Tensor, dim: number) => Tensor): fc.Arbitrary<GradCase> =>
  smallShapeArb({ minSide: 1, maxSide: 4 }).chain((shape) =>
    fc.tuple(shape.length === 0 ? fc.constantFrom(0, -1) : dimArb(shape.length), f64Arb(shape))
      .chain(([d, x]) => caseArb(`${label} dim=${d}`, (y) => op(y, d), [x])))

/** A tensor of a small shape with a static argument drawn from its shape. */
export const withShapeArgArb = <A>(label: string, arg: (shape: readonly number[]) => fc.Arbitrary<A>, op: (x: Tensor, a: A) => Tensor,
  o: ShapeOptions = {}): fc.Arbitrary<GradCase> =>
  smallShapeArb(o).chain((shape) => fc.tuple(arg(shape), f64Arb(shape)).chain(([a, x]) => caseArb(`${label} ${JSON.stringify(a)}`, (y) => op(y, a), [x])))

/** A reshape target for `shape`: its sides shuffled, 1s inserted, maybe one −1. */
export const reshapeTargetArb = (shape: readonly number[]): fc.Arbitrary<number[]> =>
  fc.tuple(permutationArb(shape.length), fc.array(fc.nat(shape.length), { maxLength: 2 }), fc.boolean(), fc.nat()).map(([p, ones, infer, at]) => {
    const target = p.map((d) => shape[d])
    for (const i of ones) target.splice(Math.min(i, target.length), 0, 1)
    if (infer && target.length > 0 && !target.includes(0)) target[at % target.length] = -1
    return target
  })

/** An expand target for `shape`: up to two new leading dims, and each size-1 side stretched (or −1 kept). */
export const expandTargetArb = (shape: readonly number[]): fc.Arbitrary<number[]> =>
  fc.tuple(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.tuple(...shape.map((s) => (s === 1 ? fc.constantFrom(1, 2, 3, -1) : fc.constantFrom(s, -1)))))
    .map(([lead, rest]) => [...lead, ...rest])

/** Python-style slice arguments for a dim of size `n`: start/end anywhere around [−n−2, n+2], step 1..3. */
export const sliceArgsArb = (n: number): fc.Arbitrary<[number, number, number]> =>
  fc.tuple(fc.option(fc.integer({ min: -n - 2, max: n + 2 }), { nil: undefined }), fc.option(fc.integer({ min: -n - 2, max: n + 2 }), { nil: undefined }), fc.integer({ min: 1, max: 3 }))
    .map(([s, e, step]) => [s ?? 0, e ?? Infinity, step])

/** Clamp bounds on the grid of quarters (the 'offGrid' inputs stay off it): min only, max only, or min ≤ max. */
export const boundsArb: fc.Arbitrary<{ min?: number; max?: number }> =
  fc.tuple(fc.integer({ min: -8, max: 8 }), fc.integer({ min: 0, max: 8 }), fc.constantFrom('min', 'max', 'both'))
    .map(([lo, width, which]) => (which === 'min' ? { min: lo / 4 } : which === 'max' ? { max: lo / 4 } : { min: lo / 4, max: (lo + width) / 4 }))

/** x ** p for integer p in {−2, −1, 2, 3}, where a negative base is allowed. */
export const powIntegerCaseArb = (label: string, op: (x: Tensor, p: number) => Tensor): fc.Arbitrary<GradCase> =>
  fc.tuple(smallShapeArb(), fc.constantFrom(-2, -1, 2, 3)).chain(([s, p]) => f64Arb(s, 'nonzero').chain((x) => caseArb(`${label}(x, ${p})`, (y) => op(y, p), [x])))

/** flatten's [startDim, endDim] for `shape`: start ≤ end once normalised, either possibly negative. */
export const flattenArgsArb = (shape: readonly number[]): fc.Arbitrary<[number, number]> => {
  const nd = Math.max(shape.length, 1)
  return fc.tuple(fc.nat(nd - 1), fc.nat(nd - 1), fc.boolean(), fc.boolean())
    .map(([a, b, na, nb]) => [Math.min(a, b) - (na ? nd : 0), Math.max(a, b) - (nb ? nd : 0)])
}

const sideAt = (shape: readonly number[], d: number): number => shape[(d + shape.length) % shape.length]

/** select's [dim, index] for `shape` (no zero sides), both possibly negative. */
export const selectArgsArb = (shape: readonly number[]): fc.Arbitrary<[number, number]> =>
  dimArb(shape.length).chain((d) => fc.integer({ min: -sideAt(shape, d), max: sideAt(shape, d) - 1 }).map((i): [number, number] => [d, i]))

/** narrow's [dim, start, length] for `shape`: start possibly negative, start + length within the dim. */
export const narrowArgsArb = (shape: readonly number[]): fc.Arbitrary<[number, number, number]> =>
  dimArb(shape.length).chain((d) => {
    const n = sideAt(shape, d)
    return fc.integer({ min: -n, max: n - 1 }).chain((start) =>
      fc.integer({ min: 0, max: n - (start < 0 ? start + n : start) }).map((length): [number, number, number] => [d, start, length]))
  })

/** slice(x, dim, start, end, step) on a tensor of rank ≥ 1. */
export const sliceCaseArb = (label: string, op: (x: Tensor, dim: number, start: number, end: number, step: number) => Tensor): fc.Arbitrary<GradCase> =>
  smallShapeArb({ minRank: 1, maxSide: 4 }).chain((shape) =>
    dimArb(shape.length).chain((d) => fc.tuple(sliceArgsArb(sideAt(shape, d)), f64Arb(shape))
      .chain(([[s, e, step], x]) => caseArb(`${label}(dim=${d}, ${s}, ${e}, ${step})`, (y) => op(y, d, s, e, step), [x]))))

/** An integer-index gather along a random dim: `indexSelect` (1-D index, repeats) or `gather` (index of x's rank). */
export const indexCaseArb = (label: string, op: (x: Tensor, dim: number, index: Tensor) => Tensor, kind: 'indexSelect' | 'gather'): fc.Arbitrary<GradCase> =>
  smallShapeArb({ minRank: 1, minSide: 1 }).chain((shape) =>
    dimArb(shape.length).chain((d) => fc.tuple(
      kind === 'gather' ? gatherIndexArb(shape, d) : fc.integer({ min: 0, max: 5 }).chain((len) => indexArb([len], sideAt(shape, d))),
      f64Arb(shape),
    ).chain(([index, x]) => caseArb(`${label} dim=${d} index=${JSON.stringify(index.toArray())}`, (y) => op(y, d, index), [x]))))

/** Integer index values in [0, n) as an int64 tensor of `shape`. */
export const indexArb = (shape: readonly number[], n: number): fc.Arbitrary<Tensor> =>
  fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: numel(shape), maxLength: numel(shape) })
    .map((v) => tensor(BigInt64Array.from(v, BigInt), { dtype: 'int64', shape }) as Tensor)

/** A gather index for `shape` along `dim`: at most the input's size in other dims, any size along `dim`. */
export const gatherIndexArb = (shape: readonly number[], dim: number): fc.Arbitrary<Tensor> => {
  const d = (dim + shape.length) % shape.length
  return fc.tuple(...shape.map((s, i) => fc.integer({ min: i === d ? 0 : 1, max: i === d ? 4 : s })))
    .chain((ishape) => indexArb(ishape, shape[d]))
}

/** Several differentiable tensors at once: `cat` parts (equal but for `dim`), or `stack` parts (equal). */
export const partsCaseArb = (label: string, op: (xs: Tensor[], dim: number) => Tensor, join: 'cat' | 'stack'): fc.Arbitrary<GradCase> =>
  smallShapeArb({ minRank: join === 'cat' ? 1 : 0, maxRank: 2 }).chain((base) =>
    fc.tuple(join === 'cat' ? dimArb(base.length) : fc.integer({ min: -base.length - 1, max: base.length }), fc.integer({ min: 1, max: 3 }))
      .chain(([dim, count]) => {
        const d = join === 'cat' ? (dim + base.length) % base.length : -1
        return fc.tuple(...Array.from({ length: count }, () => fc.integer({ min: 0, max: 3 })
          .chain((side) => f64Arb(base.map((s, i) => (i === d ? side : s))))))
          .chain((parts) => caseArb(`${label} dim=${dim}`, (...xs) => op(xs, dim), parts))
      }))

/** mm operands [m, k] · [k, n]. */
export const mmCaseArb = (label: string, op: (a: Tensor, b: Tensor) => Tensor): fc.Arbitrary<GradCase> =>
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
    .chain(([m, k, n]) => fc.tuple(f64Arb([m, k]), f64Arb([k, n])))
    .chain(([a, b]) => caseArb(label, (x, y) => op(x, y), [a, b]))

/** matmul operands: 1-D or batched on either side, batch dims broadcast against each other. */
export const matmulCaseArb = (label: string, op: (a: Tensor, b: Tensor) => Tensor): fc.Arbitrary<GradCase> =>
  fc.record({
    m: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 3 }),
    batch: broadcastShapesArb({ maxRank: 2, minSide: 1, maxSide: 2 }), aVec: fc.boolean(), bVec: fc.boolean(),
  }).chain(({ m, k, n, batch: [ba, bb], aVec, bVec }) =>
    fc.tuple(f64Arb(aVec ? [k] : [...ba, m, k]), f64Arb(bVec ? [k] : [...bb, k, n])))
    .chain(([a, b]) => caseArb(label, (x, y) => op(x, y), [a, b]))

/** linear operands: x [..., in], weight [out, in], and a bias [out] or none. */
export const linearCaseArb = (label: string, op: (x: Tensor, w: Tensor, b?: Tensor) => Tensor): fc.Arbitrary<GradCase> =>
  fc.record({ lead: smallShapeArb({ maxRank: 2, minSide: 1 }), i: fc.integer({ min: 1, max: 3 }), o: fc.integer({ min: 1, max: 3 }), bias: fc.boolean() })
    .chain(({ lead, i, o, bias }) => fc.tuple(f64Arb([...lead, i]), f64Arb([o, i]), ...(bias ? [f64Arb([o])] : [])))
    .chain((args) => caseArb(`${label}${args.length === 3 ? ' with bias' : ' without bias'}`, (x, w, b) => op(x, w, b), args))

/** A cast on dyadic values with dyadic weights: exact in every floating dtype, so a step of 1/64 is exact too. */
export const castCaseArb = (label: string, cast: (x: Tensor) => Tensor): fc.Arbitrary<GradCase> =>
  smallF64Arb('dyadic', { maxRank: 2 }).chain((x) => caseArb(label, cast, [x], { weights: 'dyadic', fd: { eps: 1 / 64 } }))

/** where(cond, a, b): a bool condition and two operands, all broadcast to one shape; an operand may be a number. */
export const whereCaseArb = (label: string, op: (c: Tensor, a: Tensor | number, b: Tensor | number) => Tensor): fc.Arbitrary<GradCase> =>
  smallShapeArb({ maxRank: 3 }).chain((out) => {
    const operand = fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
      .map(([drop, ones]) => out.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s)))
    const side = fc.oneof({ weight: 3, arbitrary: operand.chain((s) => f64Arb(s)) }, { weight: 1, arbitrary: valueArb('real') })
    const cond = operand.chain((s) => fc.array(fc.boolean(), { minLength: numel(s), maxLength: numel(s) })
      .map((v) => tensor(Uint8Array.from(v, Number), { dtype: 'bool', shape: s }) as Tensor))
    return fc.tuple(cond, side, side).chain(([c, a, b]) => {
      const args = [a, b].filter((v): v is Tensor => typeof v !== 'number')
      const f = (...xs: Tensor[]): Tensor => {
        let i = 0
        const pick = (v: Tensor | number) => (typeof v === 'number' ? v : xs[i++])
        const [x, y] = [pick(a), pick(b)]
        return op(c, x, y)
      }
      const show = (v: Tensor | number) => (typeof v === 'number' ? String(v) : 'x')
      return caseArb(`${label}(cond [${c.shape.join(', ')}], ${show(a)}, ${show(b)})`, f, args)
    })
  }).filter((c) => c.args.length > 0)
