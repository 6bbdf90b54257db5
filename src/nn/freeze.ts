/**
 * Freezing: `freeze(m, where?)` marks parameters that grad and optimisers skip; `unfreeze` clears
 * the mark. `where` selects parameters by full name: a list of names or module prefixes
 * (`['fc1']` freezes all of fc1), or a predicate on (name, tensor). Without `where`, all.
 */
import type { Tensor } from '../tensor/tensor.js'
import { rebuild, type AnyModule, type Tensors } from './module.js'
import { transformModules } from './transform.js'
import { namedModules } from './traverse.js'

/** Which parameters to (un)freeze. */
export type Selection = readonly string[] | ((name: string, p: Tensor) => boolean)

const selector = (where: Selection | undefined): ((name: string, p: Tensor) => boolean) => {
  if (where === undefined) return () => true
  if (typeof where === 'function') return where
  return (name) => where.some((w) => name === w || name.startsWith(`${w}.`))
}

function mark<M extends AnyModule>(m: M, where: Selection | undefined, on: boolean): M {
  const pick = selector(where)
  // A parameter is selected when any of its paths is: a shared module is reached at every path.
  const chosen = new Map<AnyModule, Set<string>>()
  for (const [p, mod] of namedModules(m, { removeDuplicate: false })) {
    for (const [k, t] of Object.entries(mod.params as Tensors)) {
      if (t !== null && pick(p === '' ? k : `${p}.${k}`, t)) {
        if (!chosen.has(mod)) chosen.set(mod, new Set())
        chosen.get(mod)!.add(k)
      }
    }
  }
  return transformModules(m, (orig, r) => {
    const names = Object.keys(r.params as Tensors).filter((k) => (chosen.get(orig)?.has(k) ? on : r.frozen.includes(k)))
    return rebuild(r, { frozen: names })
  })
}

/**
 * Marks the selected parameters frozen.
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const net = nn.Sequential(nn.Linear(4, 3, { key: random.key(0) }), nn.ReLU(), nn.Linear(3, 1, { key: random.key(1) }))
 * Array.from(nn.frozenNames(nn.freeze(net, ['0']))) // ['0.weight', '0.bias']
 * Array.from(nn.frozenNames(nn.freeze(net, (name) => name.endsWith('bias')))) // ['0.bias', '2.bias']
 */
export const freeze = <M extends AnyModule>(m: M, where?: Selection): M => mark(m, where, true)

/** Clears the frozen mark of the selected parameters. */
export const unfreeze = <M extends AnyModule>(m: M, where?: Selection): M => mark(m, where, false)

/** Names of frozen parameters, as namedParameters names them. */
export function* frozenNames(m: AnyModule): Generator<string> {
  for (const [p, mod] of namedModules(m)) for (const k of mod.frozen) yield p === '' ? k : `${p}.${k}`
}
