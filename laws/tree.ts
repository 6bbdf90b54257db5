/**
 * Laws for trees, as plain predicates plus runners that check them over a fast-check arbitrary
 * (fp-ts-laws style): the flatten/unflatten round trip, `map` identity and composition, ties kept
 * by every transform, paths unique and agreeing with `get`, and the Functor, Foldable and
 * Traversable laws of the fp-ts instances. A user checks their own tree node kind in one line by
 * mixing it into the generated trees:
 * `checkRoundTrip(treeArb(fc.integer(), { node: (child) => fc.array(child).map((xs) => new MyNode(xs)) }))`.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type { Eq } from 'fp-ts/lib/Eq.js'
import type { Foldable1 } from 'fp-ts/lib/Foldable.js'
import type { Functor1 } from 'fp-ts/lib/Functor.js'
import type { Applicative } from 'fp-ts/lib/Applicative.js'
import * as I from 'fp-ts/lib/Identity.js'
import * as O from 'fp-ts/lib/Option.js'
import * as S from 'fp-ts/lib/string.js'
import type { Traversable1 } from 'fp-ts/lib/Traversable.js'
import type { Tree, URI } from '../src/tree/index.js'
import * as tree from '../src/tree/index.js'
import { params } from './runs.js'

const isObject = (x: unknown): x is object => (typeof x === 'object' && x !== null) || typeof x === 'function'

/** Same structure and the very same leaves (`Object.is`), position by position. */
export const identical = (a: unknown, b: unknown): boolean => {
  const [la, da] = tree.flatten(a)
  const [lb, db] = tree.flatten(b)
  return tree.treedefEqual(da, db) && la.length === lb.length && la.every((x, i) => Object.is(x, lb[i]))
}

/** `unflatten(def, leaves)` of `flatten(t)` has `t`'s structure, leaves and paths. */
export const roundTrip = (t: unknown): boolean => {
  const [ls, def] = tree.flatten(t)
  const back = tree.unflatten(def, ls)
  return identical(back, t) && tree.paths(back).join('\n') === tree.paths(t).join('\n')
}

/** `map(x => x, t)` has `t`'s structure and the same leaves. */
export const mapIdentity = (t: unknown): boolean => identical(tree.map((x: unknown) => x, t), t)

/** `map(g ∘ f, t)` equals `map(g, map(f, t))`. */
export const mapComposition = <A, B, C>(t: Tree<A>, f: (a: A) => B, g: (b: B) => C, eq: Eq<Tree<C>>): boolean =>
  eq.equals(tree.map((a: A) => g(f(a)), t), tree.map(g, tree.map(f, t)))

/** Groups of positions holding the same object leaf (ties), as lists of leaf indices. */
export const tieGroups = (t: unknown): number[][] => {
  const groups = new Map<object, number[]>()
  tree.leaves(t).forEach((x, i) => { if (isObject(x)) groups.set(x, [...(groups.get(x) ?? []), i]) })
  return [...groups.values()].filter((g) => g.length > 1)
}

const tiesHoldIn = (groups: number[][], result: unknown): boolean => {
  const ls = tree.leaves(result)
  return groups.every((g) => g.every((i) => ls[i] === ls[g[0]]))
}

/** A fresh object leaf standing for a transformed one. */
class Copy {
  constructor(readonly of: unknown) {}
}

/**
 * Ties survive `map` (a fresh object per call), `mapWithPath`, `unflatten`, `partition` then
 * `combine`, and `at` on one path of a tied object; `map` calls its function once per distinct
 * object (and once per primitive position).
 */
export const tiesPreserved = (t: unknown): boolean => {
  const groups = tieGroups(t)
  const ls = tree.leaves(t)
  let calls = 0
  const mapped = tree.map((x: unknown) => { calls++; return isObject(x) ? new Copy(x) : x }, t)
  const expectedCalls = ls.filter((x) => !isObject(x)).length + new Set(ls.filter(isObject)).size
  const withPath = tree.mapWithPath((_p: string, x: unknown) => (isObject(x) ? new Copy(x) : x), t)
  const [objects, rest] = tree.partition(t, isObject)
  const [leaves, def] = tree.flatten(t)
  const first = tree.leavesWithPaths(t).find(([, x]) => isObject(x))
  const replaced = first === undefined ? t : tree.at(t, first[0], (x: unknown) => new Copy(x))
  return calls === expectedCalls && tiesHoldIn(groups, mapped) && tiesHoldIn(groups, withPath) &&
    tiesHoldIn(groups, tree.unflatten(def, leaves)) && tiesHoldIn(groups, tree.combine(objects, rest)) &&
    tiesHoldIn(groups, replaced)
}

