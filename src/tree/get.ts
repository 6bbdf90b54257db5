/**
 * Reading one subtree by path: `get(t, 'layers.0.weight')` or `get(t, ['layers', 0, 'weight'])`.
 * Steps go through what trees see, not through arbitrary properties: a node's `entries`, a
 * record's own enumerable keys, an array's indices; so every path `paths(t)` lists leads to its
 * leaf. A missing step is an error naming it, the path so far, and what was there instead.
 */
import type { KeyPath } from './keys.js'
import { childPath, parsePath, showPath } from './keys.js'
import { classify, describe } from './node.js'

/** A path as a dotted string ("" is the root) or a list of keys (indices may be numbers). */
export type Path = string | ReadonlyArray<string | number>

const canonicalIndex = /^(?:0|[1-9]\d*)$/

/** @internal The child of `x` named `key`, or a thrown error naming `at` (the parent's path). */
export const childOf = (x: unknown, key: string, at: string, where: string): unknown => {
  const c = classify(x)
  const fail = (why: string): never => {
    throw new RangeError(`${where}: no '${key}' under ${showPath(at)}: ${why}`)
  }
  switch (c.tag) {
    case 'leaf':
    case 'none':
      return fail(`that is ${describe(x)}, not a container`)
    case 'array': {
      if (!canonicalIndex.test(key)) return fail(`that is an array, and '${key}' is not an index`)
      const i = Number(key)
      return i < c.value.length ? c.value[i] : fail(`index out of range for an array of length ${c.value.length}`)
    }
    case 'record':
      return Object.prototype.propertyIsEnumerable.call(c.value, key)
        ? c.value[key]
        : fail(`the record has keys [${Object.keys(c.value).join(', ')}]`)
    case 'node': {
      const es = c.protocol.entries(c.value)
      const hit = es.find(([k]) => k === key)
      return hit !== undefined ? hit[1] : fail(`the node's children are [${es.map(([k]) => k).join(', ')}]`)
    }
  }
}

/** @internal Follow `keys` from `t`; `where` names the operation for errors. */
export const follow = (t: unknown, keys: KeyPath, where: string): unknown => {
  let x = t
  let at = ''
  for (const k of keys) {
    x = childOf(x, k, at, where)
    at = childPath(at, k)
  }
  return x
}

/**
 * The subtree of `t` at `path`. Prototype names (`__proto__`, `constructor`, `prototype`) in the
 * path are refused.
 * @example
 * import { tree } from 'immutorch'
 *
 * tree.get({ layers: [{ weight: 1 }] }, 'layers.0.weight') // 1
 * tree.get({ layers: [{ weight: 1 }] }, ['layers', 0]) // { weight: 1 }
 */
export const get = (t: unknown, path: Path): unknown => follow(t, parsePath(path, 'tree.get'), 'tree.get')

/** Data-last `get`, for `pipe(t, getAt('a.b'))`. */
export const getAt = (path: Path) => (t: unknown): unknown => get(t, path)
