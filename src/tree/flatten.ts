/**
 * The one core algebra (JAX's tree_util): `flatten` takes a tree apart into its leaves and a
 * TreeDef, `unflatten` puts leaves back into a TreeDef. Every traversal in `tree` is built on these.
 *
 * Order. Arrays go by index. Nodes go in the order their protocol's `entries` gives. Records go in
 * the order the engine enumerates their own enumerable string keys (`Object.keys`): insertion
 * order, except that integer-like keys ("0", "2", "10") come first in ascending numeric order, since
 * a JavaScript object itself stores them that way. The TreeDef keeps that key list, and `unflatten`
 * writes keys in it, so a rebuilt record enumerates exactly as the original did; a def asking for
 * an order the engine would change is an error, never a silent reorder. A container that
 * must keep numeric names in registration order (PyTorch's Sequential: "0", …, "10") is a node
 * and gives its own order through `entries`. Symbol keys and non-enumerable properties of records
 * are not part of the tree.
 *
 * Both directions use an explicit stack, so depth is limited by memory, not the call stack; a
 * container that contains itself is an error naming the path, as is a refused key.
 */
import type { KeyPath } from './keys.js'
import { REFUSED_KEYS, assertKey, childPath, isIntegerLike, joinPath, showPath } from './keys.js'
import { classify } from './node.js'
import type { ContainerEntry, DefEntry, TreeDef } from './treedef.js'
import { foldDef } from './treedef.js'

/** Options for taking a tree apart. */
export interface FlattenOptions {
  /** Treat values for which this holds as leaves, even containers or `null` (JAX's `is_leaf`). */
  readonly isLeaf?: (x: unknown) => boolean
}

/** Leaves, structure and (when asked) each leaf's dotted path. */
export interface Flat {
  readonly leaves: unknown[]
  readonly def: TreeDef
  readonly paths: string[]
}

const LEAF: DefEntry = Object.freeze({ tag: 'leaf' })
const NULL: DefEntry = Object.freeze({ tag: 'none', value: null })
const UNDEFINED: DefEntry = Object.freeze({ tag: 'none', value: undefined })

interface Frame {
  readonly container: object
  readonly keys: readonly string[] | null
  readonly values: ArrayLike<unknown>
  readonly path: string
  next: number
}

/** @internal Called with every position's value (containers included) and its key path. */
export type OnPosition = (x: unknown, keys: () => KeyPath) => void

/**
 * @internal Flatten with the operation name for errors and, optionally, leaf paths and a visitor
 * of every position.
 */
export const flattenWith = (t: unknown, where: string, withPaths: boolean, options: FlattenOptions = {}, onPosition?: OnPosition): Flat => {
  const { isLeaf } = options
  const leaves: unknown[] = []
  const paths: string[] = []
  const entries: DefEntry[] = []
  const stack: Frame[] = []
  const open = new Set<object>()
  const keysOfCurrent = (): KeyPath => stack.map((f) => (f.keys === null ? String(f.next - 1) : f.keys[f.next - 1]))
  const visit = (x: unknown, path: string): void => {
    if (onPosition !== undefined) onPosition(x, keysOfCurrent)
    if (isLeaf !== undefined && isLeaf(x)) {
      leaves.push(x); entries.push(LEAF); if (withPaths) paths.push(path); return
    }
    const c = classify(x)
    switch (c.tag) {
      case 'leaf': leaves.push(x); entries.push(LEAF); if (withPaths) paths.push(path); return
      case 'none': entries.push(c.value === null ? NULL : UNDEFINED); return
      default: break
    }
    if (open.has(c.value)) throw new TypeError(`${where}: the tree contains itself: the container at ${showPath(path)} is also one of its ancestors`)
    let keys: readonly string[] | null = null
    let values: ArrayLike<unknown>
    if (c.tag === 'array') {
      values = c.value
      entries.push(Object.freeze({ tag: 'array', arity: c.value.length }))
    } else if (c.tag === 'record') {
      const ks = Object.keys(c.value)
      for (const k of ks) assertKey(k, where, path)
      keys = Object.freeze(ks)
      values = ks.map((k) => c.value[k])
      entries.push(Object.freeze({ tag: 'record', keys, nullProto: Object.getPrototypeOf(c.value) === null }))
    } else {
      const es = c.protocol.entries(c.value)
      const ks = es.map(([k]) => k)
      const seen = new Set<string>()
      for (const k of ks) {
        if (typeof k !== 'string') throw new TypeError(`${where}: node at ${showPath(path)} gave a non-string child name (${String(k)})`)
        if (seen.has(k)) throw new TypeError(`${where}: node at ${showPath(path)} gave the child name '${k}' twice`)
        seen.add(k)
        assertKey(k, where, path)
      }
      keys = Object.freeze(ks)
      values = es.map(([, v]) => v)
      entries.push(Object.freeze({ tag: 'node', keys, protocol: c.protocol, template: c.value }))
    }
    open.add(c.value)
    stack.push({ container: c.value, keys, values, path, next: 0 })
  }
  visit(t, '')
  while (stack.length > 0) {
    const top = stack[stack.length - 1]
    if (top.next === top.values.length) {
      open.delete(top.container)
      stack.pop()
      continue
    }
    const i = top.next++
    visit(top.values[i], childPath(top.path, top.keys === null ? String(i) : top.keys[i]))
  }
  return { leaves, def: Object.freeze({ _tag: 'TreeDef', entries: Object.freeze(entries), numLeaves: leaves.length }), paths }
}

