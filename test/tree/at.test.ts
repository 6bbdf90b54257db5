import { describe, expect, it } from 'vitest'
import type { TreeNodeProtocol } from '../../src/tree/index.js'
import { at, leaves, paths, treeNode } from '../../src/tree/index.js'
import { Labelled } from '../../laws/arbitraries/tree.js'

class Param {
  constructor(readonly value: number) {}
}

const makeNet = () => ({
  layers: [
    { weight: new Float32Array([1, 2]), bias: 0 },
    { weight: new Float32Array([3, 4]), bias: 0 },
  ],
  head: { scale: 1, shift: 1 },
  opt: { lr: 0.1, moments: new Map([['step', 0]]) },
})

describe('at: selecting and replacing', () => {
  it('replaces the leaf a function selects, with a value or with a function of the old one', () => {
    const t = makeNet()
    const w = new Float32Array([9, 9])
    expect(at(t, (n) => n.layers[1].weight, w).layers[1].weight).toBe(w)
    expect(at(t, (n) => n.opt.lr, (lr: number) => lr / 10).opt.lr).toBeCloseTo(0.01, 15)
  })

  it('tells equal primitive leaves apart by position', () => {
    const t = makeNet()
    const out = at(t, (n) => n.head.shift, 5)
    expect(out.head).toEqual({ scale: 1, shift: 5 })
    expect(at(t, (n) => n.layers[0].bias, 7).layers.map((l) => l.bias)).toEqual([7, 0])
  })

  it('takes several selections with one value each, or one function for all', () => {
    const t = makeNet()
    const out = at(t, (n) => [n.head.scale, n.opt.lr, n.layers[0].bias], [2, 0.5, -1])
    expect([out.head.scale, out.opt.lr, out.layers[0].bias]).toEqual([2, 0.5, -1])
    const neg = at(t, (n) => [n.head.scale, n.head.shift], (x: number) => -x)
    expect(neg.head).toEqual({ scale: -1, shift: -1 })
  })

  it('replaces whole subtrees; an array selected alone is one selection', () => {
    const t = makeNet()
    const out = at(t, (n) => n.layers, [])
    expect(out.layers).toEqual([])
    const swapped = at(t, (n) => n.head, { scale: 3 })
    expect(swapped.head).toEqual({ scale: 3 })
    expect(at({ a: null as unknown }, (n) => n.a, 4)).toEqual({ a: 4 })
    expect(at(t, (n) => n, 'all')).toBe('all')
  })

  it('accepts a dotted path or a list of keys', () => {
    const t = makeNet()
    expect(at(t, 'head.scale', 8).head.scale).toBe(8)
    expect(at(t, ['layers', 0, 'bias'], 8).layers[0].bias).toBe(8)
    expect(() => at(t, 'head.nope', 1)).toThrow("tree.at: no 'nope' under 'head': the record has keys [scale, shift]")
  })

  it('keeps record key order, integer-like keys included, and null prototypes', () => {
    const rec: Record<string, number> = { b: 1, '10': 2, a: 3, '2': 4 }
    expect(Object.keys(at(rec, 'a', 0))).toEqual(Object.keys(rec))
    const bare = Object.assign(Object.create(null) as Record<string, number>, { x: 1 })
    expect(Object.getPrototypeOf(at({ bare }, 'bare.x', 2).bare)).toBeNull()
  })
})

