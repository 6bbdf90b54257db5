/**
 * `at`: Equinox's `tree_at`. Replace one or several subtrees of a tree, chosen by a path or by a
 * function that picks them out of the tree, with values or with a function of the old ones; get a
 * new tree that shares every untouched branch with the old one.
 *
 * Selecting. A path string or key list names one position. A function `where` returns one
 * subtree (`t => t.layers[0].weight`) or an array of them (`t => [t.a, t.b]`); an array that is
 * itself part of the tree (`t => t.layers`) is one selection. `where` is first called on the tree
 * itself and what it returns is found by identity, which works whenever it picks objects (tensors,
 * records, modules) each found at one place, and lets `where` inspect the tree (`filter` by a
 * leaf's value). When it picks a primitive, `null`, or an object found at several places, `where`
 * is called again, as in Equinox, on a mirror of the tree: the same containers and nodes (rebuilt
 * through their protocol) with a unique marker at every leaf and empty subtree, so the positions
 * are told apart; this needs nodes whose `rebuild` accepts any children (else use a path). So
 * `where` must be pure. Selections may not nest (`a` with `a.b`).
 *
 * Replacing. A non-function `replace` is the new value for a single selection, or an array of one
 * value per selection when `where` returned an array. A function `replace` is applied to the old
 * subtree at each selection (to put a function itself in the tree, pass `() => fn`).
 *
 * Ties (SPEC §3: ties survive every transform). With `ties: 'keep'` (the default) a selected object
 * leaf is replaced at every path that holds that same object, with one new value, so the tie holds
 * in the result; a function `replace` is called once per object. `ties: 'break'` replaces only
 * the selected paths.
 *
 * Sharing. Plain records and arrays on the way to a change are copied by immer (an `Immer`
 * instance of this module, no global setting); nodes on the way are rebuilt with their protocol's
 * `rebuild`, never drafted. The containers `at` creates are frozen (shallow `Object.freeze`);
 * immer's `autoFreeze` is off because it deep-freezes the whole result, untouched input branches
 * included, and turns Map and Set leaves read-only. Leaves are never frozen or copied.
 */
import { Immer } from 'immer'
import { buildContainer, flattenWith } from './flatten.js'
import { follow, type Path } from './get.js'
import type { KeyPath } from './keys.js'
import { joinPath, parsePath, showPath } from './keys.js'
import { isObjectLeaf, mapTied } from './map.js'
import { classify, describe } from './node.js'
import type { TreeDef } from './treedef.js'
import { foldDef } from './treedef.js'

/** Where to replace: a path, or a function returning one subtree of its argument or an array of them. */
export type Where<T> = Path | ((t: T) => unknown)

/** Options for `at`. */
export interface AtOptions {
  /** 'keep' (default): a selected object leaf is replaced at all its paths; 'break': only where selected. */
  readonly ties?: 'keep' | 'break'
}

const WHERE = 'tree.at'
const immer = new Immer({ autoFreeze: false })

/** A leaf or empty subtree of the mirror tree `where` is called on. */
class Position {
  constructor(readonly keys: KeyPath) { Object.freeze(this) }
}

/** Key paths of the positions `where` picks, and whether it picked one or a list. */
interface Selection {
  readonly picked: KeyPath[]
  readonly single: boolean
}

/** The positions of `where(t)` found by identity, or undefined if one is not an object at one place. */
const byIdentity = (picked: unknown, index: ReadonlyMap<unknown, KeyPath[]>, ties: 'keep' | 'break'): Selection | undefined => {
  const place = (x: unknown): KeyPath | undefined => {
    const ks = isObjectLeaf(x) ? index.get(x) : undefined
    if (ks === undefined) return undefined
    // A tied leaf found at several places is one selection when ties are kept: all are replaced.
    return ks.length === 1 || (ties === 'keep' && classify(x).tag === 'leaf') ? ks[0] : undefined
  }
  if (index.has(picked) || !Array.isArray(picked)) {
    const k = place(picked)
    return k === undefined ? undefined : { picked: [k], single: true }
  }
  const ks = picked.map(place)
  return ks.every((k) => k !== undefined) ? { picked: ks as KeyPath[], single: false } : undefined
}

/** The positions `where` picks when called on a mirror of the tree with a marker at each leaf. */
const byMirror = <T>(def: TreeDef, where: (t: T) => unknown): Selection => {
  const positions = new Map<unknown, KeyPath>()
  let mirror: unknown
  try {
    mirror = foldDef<unknown>(def, {
      leaf: (_i, keys) => new Position(keys()),
      none: (_v, keys) => new Position(keys()),
      container: (e, children, keys) => {
        const c = buildContainer(e, children, keys, WHERE)
        positions.set(c, keys())
        return c
      },
    })
  } catch (cause) {
    throw new TypeError(
      `${WHERE}: what where picked is not an object found at exactly one place in the tree (a primitive, null, a ` +
        `shared object, or something outside the tree), so where must run on a mirror of the tree, and a node ` +
        `refused marker children (${(cause as Error).message}); select by a path instead`,
      { cause },
    )
  }
  const keysOf = (x: unknown, what: string): KeyPath => {
    if (x instanceof Position) return x.keys
    const ks = positions.get(x)
    if (ks !== undefined) return ks
    throw new TypeError(`${WHERE}: where must return a subtree of its argument, or an array of them; ${what} ${describe(x)}`)
  }
  const picked = where(mirror as T)
  // A mirror container that is an array is one selection; only a fresh array lists several.
  if (picked instanceof Position || positions.has(picked) || !Array.isArray(picked)) {
    return { picked: [keysOf(picked, 'got')], single: true }
  }
  return { picked: picked.map((x, i) => keysOf(x, `element ${i} is`)), single: false }
}

