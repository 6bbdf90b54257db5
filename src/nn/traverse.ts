/**
 * Traversals in PyTorch's order and naming: names dot-joined; a module's own entries first, then
 * its children in registration order, depth first; a module or tensor reached twice is yielded
 * once, at its first path, unless `removeDuplicate: false`. All are lazy generators, like
 * PyTorch's `named_parameters` and friends.
 */
import type { Tensor } from '../tensor/tensor.js'
import type { AnyModule, Children, Tensors } from './module.js'

/** Options shared by the traversals. */
export interface TraverseOptions {
  /** Prepended to every name (`prefix.name`). */
  readonly prefix?: string
  /** Include submodules' entries (default true). */
  readonly recurse?: boolean
  /** Yield a shared module or tensor once (default true). */
  readonly removeDuplicate?: boolean
}

const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`)

/**
 * Every module, root first (named `prefix`), pre-order (torch's named_modules).
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const net = nn.Sequential(nn.Linear(4, 3, { key: random.key(0) }), nn.ReLU())
 * Array.from(nn.namedModules(net), ([name, m]) => `${name}:${m.kind}`) // [':Sequential', '0:Linear', '1:ReLU']
 */
export function* namedModules(m: AnyModule, { prefix = '', removeDuplicate = true }: TraverseOptions = {}): Generator<[string, AnyModule]> {
  const memo = new Set<AnyModule>()
  function* go(mod: AnyModule, p: string): Generator<[string, AnyModule]> {
    if (memo.has(mod)) return
    if (removeDuplicate) memo.add(mod)
    yield [p, mod]
    for (const [name, c] of Object.entries(mod.children as Children)) {
      if (c !== null) yield* go(c, join(p, name))
    }
  }
  yield* go(m, prefix)
}

/** Every module (torch's modules). */
export function* modules(m: AnyModule, options: TraverseOptions = {}): Generator<AnyModule> {
  for (const [, mod] of namedModules(m, options)) yield mod
}

/** Direct children, each distinct module once (torch's named_children). */
export function* namedChildren(m: AnyModule): Generator<[string, AnyModule]> {
  const memo = new Set<AnyModule>()
  for (const [name, c] of Object.entries(m.children as Children)) {
    if (c !== null && !memo.has(c)) {
      memo.add(c)
      yield [name, c]
    }
  }
}

/** Direct children (torch's children). */
export function* children(m: AnyModule): Generator<AnyModule> {
  for (const [, c] of namedChildren(m)) yield c
}

/** Own entries of one section for each module (torch's _named_members). */
function* namedMembers(m: AnyModule, section: 'params' | 'buffers', { prefix = '', recurse = true, removeDuplicate = true }: TraverseOptions): Generator<[string, Tensor]> {
  const memo = new Set<Tensor>()
  const mods: Iterable<[string, AnyModule]> = recurse ? namedModules(m, { prefix, removeDuplicate }) : [[prefix, m]]
  for (const [p, mod] of mods) {
    for (const [k, t] of Object.entries(mod[section] as Tensors)) {
      if (t === null || memo.has(t)) continue
      if (removeDuplicate) memo.add(t)
      yield [join(p, k), t]
    }
  }
}

/**
 * Every parameter with its name (torch's named_parameters).
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const net = nn.Sequential(nn.Linear(4, 3, { key: random.key(0) }), nn.ReLU(), nn.Linear(3, 1, { key: random.key(1) }))
 * Array.from(nn.namedParameters(net), ([name]) => name) // ['0.weight', '0.bias', '2.weight', '2.bias']
 * Array.from(nn.namedParameters(net, { prefix: 'net' }), ([name]) => name)[0] // 'net.0.weight'
 */
export const namedParameters = (m: AnyModule, options: TraverseOptions = {}): Generator<[string, Tensor]> =>
  namedMembers(m, 'params', options)

/** Every parameter (torch's parameters). */
export function* parameters(m: AnyModule, options: TraverseOptions = {}): Generator<Tensor> {
  for (const [, t] of namedParameters(m, options)) yield t
}

/**
 * Every buffer with its name, persistent or not (torch's named_buffers).
 * @example
 * import { nn } from 'immutorch'
 *
 * Array.from(nn.namedBuffers(nn.BatchNorm1d(3)), ([name]) => name) // ['running_mean', 'running_var', 'num_batches_tracked']
 */
export const namedBuffers = (m: AnyModule, options: TraverseOptions = {}): Generator<[string, Tensor]> =>
  namedMembers(m, 'buffers', options)

/** Every buffer (torch's buffers). */
export function* buffers(m: AnyModule, options: TraverseOptions = {}): Generator<Tensor> {
  for (const [, t] of namedBuffers(m, options)) yield t
}
