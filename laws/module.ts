/**
 * Laws for modules (SPEC §4, §7), as plain predicates plus runners over fast-check arbitraries
 * (fp-ts-laws style): every transform keeps structure, names, shapes, ties and shared modules and
 * never touches its input; casts are idempotent, floating-only and refuse integer targets; apply
 * is post-order, once per module; the traversals agree with dotted lookups and a walk of every
 * path; freezing marks exactly what it selects; a tree round trip rebuilds the module; an eval run
 * is pure and a train run deterministic for its key. Predicates that test an operation take it as
 * an argument defaulting to the library's, so a broken stand-in can be shown to fail. A user
 * checks their own layer in one line: `checkLayer((key) => MyLayer(key), inputArb)`.
 */
import fc from 'fast-check'
import { isFloating, nn, tensor, tree, Tensor, to as castTensor, type DType, type FloatDType } from '../src/index.js'
import type { Key } from '../src/random/index.js'
import { floatDTypeArb, floatDTypes, nonFloatingDTypeArb, seedKeyArb, type RunCase, type SomeModule } from './arbitraries/module.js'
import { params } from './runs.js'

type AnyModule = nn.AnyModule

/** A module-to-module transform, such as `nn.half` or `(m) => nn.freeze(m, ['fc1'])`. */
export type ModuleTransform = (m: AnyModule) => AnyModule
/** A module cast, `nn.to`'s shape. */
export type ModuleCast = (m: AnyModule, dtype: DType) => AnyModule
/** `nn.apply`'s shape. */
export type ModuleApply = (m: AnyModule, fn: (m: AnyModule) => AnyModule) => AnyModule
/** `nn.run`'s shape. */
export type ModuleRun = (m: AnyModule, input: unknown, options: { mode: nn.Mode; key?: Key }) => readonly [unknown, AnyModule]

const join = (p: string, k: string): string => (p === '' ? k : `${p}.${k}`)
const sameList = <A>(a: readonly A[], b: readonly A[]): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]))
const namesOf = <A>(it: Iterable<readonly [string, A]>): string[] => [...it].map(([n]) => n)
const entries = <V>(r: unknown): [string, V][] => Object.entries(r as Record<string, V>)
const defaultRun: ModuleRun = (m, x, o) => nn.run(m, x, o as never)

// ---- Bits and snapshots ------------------------------------------------------------------------

