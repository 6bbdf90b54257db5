/**
 * Traversal order, names and sharing against PyTorch (test/fixtures/nn/traverse.json), on a model
 * with own entries, a shared child (c is a), a tied weight (e.weight is d.weight), a None child and
 * a Sequential reached at two paths (b and f.0). Every query's names come from torch, except
 * removeDuplicate: false for parameters and buffers, which torch 1.13 lacks: those lists are the
 * rule of SPEC §4 (PyTorch 2.x's _named_members) written out in the generator over torch's own dicts.
 * Object identity: every tensor or module we return must be the object at that path (found by a
 * naive walk here), and two results are the same object exactly when torch's are.
 */
import { describe, expect, it } from 'vitest'
import { nn, ones, random, zeros, type Tensor } from '../../src/index.js'
import { nnFixture } from './fixtures.js'

type Row = readonly [string, number | string, ...unknown[]]
interface Query { readonly fn: string; readonly options: Record<string, any>; readonly source: 'torch' | 'rule'; readonly result: readonly Row[] }
interface Fixture {
  readonly queries: readonly Query[]
  readonly counts: readonly { parameters: number; buffers: number; modules: number; children: number; parametersNoRecurse: number }[]
  readonly lookups: readonly { submodules: [string, string, number][]; parameters: [string, number][]; buffers: [string, number][] }[]
  /** The modules torch's Module.apply visits, in order: [first path, kind, id]. */
  readonly apply: readonly [string, string, number][]
}

const fx = nnFixture<Fixture>('traverse')

/** The model of the fixture, built the way a user would: shared child by reuse, tie by mapParameters. */
function buildNet() {
  const [ka, kb, kd, ke] = random.split(random.key(9), 4)
  const a = nn.Linear(3, 4, { key: ka })
  const b = nn.Sequential(nn.Linear(4, 4, { key: kb }), nn.BatchNorm1d(4))
  const d = nn.Linear(4, 2, { key: kd })
  const e = nn.mapParameters(nn.Linear(4, 2, { key: ke, bias: false }), (p, name) => (name === 'weight' ? d.params.weight : p))
  return nn.module('Net', {
    params: { scale: ones([2]) },
    buffers: { step: zeros([], { dtype: 'int64' }), cache: zeros([2]) },
    nonPersistent: ['cache'],
    children: { a, b, c: a, d, e, n: null, f: nn.Sequential(b, nn.ReLU()) },
    forward: (_self, x: Tensor) => x,
  })
}

const net = buildNet()

/** The object at a dotted path, by plain property access (independent of the traversals). */
function naive(root: nn.AnyModule, path: string, section?: 'params' | 'buffers'): unknown {
  const segs = path === '' ? [] : path.split('.')
  const last = section === undefined ? undefined : segs.pop()
  let m: nn.AnyModule = root
  for (const s of segs) m = m.children[s] as nn.AnyModule
  return last === undefined ? m : m[section!][last]
}

function ours(q: Query): [string, unknown][] {
  const { of, ...o } = q.options
  const opts = o as nn.TraverseOptions
  switch (q.fn) {
    case 'namedParameters': return [...nn.namedParameters(net, opts)]
    case 'namedBuffers': return [...nn.namedBuffers(net, opts)]
    case 'namedModules': return [...nn.namedModules(net, opts)]
    case 'namedChildren': return [...nn.namedChildren(of === undefined ? net : naive(net, of) as nn.AnyModule)]
  }
  throw new Error(`unknown query ${q.fn}`)
}

const strip = (name: string, prefix: string | undefined): string =>
  prefix === undefined ? name : name === prefix ? '' : name.slice(prefix.length + 1)

/** (our object, torch's id) for every result of a query. */
const idsOf = (q: Query, got: [string, unknown][]): [unknown, number][] =>
  got.map(([, obj], i) => [obj, q.result[i][q.fn === 'namedParameters' || q.fn === 'namedBuffers' ? 1 : 2] as number])

/** (our object, torch's id) for the dotted-path lookups. */
const lookupIds = (): [unknown, number][] => {
  const { submodules, parameters, buffers } = fx.lookups[0]
  return [
    ...submodules.map(([p, , id]): [unknown, number] => [nn.getSubmodule(net, p as string), id]),
    ...parameters.map(([p, id]): [unknown, number] => [nn.getParameter(net, p as string), id]),
    ...buffers.map(([p, id]): [unknown, number] => [nn.getBuffer(net, p as string), id]),
  ]
}

