/**
 * TreeDef: the shape of a tree without its leaves (JAX's PyTreeDef). Stored as the pre-order list
 * of its positions, each with the kind and names of what is there, so that equality, rebuilding
 * and printing are plain loops over an array: no recursion, whatever the depth.
 */
import type { KeyPath } from './keys.js'
import { childPath, showPath } from './keys.js'
import type { TreeNodeProtocol } from './node.js'
import { nodeLabel } from './node.js'

/** One position of a tree, in pre-order: a leaf, an empty subtree, or a container and its names. */
export type DefEntry =
  | { readonly tag: 'leaf' }
  | { readonly tag: 'none'; readonly value: null | undefined }
  | { readonly tag: 'array'; readonly arity: number }
  | { readonly tag: 'record'; readonly keys: readonly string[]; readonly nullProto: boolean }
  | {
      readonly tag: 'node'
      readonly keys: readonly string[]
      readonly protocol: TreeNodeProtocol<any>
      /** The node the def was taken from: `rebuild` is called on it, `sameKind` compares it. */
      readonly template: object
    }

/** A container position. */
export type ContainerEntry = Extract<DefEntry, { readonly tag: 'array' | 'record' | 'node' }>

/** The structure of a tree: positions in pre-order and the number of leaves. Made by `flatten`. */
export interface TreeDef {
  readonly _tag: 'TreeDef'
  readonly entries: readonly DefEntry[]
  readonly numLeaves: number
}

/** Number of children of a position. */
export const arity = (e: DefEntry): number =>
  e.tag === 'array' ? e.arity : e.tag === 'record' || e.tag === 'node' ? e.keys.length : 0

/** Name of child `i` of a container: its key, or its index for arrays. */
export const keyAt = (e: ContainerEntry, i: number): string => (e.tag === 'array' ? String(i) : e.keys[i])

const sameKeys = (a: readonly string[], b: readonly string[]): boolean =>
  a === b || (a.length === b.length && a.every((k, i) => k === b[i]))

/**
 * Whether two positions have the same structure. Records compare their key lists in order (a
 * null-prototype record matches a plain one); nodes compare protocol identity, child names and
 * `sameKind`; `null` and `undefined` are different empty subtrees, as they rebuild differently.
 */
export const entryEqual = (a: DefEntry, b: DefEntry): boolean => {
  if (a === b) return true
  switch (a.tag) {
    case 'leaf': return b.tag === 'leaf'
    case 'none': return b.tag === 'none' && a.value === b.value
    case 'array': return b.tag === 'array' && a.arity === b.arity
    case 'record': return b.tag === 'record' && sameKeys(a.keys, b.keys)
    case 'node':
      return b.tag === 'node' && a.protocol === b.protocol && sameKeys(a.keys, b.keys) &&
        (a.protocol.sameKind === undefined || a.template === b.template || a.protocol.sameKind(a.template, b.template))
  }
}

/** Index of the first position where `a` and `b` differ, or -1 if they are equal. */
export const firstMismatch = (a: TreeDef, b: TreeDef): number => {
  if (a === b) return -1
  const n = Math.min(a.entries.length, b.entries.length)
  for (let i = 0; i < n; i++) if (!entryEqual(a.entries[i], b.entries[i])) return i
  return a.entries.length === b.entries.length ? -1 : n
}

/** Whether two tree structures are equal (JAX's `treedef == treedef`). */
export const treedefEqual = (a: TreeDef, b: TreeDef): boolean => firstMismatch(a, b) === -1

/** The dotted path of position `index` of `def`. */
export const pathAt = (def: TreeDef, index: number): string => {
  const stack: Array<{ e: ContainerEntry; path: string; next: number }> = []
  let path = ''
  for (let i = 0; i <= index && i < def.entries.length; i++) {
    while (stack.length > 0 && stack[stack.length - 1].next === arity(stack[stack.length - 1].e)) stack.pop()
    const top = stack[stack.length - 1]
    path = top === undefined ? '' : childPath(top.path, keyAt(top.e, top.next++))
    const e = def.entries[i]
    if (e.tag === 'array' || e.tag === 'record' || e.tag === 'node') stack.push({ e, path, next: 0 })
  }
  return path
}

