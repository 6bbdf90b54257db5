/**
 * Splitting a tree by a predicate on its leaves and putting the parts back together (Equinox's
 * `filter`, `partition`, `combine`). A leaf that is filtered out becomes `null`, an empty subtree,
 * so every part keeps the original's shape and `combine` can merge them position by position.
 * The predicate is called once per tied object (at its first path), so a tie never lands in two
 * parts.
 */
import { flattenWith, unflatten } from './flatten.js'
import { mapTied } from './map.js'
import { assertSameStructure } from './treedef.js'

/** A test on a leaf and its dotted path. */
export type LeafPredicate = (leaf: any, path: string) => boolean

const decide = (t: unknown, pred: LeafPredicate, where: string) => {
  const { leaves, def, paths } = flattenWith(t, where, true)
  const keep = mapTied(leaves, [], (i) => pred(leaves[i], paths[i]))
  const part = (want: boolean): unknown => unflatten(def, leaves.map((x, i) => (keep[i] === want ? x : null)))
  return part
}

/**
 * `t` with every leaf failing `pred` replaced by `null`.
 * @example
 * import { tree } from 'immutorch'
 *
 * tree.filter({ a: 1, b: 'x' }, (x) => typeof x === 'number') // { a: 1, b: null }
 */
export const filter = <T>(t: T, pred: LeafPredicate): T => decide(t, pred, 'tree.filter')(true) as T

/**
 * `[matching, rest]`: `t` with the leaves failing `pred` set to `null`, and with the leaves
 * passing it set to `null`. `combine(matching, rest)` rebuilds `t`.
 * @example
 * import { tree } from 'immutorch'
 *
 * tree.partition([1, 'x'], (x) => typeof x === 'number') // [[1, null], [null, 'x']]
 */
export const partition = <T>(t: T, pred: LeafPredicate): readonly [matching: T, rest: T] => {
  const part = decide(t, pred, 'tree.partition')
  return [part(true) as T, part(false) as T]
}

const isNull = (x: unknown): boolean => x === null

/**
 * Merge trees of one shape, taking at each leaf position the first non-`null` leaf (or `null` if
 * all are). `null` counts as a leaf here, so the parts of a `partition` line up; the result has
 * the first tree's structure (its nodes are rebuilt from the first tree's).
 * @example
 * import { tree } from 'immutorch'
 *
 * tree.combine({ a: 1, b: null }, { a: null, b: 2 }) // { a: 1, b: 2 }
 */
export const combine = <T>(first: T, ...rest: readonly T[]): T => {
  const where = 'tree.combine'
  const main = flattenWith(first, where, false, { isLeaf: isNull })
  const out = main.leaves.slice()
  rest.forEach((t, j) => {
    const flat = flattenWith(t, where, false, { isLeaf: isNull })
    assertSameStructure(where, main.def, flat.def, j + 1)
    flat.leaves.forEach((x, i) => { if (out[i] === null) out[i] = x })
  })
  return unflatten(main.def, out)
}
