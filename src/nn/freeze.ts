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
  return transformModules(m, (_, r, path) => {
    const names = Object.entries(r.params as Tensors)
      .filter(([k, p]) => {
        const chosen = p !== null && pick(path === '' ? k : `${path}.${k}`, p)
        return chosen ? on : r.frozen.includes(k)
      })
      .map(([k]) => k)
    return rebuild(r, { frozen: names })
  })
}

/** Marks the selected parameters frozen. */
export const freeze = <M extends AnyModule>(m: M, where?: Selection): M => mark(m, where, true)

/** Clears the frozen mark of the selected parameters. */
export const unfreeze = <M extends AnyModule>(m: M, where?: Selection): M => mark(m, where, false)

/** Names of frozen parameters, as namedParameters names them. */
export function* frozenNames(m: AnyModule): Generator<string> {
  for (const [p, mod] of namedModules(m)) for (const k of mod.frozen) yield p === '' ? k : `${p}.${k}`
}