describe('traversals match PyTorch', () => {
  for (const q of fx.queries) {
    it(`${q.fn}(${JSON.stringify(q.options)}) [${q.source}]`, () => {
      const got = ours(q)
      expect(got.map(([n]) => n)).toEqual(q.result.map((r) => r[0]))
      const tensors = q.fn === 'namedParameters' || q.fn === 'namedBuffers'
      got.forEach(([name, obj], i) => {
        const row = q.result[i]
        if (tensors) {
          expect((obj as Tensor).shape, name).toEqual(row[2])
          const section = q.fn === 'namedParameters' ? 'params' : 'buffers'
          const base = q.options.of === undefined ? strip(name, q.options.prefix) : name
          expect(obj, name).toBe(naive(net, base, section))
        } else {
          expect((obj as nn.AnyModule).kind, name).toBe(row[1])
          const base = q.options.of === undefined ? strip(name, q.options.prefix) : `${q.options.of}.${name}`
          expect(obj, name).toBe(naive(net, base))
        }
      })
    })
  }

  it('the lookups by dotted path find modules of torch\'s kinds', () => {
    for (const [p, kind] of fx.lookups[0].submodules) expect(nn.getSubmodule(net, p as string).kind, p).toBe(kind)
  })

  it('two results are the same object exactly when they are in PyTorch (across all queries and lookups)', () => {
    const pairs = [...fx.queries.flatMap((q) => idsOf(q, ours(q))), ...lookupIds()]
    expect(pairs.length).toBeGreaterThan(100)
    const byOurs = new Map<unknown, number>()
    const byTorch = new Map<number, unknown>()
    const clashes: string[] = []
    for (const [obj, id] of pairs) {
      if (byOurs.has(obj) && byOurs.get(obj) !== id) clashes.push(`one of our objects is torch's ${byOurs.get(obj)} and ${id}`)
      if (byTorch.has(id) && byTorch.get(id) !== obj) clashes.push(`torch's ${id} is two different objects of ours`)
      byOurs.set(obj, id)
      byTorch.set(id, obj)
    }
    expect(clashes).toEqual([])
  })

  it('counts parameters, buffers, modules and children as PyTorch', () => {
    const c = fx.counts[0]
    expect([...nn.parameters(net)].length).toBe(c.parameters)
    expect([...nn.parameters(net, { recurse: false })].length).toBe(c.parametersNoRecurse)
    expect([...nn.buffers(net)].length).toBe(c.buffers)
    expect([...nn.modules(net)].length).toBe(c.modules)
    expect([...nn.children(net)].length).toBe(c.children)
  })

  it('parameters/buffers/modules/children yield the objects of their named forms, in order', () => {
    expect([...nn.parameters(net, { removeDuplicate: false })]).toEqual([...nn.namedParameters(net, { removeDuplicate: false })].map(([, t]) => t))
    expect([...nn.buffers(net)]).toEqual([...nn.namedBuffers(net)].map(([, t]) => t))
    expect([...nn.modules(net)]).toEqual([...nn.namedModules(net)].map(([, m]) => m))
    expect([...nn.children(net)]).toEqual([...nn.namedChildren(net)].map(([, m]) => m))
  })

  it('traversals are lazy generators', () => {
    const it = nn.namedParameters(net)
    expect(typeof it.next).toBe('function')
    expect(it.next().value?.[0]).toBe('scale')
  })

  it('summary counts every distinct parameter once, as parameters() does', () => {
    const want = fx.queries.find((q) => q.fn === 'namedParameters' && Object.keys(q.options).length === 0)!
      .result.reduce((a, r) => a + (r[2] as number[]).reduce((x, y) => x * y, 1), 0)
    expect(nn.summary(net)).toContain(`Total params: ${want.toLocaleString('en-US')}`)
  })

  it('apply visits children first, then the module, like torch\'s Module.apply, each distinct module once', () => {
    // torch visits a module shared by two parents once per parent (b after e and again inside f);
    // ours visits each distinct module once, at its first visit, so a transform maps it once.
    const seen = new Set<number>()
    const want = fx.apply.filter(([, , id]) => !seen.has(id) && seen.add(id) !== undefined).map(([n, k]) => `${n}:${k}`)
    expect(want.length).toBeLessThan(fx.apply.length)
    const names = new Map([...nn.namedModules(net)].map(([n, m]) => [m, n]))
    const order: string[] = []
    const out = nn.apply(net, (m) => {
      order.push(`${names.get(m)}:${m.kind}`)
      return m
    })
    expect(order).toEqual(want)
    expect(out).toBe(net)
  })
})
