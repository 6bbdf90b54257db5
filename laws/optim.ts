/**
 * Laws for optimisers (SPEC §5), as plain predicates plus runners over fast-check arbitraries
 * (fp-ts-laws style). Every tensor an optimiser keeps in its state sits in a tree of the params'
 * gradient shape (same trainable paths, shapes and dtypes), and so do its updates; `chain` is
 * associative with `identity` as its unit, step after step; an update never writes into params,
 * grads or state; applying zero updates gives the params back; `step` gives what update then
 * applyUpdates give, bit for bit, params and state alike, and a donated step gives the same while
 * each tensor it was given either reads as before or throws. Predicates that test an operation
 * take it as an argument defaulting to the library's, so a broken stand-in can be shown to fail.
 * A user checks their own transformation in one line, e.g.
 * `checkUpdateKeepsInputs(myOptimiser, optimCaseArb())`.
 */
import fc from 'fast-check'
import { nn, optim, tensor, Tensor, tree, zerosLike } from '../src/index.js'
import type { OptimCase } from './arbitraries/optim.js'
import { params as runParams } from './runs.js'
import { bytesOf, sameValues } from './tensor.js'

type Transformation = optim.GradientTransformation<any>
type Chain = (...ts: Transformation[]) => Transformation
type Apply = (params: unknown, updates: unknown) => unknown
/** A step function as `optim.step` is one: the stepped params and the next state. */
export type Step = (opt: Transformation, params: unknown, grads: unknown, state: unknown) => readonly [unknown, unknown]
/** A step function that takes `optim.step`'s options (donation). */
export type DonatingStep = (opt: Transformation, params: unknown, grads: unknown, state: unknown, options: optim.StepOptions) => readonly [unknown, unknown]

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && [Object.prototype, null].includes(Object.getPrototypeOf(x))

/**
 * The structure of a tree as a string: modules with their kind, parameters, buffers, children and
 * frozen names; tensors as dtype and shape; arrays and records entry by entry; null as ∅; any
 * other leaf as its type. Two trees with the same signature zip together leaf for leaf.
 */
export function signature(x: unknown): string {
  if (x === null || x === undefined) return '∅'
  if (x instanceof Tensor) return `${x.dtype}[${x.shape.join(',')}]`
  if (nn.isModule(x)) {
    const part = (r: Readonly<Record<string, unknown>>) => Object.entries(r).map(([k, v]) => `${k}:${signature(v)}`).join(',')
    return `${x.kind}(p{${part(x.params)}} b{${part(x.buffers)}} c{${part(x.children)}} f[${x.frozen.join(',')}])`
  }
  if (Array.isArray(x)) return `[${x.map(signature).join(',')}]`
  if (isRecord(x)) return `{${Object.entries(x).map(([k, v]) => `${k}:${signature(v)}`).join(',')}}`
  return typeof x
}

/** The signature every gradient-shaped tree of `params` has (what `grad` returns for it). */
export const gradientShape = (params: unknown): string => signature(nn.mapTrainable(params, (t) => t))

/** Every tensor in a tree, in walk order (module parameters, then buffers, then children). */
export function tensorsIn(x: unknown, out: Tensor[] = []): Tensor[] {
  if (x instanceof Tensor) out.push(x)
  else if (nn.isModule(x)) [x.params, x.buffers, x.children].forEach((r) => Object.values(r).forEach((v) => tensorsIn(v, out)))
  else if (Array.isArray(x)) x.forEach((v) => tensorsIn(v, out))
  else if (isRecord(x)) Object.values(x).forEach((v) => tensorsIn(v, out))
  return out
}

/** Same signature and every tensor the same values (bit for bit; any NaN meets any NaN). */
export function sameTrees(a: unknown, b: unknown): boolean {
  if (signature(a) !== signature(b)) return false
  const [ta, tb] = [tensorsIn(a), tensorsIn(b)]
  return ta.length === tb.length && ta.every((t, i) => sameValues(t, tb[i]))
}

/**
 * How `state` holds tensors with respect to `params`: the number of subtrees of the params'
 * gradient shape (not looked into further), and the paths of tensors found outside any of them.
 */
export function stateTrees(state: unknown, params: unknown): { readonly trees: number; readonly stray: readonly string[] } {
  const shape = gradientShape(params)
  let trees = 0
  const stray: string[] = []
  const go = (x: unknown, path: string): void => {
    if (signature(x) === shape) trees++
    else if (x instanceof Tensor || nn.isModule(x)) stray.push(path === '' ? '(root)' : path)
    else if (Array.isArray(x)) x.forEach((v, i) => go(v, `${path}[${i}]`))
    else if (isRecord(x)) Object.entries(x).forEach(([k, v]) => go(v, `${path}.${k}`))
  }
  go(state, '')
  return { trees, stray }
}

