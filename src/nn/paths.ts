/**
 * Dotted paths into a module: `getSubmodule`, `getParameter`, `getBuffer`. A literal path is
 * checked by the compiler against the module's type (`'fc1.wieght'` does not compile); a path held
 * in a `string` variable is checked at run time, with an error naming the segment that is missing.
 */
import type { Tensor } from '../tensor/tensor.js'
import { assertKey } from '../tree/keys.js'
import type { AnyModule, Children, Module, Tensors } from './module.js'

type Depth = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8]

type ChildrenOf<M> = M extends Module<any, any, infer C, any, any, any, any> ? C : never
type NamesOf<R> = string extends keyof R ? string : keyof R & string

/** Dotted names of every submodule of `M` (to a depth of 8). */
export type SubmodulePath<M, D extends number = 8> = [D] extends [never] ? string
  : { [K in NamesOf<ChildrenOf<M>>]: K | `${K}.${SubmodulePath<NonNullable<ChildrenOf<M>[K]>, Depth[D]>}` }[NamesOf<ChildrenOf<M>>]

type MemberPath<M, S extends 'params' | 'buffers', D extends number> = [D] extends [never] ? string
  : M extends Module<infer P, infer B, infer C, any, any, any, any>
    ? NamesOf<S extends 'params' ? P : B> | { [K in NamesOf<C>]: `${K}.${MemberPath<NonNullable<C[K]>, S, Depth[D]>}` }[NamesOf<C>]
    : string

/** Dotted names of every parameter of `M`. */
export type ParameterPath<M> = MemberPath<M, 'params', 8>
/** Dotted names of every buffer of `M`. */
export type BufferPath<M> = MemberPath<M, 'buffers', 8>

/** A path argument: a literal must be one of `Paths`; a plain `string` is checked at run time. */
export type PathArg<P extends string, Paths> = P & (string extends P ? string : Paths)

function walk(m: AnyModule, segments: readonly string[], full: string, where: string): AnyModule {
  let cur = m
  let at = ''
  for (const s of segments) {
    assertKey(s, where, at)
    const c = (cur.children as Children)[s]
    if (c === undefined || c === null) {
      throw new RangeError(`${where}('${full}'): ${cur.kind}${at === '' ? '' : ` at '${at}'`} has no submodule '${s}' (children: ${Object.keys(cur.children).join(', ') || 'none'})`)
    }
    cur = c
    at = at === '' ? s : `${at}.${s}`
  }
  return cur
}

/**
 * The submodule at a dotted path ('' is the module itself), as torch's get_submodule.
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const net = nn.Sequential(nn.Linear(4, 3, { key: random.key(0) }), nn.ReLU())
 * nn.getSubmodule(net, '1').kind // 'ReLU'
 */
export function getSubmodule<M extends AnyModule, P extends string>(m: M, path: PathArg<P, SubmodulePath<M> | ''>): AnyModule {
  return path === '' ? m : walk(m, path.split('.'), path, 'getSubmodule')
}

function member(m: AnyModule, path: string, section: 'params' | 'buffers', where: string): Tensor {
  const segs = path.split('.')
  const name = segs.pop()!
  const owner = walk(m, segs, path, where)
  assertKey(name, where, segs.join('.'))
  const t = Object.prototype.hasOwnProperty.call(owner[section], name) ? (owner[section] as Tensors)[name] : undefined
  if (t === undefined || t === null) {
    const what = section === 'params' ? 'parameter' : 'buffer'
    throw new RangeError(`${where}('${path}'): ${owner.kind} has no ${what} '${name}'${t === null ? ' (it is registered as null)' : ''} (${what}s: ${Object.keys(owner[section]).join(', ') || 'none'})`)
  }
  return t
}

/**
 * The parameter at a dotted path, as torch's get_parameter.
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const net = nn.Sequential(nn.Linear(4, 3, { key: random.key(0) }), nn.ReLU())
 * nn.getParameter(net, '0.bias').shape // [3]
 */
export const getParameter = <M extends AnyModule, P extends string>(m: M, path: PathArg<P, ParameterPath<M>>): Tensor =>
  member(m, path, 'params', 'getParameter')

/** The buffer at a dotted path, as torch's get_buffer. */
export const getBuffer = <M extends AnyModule, P extends string>(m: M, path: PathArg<P, BufferPath<M>>): Tensor =>
  member(m, path, 'buffers', 'getBuffer')