describe('at: structural sharing', () => {
  it('shares every untouched branch and freezes only the containers it creates', () => {
    const t = makeNet()
    const snapshot = JSON.stringify(t, (_k, v: unknown) => (v instanceof Float32Array ? [...v] : v instanceof Map ? [...v] : v))
    const out = at(t, (n) => n.layers[0].bias, 1)
    expect(out).not.toBe(t)
    expect(out.layers).not.toBe(t.layers)
    expect(out.layers[0]).not.toBe(t.layers[0])
    expect(out.layers[1]).toBe(t.layers[1])
    expect(out.layers[0].weight).toBe(t.layers[0].weight)
    expect(out.head).toBe(t.head)
    expect(out.opt).toBe(t.opt)
    expect([Object.isFrozen(out), Object.isFrozen(out.layers), Object.isFrozen(out.layers[0])]).toEqual([true, true, true])
    expect([Object.isFrozen(t), Object.isFrozen(t.head), Object.isFrozen(out.head)]).toEqual([false, false, false])
    expect(JSON.stringify(t, (_k, v: unknown) => (v instanceof Float32Array ? [...v] : v instanceof Map ? [...v] : v))).toBe(snapshot)
  })

  it('never freezes, drafts or copies leaves', () => {
    const t = makeNet()
    const fresh = new Float32Array([5])
    const out = at(t, (n) => [n.layers[0].weight, n.opt.lr], [fresh, 0.2])
    expect(out.layers[0].weight).toBe(fresh)
    expect(Object.isFrozen(fresh)).toBe(false)
    fresh[0] = 6 // a typed array stays writable
    expect(fresh[0]).toBe(6)
    out.opt.moments.set('step', 1) // Map leaves keep working (immer's autoFreeze would disable set)
    expect(t.opt.moments.get('step')).toBe(1)
  })

  it('returns the tree itself when nothing changes', () => {
    const t = makeNet()
    expect(at(t, (n) => n.head.scale, 1)).toBe(t)
    expect(at(t, (n) => n.layers[0].weight, (w: Float32Array) => w)).toBe(t)
  })

  it('rebuilds tree nodes through their protocol instead of drafting them', () => {
    let rebuilds = 0
    const protocol: TreeNodeProtocol<{ readonly tag: string; readonly kids: readonly unknown[] }> = {
      entries: (n) => n.kids.map((k, i) => [`k${i}`, k] as const),
      rebuild: (n, kids) => { rebuilds++; return { [treeNode]: protocol, tag: n.tag, kids } },
    }
    const node = { [treeNode]: protocol, tag: 'static', kids: [{ a: 1 }, { b: 2 }] }
    const t = { node, other: { c: 3 } }
    rebuilds = 0
    const out = at(t, 'node.k1.b', 20)
    expect(rebuilds).toBe(1)
    expect(out.node.tag).toBe('static')
    expect(out.node.kids[0]).toBe(node.kids[0])
    expect(out.node.kids[1]).toEqual({ b: 20 })
    expect(out.other).toBe(t.other)
    expect(node.kids[1]).toEqual({ b: 2 })
    expect(Object.isFrozen(node)).toBe(false)
  })

  it('selects through nodes with a function, by the nodes own layout', () => {
    const t = { net: new Labelled('P', ['10', '2'], [{ w: 1 }, 2]) }
    const out = at(t, (n) => (n.net.kids[0] as { w: number }).w, 5)
    expect(out.net).toBeInstanceOf(Labelled)
    expect(out.net.label).toBe('P')
    expect(out.net.kids).toEqual([{ w: 5 }, 2])
    expect(out.net.kids[1]).toBe(2)
  })
})