/**
 * Take a tree apart: its leaves in order and its structure (JAX's `tree_flatten`).
 * @example
 * import { tree } from 'immutorch'
 *
 * const [leaves, def] = tree.flatten({ a: [1, 2], b: null })
 * leaves // [1, 2]
 * tree.showTreeDef(def) // '{a: [*, *], b: null}'
 * tree.unflatten(def, [3, 4]) // { a: [3, 4], b: null }
 */
export const flatten = (t: unknown, options?: FlattenOptions): readonly [leaves: unknown[], def: TreeDef] => {
  const { leaves, def } = flattenWith(t, 'tree.flatten', false, options)
  return [leaves, def]
}

/**
 * The leaves of a tree in order; a tied object appears once per path it is found at.
 * @example
 * import { tree } from 'immutorch'
 *
 * tree.leaves({ b: 1, a: [2, null], '10': 3 }) // [3, 1, 2]
 */
export const leaves = (t: unknown, options?: FlattenOptions): unknown[] => flattenWith(t, 'tree.leaves', false, options).leaves

/** The structure of a tree (JAX's `tree_structure`). */
export const structure = (t: unknown, options?: FlattenOptions): TreeDef => flattenWith(t, 'tree.structure', false, options).def

/**
 * Rebuild a tree of structure `def` from `leaves` (JAX's `tree_unflatten`). Arrays and records are
 * new (records keep a null prototype if the original had one); nodes come from their protocol's
 * `rebuild`, called on the node the def was taken from; `null`/`undefined` come back as they were.
 */
export const unflatten = <T = unknown>(def: TreeDef, leaves: ArrayLike<unknown>): T => {
  if (leaves.length !== def.numLeaves) {
    throw new RangeError(`tree.unflatten: the structure has ${def.numLeaves} leaves, got ${leaves.length}`)
  }
  return foldDef<unknown>(def, {
    leaf: (i) => leaves[i],
    none: (v) => v,
    container: (e, children, keys) => buildContainer(e, children, keys, 'tree.unflatten'),
  }) as T
}

/**
 * @internal A container of kind `e` holding `children`: the array itself, a new record with the
 * def's keys in order (refused names are an error at `keys()`), or the node's `rebuild`.
 */
export const buildContainer = (e: ContainerEntry, children: unknown[], keys: () => KeyPath, where: string): unknown => {
  if (e.tag === 'array') return children
  if (e.tag === 'node') return e.protocol.rebuild(e.template, children)
  const out: Record<string, unknown> = e.nullProto ? Object.create(null) : {}
  let lastIndex = -1
  let sawName = false
  for (let i = 0; i < children.length; i++) {
    const k = e.keys[i]
    if (REFUSED_KEYS.has(k)) assertKey(k, where, joinPath(keys()))
    // A def from `flatten` lists keys as the engine enumerates them; refuse one that the engine
    // would silently reorder (an integer-like key after a name, or integer-like keys descending).
    if (isIntegerLike(k)) {
      if (sawName || Number(k) <= lastIndex) {
        throw new TypeError(`${where}: record at ${showPath(joinPath(keys()))} lists keys [${e.keys.join(', ')}] in an order ` +
          'JavaScript cannot keep (integer-like keys always enumerate first, ascending); use a tree node for such an order')
      }
      lastIndex = Number(k)
    } else sawName = true
    out[k] = children[i]
  }
  return out
}
