import { describe, expect, it } from 'vitest'
import type { TreeDef, TreeNodeProtocol } from '../../src/tree/index.js'
import { flatten, leaves, paths, showTreeDef, structure, treeNode, treedefEqual, unflatten } from '../../src/tree/index.js'

/** A worked tree node: named children in its own order, plus static data a rebuild keeps. */
class Chain {
  constructor(readonly title: string, readonly names: readonly string[], readonly kids: readonly unknown[]) {}
  get [treeNode](): TreeNodeProtocol<Chain> {
    return chainProtocol
  }
}
const chainProtocol: TreeNodeProtocol<Chain> = {
  entries: (c) => c.names.map((k, i) => [k, c.kids[i]] as const),
  rebuild: (c, kids) => new Chain(c.title, c.names, kids),
  sameKind: (a, b) => a.title === b.title,
}

class Opaque {
  constructor(readonly inner: { readonly hidden: number }) {}
}

describe('flatten / unflatten', () => {
  it('lists leaves depth first: records in key order, arrays by index', () => {
    const t = { w: 1, b: [2, { c: 3, a: 4 }], z: 5 }
    const [ls, def] = flatten(t)
    expect(ls).toEqual([1, 2, 3, 4, 5])
    expect(showTreeDef(def)).toBe('{w: *, b: [*, {c: *, a: *}], z: *}')
    expect(unflatten(def, [10, 20, 30, 40, 50])).toEqual({ w: 10, b: [20, { c: 30, a: 40 }], z: 50 })
  })

  it('orders integer-like record keys ascending first, as the engine enumerates them', () => {
    const t: Record<string, string> = {}
    for (const k of ['b', '10', 'a', '2', '07', '0']) t[k] = k
    expect(leaves(t)).toEqual(['0', '2', '10', 'b', 'a', '07'])
    expect(paths(t)).toEqual(['0', '2', '10', 'b', 'a', '07'])
    const back = unflatten<Record<string, string>>(structure(t), leaves(t))
    expect(Object.keys(back)).toEqual(Object.keys(t))
  })

  it('refuses a def whose record key order the engine would silently change', () => {
    const forged = (keys: string[]): TreeDef => ({
      _tag: 'TreeDef',
      entries: [{ tag: 'record', keys, nullProto: false }, ...keys.map(() => ({ tag: 'leaf' as const }))],
      numLeaves: keys.length,
    })
    expect(() => unflatten(forged(['b', '10']), [1, 2])).toThrow('tree.unflatten: record at <root> lists keys [b, 10] in an order JavaScript cannot keep')
    expect(() => unflatten(forged(['10', '2']), [1, 2])).toThrow('in an order JavaScript cannot keep')
    expect(Object.keys(unflatten(forged(['2', '10', 'b', 'a', '07']), [1, 2, 3, 4, 5]) as object)).toEqual(['2', '10', 'b', 'a', '07'])
  })

  it('keeps null and undefined as empty subtrees with no leaves', () => {
    const t = { a: null, b: [undefined, 1], c: { d: null } }
    const [ls, def] = flatten(t)
    expect(ls).toEqual([1])
    expect(showTreeDef(def)).toBe('{a: null, b: [undefined, *], c: {d: null}}')
    const back = unflatten<typeof t>(def, [7])
    expect(back).toStrictEqual({ a: null, b: [undefined, 7], c: { d: null } })
    expect(flatten(null)[0]).toEqual([])
    expect(unflatten(structure(undefined), [])).toBeUndefined()
  })

  it('treats non-plain objects as leaves and never looks inside them', () => {
    const fn = (x: number) => x
    const typed = new Float32Array([1, 2])
    const map = new Map([['k', 1]])
    const date = new Date(0)
    const box = new Opaque({ hidden: 1 })
    const t = [fn, typed, map, date, box, 'str', 3n, true, Symbol.for('s')]
    expect(leaves(t)).toEqual(t)
    expect(leaves(t)[1]).toBe(typed)
    expect(leaves(5)).toEqual([5])
    expect(paths(5)).toEqual([''])
  })

  it('rebuilds records with their null prototype', () => {
    const t = Object.assign(Object.create(null) as Record<string, unknown>, { x: 1, y: { z: 2 } })
    const back = unflatten<Record<string, unknown>>(structure(t), [3, 4])
    expect(Object.getPrototypeOf(back)).toBeNull()
    expect(Object.getPrototypeOf(back.y)).toBe(Object.prototype)
    expect(leaves(back)).toEqual([3, 4])
  })

  it('flattens tree nodes in their own order and rebuilds them with their static data', () => {
    const node = new Chain('mlp', ['10', '2', 'head'], [{ w: 1 }, 2, [3]])
    const [ls, def] = flatten({ net: node })
    expect(ls).toEqual([1, 2, 3])
    expect(paths({ net: node })).toEqual(['net.10.w', 'net.2', 'net.head.0'])
    expect(showTreeDef(def)).toBe('{net: Chain{10: {w: *}, 2: *, head: [*]}}')
    const back = unflatten<{ net: Chain }>(def, ['a', 'b', 'c'])
    expect(back.net).toBeInstanceOf(Chain)
    expect(back.net.title).toBe('mlp')
    expect(back.net.names).toBe(node.names)
    expect(back.net.kids).toEqual([{ w: 'a' }, 'b', ['c']])
  })

  it('prints a node by its protocol label, else its class name', () => {
    const labelled: TreeNodeProtocol<{ readonly kind: string; readonly w: unknown }> = {
      entries: (n) => [['weight', n.w]],
      rebuild: (n, [w]) => ({ ...n, w }),
      label: (n) => n.kind,
    }
    const linear = { [treeNode]: labelled, kind: 'Linear', w: 1 }
    expect(showTreeDef(structure([linear, new Chain('c', [], [])]))).toBe('[Linear{weight: *}, Chain{}]')
  })

  it('compares node kinds through the protocol and sameKind', () => {
    const a = new Chain('x', ['p'], [1])
    expect(treedefEqual(structure(a), structure(new Chain('x', ['p'], [9])))).toBe(true)
    expect(treedefEqual(structure(a), structure(new Chain('y', ['p'], [1])))).toBe(false)
    expect(treedefEqual(structure(a), structure(new Chain('x', ['q'], [1])))).toBe(false)
    expect(treedefEqual(structure(a), structure({ p: 1 }))).toBe(false)
    expect(treedefEqual(structure({ a: 1, b: 2 }), structure({ b: 1, a: 2 }))).toBe(false)
    expect(treedefEqual(structure([1, null]), structure([1, undefined]))).toBe(false)
    expect(treedefEqual(structure({ a: [1] }), structure(Object.assign(Object.create(null), { a: [5] })))).toBe(true)
  })

  it('honours isLeaf', () => {
    const t = { a: [1, 2], b: null }
    expect(leaves(t, { isLeaf: Array.isArray })).toEqual([[1, 2]])
    expect(leaves(t, { isLeaf: (x) => x === null })).toEqual([1, 2, null])
    expect(paths(t, { isLeaf: Array.isArray })).toEqual(['a'])
    expect(paths(t, { isLeaf: (x) => x === null })).toEqual(['a.0', 'a.1', 'b'])
  })

  it('does not change its input', () => {
    const t = { a: [1, { b: 2 }], c: null }
    const snapshot = JSON.stringify(t)
    const [ls, def] = flatten(t)
    unflatten(def, ls.map(() => 0))
    expect(JSON.stringify(t)).toBe(snapshot)
    expect(Object.isFrozen(t)).toBe(false)
  })

  it('reports a wrong number of leaves', () => {
    expect(() => unflatten(structure({ a: 1, b: [2] }), [1])).toThrow('tree.unflatten: the structure has 2 leaves, got 1')
  })

  it('reports a cycle with its path instead of overflowing the stack', () => {
    const t: { a: { b: unknown[] } } = { a: { b: [] } }
    t.a.b.push(0, t.a)
    expect(() => leaves(t)).toThrow("tree.leaves: the tree contains itself: the container at 'a.b.1' is also one of its ancestors")
    const self: { me?: unknown } = {}
    self.me = self
    expect(() => flatten(self)).toThrow("'me'")
  })

  it('allows the same container at two places (a shared branch, not a cycle)', () => {
    const shared = { w: 1 }
    expect(paths({ a: shared, b: shared })).toEqual(['a.w', 'b.w'])
  })

  it('handles nesting far deeper than the call stack', () => {
    let deep: unknown = 'leaf'
    for (let i = 0; i < 50_000; i++) deep = i % 2 === 0 ? [deep] : { k: deep }
    const [ls, def] = flatten(deep)
    expect(ls).toEqual(['leaf'])
    expect(def.entries.length).toBe(50_001)
    let back = unflatten<unknown>(def, ['new'])
    for (let i = 50_000 - 1; i >= 0; i--) back = i % 2 === 0 ? (back as unknown[])[0] : (back as { k: unknown }).k
    expect(back).toBe('new')
  })

  it('rejects malformed node protocols and child names', () => {
    const bad = { [treeNode]: { entries: () => [] } }
    expect(() => leaves(bad)).toThrow('lacks entries() or rebuild()')
    const twice = new Chain('t', ['a', 'a'], [1, 2])
    expect(() => leaves({ x: twice })).toThrow("tree.leaves: node at 'x' gave the child name 'a' twice")
  })
})
