/**
 * The one module traversal every transform is built on: post-order (children first, then the
 * module), each distinct module visited once, so a module shared by two parents is transformed
 * once and stays shared. `apply`, `mapParameters`, `mapBuffers`, casts, freezing and the state
 * update at the end of a train run are all this traversal with a different visit.
 */
import type { Tensor } from '../tensor/tensor.js'
import { isModule, rebuild, type AnyModule, type Children, type Tensors } from './module.js'
import { namedModules } from './traverse.js'

/**
 * Rebuilds `root` bottom-up: `visit(orig, withNewChildren, path)` gets each distinct module as it
 * is in `root` and as rebuilt with its transformed children, at its first path, and returns its
 * replacement.
 */
export function transformModules<M extends AnyModule>(
  root: M,
  visit: (orig: AnyModule, rebuilt: AnyModule, path: string) => AnyModule,
): M {
  const done = new Map<AnyModule, AnyModule>()
  const go = (m: AnyModule, path: string): AnyModule => {
    const hit = done.get(m)
    if (hit !== undefined) return hit
    const kids: Record<string, AnyModule | null> = {}
    for (const [name, c] of Object.entries(m.children as Children)) {
      kids[name] = c === null ? null : go(c, path === '' ? name : `${path}.${name}`)
    }
    const out = visit(m, rebuild(m, { children: kids }), path)
    if (!isModule(out)) throw new TypeError(`transform: the function returned ${String(out)} for '${path}' (${m.kind}); it must return a module`)
    done.set(m, out)
    return out
  }
  return go(root, '') as M
}

/**
 * `fn` on every module, children first, each distinct module once (PyTorch's Module.apply).
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const net = nn.Sequential(nn.Linear(4, 3, { key: random.key(0) }), nn.ReLU())
 * const seen: string[] = []
 * nn.apply(net, (m) => (seen.push(m.kind), m))
 * seen // ['Linear', 'ReLU', 'Sequential']
 */
export const apply = <M extends AnyModule>(m: M, fn: (m: AnyModule) => AnyModule): M =>
  transformModules(m, (_, rebuilt) => fn(rebuilt))

type Section = 'params' | 'buffers'

/** Each distinct tensor's first name in PyTorch's order (pre-order; parameters before buffers). */
function firstNames(m: AnyModule, sections: readonly Section[]): Map<Tensor, string> {
  const names = new Map<Tensor, string>()
  for (const section of sections) {
    for (const [p, mod] of namedModules(m)) {
      for (const [k, t] of Object.entries(mod[section] as Tensors)) {
        if (t !== null && !names.has(t)) names.set(t, p === '' ? k : `${p}.${k}`)
      }
    }
  }
  return names
}

/**
 * Maps every tensor of the given sections once per distinct tensor, so ties stay tied even between
 * a parameter and a buffer; `f` gets the tensor's first name as namedParameters/namedBuffers give it.
 */
export function mapTensors<M extends AnyModule>(m: M, sections: readonly Section[], f: (t: Tensor, name: string) => Tensor): M {
  const names = firstNames(m, sections)
  const memo = new Map<Tensor, Tensor>()
  return transformModules(m, (_, r) => {
    const patch: Partial<Record<Section, Tensors>> = {}
    for (const section of sections) {
      patch[section] = Object.fromEntries(Object.entries(r[section] as Tensors).map(([k, t]) => {
        if (t === null) return [k, null]
        let u = memo.get(t)
        if (u === undefined) {
          u = f(t, names.get(t)!)
          memo.set(t, u)
        }
        return [k, u]
      }))
    }
    return rebuild(r, patch)
  })
}

/**
 * A new module with `f(param, name)` for every parameter (names as namedParameters gives them).
 * @example
 * import { nn, random, zerosLike } from 'immutorch'
 *
 * const fc = nn.Linear(2, 2, { key: random.key(0) })
 * const zeroed = nn.mapParameters(fc, (p, name) => (name === 'bias' ? zerosLike(p) : p))
 * zeroed.params.bias // [0, 0]
 * zeroed.params.weight === fc.params.weight // true
 */
export const mapParameters = <M extends AnyModule>(m: M, f: (p: Tensor, name: string) => Tensor): M =>
  mapTensors(m, ['params'], f)

/** A new module with `f(buffer, name)` for every buffer, persistent or not. */
export const mapBuffers = <M extends AnyModule>(m: M, f: (b: Tensor, name: string) => Tensor): M =>
  mapTensors(m, ['buffers'], f)
