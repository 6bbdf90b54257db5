/**
 * The tree-node protocol: how a kind of object that is neither a plain record nor an array (a
 * module, an ordered container) takes part in trees, without this layer knowing the kind.
 * Like JAX's `register_pytree_node`, but the registration travels with the object: a node carries
 * its protocol under the `treeNode` symbol (usually on its prototype), so `src/nn` can make modules
 * nodes while `src/tree` never imports `src/nn`.
 */

/**
 * The symbol under which a tree node carries its protocol. `Symbol.for`, so two copies of the
 * library in one program still agree on what a node is.
 */
export const treeNode: unique symbol = Symbol.for('immutorch.treeNode')

/**
 * How a node kind is taken apart and put back together.
 * - `entries(x)`: the node's children with their names, in the node's own order. This order, not
 *   the engine's key order, is what `flatten`, `leaves` and `paths` follow, so a container with
 *   names "0", "1", …, "10" (PyTorch's Sequential) keeps its registration order.
 * - `rebuild(x, children)`: a new node of the same kind as `x` with `children` (same count and
 *   order as `entries(x)`), keeping everything static in `x` (configuration, names, forward).
 * - `sameKind(a, b)` (optional): whether two nodes with the same protocol and the same child
 *   names also agree on their static data, for structure equality (JAX compares a node's type and
 *   aux data). Without it, the protocol object and the child names alone define the kind.
 * - `label(x)` (optional): the node's name in printed structures and error messages (such as
 *   `Linear`); the constructor's name by default.
 */
export interface TreeNodeProtocol<N extends object = object> {
  /** Named children, in the order trees traverse them. */
  readonly entries: (node: N) => ReadonlyArray<readonly [key: string, child: unknown]>
  /** A new node like `node` whose children are `children`, in `entries` order. */
  readonly rebuild: (node: N, children: readonly unknown[]) => N
  /** Whether `a` and `b` (same protocol, same child names) have the same static data. */
  readonly sameKind?: (a: N, b: N) => boolean
  /** The node's display name, e.g. `Linear`. */
  readonly label?: (node: N) => string
}

/** The display name of node `x` carrying `protocol`: its `label`, else its constructor's name. */
export const nodeLabel = (x: object, protocol: TreeNodeProtocol<any>): string =>
  protocol.label?.(x) ?? (x.constructor as { name?: string } | undefined)?.name ?? 'Node'

/** An object that takes part in trees through the protocol it carries. */
export interface TreeNode {
  readonly [treeNode]: TreeNodeProtocol<any>
}

/** The protocol `x` carries (own or inherited), or `undefined` if `x` is not a tree node. */
export const protocolOf = (x: unknown): TreeNodeProtocol<any> | undefined => {
  if ((typeof x !== 'object' && typeof x !== 'function') || x === null) return undefined
  const p: unknown = (x as Partial<TreeNode>)[treeNode]
  if (typeof p !== 'object' || p === null) return undefined
  const q = p as Partial<TreeNodeProtocol>
  if (typeof q.entries !== 'function' || typeof q.rebuild !== 'function') {
    throw new TypeError('tree: an object carries [treeNode] but its protocol lacks entries() or rebuild() functions')
  }
  return p as TreeNodeProtocol<any>
}

/** Whether `x` is a tree node (carries a protocol under `treeNode`). */
export const isTreeNode = (x: unknown): x is TreeNode => protocolOf(x) !== undefined

/** What a value is to a tree: a leaf, an empty subtree, or one of the three container kinds. */
export type Classified =
  | { readonly tag: 'leaf' }
  | { readonly tag: 'none'; readonly value: null | undefined }
  | { readonly tag: 'array'; readonly value: readonly unknown[] }
  | { readonly tag: 'record'; readonly value: Readonly<Record<string, unknown>> }
  | { readonly tag: 'node'; readonly value: object; readonly protocol: TreeNodeProtocol<any> }

const LEAF: Classified = { tag: 'leaf' }
const NULL: Classified = { tag: 'none', value: null }
const UNDEFINED: Classified = { tag: 'none', value: undefined }

/**
 * Classify a value. Nodes first (a plain object may carry the protocol), then arrays
 * (`Array.isArray`), then plain records (prototype `Object.prototype` or `null`). Everything else
 * is a leaf: numbers, strings, functions, typed arrays, tensors, Maps, other class instances.
 */
export const classify = (x: unknown): Classified => {
  if (x === null) return NULL
  if (x === undefined) return UNDEFINED
  if (typeof x !== 'object' && typeof x !== 'function') return LEAF
  const protocol = protocolOf(x)
  if (protocol !== undefined) return { tag: 'node', value: x as object, protocol }
  if (typeof x === 'function') return LEAF
  if (Array.isArray(x)) return { tag: 'array', value: x }
  const proto: unknown = Object.getPrototypeOf(x)
  if (proto === Object.prototype || proto === null) return { tag: 'record', value: x as Record<string, unknown> }
  return LEAF
}

/** A short description of a value for error messages: `number 3`, `Float32Array`, `record {a, b}`. */
export const describe = (x: unknown): string => {
  const c = classify(x)
  switch (c.tag) {
    case 'none': return String(c.value)
    case 'array': return `array of length ${c.value.length}`
    case 'record': return `record {${Object.keys(c.value).join(', ')}}`
    case 'node': return `node ${nodeLabel(c.value, c.protocol)}`
    case 'leaf':
      if (typeof x === 'object' || typeof x === 'function') return `leaf ${(x as object).constructor?.name ?? typeof x}`
      return `leaf ${typeof x} ${typeof x === 'string' ? JSON.stringify(x) : String(x)}`
  }
}

/**
 * A tree with leaves of type `A`, for typed traversals (the fp-ts instances). Pragmatic: a leaf
 * type that is itself an array or a plain record cannot be told apart from a container, at run
 * time as in JAX, so `A` should be a leaf kind (number, string, Tensor, class instance).
 */
export type Tree<A> =
  | A
  | null
  | undefined
  | ReadonlyArray<Tree<A>>
  | { readonly [key: string]: Tree<A> }
  | TreeNode
