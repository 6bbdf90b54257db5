/**
 * The module record: own parameters and buffers (named tensors), named children (modules),
 * static configuration and a pure forward. A module is deeply frozen; every change builds a new
 * one with `rebuild`. Modules are tree nodes (params, then buffers, then children, PyTorch's
 * registration order), so every `tree` function works on them and their paths are PyTorch's names.
 */
import { immerable } from 'immer'
import type { Key } from '../random/key.js'
import { Tensor } from '../tensor/tensor.js'
import { treeNode, type TreeNodeProtocol } from '../tree/node.js'
import { assertKey } from '../tree/keys.js'
import type { Context } from './context.js'
import { formatModule } from './repr.js'

/** Train or eval: passed to every forward as a value. */
export type Mode = 'train' | 'eval'

/** Named tensors (a null entry is a registered but absent tensor, like PyTorch's `bias=None`). */
export type Tensors = { readonly [name: string]: Tensor | null }

/** Named child modules. */
export type Children = { readonly [name: string]: AnyModule | null }

/** The forward of a module: a pure function of the module, its input and the run context. */
export type Forward<Self, C extends Children, B extends Tensors, In, Out> = (self: Self, input: In, ctx: Context<C, B>) => Out

/**
 * An immutable module. `P`, `B`, `C` type its parameters, buffers and children; `Cfg` its static
 * configuration; `In`/`Out` its forward; `R` whether a train run needs a random key.
 */
export interface Module<
  P extends Tensors = Tensors,
  B extends Tensors = Tensors,
  C extends Children = Children,
  Cfg = unknown,
  In = any,
  Out = any,
  R extends boolean = boolean,
> {
  /** The class name PyTorch would print, e.g. `Linear`. */
  readonly kind: string
  /** Own parameters by name (PyTorch's names: `weight`, `bias`, …). */
  readonly params: P
  /** Own buffers by name (PyTorch's names: `running_mean`, …). */
  readonly buffers: B
  /** Child modules by name, in registration order. */
  readonly children: C
  /** Static configuration: plain data, not tree leaves. */
  readonly config: Cfg
  /** Buffers left out of the state dict (PyTorch's `persistent=False`). */
  readonly nonPersistent: readonly (keyof B & string)[]
  /** Parameters that grad and optimisers skip (see `freeze`). */
  readonly frozen: readonly (keyof P & string)[]
  /** Whether a train run needs a key (own randomness or a child's). */
  readonly random: R
  // Method syntax (bivariant in `self`) so every module is assignable to AnyModule.
  /** The pure forward: `self` is the module as run, children are called through `ctx`. */
  forward(self: Module<P, B, C, Cfg, In, Out, R>, input: In, ctx: Context<C, B>): Out
  /** The text PyTorch's `extra_repr` gives, e.g. `in_features=5, out_features=1, bias=True`. */
  extraRepr?(self: Module<P, B, C, Cfg, In, Out, R>): string
}

/** Any module. */
export type AnyModule = Module<any, any, any, any, any, any, any>

/** The input type of a module type's forward. */
export type InputOf<M> = M extends Module<any, any, any, any, infer I, any, any> ? I : never
/** The output type of a module type's forward. */
export type OutputOf<M> = M extends Module<any, any, any, any, any, infer O, any> ? O : never
/** Whether a module type needs a random key in train mode (`true`, `false` or `boolean`). */
export type RandomOf<M> = M extends Module<any, any, any, any, any, any, infer R> ? R : never

/** Type-level or of two flags. */
export type Or<A extends boolean, B extends boolean> = A extends true ? true : B

/** Whether any child in `C` needs a key. */
export type ChildrenRandom<C> = true extends { [K in keyof C]: C[K] extends Module<any, any, any, any, any, any, infer R> ? R : false }[keyof C] ? true : false

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')

const sections = ['params', 'buffers', 'children'] as const

const protocol: TreeNodeProtocol<AnyModule> = {
  entries: (m) => sections.flatMap((s) => Object.entries(m[s] as Record<string, unknown>)),
  rebuild: (m, values) => {
    let i = 0
    const take = (s: (typeof sections)[number]) =>
      Object.fromEntries(Object.keys(m[s]).map((k) => [k, values[i++]])) as Record<string, never>
    return rebuild(m, { params: take('params'), buffers: take('buffers'), children: take('children') })
  },
  // Like JAX comparing a node's type and aux data: the kind and the configuration, by value.
  sameKind: (a, b) => a.kind === b.kind && sameData(a.config, b.config) &&
    sameData(a.nonPersistent, b.nonPersistent),
  label: (m) => m.kind,
}

