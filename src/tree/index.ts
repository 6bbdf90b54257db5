/**
 * The `tree` namespace: JAX's tree_util for JavaScript values. A tree is any nesting of plain
 * records, arrays and tree nodes (objects carrying the `treeNode` protocol, such as modules);
 * everything else is a leaf, and `null`/`undefined` are empty subtrees. One core algebra
 * (`flatten`/`unflatten`) underlies every traversal here.
 */
export { treeNode, isTreeNode, protocolOf } from './node.js'
export type { Tree, TreeNode, TreeNodeProtocol } from './node.js'
export { REFUSED_KEYS, isIntegerLike } from './keys.js'
export type { KeyPath } from './keys.js'
export { flatten, unflatten, leaves, structure } from './flatten.js'
export type { FlattenOptions } from './flatten.js'
export { treedefEqual, showTreeDef } from './treedef.js'
export type { TreeDef, DefEntry } from './treedef.js'
export { map, mapWithPath } from './map.js'
export { paths, leavesWithPaths } from './paths.js'
export { get, getAt } from './get.js'
export type { Path } from './get.js'
export { at } from './at.js'
export type { AtOptions, Where } from './at.js'
export { filter, partition, combine } from './filter.js'
export type { LeafPredicate } from './filter.js'
export { reduce, reduceRight, size } from './reduce.js'
export { URI, Functor, Foldable, Traversable, getEq } from './instances.js'