/** Runs `opt` over a case: params advanced by each step's updates; `visit` sees every step. */
export function runSteps(opt: Transformation, c: OptimCase, visit: (step: { params: unknown; grads: unknown; state: unknown; updates: unknown; next: unknown }) => void = () => {}, apply: Apply = optim.applyUpdates): unknown[] {
  let params = c.params
  let state = opt.init(params)
  const updates: unknown[] = []
  for (const grads of c.grads) {
    const [u, next] = opt.update(grads, state, params)
    visit({ params, grads, state, updates: u, next })
    updates.push(u)
    state = next
    params = apply(params, u)
  }
  return updates
}

/**
 * Every tensor of the state (after init and after each update) lies in a tree of the params'
 * gradient shape, `trees` of them if given, and every update has that shape too.
 */
export function stateHasGradientShape(opt: Transformation, c: OptimCase, trees?: number): boolean {
  const shape = gradientShape(c.params)
  const ok = (s: unknown) => {
    const r = stateTrees(s, c.params)
    return r.stray.length === 0 && (trees === undefined || r.trees === trees)
  }
  let good = ok(opt.init(c.params))
  runSteps(opt, c, ({ next, updates }) => {
    good &&= ok(next) && signature(updates) === shape
  })
  return good
}

/** chain(a, chain(b, c)) and chain(chain(a, b), c) give the same updates at every step. */
export const chainAssociative = (a: Transformation, b: Transformation, c: Transformation, cs: OptimCase, chain: Chain = optim.chain): boolean => {
  const left = runSteps(chain(a, chain(b, c)), cs)
  const right = runSteps(chain(chain(a, b), c), cs)
  return left.every((u, i) => sameTrees(u, right[i]))
}

/** chain(identity(), a), a and chain(a, identity()) give the same updates at every step. */
export const chainIdentity = (a: Transformation, cs: OptimCase, chain: Chain = optim.chain, identity: () => Transformation = optim.identity): boolean => {
  const plain = runSteps(a, cs)
  return [chain(identity(), a), chain(a, identity())].every((t) => runSteps(t, cs).every((u, i) => sameTrees(u, plain[i])))
}

const snapshot = (trees: readonly unknown[]): string[] =>
  trees.flatMap((t) => tensorsIn(t)).map((t) => `${t.dtype}[${t.shape.join(',')}] ${bytesOf(t).join(',')}`)

/** No update writes into the params, grads or state it is given, nor applyUpdates into params or updates (bytes, shapes, dtypes). */
export function updateKeepsInputs(opt: Transformation, c: OptimCase): boolean {
  let params = c.params
  let state = opt.init(params)
  for (const grads of c.grads) {
    const before = snapshot([params, grads, state])
    const [u, next] = opt.update(grads, state, params)
    const after = snapshot([params, grads, state])
    if (after.length !== before.length || after.some((s, i) => s !== before[i])) return false
    const beforeApply = snapshot([params, u])
    const p2 = optim.applyUpdates(params, u)
    if (snapshot([params, u]).some((s, i) => s !== beforeApply[i])) return false
    params = p2
    state = next
  }
  return true
}

const equalNumbers = (a: Tensor, b: Tensor): boolean => {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return false
  const x = ([a.toArray()] as unknown[]).flat(Infinity) as (number | bigint | boolean)[]
  const y = ([b.toArray()] as unknown[]).flat(Infinity) as (number | bigint | boolean)[]
  return x.length === y.length && x.every((v, i) => v === y[i] || (v !== v && y[i] !== y[i]))
}

/**
 * applyUpdates with zero updates gives params of the same structure and values (−0 + 0 is 0),
 * and the very same tensors wherever params are not trainable (buffers, frozen, integer leaves).
 */
export function zeroUpdatesKeepParams(params: unknown, apply: Apply = optim.applyUpdates): boolean {
  const out = apply(params, nn.mapTrainable(params, (t) => zerosLike(t)))
  if (signature(out) !== signature(params)) return false
  const [a, b] = [tensorsIn(params), tensorsIn(out)]
  if (!a.every((t, i) => equalNumbers(t, b[i]))) return false
  const trainable = new Set(tensorsIn(nn.mapTrainable(params, (t) => t)))
  return a.every((t, i) => trainable.has(t) || b[i] === t)
}

/**
 * `step(opt, params, grads, state)` gives, at every step of the case, the params and state that
 * `opt.update` then `applyUpdates` give (same structure, same values bit for bit), and changes
 * none of its inputs.
 */
