/**
 * Gradient-shaped trees. A parameter is trainable when it is floating point and not frozen; a
 * tree of trainable things has the shape of the params it came from, with a tensor at every
 * trainable parameter (or floating tensor leaf) and null everywhere else: buffers, frozen and
 * integer parameters, other leaves. `grad` returns such trees, and optimisers keep their state and
 * updates in them; these two functions are the tree arithmetic they share.
 */
import { isFloating } from '../tensor/dtype.js'
import { Tensor } from '../tensor/tensor.js'
import { isModule, rebuild, type AnyModule, type Tensors } from './module.js'
import { transformModules } from './transform.js'

const isRecord = (x: unknown): x is Record<string, unknown> => {
  if (typeof x !== 'object' || x === null) return false
  const p = Object.getPrototypeOf(x)
  return p === Object.prototype || p === null
}

/** Whether parameter `name` of `m` is trainable. */
export const isTrainable = (m: AnyModule, name: string, t: Tensor | null): t is Tensor =>
  t !== null && isFloating(t.dtype) && !m.frozen.includes(name)

const nulls = (rec: Tensors): Tensors => Object.fromEntries(Object.keys(rec).map((k) => [k, null]))

/**
 * `f` at every trainable tensor of `x`, null elsewhere, keeping the structure (modules stay
 * modules; their buffers become null). With `keepOthers`, non-trainable entries are kept as they
 * are instead (used to trace params while leaving buffers in place).
 */
export function mapTrainable(x: unknown, f: (t: Tensor, path: string) => Tensor | null, { keepOthers = false } = {}): unknown {
  const other = <T>(v: T): T | null => (keepOthers ? v : null)
  const go = (v: unknown, path: string): unknown => {
    if (isModule(v)) {
      return transformModules(v, (_, r, p) => rebuild(r, {
        params: Object.fromEntries(Object.entries(r.params as Tensors).map(([k, t]) => [k, isTrainable(r, k, t) ? f(t, join(join(path, p), k)) : other(t)])),
        buffers: keepOthers ? r.buffers : nulls(r.buffers),
      }))
    }
    if (v instanceof Tensor) return isFloating(v.dtype) ? f(v, path) : other(v)
    if (Array.isArray(v)) return v.map((c, i) => go(c, join(path, String(i))))
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, go(c, join(path, k))]))
    return other(v)
  }
  return go(x, '')
}

const join = (a: string, b: string): string => (a === '' ? b : b === '' ? a : `${a}.${b}`)

/**
 * Zips trees of the same structure: `f(a, ...rest)` wherever the first tree has a tensor, with the
 * tensors at the same place in the others (null where one has none); null where the first has
 * none. Module buffers become null, or stay as in the first tree with `keepOthers` (so
 * `zipTrainable(add, [params, updates], { keepOthers: true })` is a params tree again). A tensor
 * or module shared across paths of the first tree, with the same objects of the other trees at
 * those paths, is zipped once, so ties survive; where the others differ (one gradient tensor that
 * autodiff handed to two parameters, each with its own optimiser state) each path is zipped on its
 * own. A structural mismatch is an error naming the path.
 */
export function zipTrainable(f: (a: Tensor, ...rest: (Tensor | null)[]) => Tensor | null, trees: readonly unknown[], { keepOthers = false } = {}): unknown {
  // Results by the first tree's object, each with the other trees' objects it was zipped with: a
  // repeat is reused only when those are the same objects too (a pure function of the same inputs).
  const memo = new Map<object, { readonly others: readonly unknown[]; readonly out: unknown }[]>()
  const go = (v: unknown, others: unknown[], path: string): unknown => {
    if (v === null || v === undefined) return keepOthers ? v : null
    const seen = typeof v === 'object' ? memo.get(v) : undefined
    const hit = seen?.find((e) => e.others.every((o, i) => o === others[i]))
    if (hit !== undefined) return hit.out
    let out: unknown
    if (v instanceof Tensor && !isFloating(v.dtype)) {
      out = keepOthers ? v : null
    } else if (v instanceof Tensor) {
      out = f(v, ...others.map((o, i) => {
        if (o === null || o === undefined) return null
        if (!(o instanceof Tensor)) throw new TypeError(`zip: tree ${i + 1} has ${describe(o)} at '${path}' where the first has a tensor`)
        return o
      }))
    } else if (isModule(v)) {
      others.forEach((o, i) => {
        if (o !== null && o !== undefined && (!isModule(o) || o.kind !== v.kind)) throw new TypeError(`zip: tree ${i + 1} has ${describe(o)} at '${path}' where the first has a ${v.kind} module`)
      })
      const ms = others as (AnyModule | null)[]
      // Only trainable parameters are zipped; the others stay (keepOthers) or become null.
      const part = (section: 'params' | 'children') => Object.fromEntries(Object.entries(v[section] as Record<string, unknown>)
        .map(([k, c]) => [k, section === 'params' && !isTrainable(v, k, c as Tensor | null)
          ? (keepOthers ? c : null)
          : go(c, ms.map((o) => (o === null || o === undefined ? null : (o[section] as Record<string, unknown>)[k] ?? null)), join(path, k))]))
      out = rebuild(v, { params: part('params') as Tensors, buffers: keepOthers ? v.buffers : nulls(v.buffers), children: part('children') as never })
    } else if (Array.isArray(v)) {
      others.forEach((o, i) => {
        if (o !== null && o !== undefined && (!Array.isArray(o) || o.length !== v.length)) throw new TypeError(`zip: tree ${i + 1} has ${describe(o)} at '${path}' where the first has an array of length ${v.length}`)
      })
      out = v.map((c, j) => go(c, others.map((o) => (Array.isArray(o) ? o[j] : null)), join(path, String(j))))
    } else if (isRecord(v)) {
      out = Object.fromEntries(Object.entries(v).map(([k, c]) => [k, go(c, others.map((o, i) => {
        if (o === null || o === undefined) return null
        if (!isRecord(o) || !(k in o)) throw new TypeError(`zip: tree ${i + 1} has ${describe(o)} at '${path}' where the first has a record with key '${k}'`)
        return o[k]
      }), join(path, k))]))
    } else {
      out = keepOthers ? v : null
    }
    if (typeof v === 'object') memo.set(v, [...(seen ?? []), { others, out }])
    return out
  }
  return go(trees[0], trees.slice(1), '')
}

const describe = (x: unknown): string =>
  x === null || x === undefined ? String(x) : isModule(x) ? `a ${x.kind} module` : x instanceof Tensor ? 'a tensor' : Array.isArray(x) ? `an array of length ${x.length}` : typeof x