/** A position described for error messages. */
export const describeEntry = (e: DefEntry | undefined): string => {
  if (e === undefined) return 'nothing'
  switch (e.tag) {
    case 'leaf': return 'a leaf'
    case 'none': return String(e.value)
    case 'array': return `an array of length ${e.arity}`
    case 'record': return `a record with keys [${e.keys.join(', ')}]`
    case 'node': return `a ${nodeLabel(e.template, e.protocol)} node with children [${e.keys.join(', ')}]`
  }
}

/** Throw, naming the path, unless `other` (the `j`-th tree of a call) has the structure `def`. */
export const assertSameStructure = (where: string, def: TreeDef, other: TreeDef, j: number): void => {
  const i = firstMismatch(def, other)
  if (i === -1) return
  const [a, b] = [def.entries[i], other.entries[i]]
  const staticOnly = a?.tag === 'node' && b?.tag === 'node' && a.protocol === b.protocol && sameKeys(a.keys, b.keys)
  throw new TypeError(
    `${where}: tree ${j} does not have the structure of tree 0 at ${showPath(pathAt(def, i))}: ` +
      `expected ${describeEntry(a)}, got ${describeEntry(b)}` +
      (staticOnly ? ' whose static data differ (sameKind is false)' : ''),
  )
}

/** What `foldDef` does at each kind of position; `keys()` gives the position's key path. */
export interface DefAlgebra<R> {
  readonly leaf: (index: number, keys: () => KeyPath) => R
  readonly none: (value: null | undefined, keys: () => KeyPath) => R
  /** `children` is a fresh array the algebra may keep. */
  readonly container: (e: ContainerEntry, children: R[], keys: () => KeyPath) => R
}

/**
 * Fold a TreeDef bottom-up with an explicit stack: leaves are numbered in order, and each
 * container receives its children's results. The engine of `unflatten`, `showTreeDef` and `at`.
 */
export const foldDef = <R>(def: TreeDef, alg: DefAlgebra<R>): R => {
  const stack: Array<{ e: ContainerEntry; children: R[] }> = []
  // Key path of a position whose ancestors are stack[0 .. depth-1] (each filling slot children.length).
  const keysAtDepth = (depth: number): KeyPath => stack.slice(0, depth).map((f) => keyAt(f.e, f.children.length))
  const keysOfTop = (): KeyPath => keysAtDepth(stack.length - 1)
  const keysOfNext = (): KeyPath => keysAtDepth(stack.length)
  let leaf = 0
  let result: R | undefined
  let done = false
  for (const e of def.entries) {
    let value: R
    if (e.tag === 'leaf') value = alg.leaf(leaf++, keysOfNext)
    else if (e.tag === 'none') value = alg.none(e.value, keysOfNext)
    else if (arity(e) > 0) { stack.push({ e, children: [] }); continue }
    else value = alg.container(e, [], keysOfNext)
    // Hand the finished value to its parent; finish every parent it completes.
    for (;;) {
      const top = stack[stack.length - 1]
      if (top === undefined) { result = value; done = true; break }
      top.children.push(value)
      if (top.children.length < arity(top.e)) break
      value = alg.container(top.e, top.children, keysOfTop)
      stack.pop()
    }
  }
  if (!done) throw new TypeError('foldDef: malformed TreeDef (positions do not close)')
  return result as R
}

const showKey = (k: string): string => (/^[A-Za-z_$][\w$]*$|^(?:0|[1-9]\d*)$/.test(k) ? k : JSON.stringify(k))

/**
 * The structure written out, leaves as `*` (JAX's `PyTreeDef({'a': *, 'b': [*, None]})`):
 * `{a: *, b: [*, null]}`, nodes prefixed by their label: `Linear{weight: *, bias: *}`.
 */
export const showTreeDef = (def: TreeDef): string =>
  foldDef<string>(def, {
    leaf: () => '*',
    none: (v) => String(v),
    container: (e, cs) => {
      if (e.tag === 'array') return `[${cs.join(', ')}]`
      const body = `{${cs.map((c, i) => `${showKey(e.keys[i])}: ${c}`).join(', ')}}`
      return e.tag === 'node' ? `${nodeLabel(e.template, e.protocol)}${body}` : body
    },
  })
