/**
 * Mapping over leaves (JAX's `tree_map`, `tree_map_with_path`): flatten every tree, check they
 * share one structure (else an error naming the path where they part), apply `f` along the leaf
 * lists, unflatten into the first tree's structure.
 *
 * Ties: an object leaf found at several paths is mapped once and the one result is put at every
 * such path, so ties survive (SPEC §3). With several trees, a position reuses an earlier result
 * only when its leaf is the same object and every other tree's leaf there is identical
 * (`Object.is`) to the one at the earlier position: otherwise `f` could see different arguments.
 * Primitive leaves are not memoised: `f` is called for each. `mapWithPath` passes the first path.
 */
import { flattenWith, unflatten } from './flatten.js'
import { assertSameStructure } from './treedef.js'

/** Whether a leaf is an object (or function), whose identity makes ties. */
export const isObjectLeaf = (x: unknown): x is object =>
  (typeof x === 'object' && x !== null) || typeof x === 'function'

/**
 * @internal `call(i)` for each position `i` of `primary`, reusing the result of an earlier position
 * holding the same object leaf when the `others` lists agree there too (see the header).
 */
export const mapTied = <B>(primary: readonly unknown[], others: ReadonlyArray<readonly unknown[]>, call: (i: number) => B): B[] => {
  const out = new Array<B>(primary.length)
  const memo = new Map<object, Array<{ readonly at: number; readonly out: B }>>()
  for (let i = 0; i < primary.length; i++) {
    const x = primary[i]
    if (!isObjectLeaf(x)) { out[i] = call(i); continue }
    const seen = memo.get(x)
    const hit = seen?.find((s) => others.every((o) => Object.is(o[s.at], o[i])))
    if (hit !== undefined) { out[i] = hit.out; continue }
    const y = call(i)
    out[i] = y
    if (seen === undefined) memo.set(x, [{ at: i, out: y }])
    else seen.push({ at: i, out: y })
  }
  return out
}

const mapImpl = (where: string, withPaths: boolean, t: unknown, rest: readonly unknown[],
  call: (leaf: unknown, i: number, paths: readonly string[], others: ReadonlyArray<readonly unknown[]>) => unknown): unknown => {
  const main = flattenWith(t, where, withPaths)
  const others = rest.map((r, j) => {
    const flat = flattenWith(r, where, false)
    assertSameStructure(where, main.def, flat.def, j + 1)
    return flat.leaves
  })
  const out = mapTied(main.leaves, others, (i) => call(main.leaves[i], i, main.paths, others))
  return unflatten(main.def, out)
}

/**
 * `f` applied to every leaf of `t`, with the leaves at the same position of each tree in `rest`
 * as further arguments; all trees must have `t`'s structure. The result has `t`'s structure;
 * its type is `t`'s unless given as `R`.
 * @example
 * import { tree } from 'immutorch'
 *
 * tree.map((x: number) => x * 2, { a: 1, b: [2, null] }) // { a: 2, b: [4, null] }
 * tree.map((x: number, y: number) => x + y, { a: 1, b: [2] }, { a: 10, b: [20] }) // { a: 11, b: [22] }
 */
export const map = <T, R = T>(f: (leaf: any, ...rest: any[]) => unknown, t: T, ...rest: readonly unknown[]): R =>
  mapImpl('tree.map', false, t, rest, (leaf, i, _p, others) =>
    others.length === 0 ? f(leaf) : f(leaf, ...others.map((o) => o[i]))) as R

/**
 * Like `map`, with the leaf's dotted path as first argument ("layers.0.weight"; the root is "").
 * A tied object is mapped once, called with the first path it is found at.
 * @example
 * import { tree } from 'immutorch'
 *
 * tree.mapWithPath((p: string, x: number) => `${p}=${x}`, { a: 1, b: [2] }) // { a: 'a=1', b: ['b.0=2'] }
 */
export const mapWithPath = <T, R = T>(f: (path: string, leaf: any, ...rest: any[]) => unknown, t: T, ...rest: readonly unknown[]): R =>
  mapImpl('tree.mapWithPath', true, t, rest, (leaf, i, paths, others) =>
    others.length === 0 ? f(paths[i], leaf) : f(paths[i], leaf, ...others.map((o) => o[i]))) as R