/** A tensor's storage bytes as hex. */
const hexOf = (t: Tensor): string => {
  const a = t.toTypedArray()
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Same dtype, shape and storage bytes. */
export const sameTensorBits = (a: Tensor, b: Tensor): boolean =>
  a.dtype === b.dtype && sameList(a.shape, b.shape) && hexOf(a) === hexOf(b)

const halfNaN = (d: DType, h: number): boolean =>
  d === 'float16' ? (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0 : (h & 0x7f80) === 0x7f80 && (h & 0x7f) !== 0

/** Same dtype, shape and bits, NaN payloads aside (any NaN matches any NaN). */
export const sameTensorBitsUpToNaN = (a: Tensor, b: Tensor): boolean => {
  if (a.dtype !== b.dtype || !sameList(a.shape, b.shape)) return false
  const x = a.toTypedArray() as ArrayLike<number | bigint>
  const y = b.toTypedArray() as ArrayLike<number | bigint>
  const half = a.dtype === 'float16' || a.dtype === 'bfloat16'
  for (let i = 0; i < x.length; i++) {
    if (Object.is(x[i], y[i])) continue
    if (half ? halfNaN(a.dtype, x[i] as number) && halfNaN(a.dtype, y[i] as number) : x[i] !== x[i] && y[i] !== y[i]) continue
    return false
  }
  return true
}

/** Two trees of the same structure whose leaves are bitwise-equal tensors or the same values. */
export const sameTreeBits = (a: unknown, b: unknown, eq: (x: Tensor, y: Tensor) => boolean = sameTensorBits): boolean => {
  if (!tree.treedefEqual(tree.structure(a), tree.structure(b))) return false
  const [la, lb] = [tree.leaves(a), tree.leaves(b)]
  return la.every((x, i) => (x instanceof Tensor && lb[i] instanceof Tensor ? eq(x, lb[i] as Tensor) : Object.is(x, lb[i])))
}

/**
 * A deep structural snapshot: plain records, arrays and modules copied key by key, tensors as
 * their object, dtype, shape and bytes, everything else (functions, class instances) by reference.
 */
export const snapshot = (x: unknown, depth = 0): unknown => {
  if (x instanceof Tensor) return { tensor: x, dtype: x.dtype, shape: [...x.shape], bytes: hexOf(x) }
  if (typeof x !== 'object' || x === null || depth > 64) return x
  if (Array.isArray(x)) return x.map((v) => snapshot(v, depth + 1))
  const proto = Object.getPrototypeOf(x)
  if (proto !== Object.prototype && proto !== null && !nn.isModule(x)) return x
  return { proto, frozen: Object.isFrozen(x), entries: Object.keys(x).map((k) => [k, snapshot((x as Record<string, unknown>)[k], depth + 1)]) }
}

/** Deep equality of snapshots (`Object.is` at the leaves). */
export const sameSnapshot = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameSnapshot(x, b[i]))
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null || Array.isArray(b)) return false
  const [ka, kb] = [Object.keys(a), Object.keys(b)]
  return sameList(ka, kb) && ka.every((k) => sameSnapshot((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

// ---- Walking every path ------------------------------------------------------------------------

/** A tensor slot found on one path: the owning module, its own name there, and the full name. */
interface Slot { readonly owner: AnyModule; readonly key: string; readonly name: string; readonly tensor: Tensor }

/** Every module path (root first, pre-order, no de-duplication) and every non-null tensor slot. */
export function walkAllPaths(m: AnyModule): { modules: [string, AnyModule][]; params: Slot[]; buffers: Slot[] } {
  const out = { modules: [] as [string, AnyModule][], params: [] as Slot[], buffers: [] as Slot[] }
  const go = (mod: AnyModule, p: string): void => {
    out.modules.push([p, mod])
    for (const [k, t] of entries<Tensor | null>(mod.params)) if (t !== null) out.params.push({ owner: mod, key: k, name: join(p, k), tensor: t })
    for (const [k, t] of entries<Tensor | null>(mod.buffers)) if (t !== null) out.buffers.push({ owner: mod, key: k, name: join(p, k), tensor: t })
    for (const [k, c] of entries<AnyModule | null>(mod.children)) if (c !== null) go(c, join(p, k))
  }
  go(m, '')
  return out
}

/** The first entry for each distinct object `id` picks out (PyTorch's de-duplication). */
const firstBy = <A>(xs: readonly A[], id: (a: A) => unknown): A[] => {
  const seen = new Set<unknown>()
  return xs.filter((x) => !seen.has(id(x)) && (seen.add(id(x)), true))
}
const bySlot = (s: Slot): unknown => s.tensor
const byModule = ([, x]: readonly [string, AnyModule]): unknown => x

/** Module paths grouped by module object, for modules found at two or more paths. */
export const sharedModulePaths = (m: AnyModule): string[][] => {
  const groups = new Map<AnyModule, string[]>()
  for (const [p, mod] of walkAllPaths(m).modules) groups.set(mod, [...(groups.get(mod) ?? []), p])
  return [...groups.values()].filter((g) => g.length > 1)
}

/** Leaf positions grouped by tensor object, for tensors found at two or more positions (ties). */
export const tiedLeafPositions = (m: AnyModule): number[][] => {
  const groups = new Map<unknown, number[]>()
  tree.leaves(m).forEach((t, i) => groups.set(t, [...(groups.get(t) ?? []), i]))
  return [...groups.values()].filter((g) => g.length > 1)
}

// ---- Structure ---------------------------------------------------------------------------------

/**
 * Same layout: tree structure and paths, leaf shapes, repr, and at every module path the same
 * kind, config, forward, entry names (nulls where they were) and non-persistent buffers.
 */
export const sameModuleLayout = (a: AnyModule, b: AnyModule): boolean => {
  if (!tree.treedefEqual(tree.structure(a), tree.structure(b)) || !sameList(tree.paths(a), tree.paths(b))) return false
  const [la, lb] = [tree.leaves(a) as Tensor[], tree.leaves(b) as Tensor[]]
  if (la.length !== lb.length || la.some((t, i) => !sameList(t.shape, lb[i].shape))) return false
  const [ma, mb] = [walkAllPaths(a).modules, walkAllPaths(b).modules]
  const nulls = (r: unknown): string[] => entries<unknown>(r).map(([k, v]) => (v === null ? `${k}=null` : k))
  return ma.length === mb.length && nn.repr(a) === nn.repr(b) && ma.every(([p, x], i) => {
    const [q, y] = mb[i]
    return p === q && x.kind === y.kind && x.config === y.config && x.forward === y.forward &&
      sameList(nulls(x.params), nulls(y.params)) && sameList(nulls(x.buffers), nulls(y.buffers)) &&
      sameList(nulls(x.children), nulls(y.children)) && sameList(x.nonPersistent, y.nonPersistent)
  })
}

/** Same layout and the same names from namedParameters, namedBuffers and namedModules. */
export const sameModuleStructure = (a: AnyModule, b: AnyModule): boolean =>
  sameModuleLayout(a, b) &&
  sameList(namesOf(nn.namedParameters(a)), namesOf(nn.namedParameters(b))) &&
  sameList(namesOf(nn.namedBuffers(a)), namesOf(nn.namedBuffers(b))) &&
  sameList(namesOf(nn.namedModules(a)), namesOf(nn.namedModules(b)))

/** Same structure, and bitwise-equal tensors position by position. */
export const sameModuleBits = (a: AnyModule, b: AnyModule, eq: (x: Tensor, y: Tensor) => boolean = sameTensorBits): boolean =>
  sameModuleStructure(a, b) && sameTreeBits(a, b, eq)

// ---- Transforms --------------------------------------------------------------------------------

/** `f` keeps structure, names (tree paths and PyTorch names) and shapes. */
export const transformPreservesStructure = (m: AnyModule, f: ModuleTransform): boolean => sameModuleStructure(m, f(m))

/** `f` keeps ties: positions sharing a tensor before share one after. */
export const transformPreservesTies = (m: AnyModule, f: ModuleTransform): boolean => {
  const ls = tree.leaves(f(m))
  return tiedLeafPositions(m).every((g) => g.every((i) => ls[i] === ls[g[0]]))
}

/** `f` transforms a module shared by two parents once: one object at all its paths after. */
export const transformPreservesSharing = (m: AnyModule, f: ModuleTransform): boolean => {
  const r = f(m)
  return sharedModulePaths(m).every((g) => g.every((p) => nn.getSubmodule(r, p) === nn.getSubmodule(r, g[0])))
}

/** `f` leaves its input alone: every tensor's bytes and the module's whole record as they were. */
export const transformDoesNotMutate = (m: AnyModule, f: ModuleTransform): boolean => {
  const before = snapshot(m)
  f(m)
  return sameSnapshot(before, snapshot(m))
}

/** Every field of every module, its sections, lists and configuration are frozen. */
export const moduleDeeplyFrozen = (m: AnyModule): boolean => {
  const frozenData = (x: unknown, depth = 0): boolean => {
    if (typeof x !== 'object' || x === null || x instanceof Tensor || nn.isModule(x) || depth > 64) return true
    const proto = Object.getPrototypeOf(x)
    if (!Array.isArray(x) && proto !== Object.prototype && proto !== null) return true
    return Object.isFrozen(x) && Object.values(x).every((v) => frozenData(v, depth + 1))
  }
  return walkAllPaths(m).modules.every(([, x]) =>
    [x, x.params, x.buffers, x.children, x.nonPersistent, x.frozen].every(Object.isFrozen) && frozenData(x.config))
}

// ---- Casts -------------------------------------------------------------------------------------

const defaultCast: ModuleCast = (m, d) => nn.to(m, d)

/** Casting twice to `dtype` equals casting once, bit for bit. */
export const moduleCastIdempotent = (m: AnyModule, dtype: FloatDType, cast: ModuleCast = defaultCast): boolean => {
  const once = cast(m, dtype)
  return sameModuleBits(once, cast(once, dtype))
}

/** A cast turns each floating tensor into the tensor cast of it and keeps integer/bool ones, dtype and bytes. */
export const castTouchesFloatingOnly = (m: AnyModule, dtype: FloatDType, cast: ModuleCast = defaultCast): boolean => {
  const r = cast(m, dtype)
  const after = tree.leaves(r) as Tensor[]
  return sameModuleStructure(m, r) && (tree.leaves(m) as Tensor[]).every((t, i) =>
    isFloating(t.dtype) ? sameTensorBits(after[i], castTensor(t, dtype)) : sameTensorBits(after[i], t))
}

/** A cast to a non-floating dtype throws an error naming it. */
export const castRejectsNonFloating = (m: AnyModule, dtype: DType, cast: ModuleCast = defaultCast): boolean => {
  try {
    cast(m, dtype)
    return false
  } catch (e) {
    return e instanceof Error && e.message.includes(dtype)
  }
}

/** narrow∘wide∘narrow = narrow, bit for bit (NaN payloads aside), e.g. half∘float∘half = half. */
export const castNarrowWideNarrow = (m: AnyModule, narrow: FloatDType, wide: FloatDType, cast: ModuleCast = defaultCast): boolean => {
  const n = cast(m, narrow)
  return sameModuleBits(cast(cast(n, wide), narrow), n, sameTensorBitsUpToNaN)
}

/** (narrow, wide) pairs where every narrow value is exact in wide. */
export const wideningPairs: readonly (readonly [FloatDType, FloatDType])[] = [
  ['float16', 'float32'], ['float16', 'float64'], ['bfloat16', 'float32'], ['bfloat16', 'float64'], ['float32', 'float64'],
]

/** `half`, `float`, `double`, `bfloat16` agree with `to(m, dtype)` bit for bit. */
export const castShorthandsAgree = (m: AnyModule): boolean =>
  ([['float16', nn.half], ['float32', nn.float], ['float64', nn.double], ['bfloat16', nn.bfloat16]] as const)
    .every(([d, f]) => sameModuleBits(f(m), nn.to(m, d)))

// ---- apply -------------------------------------------------------------------------------------

/** Each distinct module once, children (in order) before their parent, at its first path. */
export const postOrder = (m: AnyModule): AnyModule[] => {
  const seen = new Set<AnyModule>()
  const out: AnyModule[] = []
  const go = (x: AnyModule): void => {
    if (seen.has(x)) return
    seen.add(x)
    for (const [, c] of entries<AnyModule | null>(x.children)) if (c !== null) go(c)
    out.push(x)
  }
  go(m)
  return out
}

/** `apply` visits every distinct module of namedModules exactly once, in post-order. */
export const applyPostOrder = (m: AnyModule, apply: ModuleApply = nn.apply): boolean => {
  const visits: AnyModule[] = []
  apply(m, (x) => (visits.push(x), x))
  const expected = postOrder(m)
  const distinct = new Set(nn.modules(m))
  return sameList(visits, expected) && visits.length === distinct.size && visits.every((v) => distinct.has(v))
}

/** `apply` with the identity gives the same structure with the very same tensors. */
export const applyIdentity = (m: AnyModule, apply: ModuleApply = nn.apply): boolean => {
  const r = apply(m, (x) => x)
  return sameModuleStructure(m, r) && sameList(tree.leaves(r), tree.leaves(m))
}

// ---- Traversals --------------------------------------------------------------------------------

type Named = (m: AnyModule, o?: nn.TraverseOptions) => Iterable<[string, Tensor]>

const membersConsistent = (m: AnyModule, section: 'params' | 'buffers', traverse: Named, get: (m: AnyModule, n: string) => Tensor): boolean => {
  const all = walkAllPaths(m)[section]
  const own = entries<Tensor | null>(m[section]).filter(([, t]) => t !== null)
  const got = [...traverse(m)]
  const full = [...traverse(m, { removeDuplicate: false })]
  const first = firstBy(all, bySlot)
  return new Set(namesOf(got)).size === got.length &&
    got.every(([n, t]) => get(m, n) === t) &&
    sameList(namesOf(got), first.map((s) => s.name)) && sameList(got.map(([, t]) => t), first.map((s) => s.tensor)) &&
    sameList(namesOf(full), all.map((s) => s.name)) && sameList(full.map(([, t]) => t), all.map((s) => s.tensor)) &&
    sameList(namesOf(traverse(m, { prefix: 'pre' })), first.map((s) => `pre.${s.name}`)) &&
    sameList(namesOf(traverse(m, { recurse: false })), namesOf(firstBy(own, ([, t]) => t)))
}

/** namedParameters: unique names agreeing with getParameter, PyTorch's order and de-duplication, every slot with removeDuplicate false. */
export const namedParametersConsistent = (m: AnyModule, traverse: Named = nn.namedParameters): boolean =>
  membersConsistent(m, 'params', traverse, (x, n) => nn.getParameter(x, n))

/** namedBuffers: as namedParameters, with getBuffer, non-persistent buffers included. */
export const namedBuffersConsistent = (m: AnyModule, traverse: Named = nn.namedBuffers): boolean =>
  membersConsistent(m, 'buffers', traverse, (x, n) => nn.getBuffer(x, n))

/** namedModules: root first, pre-order, unique names agreeing with getSubmodule; namedChildren: direct distinct children. */
export const namedModulesConsistent = (m: AnyModule): boolean => {
  const all = walkAllPaths(m).modules
  const got = [...nn.namedModules(m)]
  const first = firstBy(all, byModule)
  const kids = firstBy(entries<AnyModule | null>(m.children).filter(([, c]) => c !== null) as [string, AnyModule][], byModule)
  return got[0][0] === '' && got[0][1] === m && new Set(namesOf(got)).size === got.length &&
    got.every(([n, x]) => nn.getSubmodule(m, n) === x) &&
    sameList(namesOf(got), namesOf(first)) && sameList(got.map(byModule), first.map(byModule)) &&
    sameList(namesOf(nn.namedModules(m, { removeDuplicate: false })), namesOf(all)) &&
    sameList(namesOf(nn.namedModules(m, { prefix: 'root' })), first.map(([p]) => (p === '' ? 'root' : `root.${p}`))) &&
    sameList(namesOf(nn.namedChildren(m)), namesOf(kids)) && sameList([...nn.children(m)], kids.map(byModule))
}

/** mapParameters / mapBuffers call `f` once per distinct tensor, with the names namedParameters / namedBuffers give. */
export const mapNamesAgree = (m: AnyModule): boolean => {
  const seen = (map: typeof nn.mapParameters): string[] => {
    const names: string[] = []
    map(m, (t, n) => (names.push(n), t))
    return names.sort()
  }
  return sameList(seen(nn.mapParameters), namesOf(nn.namedParameters(m)).sort()) &&
    sameList(seen(nn.mapBuffers), namesOf(nn.namedBuffers(m)).sort())
}

// ---- Freezing ----------------------------------------------------------------------------------

/** freeze() marks every parameter (idempotently, tensors untouched); unfreeze() clears every mark. */
export const freezeAllRoundTrip = (m: AnyModule): boolean => {
  const f = nn.freeze(m)
  const expected = new Set(firstBy(walkAllPaths(m).modules, byModule)
    .flatMap(([p, x]) => entries<Tensor | null>(x.params).filter(([, t]) => t !== null).map(([k]) => join(p, k))))
  const got = [...nn.frozenNames(f)]
  return got.length === expected.size && got.every((n) => expected.has(n)) &&
    sameList([...nn.frozenNames(nn.freeze(f))], got) && [...nn.frozenNames(nn.unfreeze(f))].length === 0 &&
    sameList(tree.leaves(f), tree.leaves(m))
}

/**
 * freeze(m, where) with names or module prefixes marks a parameter slot iff it was marked or any
 * path that reaches it (a shared module has several) is selected; other slots keep their mark.
 */
export const freezeMarksSelection = (m: AnyModule, where: readonly string[], freeze: (m: AnyModule, where: readonly string[]) => AnyModule = nn.freeze): boolean => {
  const r = freeze(m, where)
  const picked = (n: string): boolean => where.some((w) => n === w || n.startsWith(`${w}.`))
  const all = walkAllPaths(m).modules
  const want = new Map<AnyModule, Set<string>>()
  for (const [p, x] of all) {
    const s = want.get(x) ?? new Set(x.frozen)
    for (const [k, t] of entries<Tensor | null>(x.params)) if (t !== null && picked(join(p, k))) s.add(k)
    want.set(x, s)
  }
  return all.every(([p, x]) => {
    const y = nn.getSubmodule(r, p)
    return entries<Tensor | null>(x.params).every(([k, t]) => t === null || y.frozen.includes(k) === want.get(x)!.has(k))
  })
}

/** Names `freezeMarksSelection` can select: every parameter name and module path, aliases included. */
export const selectableNames = (m: AnyModule): string[] => {
  const w = walkAllPaths(m)
  return [...new Set([...w.params.map((s) => s.name), ...w.modules.map(([p]) => p).filter((p) => p !== '')])]
}

// ---- Trees -------------------------------------------------------------------------------------

/**
 * tree.unflatten(tree.structure(m), tree.leaves(m)) rebuilds `m` (same structure, repr, tensors),
 * and with fresh copies of the leaves a module of the same layout holding exactly those copies.
 */
export const moduleTreeRoundTrip = (m: AnyModule): boolean => {
  const def = tree.structure(m)
  const ls = tree.leaves(m) as Tensor[]
  const same = tree.unflatten<AnyModule>(def, ls)
  const copies = ls.map((t) => tensor(t) as Tensor)
  const fresh = tree.unflatten<AnyModule>(def, copies)
  return nn.isModule(same) && sameModuleStructure(m, same) && sameList(tree.leaves(same), ls) &&
    nn.isModule(fresh) && sameModuleLayout(m, fresh) && sameList(tree.leaves(fresh), copies)
}

/** Two modules built the same way (same constructor and options, different keys) have the same tree structure, as in JAX. */
export const independentBuildsAgree = (make: (key: Key) => SomeModule, k1: Key, k2: Key): boolean =>
  tree.treedefEqual(tree.structure(make(k1)), tree.structure(make(k2)))

// ---- Running -----------------------------------------------------------------------------------

/** An eval run returns the module itself and the same output bit for bit each time, touching nothing. */
export const evalRunPure = (m: AnyModule, input: unknown, run: ModuleRun = defaultRun): boolean => {
  const before = snapshot([m, input])
  const [y1, m1] = run(m, input, { mode: 'eval' })
  const [y2, m2] = run(m, input, { mode: 'eval' })
  return m1 === m && m2 === m && sameTreeBits(y1, y2) && sameSnapshot(before, snapshot([m, input]))
}

/** Two train runs with one key give bitwise-equal outputs and modules, and leave module and input alone. */
export const trainRunDeterministic = (m: AnyModule, input: unknown, key: Key, run: ModuleRun = defaultRun): boolean => {
  const before = snapshot([m, input])
  const [y1, n1] = run(m, input, { mode: 'train', key })
  const [y2, n2] = run(m, input, { mode: 'train', key })
  return sameTreeBits(y1, y2) && sameModuleBits(n1, n2) && sameSnapshot(before, snapshot([m, input]))
}

/** A train run returns a module of the same structure and sharing, with the very same parameters and marks. */
export const trainRunKeepsParameters = (m: AnyModule, input: unknown, key: Key, run: ModuleRun = defaultRun): boolean => {
  const [, n] = run(m, input, { mode: 'train', key })
  const [a, b] = [walkAllPaths(m), walkAllPaths(n)]
  return sameModuleLayout(m, n) && sameList(a.params.map((s) => s.tensor), b.params.map((s) => s.tensor)) &&
    a.modules.every(([, x], i) => sameList(x.frozen, b.modules[i][1].frozen)) && transformPreservesSharing(m, () => n)
}

/** A module rebuilt from copies of its leaves computes the same eval output, bit for bit. */
export const rebuiltRunsAlike = (m: AnyModule, input: unknown, run: ModuleRun = defaultRun): boolean => {
  const back = tree.unflatten<AnyModule>(tree.structure(m), (tree.leaves(m) as Tensor[]).map((t) => tensor(t)))
  return sameTreeBits(run(m, input, { mode: 'eval' })[0], run(back, input, { mode: 'eval' })[0])
}

// ---- Tables and runners ------------------------------------------------------------------------

/** Every built-in transform, by name: apply, casts, mapParameters, mapBuffers, freezing. */
export const moduleTransforms: readonly (readonly [string, ModuleTransform])[] = [
  ['apply(identity)', (m) => nn.apply(m, (x) => x)],
  ['apply(freeze own)', (m) => nn.apply(m, (x) => nn.rebuild(x, { frozen: entries<Tensor | null>(x.params).filter(([, t]) => t !== null).map(([k]) => k) }))],
  ...floatDTypes.map((d) => [`to(${d})`, (m: AnyModule) => nn.to(m, d)] as const),
  ['to({ dtype: float64, device: cpu })', (m) => nn.to(m, { dtype: 'float64', device: 'cpu' })],
  ['to(cpu)', (m) => nn.to(m, 'cpu')],
  ['half', nn.half], ['float', nn.float], ['double', nn.double], ['bfloat16', nn.bfloat16],
  ['mapParameters(neg)', (m) => nn.mapParameters(m, (p) => p.neg())],
  ['mapParameters(copy)', (m) => nn.mapParameters(m, (p) => tensor(p))],
  ['mapBuffers(copy)', (m) => nn.mapBuffers(m, (b) => tensor(b))],
  ['mapBuffers(floating + 1)', (m) => nn.mapBuffers(m, (b) => (isFloating(b.dtype) ? b.add(1) : b))],
  ['freeze()', (m) => nn.freeze(m)],
  ['freeze(weights)', (m) => nn.freeze(m, (name) => name.endsWith('weight'))],
  ['unfreeze()', (m) => nn.unfreeze(m)],
  ['unfreeze ∘ freeze', (m) => nn.unfreeze(nn.freeze(m))],
]

type Modules = fc.Arbitrary<AnyModule>
const transformArb = fc.constantFrom(...moduleTransforms)
const check = <T extends unknown[]>(arbs: { [K in keyof T]: fc.Arbitrary<T[K]> }, p: (...xs: T) => boolean, runs?: number): void =>
  fc.assert(fc.property(...(arbs as unknown as [fc.Arbitrary<unknown>]), p as unknown as (x: unknown) => boolean), params(runs))

/** Check `transformPreservesStructure` for `f` over `arb`. */
export const checkTransformStructure = (f: ModuleTransform, arb: Modules, runs?: number): void => check([arb], (m) => transformPreservesStructure(m, f), runs)
/** Check `transformPreservesTies` and `transformPreservesSharing` for `f` over `arb`. */
export const checkTransformTies = (f: ModuleTransform, arb: Modules, runs?: number): void =>
  check([arb], (m) => transformPreservesTies(m, f) && transformPreservesSharing(m, f), runs)
/** Check `transformDoesNotMutate` for `f` over `arb`. */
export const checkTransformPure = (f: ModuleTransform, arb: Modules, runs?: number): void => check([arb], (m) => transformDoesNotMutate(m, f), runs)
/**
 * Check every transform law for `f` over `arb`: the one line for a user's own transform.
 * @example
 * import { nn } from 'immutorch'
 * import { arbitraries, checkTransform } from 'immutorch/laws'
 *
 * checkTransform((m) => nn.freeze(m, (name) => name.endsWith('bias')), arbitraries.module.moduleTreeArb(), 10)
 */
export const checkTransform = (f: ModuleTransform, arb: Modules, runs?: number): void =>
  check([arb], (m) => transformPreservesStructure(m, f) && transformPreservesTies(m, f) && transformPreservesSharing(m, f) && transformDoesNotMutate(m, f), runs)

/** Module laws by name; each runner checks its law over modules (all built-in transforms where it is about transforms). */
export const moduleLaws: readonly (readonly [string, (arb: Modules, runs?: number) => void])[] = [
  ['transforms preserve structure, names and shapes', (arb, runs) => check([arb, transformArb], (m, [, f]) => transformPreservesStructure(m, f), runs)],
  ['transforms preserve ties and shared modules', (arb, runs) => check([arb, transformArb], (m, [, f]) => transformPreservesTies(m, f) && transformPreservesSharing(m, f), runs)],
  ['transforms do not mutate their input', (arb, runs) => check([arb, transformArb], (m, [, f]) => transformDoesNotMutate(m, f), runs)],
  ['casts are idempotent', (arb, runs) => check([arb, floatDTypeArb], moduleCastIdempotent, runs)],
  ['casts touch floating tensors only', (arb, runs) => check([arb, floatDTypeArb], castTouchesFloatingOnly, runs)],
  ['casts to non-floating dtypes throw', (arb, runs) => check([arb, nonFloatingDTypeArb], castRejectsNonFloating, runs)],
  ['narrow∘wide∘narrow = narrow (half∘float∘half = half)', (arb, runs) => check([arb, fc.constantFrom(...wideningPairs)], (m, [n, w]) => castNarrowWideNarrow(m, n, w), runs)],
  ['half/float/double/bfloat16 agree with to', (arb, runs) => check([arb], castShorthandsAgree, runs)],
  ['apply visits post-order, each module once', (arb, runs) => check([arb], (m) => applyPostOrder(m), runs)],
  ['apply(identity) keeps every tensor', (arb, runs) => check([arb], (m) => applyIdentity(m), runs)],
  ['namedParameters agrees with getParameter and every path', (arb, runs) => check([arb], (m) => namedParametersConsistent(m), runs)],
  ['namedBuffers agrees with getBuffer and every path', (arb, runs) => check([arb], (m) => namedBuffersConsistent(m), runs)],
  ['namedModules root first, pre-order, agrees with getSubmodule', (arb, runs) => check([arb], namedModulesConsistent, runs)],
  ['mapParameters / mapBuffers name tensors as namedParameters / namedBuffers do', (arb, runs) => check([arb], mapNamesAgree, runs)],
  ['freeze() / unfreeze() mark and clear every parameter', (arb, runs) => check([arb], freezeAllRoundTrip, runs)],
  ['freeze(names) marks exactly the selection', (arb, runs) =>
    check([arb.chain((m) => fc.tuple(fc.constant(m), fc.subarray(selectableNames(m))))], ([m, where]) => freezeMarksSelection(m, where), runs)],
  ['tree.unflatten(structure, leaves) rebuilds the module', (arb, runs) => check([arb], moduleTreeRoundTrip, runs)],
  ['modules are deeply frozen, configuration included', (arb, runs) => check([arb], moduleDeeplyFrozen, runs)],
]

/** Run laws by name; each runner checks its law over run cases. */
export const runLaws: readonly (readonly [string, (arb: fc.Arbitrary<RunCase>, runs?: number) => void])[] = [
  ['eval run is pure', (arb, runs) => check([arb], (c) => evalRunPure(c.module, c.input), runs)],
  ['train run is deterministic for its key', (arb, runs) => check([arb], (c) => trainRunDeterministic(c.module, c.input, c.key), runs)],
  ['train run keeps parameters, structure and sharing', (arb, runs) => check([arb], (c) => trainRunKeepsParameters(c.module, c.input, c.key), runs)],
  ['a module rebuilt from copied leaves runs alike', (arb, runs) => check([arb], (c) => rebuiltRunsAlike(c.module, c.input), runs)],
]

/** Check every module law over `arb`. */
export const checkModuleLaws = (arb: fc.Arbitrary<SomeModule>, runs?: number): void => {
  for (const [, law] of moduleLaws) law(arb as Modules, runs)
}

/** Check every run law over `arb`. */
export const checkRunLaws = (arb: fc.Arbitrary<RunCase>, runs?: number): void => {
  for (const [, law] of runLaws) law(arb, runs)
}

/** The module and run cases `checkLayer` uses for a layer made from a key. */
export const layerCases = <I>(make: (key: Key) => SomeModule, inputArb: fc.Arbitrary<I>): { modules: Modules; runs: fc.Arbitrary<RunCase> } => ({
  modules: seedKeyArb.map((k) => make(k) as AnyModule),
  runs: fc.record({ module: seedKeyArb.map((k) => make(k) as AnyModule), input: inputArb as fc.Arbitrary<unknown>, key: seedKeyArb }),
})

/**
 * Check every module and run law for a layer made by `make(key)`, run on inputs from `inputArb`.
 * @example
 * import { nn } from 'immutorch'
 * import { arbitraries, checkLayer } from 'immutorch/laws'
 *
 * checkLayer((key) => nn.Linear(3, 2, { key }), arbitraries.module.batchArb(3), 5)
 */
export const checkLayer = <I>(make: (key: Key) => SomeModule, inputArb: fc.Arbitrary<I>, runs?: number): void => {
  const c = layerCases(make, inputArb)
  checkModuleLaws(c.modules, runs)
  checkRunLaws(c.runs, runs)
}