describe('at: where on the tree itself, then on a mirror', () => {
  /** A node like a module: its rebuild accepts typed arrays (or null) only. */
  class Strict {
    constructor(readonly w: Float32Array, readonly b: Float32Array | null) {
      for (const x of [w, b]) if (x !== null && !(x instanceof Float32Array)) throw new TypeError('Strict: children must be Float32Array')
    }
    get [treeNode](): TreeNodeProtocol<Strict> {
      return strictProtocol
    }
  }
  const strictProtocol: TreeNodeProtocol<Strict> = {
    entries: (s) => [['weight', s.w], ['bias', s.b]],
    rebuild: (_s, [w, b]) => new Strict(w as Float32Array, b as Float32Array | null),
  }
  const strictNet = () => ({ fc: new Strict(new Float32Array([1]), new Float32Array([2])), lr: 0.1 })

  it('finds picked objects by identity, so nodes that reject markers still work', () => {
    const t = strictNet()
    const w = new Float32Array([7])
    const out = at(t, (n) => n.fc.w, w)
    expect(out.fc).toBeInstanceOf(Strict)
    expect(out.fc.w).toBe(w)
    expect(out.fc.b).toBe(t.fc.b)
    expect(out.lr).toBe(0.1)
  })

  it('lets where inspect the tree when it picks objects', () => {
    const t = makeNet()
    const out = at(t, (n) => n.layers.filter((l) => l.weight[0] > 2).map((l) => l.weight), (w: Float32Array) => w.map((x) => -x))
    expect([...out.layers[1].weight]).toEqual([-3, -4])
    expect(out.layers[0]).toBe(t.layers[0])
  })

  it('uses the mirror for primitives, and says so when a node refuses markers', () => {
    const t = strictNet()
    expect(() => at(t, (n) => n.lr, 0.2)).toThrow(
      'tree.at: what where picked is not an object found at exactly one place in the tree (a primitive, null, a shared object, ' +
        'or something outside the tree), so where must run on a mirror of the tree, and a node refused marker children ' +
        '(Strict: children must be Float32Array); select by a path instead',
    )
    expect(at(t, 'lr', 0.2).lr).toBe(0.2)
  })

  it('uses the mirror to tell apart a branch shared by two paths', () => {
    const shared = { x: 1 }
    const out = at({ a: shared, b: shared }, (n) => n.b, { x: 2 })
    expect(out).toEqual({ a: { x: 1 }, b: { x: 2 } })
    expect(out.a).toBe(shared)
  })
})

describe('at: ties', () => {
  const shared = new Param(1)
  const tied = () => ({ enc: { embed: shared }, dec: { proj: shared, bias: new Param(0) } })

  it('keeps ties: a tied object is replaced at every path holding it, with one value', () => {
    const out = at(tied(), (m) => m.enc.embed, new Param(2))
    expect(out.dec.proj).toBe(out.enc.embed)
    expect((out.dec.proj as Param).value).toBe(2)
    let calls = 0
    const viaFn = at(tied(), (m) => m.dec.proj, (p: Param) => { calls++; return new Param(p.value * 10) })
    expect(calls).toBe(1)
    expect(viaFn.enc.embed).toBe(viaFn.dec.proj)
    expect(paths(viaFn)).toEqual(['enc.embed', 'dec.proj', 'dec.bias'])
  })

  it("breaks a tie only when asked with ties: 'break'", () => {
    const out = at(tied(), (m) => m.enc.embed, new Param(2), { ties: 'break' })
    expect(out.dec.proj).toBe(shared)
    expect((out.enc.embed as Param).value).toBe(2)
  })

  it('refuses two different values for one tied object', () => {
    expect(() => at(tied(), (m) => [m.enc.embed, m.dec.proj], [new Param(1), new Param(2)])).toThrow(
      "tree.at: 'enc.embed' is given two different replacements (selected twice, or tied to another selection)",
    )
    const p = new Param(3)
    expect(leaves(at(tied(), (m) => [m.enc.embed, m.dec.proj], [p, p]))).toEqual([p, p, new Param(0)])
  })
})

describe('at: mistakes', () => {
  const t = { a: { b: 1 }, c: [2, 3] }
  it('rejects selections that are not part of the tree', () => {
    expect(() => at(t, () => ({ b: 1 }), 0)).toThrow('tree.at: where must return a subtree of its argument, or an array of them; got record {b}')
    expect(() => at(t, () => 2, 0)).toThrow('; got leaf number 2')
    expect(() => at(t, (n) => (n.a as unknown as { z: unknown }).z, 0)).toThrow('; got undefined')
    expect(() => at(t, (n) => [n.a, 5], [0, 0])).toThrow('; element 1 is leaf number 5')
  })

  it('rejects nested selections and mismatched replacement lists', () => {
    expect(() => at(t, (n) => [n.a, n.a.b], [0, 0])).toThrow("tree.at: selections 'a' and 'a.b' overlap")
    expect(() => at(t, (n) => [n.a.b, n.a], [0, 0])).toThrow("tree.at: selection 'a' overlaps a selection inside it")
    expect(() => at(t, (n) => [n.a.b, n.c], [0])).toThrow('where selected 2 subtrees, so replace must be an array of 2 values or a function; got array of length 1')
    expect(() => at(t, (n) => [n.a.b, n.a.b], [1, 2])).toThrow("'a.b' is given two different replacements")
  })
})

