/**
 * Folding the leaves of a tree (JAX's `tree_reduce`), in `leaves` order. A tied object is visited
 * once per path it is found at, like `leaves`: folds count positions, as a state dict lists every
 * alias. `reduce` is the fold the Foldable instance builds on.
 */
import { flattenWith } from './flatten.js'

/**
 * `f(…f(f(init, l0), l1)…, ln)` over the leaves of `t`.
 * @example
 * import { tree } from 'immutorch'
 *
 * tree.reduce((acc: number, x: number) => acc + x, { a: 1, b: [2, 3] }, 0) // 6
 */
export const reduce = <B>(f: (acc: B, leaf: any) => B, t: unknown, init: B): B =>
  flattenWith(t, 'tree.reduce', false).leaves.reduce<B>((acc, x) => f(acc, x), init)

/** The fold from the right: `f(l0, f(l1, …f(ln, init)))`. */
export const reduceRight = <B>(f: (leaf: any, acc: B) => B, t: unknown, init: B): B =>
  flattenWith(t, 'tree.reduceRight', false).leaves.reduceRight<B>((acc, x) => f(x, acc), init)

/** Number of leaves of `t` (positions, so a tied object counts once per path). */
export const size = (t: unknown): number => flattenWith(t, 'tree.size', false).leaves.length