export function stepMatchesUpdate(opt: Transformation, c: OptimCase, step: Step = optim.step): boolean {
  let [params, state] = [c.params, opt.init(c.params)]
  let [p2, s2] = [params, state]
  for (const grads of c.grads) {
    const [u, next] = opt.update(grads, state, params)
    ;[params, state] = [optim.applyUpdates(params, u), next]
    const inputs = [p2, grads, s2]
    const before = snapshot(inputs)
    ;[p2, s2] = step(opt, p2, grads, s2)
    const after = snapshot(inputs)
    if (after.length !== before.length || after.some((x, i) => x !== before[i])) return false
    if (!sameTrees(params, p2) || !sameTrees(state, s2)) return false
  }
  return true
}

/** A tensor as `snapshot` writes it, or null when reading it throws because its memory was donated. */
function readOrDonated(t: Tensor): string | null {
  try {
    return snapshot([t])[0]
  } catch (e) {
    if (e instanceof TypeError && e.message.includes('was donated')) return null
    throw e
  }
}

/**
 * `step(opt, params, grads, state, { donate: true })`, step after step, gives what `opt.update`
 * then `applyUpdates` give (structure and values bit for bit), and every tensor it was given afterwards
 * either reads as it did before the step or throws (its memory went to the results): a donated
 * input never reads as other values.
 */
export function donatedStepMatches(opt: Transformation, c: OptimCase, step: DonatingStep = optim.step): boolean {
  // The reference run first, kept as text; the donated run on copies of the case (ties kept), so
  // that the case can be run again (fast-check reuses values while shrinking).
  const expected: string[][] = []
  let [params, state] = [c.params, opt.init(c.params)]
  for (const grads of c.grads) {
    const [u, next] = opt.update(grads, state, params)
    ;[params, state] = [optim.applyUpdates(params, u), next]
    expected.push([signature(params), signature(state), ...snapshot([params, state])])
  }
  const copies = new Map<Tensor, Tensor>()
  const copy = (x: unknown): unknown => tree.map((t: unknown) => {
    if (!(t instanceof Tensor)) return t
    if (!copies.has(t)) copies.set(t, tensor(t))
    return copies.get(t)
  }, x)
  params = copy(c.params)
  state = opt.init(params)
  for (const [i, grads] of c.grads.map(copy).entries()) {
    const inputs = tensorsIn([params, grads, state])
    const before = inputs.map(readOrDonated)
    ;[params, state] = step(opt, params, grads, state, { donate: true })
    if (inputs.some((t, j) => { const now = readOrDonated(t); return now !== null && now !== before[j] })) return false
    const got = [signature(params), signature(state), ...snapshot([params, state])]
    if (got.length !== expected[i].length || got.some((x, j) => x !== expected[i][j])) return false
  }
  return true
}

/** Runner: state and updates of `opt` have the params' gradient shape (`trees` state trees). */
export const checkStateShape = (opt: Transformation, arb: fc.Arbitrary<OptimCase>, trees?: number, runs?: number): void =>
  fc.assert(fc.property(arb, (c) => stateHasGradientShape(opt, c, trees)), runParams(runs))

/** Runner: chain is associative over (a, b, c). */
export const checkChainAssociative = (a: Transformation, b: Transformation, c: Transformation, arb: fc.Arbitrary<OptimCase>, runs?: number, chain?: Chain): void =>
  fc.assert(fc.property(arb, (cs) => chainAssociative(a, b, c, cs, chain)), runParams(runs))

/** Runner: identity is a left and right unit of chain around `a`. */
export const checkChainIdentity = (a: Transformation, arb: fc.Arbitrary<OptimCase>, runs?: number, chain?: Chain): void =>
  fc.assert(fc.property(arb, (cs) => chainIdentity(a, cs, chain)), runParams(runs))

/** Runner: updates (and applyUpdates) never mutate their inputs. */
export const checkUpdateKeepsInputs = (opt: Transformation, arb: fc.Arbitrary<OptimCase>, runs?: number): void =>
  fc.assert(fc.property(arb, (c) => updateKeepsInputs(opt, c)), runParams(runs))

/** Runner: zero updates give the params back. */
export const checkZeroUpdates = (arb: fc.Arbitrary<unknown>, runs?: number, apply?: Apply): void =>
  fc.assert(fc.property(arb, (p) => zeroUpdatesKeepParams(p, apply)), runParams(runs))

/** Runner: `step` agrees with update then applyUpdates. */
export const checkStepMatchesUpdate = (opt: Transformation, arb: fc.Arbitrary<OptimCase>, runs?: number, step?: Step): void =>
  fc.assert(fc.property(arb, (c) => stepMatchesUpdate(opt, c, step)), runParams(runs))

/** Runner: a donated step gives the undonated step's results, and its inputs read as before or throw. */
export const checkDonatedStepMatches = (opt: Transformation, arb: fc.Arbitrary<OptimCase>, runs?: number, step?: DonatingStep): void =>
  fc.assert(fc.property(arb, (c) => donatedStepMatches(opt, c, step)), runParams(runs))