const select = <T>(t: T, def: TreeDef, index: ReadonlyMap<unknown, KeyPath[]>, where: Where<T>, ties: 'keep' | 'break'): Selection => {
  if (typeof where !== 'function') {
    const keys = parsePath(where, WHERE)
    follow(t, keys, WHERE)
    return { picked: [keys], single: true }
  }
  return byIdentity(where(t), index, ties) ?? byMirror(def, where)
}

/** A trie of edits: a value at a position, or edits further down. */
interface Edit {
  value?: { readonly v: unknown }
  readonly below: Map<string, Edit>
}

const insert = (root: Edit, keys: KeyPath, v: unknown): void => {
  let node = root
  keys.forEach((k, d) => {
    if (node.value !== undefined) throw new TypeError(`${WHERE}: selections ${showPath(joinPath(keys.slice(0, d)))} and ${showPath(joinPath(keys))} overlap`)
    let next = node.below.get(k)
    if (next === undefined) node.below.set(k, (next = { below: new Map() }))
    node = next
  })
  if (node.value !== undefined && !Object.is(node.value.v, v)) {
    throw new TypeError(`${WHERE}: ${showPath(joinPath(keys))} is given two different replacements (selected twice, or tied to another selection)`)
  }
  if (node.below.size > 0) throw new TypeError(`${WHERE}: selection ${showPath(joinPath(keys))} overlaps a selection inside it`)
  node.value = { v }
}

/** `x` with the edits of `edit` applied, sharing everything they do not touch. */
const apply = (x: unknown, edit: Edit): unknown => {
  if (edit.value !== undefined) return edit.value.v
  const c = classify(x)
  if (c.tag === 'node') {
    const es = c.protocol.entries(c.value)
    let changed = false
    const children = es.map(([k, child]) => {
      const e = edit.below.get(k)
      const y = e === undefined ? child : apply(child, e)
      changed ||= !Object.is(y, child)
      return y
    })
    return changed ? c.protocol.rebuild(c.value, children) : x
  }
  if (c.tag !== 'record' && c.tag !== 'array') throw new TypeError(`${WHERE}: cannot descend into ${describe(x)}`)
  const base = c.value as Record<string, unknown>
  const out = immer.produce(base, (draft: Record<string, unknown>) => {
    for (const [k, e] of edit.below) draft[k] = apply(base[k], e)
  })
  return out === base ? x : Object.freeze(out)
}

/**
 * A new tree: `t` with the subtrees `where` selects replaced by `replace` (a value, an array of
 * values for an array of selections, or a function of the old subtree). Untouched branches are
 * the same objects as in `t`.
 * @example
 * import { tree } from 'immutorch'
 *
 * const t = { a: { b: 1 }, c: [2] }
 * const u = tree.at(t, (s) => s.a.b, (x: number) => x + 1)
 * u // { a: { b: 2 }, c: [2] }
 * u.c === t.c // true
 */
export const at = <T>(t: T, where: Where<T>, replace: unknown, options: AtOptions = {}): T => {
  const { ties = 'keep' } = options
  // Every object in the tree (containers and leaves) with the paths it is found at.
  const index = new Map<unknown, KeyPath[]>()
  const onPosition = typeof where !== 'function' ? undefined : (x: unknown, keys: () => KeyPath) => {
    if (isObjectLeaf(x)) index.set(x, [...(index.get(x) ?? []), keys()])
  }
  const { leaves, def } = flattenWith(t, WHERE, false, {}, onPosition)
  const { picked, single } = select(t, def, index, where, ties)
  const olds = picked.map((keys) => follow(t, keys, WHERE))
  let news: unknown[]
  if (typeof replace === 'function') news = mapTied(olds, [], (i) => (replace as (old: unknown) => unknown)(olds[i]))
  else if (single) news = [replace]
  else if (Array.isArray(replace) && replace.length === picked.length) news = replace
  else throw new TypeError(`${WHERE}: where selected ${picked.length} subtrees, so replace must be an array of ${picked.length} values or a function; got ${describe(replace)}`)
  news.forEach((v) => flattenWith(v, WHERE, false))
  const root: Edit = { below: new Map() }
  // Every path of each selected object leaf gets the same new value, so ties hold in the result.
  const aliases = new Map<unknown, KeyPath[]>()
  if (ties === 'keep' && olds.some((o) => isObjectLeaf(o) && classify(o).tag === 'leaf')) {
    foldDef<null>(def, {
      leaf: (i, keys) => {
        const x = leaves[i]
        if (isObjectLeaf(x) && olds.includes(x)) aliases.set(x, [...(aliases.get(x) ?? []), keys()])
        return null
      },
      none: () => null,
      container: () => null,
    })
  }
  picked.forEach((keys, i) => {
    const tied = aliases.get(olds[i])
    for (const ks of tied ?? [keys]) insert(root, ks, news[i])
  })
  return apply(t, root) as T
}