/** Structural equality of static data (plain records, arrays, primitives). */
function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameData((a as never)[k], (b as never)[k]))
}

/** Freezes plain records and arrays all the way down (configuration is data, never changed). */
function deepFreeze<T>(x: T): T {
  if (typeof x !== 'object' || x === null || Object.isFrozen(x)) return x
  const proto = Object.getPrototypeOf(x)
  if (!Array.isArray(x) && proto !== Object.prototype && proto !== null) return x
  for (const v of Object.values(x)) deepFreeze(v)
  return Object.freeze(x)
}

/** The prototype every module shares: tree protocol, printing, immer opt-in. */
const ModuleProto = Object.freeze({
  [treeNode]: protocol,
  [immerable]: false,
  toString(this: AnyModule) {
    return formatModule(this)
  },
  [inspectSymbol](this: AnyModule) {
    return formatModule(this)
  },
})

/** Whether `x` is a module. */
export const isModule = (x: unknown): x is AnyModule =>
  typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === ModuleProto

type Section = (typeof sections)[number]

/** What each section's entries must be (null aside), and how an error names it. */
const ENTRY: Readonly<Record<Section, readonly [(v: unknown) => boolean, string]>> = {
  params: [(v) => v instanceof Tensor, 'a Tensor'],
  buffers: [(v) => v instanceof Tensor, 'a Tensor'],
  children: [isModule, 'a module'],
}

const checkEntry = (kind: string, section: Section, k: string, v: unknown): void => {
  const [ok, what] = ENTRY[section]
  if (v !== null && !ok(v)) throw new TypeError(`${kind}: ${section}.${k} must be ${what} or null, got ${Object.prototype.toString.call(v)}`)
}

const checkSection = (kind: string, section: Section, rec: unknown): void => {
  if (rec === null || typeof rec !== 'object') throw new TypeError(`${kind}: ${section} must be a record, got ${String(rec)}`)
  for (const [k, v] of Object.entries(rec)) {
    assertKey(k, `${kind}.${section}`, '')
    if (k === '' || k.includes('.')) throw new TypeError(`${kind}: ${section} name ${JSON.stringify(k)} must be non-empty and contain no "."`)
    checkEntry(kind, section, k, v)
  }
}

/** Builds a frozen module from its fields, validating names and entries. */
function make(fields: AnyModule): AnyModule {
  const { kind, params, buffers, children } = fields
  checkSection(kind, 'params', params)
  checkSection(kind, 'buffers', buffers)
  checkSection(kind, 'children', children)
  const seen = new Set<string>()
  for (const s of sections) {
    for (const k of Object.keys(fields[s])) {
      if (seen.has(k)) throw new TypeError(`${kind}: the name ${JSON.stringify(k)} is used twice among params, buffers and children`)
      seen.add(k)
    }
  }
  for (const n of fields.nonPersistent) {
    if (!(n in buffers)) throw new TypeError(`${kind}: nonPersistent names ${JSON.stringify(n)}, which is not a buffer`)
  }
  for (const n of fields.frozen) {
    if (!(n in params)) throw new TypeError(`${kind}: frozen names ${JSON.stringify(n)}, which is not a parameter`)
  }
  const m = Object.create(ModuleProto) as Record<string, unknown>
  for (const [k, v] of Object.entries(fields)) m[k] = v
  m.params = Object.freeze({ ...params })
  m.buffers = Object.freeze({ ...buffers })
  m.children = Object.freeze({ ...children })
  m.nonPersistent = Object.freeze([...fields.nonPersistent])
  m.frozen = Object.freeze([...fields.frozen])
  m.config = deepFreeze(fields.config)
  return Object.freeze(m) as unknown as AnyModule
}

/** What `module` takes: the parts of a module, all optional except `forward`. */
export interface ModuleDef<P extends Tensors, B extends Tensors, C extends Children, Cfg, In, Out, R extends boolean> {
  readonly params?: P
  readonly buffers?: B
  readonly children?: C
  readonly config?: Cfg
  readonly nonPersistent?: readonly (keyof B & string)[]
  readonly frozen?: readonly (keyof P & string)[]
  /** Set when the module's own forward draws random numbers in train mode. */
  readonly random?: R
  /** The pure forward: `self` is the module itself, so `self.params.weight` is typed. */
  readonly forward: Forward<Module<P, B, C, Cfg, In, Out, Or<R, ChildrenRandom<C>>>, C, B, In, Out>
  /** The text PyTorch's `extra_repr` would give, shown inside the module's repr. */
  readonly extraRepr?: (self: Module<P, B, C, Cfg, In, Out, Or<R, ChildrenRandom<C>>>) => string
}

