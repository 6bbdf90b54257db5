/**
 * Path keys: the names that lead from a tree's root to a subtree, how they join into the
 * dot-separated paths users see ("layers.0.weight", PyTorch's naming), and the names refused
 * because writing them as object keys would reach `Object.prototype` (`__proto__`, `constructor`,
 * `prototype`). Every place that reads names from a tree or turns names into keys checks here.
 */

/** A path from the root: one key per level (array indices as decimal strings). */
export type KeyPath = readonly string[]

/** Key names a tree may not contain: as object keys they would reach or shadow the prototype. */
export const REFUSED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** Join keys into a dotted path; the root is the empty string. */
export const joinPath = (keys: KeyPath): string => keys.join('.')

/** The path of `key` under `parent`, dotted. */
export const childPath = (parent: string, key: string): string => (parent === '' ? key : `${parent}.${key}`)

/** Quote a dotted path for an error message; the root reads as `<root>`. */
export const showPath = (path: string): string => (path === '' ? '<root>' : `'${path}'`)

/**
 * Throw if `key` is a refused name. `where` names the operation, `parent` the dotted path of the
 * container the key belongs to.
 */
export const assertKey = (key: string, where: string, parent: string): void => {
  if (REFUSED_KEYS.has(key)) {
    throw new TypeError(
      `${where}: key '${key}' at ${showPath(childPath(parent, key))} is refused ` +
        `(__proto__, constructor and prototype may not be tree keys: they would reach Object.prototype)`,
    )
  }
}

/**
 * Whether `key` is integer-like: a canonical array index ("0", "7", "10"; not "01", "-1", "1.5").
 * JavaScript enumerates such keys of an object first, in ascending numeric order, whatever order
 * they were added in.
 */
export const isIntegerLike = (key: string): boolean => {
  const c = key.charCodeAt(0) // fast exit for names, which is most keys
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295
}

/**
 * Split a path given as a dotted string or as a list of keys into keys, refusing prototype names.
 * `''` and `[]` are the root. A key that contains a dot is only reachable through the list form.
 */
export const parsePath = (path: string | ReadonlyArray<string | number>, where: string): KeyPath => {
  const keys = typeof path === 'string' ? (path === '' ? [] : path.split('.')) : path.map(keyOf(where))
  keys.forEach((k, i) => assertKey(k, where, joinPath(keys.slice(0, i))))
  return keys
}

const keyOf = (where: string) => (k: string | number): string => {
  if (typeof k === 'string') return k
  if (Number.isInteger(k) && k >= 0) return String(k)
  throw new TypeError(`${where}: path keys must be strings or non-negative integers, got ${String(k)}`)
}
