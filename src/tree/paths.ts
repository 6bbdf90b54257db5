/**
 * Leaf paths: the dotted names PyTorch gives parameters ("layers.0.weight"), one per leaf and in
 * `leaves` order (JAX's `tree_flatten_with_path`, with the key path joined by dots). A tied object
 * has one path per place it is found at. The root leaf's path is "". A key that contains a dot, or
 * an empty key, makes paths ambiguous; `get` takes a list of keys for those.
 */
import type { FlattenOptions } from './flatten.js'
import { flattenWith } from './flatten.js'

/**
 * The dotted path of every leaf, in `leaves` order.
 * @example
 * import { tree } from 'immutorch'
 *
 * tree.paths({ layers: [{ weight: 1, bias: 2 }] }) // ['layers.0.weight', 'layers.0.bias']
 */
export const paths = (t: unknown, options?: FlattenOptions): string[] => flattenWith(t, 'tree.paths', true, options).paths

/** Every leaf with its dotted path, in order. */
export const leavesWithPaths = (t: unknown, options?: FlattenOptions): Array<readonly [path: string, leaf: unknown]> => {
  const { leaves, paths } = flattenWith(t, 'tree.leavesWithPaths', true, options)
  return leaves.map((leaf, i) => [paths[i], leaf] as const)
}