/**
 * Defines a module. Parameters are typed from `params`, so `self.params.weight` is a Tensor.
 * @example
 * import { nn, ones, tensor, type Tensor } from 'immutorch'
 *
 * const lm = nn.module('LinearModel', {
 *   params: { weight: ones([2, 1]), bias: tensor([1]) },
 *   forward: (self, x: Tensor) => x.mm(self.params.weight).add(self.params.bias),
 * })
 * nn.run(lm, tensor([[1, 2]]), { mode: 'eval' })[0] // [[4]]
 * lm.params.weight.shape // [2, 1]
 */
export function module<
  P extends Tensors = {},
  B extends Tensors = {},
  C extends Children = {},
  Cfg = undefined,
  In = any,
  Out = any,
  R extends boolean = false,
>(kind: string, def: ModuleDef<P, B, C, Cfg, In, Out, R>): Module<P, B, C, Cfg, In, Out, Or<R, ChildrenRandom<C>>> {
  if (typeof kind !== 'string' || kind === '') throw new TypeError('module: the first argument is the module kind, a non-empty string')
  if (typeof def?.forward !== 'function') throw new TypeError(`module ${kind}: forward must be a function (self, input, ctx) => output`)
  const children = (def.children ?? {}) as C
  const childRandom = Object.values(children).some((c) => c !== null && (c as AnyModule).random)
  return make({
    kind,
    params: def.params ?? {},
    buffers: def.buffers ?? {},
    children,
    config: def.config,
    nonPersistent: def.nonPersistent ?? [],
    frozen: def.frozen ?? [],
    random: (def.random ?? false) || childRandom,
    forward: def.forward as unknown as AnyModule['forward'],
    ...(def.extraRepr === undefined ? {} : { extraRepr: def.extraRepr as unknown as AnyModule['extraRepr'] }),
  }) as unknown as Module<P, B, C, Cfg, In, Out, Or<R, ChildrenRandom<C>>>
}

/** Parts to replace in `rebuild`. */
export interface ModulePatch {
  readonly params?: Tensors
  readonly buffers?: Tensors
  readonly children?: Children
  readonly frozen?: readonly string[]
}

/**
 * A new module like `m` with some parts replaced; names must stay those of `m` (a transform never
 * changes structure). Returns `m` itself when nothing changes.
 */
export function rebuild<M extends AnyModule>(m: M, patch: ModulePatch): M {
  const same = (s: Section) => {
    const next = patch[s]
    if (next === undefined) return true
    const keys = Object.keys(m[s])
    const nk = Object.keys(next)
    if (nk.length !== keys.length || nk.some((k, i) => k !== keys[i])) {
      throw new TypeError(`rebuild ${m.kind}: ${s} names [${nk.join(', ')}] differ from the module's [${keys.join(', ')}]`)
    }
    return keys.every((k) => (next as Record<string, unknown>)[k] === (m[s] as Record<string, unknown>)[k])
  }
  const frozenSame = patch.frozen === undefined ||
    (patch.frozen.length === m.frozen.length && patch.frozen.every((f, i) => f === m.frozen[i]))
  if (sections.every(same) && frozenSame) return m
  if (frozenSame) return withEntries(m, patch) as M
  return make({
    ...m,
    params: patch.params ?? m.params,
    buffers: patch.buffers ?? m.buffers,
    children: patch.children ?? m.children,
    frozen: patch.frozen ?? m.frozen,
  }) as M
}

/**
 * `m` with new entries under its own names (as `rebuild` has checked): only the new values need
 * `make`'s checks, and the rest of `m` (names, frozen, configuration) is already frozen and valid.
 */
function withEntries(m: AnyModule, patch: ModulePatch): AnyModule {
  const out = Object.create(ModuleProto) as Record<string, unknown>
  for (const [k, v] of Object.entries(m)) out[k] = v
  for (const s of sections) {
    const next = patch[s] as Readonly<Record<string, unknown>> | undefined
    if (next === undefined || next === m[s]) continue
    for (const [k, v] of Object.entries(next)) checkEntry(m.kind, s, k, v)
    out[s] = Object.freeze({ ...next })
  }
  return Object.freeze(out) as unknown as AnyModule
}

/** @internal The key type run options take (re-exported for the context). */
export type { Key }
