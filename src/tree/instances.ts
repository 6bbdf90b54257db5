/**
 * fp-ts instances for trees over their leaves: `Functor`, `Foldable`, `Traversable`, and `getEq`.
 * `Tree<A>` gets an HKT URI, so fp-ts combinators (`pipe`, `Traversable` helpers) work on trees.
 *
 * Order is `leaves` order. Ties: `map` and `traverse` treat a tied object once (its effect runs
 * once and its one result goes to every path, so ties survive), while `reduce`, `foldMap` and
 * `reduceRight` visit every position, as `leaves` does. On trees without tied objects the two
 * readings agree.
 *
 * As in JAX, a leaf that is a plain record is indistinguishable from a container: fp-ts's own
 * `Option` and `Either` values are plain records, so a tree *of* them is walked into. Traverse
 * from plain leaves instead (`traverse(O.Applicative)(t, f)`); `sequence` suits function-valued
 * effects such as `Task` and `IO`.
 */
import type { Applicative } from 'fp-ts/lib/Applicative.js'
import type { Eq } from 'fp-ts/lib/Eq.js'
import type { Foldable1 } from 'fp-ts/lib/Foldable.js'
import type { Functor1 } from 'fp-ts/lib/Functor.js'
import type { HKT } from 'fp-ts/HKT.js'
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import type { Traversable1 } from 'fp-ts/lib/Traversable.js'
import { flattenWith, unflatten } from './flatten.js'
import { map as treeMap, mapTied } from './map.js'
import type { Tree } from './node.js'
import { treedefEqual } from './treedef.js'

/** The HKT tag of `Tree`. */
export const URI = 'immutorch/Tree'
/** The HKT tag of `Tree`, as a type. */
export type URI = typeof URI

declare module 'fp-ts/HKT.js' {
  interface URItoKind<A> {
    readonly [URI]: Tree<A>
  }
}

type List<B> = { readonly head: B; readonly tail: List<B> } | null

const _map = <A, B>(fa: Tree<A>, f: (a: A) => B): Tree<B> => treeMap<Tree<A>, Tree<B>>((a: A) => f(a), fa)

const _reduce = <A, B>(fa: Tree<A>, b: B, f: (b: B, a: A) => B): B =>
  (flattenWith(fa, 'Tree.reduce', false).leaves as A[]).reduce((acc, a) => f(acc, a), b)

const _foldMap = <M>(M: Monoid<M>) => <A>(fa: Tree<A>, f: (a: A) => M): M =>
  (flattenWith(fa, 'Tree.foldMap', false).leaves as A[]).reduce((acc, a) => M.concat(acc, f(a)), M.empty)

const _reduceRight = <A, B>(fa: Tree<A>, b: B, f: (a: A, b: B) => B): B =>
  (flattenWith(fa, 'Tree.reduceRight', false).leaves as A[]).reduceRight((acc, a) => f(a, acc), b)

/**
 * Run `f`'s effect for each leaf in order (once per tied object) and rebuild the tree from the
 * results. Results are gathered in a persistent list, so applicatives that run a continuation
 * more than once (arrays, non-determinism) stay correct.
 */
const _traverse = <F>(F: Applicative<F>) => <A, B>(ta: Tree<A>, f: (a: A) => HKT<F, B>): HKT<F, Tree<B>> => {
  const { leaves, def } = flattenWith(ta, 'Tree.traverse', false)
  const first = mapTied(leaves, [], (i) => i) // for each position, the first position of its object
  const reps = first.flatMap((j, i) => (j === i ? [i] : []))
  const rank = new Map(reps.map((i, r) => [i, r]))
  let acc: HKT<F, List<B>> = F.of(null)
  for (const i of reps) {
    acc = F.ap(F.map(acc, (tail: List<B>) => (head: B): List<B> => ({ head, tail })), f(leaves[i] as A))
  }
  return F.map(acc, (list) => {
    const bs = new Array<B>(reps.length)
    let l: List<B> = list
    for (let r = reps.length - 1; l !== null; r--, l = l.tail) bs[r] = l.head
    return unflatten<Tree<B>>(def, first.map((j) => bs[rank.get(j) as number]))
  })
}

const _sequence = <F>(F: Applicative<F>) => <A>(ta: Tree<HKT<F, A>>): HKT<F, Tree<A>> =>
  _traverse(F)(ta, (fa: HKT<F, A>) => fa)

/** Functor over leaves: `map` is `tree.map` with one tree. */
export const Functor: Functor1<URI> = { URI, map: _map }

/** Foldable over leaves, in `leaves` order, every position visited. */
export const Foldable: Foldable1<URI> = { URI, reduce: _reduce, foldMap: _foldMap, reduceRight: _reduceRight }

/**
 * Traversable over leaves: effects in `leaves` order, once per tied object.
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { tree } from 'immutorch'
 *
 * const positive = (x: number) => (x > 0 ? E.right(x) : E.left(`${x} is not positive`))
 * tree.Traversable.traverse(E.Applicative)({ a: 1, b: [2] }, positive) // { _tag: 'Right', right: { a: 1, b: [2] } }
 * tree.Traversable.traverse(E.Applicative)({ a: 1, b: [-2] }, positive) // { _tag: 'Left', left: '-2 is not positive' }
 */
export const Traversable: Traversable1<URI> = {
  URI,
  map: _map,
  reduce: _reduce,
  foldMap: _foldMap,
  reduceRight: _reduceRight,
  traverse: _traverse as Traversable1<URI>['traverse'],
  sequence: _sequence as Traversable1<URI>['sequence'],
}

/** Equality of trees: equal structure (`treedefEqual`) and leaves equal under `E`, position by position. */
export const getEq = <A>(E: Eq<A>): Eq<Tree<A>> => ({
  equals: (x, y) => {
    const a = flattenWith(x, 'Tree.equals', false)
    const b = flattenWith(y, 'Tree.equals', false)
    return treedefEqual(a.def, b.def) && a.leaves.every((l, i) => E.equals(l as A, b.leaves[i] as A))
  },
})