describe('at: which route a selection takes, and what it leaves alone', () => {
  class Box {
    constructor(readonly value: number) {}
  }

  it('finds a record by identity when where picks it by a value inside it', () => {
    const t = { items: [{ name: 'a', w: 1 }, { name: 'b', w: 2 }] }
    const pickB = (n: typeof t) => n.items.find((r) => r.name === 'b')
    expect(at(t, pickB, { name: 'b', w: 20 }).items).toEqual([{ name: 'a', w: 1 }, { name: 'b', w: 20 }])
    expect(at(t, pickB, { name: 'b', w: 20 }, { ties: 'break' }).items[1]).toEqual({ name: 'b', w: 20 })
  })

  it('finds a tied object leaf by identity when where picks it by its value, and replaces every copy', () => {
    const one = new Box(1)
    const t = { list: [one, new Box(2)], alias: one }
    const out = at(t, (n) => n.list.find((b) => b.value === 1), (b: Box) => new Box(b.value + 10))
    expect(out.list[0].value).toBe(11)
    expect(out.alias).toBe(out.list[0])
    expect(out.list[1]).toBe(t.list[1])
  })

  it('calls a replace function once for a tied object selected at both of its places', () => {
    const box = new Box(1)
    let calls = 0
    const out = at({ a: box, b: box }, (n) => [n.a, n.b], (b: Box) => { calls++; return new Box(b.value + 1) })
    expect(calls).toBe(1)
    expect(out.a).toBe(out.b)
    expect(out.a.value).toBe(2)
  })

  it('keeps a tie when the selections mix a tied object with a primitive, and leaves equal primitives elsewhere alone', () => {
    const box = new Box(1)
    const t = { a: box, c: box, n: 5, m: 5 }
    const nine = new Box(9)
    const out = at(t, (x) => [x.a, x.n], [nine, 6])
    expect(out).toEqual({ a: nine, c: nine, n: 6, m: 5 })
    expect(out.c).toBe(nine)
  })

  it('calls a replace function for each selected empty subtree, tying nothing', () => {
    const out = at({ a: null, b: null }, (n) => [n.a, n.b], () => ({ fresh: true }))
    expect(out).toEqual({ a: { fresh: true }, b: { fresh: true } })
    expect(out.a).not.toBe(out.b)
  })

  it('treats an array container picked on the mirror as one selection', () => {
    const shared = [1, 2]
    const out = at({ a: shared, b: shared }, (n) => n.a, 'x')
    expect(out).toEqual({ a: 'x', b: [1, 2] })
    expect(out.b).toBe(shared)
  })

  it('hands where frozen markers on the mirror, so where cannot redirect a selection', () => {
    const t = { a: 1, b: 2 }
    const sneaky = (n: typeof t) => {
      if (typeof n.a === 'object') (n.a as unknown as { keys: string[] }).keys = ['b']
      return n.a
    }
    expect(() => at(t, sneaky, 9)).toThrow(TypeError)
  })

  it('keeps the node refusal as the cause of its error', () => {
    const strict: TreeNodeProtocol<{ readonly v: number }> = {
      entries: (n) => [['v', n.v]],
      rebuild: (_n, [v]) => {
        if (typeof v !== 'number') throw new TypeError('Strict: v must be a number')
        return { [treeNode]: strict, v }
      },
    }
    const t = { s: { [treeNode]: strict, v: 1 }, k: 2 }
    let caught: unknown
    try { at(t, (n) => n.k, 3) } catch (e) { caught = e }
    expect(caught).toBeInstanceOf(TypeError)
    expect(((caught as Error).cause as Error).message).toBe('Strict: v must be a number')
  })

  it('returns its input untouched and unfrozen when a replacement equals the old value, through nodes too', () => {
    const t = { a: { b: 1 }, net: new Labelled('P', ['w'], [2]) }
    expect(at(t, 'a.b', 1)).toBe(t)
    expect(at(t, 'net.w', 2)).toBe(t)
    expect([Object.isFrozen(t), Object.isFrozen(t.a)]).toEqual([false, false])
  })
})