/** Leaf paths are distinct and `get(t, paths[i])` is `leaves[i]`. */
export const pathsAgreeWithGet = (t: unknown): boolean => {
  const ps = tree.paths(t)
  const ls = tree.leaves(t)
  return new Set(ps).size === ps.length && ps.length === ls.length && ps.every((p, i) => Object.is(tree.get(t, p), ls[i]))
}

/**
 * `at` on the path of leaf `i` (ties broken) changes that leaf only: the structure is kept, every
 * other leaf is the same, every branch off the path to it is the very same object, and selecting
 * it with a `where` function instead of the path gives the same tree.
 */
export const atChangesOnlyTheTarget = (t: unknown, i: number): boolean => {
  const ps = tree.paths(t)
  if (ps.length === 0) return true
  const k = i % ps.length
  const target = ps[k]
  const marker = new Copy(undefined)
  const out = tree.at(t, target, marker, { ties: 'break' })
  // A where function picking the same position gives the same tree (by identity or by mirror).
  const viaWhere = tree.at(t, (u) => tree.get(u, target), marker, { ties: 'break' })
  const before = tree.leaves(t)
  const after = tree.leaves(out)
  const onPath = (p: string): boolean => p === '' || target === p || target.startsWith(`${p}.`)
  const branches = new Set(ps.flatMap((p) => p.split('.').map((_, d, ks) => ks.slice(0, d + 1).join('.'))).filter((p) => !onPath(p)))
  return tree.treedefEqual(tree.structure(out), tree.structure(t)) && identical(viaWhere, out) &&
    after.every((x, j) => (j === k ? x === marker : Object.is(x, before[j]))) &&
    [...branches].every((p) => Object.is(tree.get(out, p), tree.get(t, p)))
}

/** Functor identity and composition for `F` on `t`. */
export const functorLaws = <A, B, C>(F: Functor1<URI>, t: Tree<A>, f: (a: A) => B, g: (b: B) => C, eqA: Eq<Tree<A>>, eqC: Eq<Tree<C>>): boolean =>
  eqA.equals(F.map(t, (a) => a), t) && eqC.equals(F.map(t, (a) => g(f(a))), F.map(F.map(t, f), g))

/** `reduce`, `foldMap` and `reduceRight` of `F` visit exactly `leaves(t)`, in order. */
export const foldableConsistent = <A>(F: Foldable1<URI>, t: Tree<A>): boolean => {
  const ls = tree.leaves(t)
  const same = (xs: readonly unknown[]): boolean => xs.length === ls.length && xs.every((x, i) => Object.is(x, ls[i]))
  const arrayMonoid = { concat: (x: unknown[], y: unknown[]) => [...x, ...y], empty: [] as unknown[] }
  return same(F.reduce(t, [] as unknown[], (acc, a) => [...acc, a])) &&
    same(F.foldMap(arrayMonoid)(t, (a) => [a])) &&
    same(F.reduceRight(t, [] as unknown[], (a, acc) => [a, ...acc]))
}

/** Traversable identity: `traverse(Identity)(t, of)` is `t`. */
export const traverseIdentity = <A>(T: Traversable1<URI>, t: Tree<A>, eq: Eq<Tree<A>>): boolean =>
  eq.equals(T.traverse(I.Applicative)(t, I.of), t)

/** Naturality for `Option → Either` (`fromOption`): traverse-then-transform equals transform-then-traverse. */
export const traverseNaturality = <A, B>(T: Traversable1<URI>, t: Tree<A>, f: (a: A) => O.Option<B>, eq: Eq<Tree<B>>): boolean => {
  const nat = E.fromOption(() => 'none')
  const lhs = nat(T.traverse(O.Applicative)(t, f))
  const rhs = T.traverse(E.Applicative)(t, (a: A) => nat(f(a)))
  return E.getEq(S.Eq, eq).equals(lhs, rhs)
}

type OE<A> = O.Option<E.Either<string, A>>

/** The Option∘Either applicative, for the composition law. */
const OptionEither = {
  URI: 'immutorch/laws/OptionEither',
  of: <A>(a: A): OE<A> => O.some(E.right(a)),
  map: <A, B>(fa: OE<A>, f: (a: A) => B): OE<B> => O.map(E.map(f))(fa),
  ap: <A, B>(fab: OE<(a: A) => B>, fa: OE<A>): OE<B> =>
    O.Applicative.ap(O.map((eab: E.Either<string, (a: A) => B>) => (ea: E.Either<string, A>) => E.Applicative.ap(eab, ea))(fab), fa),
} as unknown as Applicative<'immutorch/laws/OptionEither'>

/** Composition: traversing with `Option∘Either` equals traversing with Option, then Either inside. */
export const traverseComposition = <A, B, C>(T: Traversable1<URI>, t: Tree<A>, f: (a: A) => O.Option<B>, g: (b: B) => E.Either<string, C>, eq: Eq<Tree<C>>): boolean => {
  const lhs = T.traverse(OptionEither)(t, (a: A) => O.map(g)(f(a)) as never) as unknown as OE<Tree<C>>
  const rhs = O.map((tb: Tree<B>) => T.traverse(E.Applicative)(tb, g))(T.traverse(O.Applicative)(t, f))
  return O.getEq(E.getEq(S.Eq, eq)).equals(lhs, rhs)
}

/** Check `roundTrip` over `arb`. */
export const checkRoundTrip = (arb: fc.Arbitrary<unknown>, runs?: number): void => fc.assert(fc.property(arb, roundTrip), params(runs))
/** Check `mapIdentity` over `arb`. */
export const checkMapIdentity = (arb: fc.Arbitrary<unknown>, runs?: number): void => fc.assert(fc.property(arb, mapIdentity), params(runs))
/** Check `tiesPreserved` over `arb` (give it trees with shared object leaves). */
export const checkTies = (arb: fc.Arbitrary<unknown>, runs?: number): void => fc.assert(fc.property(arb, tiesPreserved), params(runs))
/** Check `pathsAgreeWithGet` over `arb` (keys without dots). */
export const checkPaths = (arb: fc.Arbitrary<unknown>, runs?: number): void => fc.assert(fc.property(arb, pathsAgreeWithGet), params(runs))

/** Check `atChangesOnlyTheTarget` over `arb` (keys without dots). */
export const checkAt = (arb: fc.Arbitrary<unknown>, runs?: number): void =>
  fc.assert(fc.property(arb, fc.nat(), atChangesOnlyTheTarget), params(runs))

/** Integer functions to map with: affine maps and a few non-linear ones. */
const intFn: fc.Arbitrary<(n: number) => number> = fc.oneof(
  fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -9, max: 9 })).map(([a, b]) => (n: number) => a * n + b),
  fc.constantFrom((n: number) => n * n, (n: number) => Math.abs(n), (n: number) => -n),
)
const optFn: fc.Arbitrary<(n: number) => O.Option<number>> = fc.integer({ min: 2, max: 7 }).map((m) => (n: number) => (n % m === 0 ? O.none : O.some(n + 1)))
const eitherFn: fc.Arbitrary<(n: number) => E.Either<string, number>> = fc.integer({ min: 2, max: 7 }).map((m) => (n: number) => (n % m === 0 ? E.left(`bad ${n}`) : E.right(n * 2)))

/** Check `mapComposition` and the Functor laws of `F` over integer trees. */
export const checkFunctor = (F: Functor1<URI>, arb: fc.Arbitrary<Tree<number>>, eq: Eq<Tree<number>>, runs?: number): void => {
  fc.assert(fc.property(arb, intFn, intFn, (t, f, g) => functorLaws(F, t, f, g, eq, eq) && mapComposition(t, f, g, eq)), params(runs))
}

/** Check `foldableConsistent` for `F` over `arb`. */
export const checkFoldable = <A>(F: Foldable1<URI>, arb: fc.Arbitrary<Tree<A>>, runs?: number): void =>
  fc.assert(fc.property(arb, (t) => foldableConsistent(F, t)), params(runs))

/** Check the Traversable identity, naturality and composition laws of `T` over integer trees. */
export const checkTraversable = (T: Traversable1<URI>, arb: fc.Arbitrary<Tree<number>>, eq: Eq<Tree<number>>, runs?: number): void => {
  fc.assert(fc.property(arb, optFn, eitherFn, (t, f, g) =>
    traverseIdentity(T, t, eq) && traverseNaturality(T, t, f, eq) && traverseComposition(T, t, f, g, eq)), params(runs))
}
