/**
 * Error messages of the tree functions, written out in full: each names the function that was
 * called, the path where the problem is, and what was expected against what was found (how a
 * value is described: a record by its keys, a node by its label and children, a leaf by its kind).
 */
import { describe, expect, it } from 'vitest'
import * as N from 'fp-ts/lib/number.js'
import * as I from 'fp-ts/lib/Identity.js'
import type { TreeDef, TreeNodeProtocol } from '../../src/tree/index.js'
import {
  Traversable, at, flatten, get, getEq, leaves, leavesWithPaths, map, partition, paths, reduce, reduceRight,
  size, structure, treeNode, unflatten,
} from '../../src/tree/index.js'
import { Labelled } from '../../laws/arbitraries/tree.js'

/** A tree that contains itself at 'a.0'. */
const cyclic = (): unknown => {
  const t: { a: unknown[] } = { a: [] }
  t.a.push(t)
  return t
}
const CYCLE = "the tree contains itself: the container at 'a.0' is also one of its ancestors"

describe('every entry point names itself', () => {
  const calls: ReadonlyArray<readonly [string, (t: unknown) => unknown]> = [
    ['tree.flatten', (t) => flatten(t)],
    ['tree.leaves', (t) => leaves(t)],
    ['tree.structure', (t) => structure(t)],
    ['tree.paths', (t) => paths(t)],
    ['tree.leavesWithPaths', (t) => leavesWithPaths(t)],
    ['tree.map', (t) => map((x: unknown) => x, t)],
    ['tree.partition', (t) => partition(t, () => true)],
    ['tree.reduce', (t) => reduce((a: number) => a, t, 0)],
    ['tree.reduceRight', (t) => reduceRight((_x, a: number) => a, t, 0)],
    ['tree.size', (t) => size(t)],
    ['Tree.traverse', (t) => Traversable.traverse(I.Applicative)(t as never, (x: number) => x)],
    ['Tree.equals', (t) => getEq(N.Eq).equals(t as never, 1)],
    ['Tree.equals', (t) => getEq(N.Eq).equals(1, t as never)],
  ]
  it.each(calls)('%s', (name, call) => {
    expect(() => call(cyclic())).toThrow(`${name}: ${CYCLE}`)
  })
})

describe('structure mismatches name the path and both positions', () => {
  const same = (x: unknown) => x

  it('after a finished container, and inside a container past its first child', () => {
    expect(() => map(same, { a: [1], b: 2 }, { a: [1], b: [2] })).toThrow(
      "tree.map: tree 1 does not have the structure of tree 0 at 'b': expected a leaf, got an array of length 1")
    expect(() => map(same, { a: [1, 2, 3] }, { a: [1, [2], 3] })).toThrow(
      "tree.map: tree 1 does not have the structure of tree 0 at 'a.1': expected a leaf, got an array of length 1")
  })

  it('inside a tree node', () => {
    const node = (head: unknown) => new Labelled('P', ['body', 'head'], [1, head])
    expect(() => map(same, { net: node([1]) }, { net: node([[1]]) })).toThrow(
      "tree.map: tree 1 does not have the structure of tree 0 at 'net.head.0': expected a leaf, got an array of length 1")
  })

  it('when a record gains a key below a shared prefix of keys', () => {
    expect(() => map(same, { x: { a: 1 }, y: 2 }, { x: { a: 1, b: 3 }, y: 2 })).toThrow(
      "tree.map: tree 1 does not have the structure of tree 0 at 'x': expected a record with keys [a], got a record with keys [a, b]")
  })

  it('a node whose static data differ is told apart from a different node kind', () => {
    expect(() => map(same, new Labelled('P', ['a', 'b'], [1, 2]), new Labelled('Q', ['a', 'b'], [1, 2]))).toThrow(
      'tree.map: tree 1 does not have the structure of tree 0 at <root>: expected a Labelled node with children [a, b], ' +
      'got a Labelled node with children [a, b] whose static data differ (sameKind is false)')
    const other: TreeNodeProtocol<{ readonly kids: readonly unknown[] }> = {
      entries: (n) => [['a', n.kids[0]], ['b', n.kids[1]]],
      rebuild: (_n, kids) => ({ [treeNode]: other, kids }),
      label: () => 'Labelled',
    }
    const lookalike = { [treeNode]: other, kids: [1, 2] }
    const message = (() => {
      try { map(same, new Labelled('P', ['a', 'b'], [1, 2]), lookalike) } catch (e) { return (e as Error).message }
      return 'no error'
    })()
    expect(message).toBe('tree.map: tree 1 does not have the structure of tree 0 at <root>: ' +
      'expected a Labelled node with children [a, b], got a Labelled node with children [a, b]')
  })
})

describe('malformed input', () => {
  it('a node giving a child name that is not a string', () => {
    const node = { [treeNode]: { entries: () => [[1, 'x']], rebuild: (n: unknown) => n } }
    expect(() => leaves({ m: node })).toThrow("tree.leaves: node at 'm' gave a non-string child name (1)")
  })

  it('a forged TreeDef whose containers never close', () => {
    const open: TreeDef = { _tag: 'TreeDef', entries: [{ tag: 'array', arity: 2 }, { tag: 'leaf' }], numLeaves: 1 }
    expect(() => unflatten(open, [1])).toThrow('foldDef: malformed TreeDef (positions do not close)')
  })

  it('a forged TreeDef repeating an integer-like record key', () => {
    const twice: TreeDef = {
      _tag: 'TreeDef', entries: [{ tag: 'record', keys: ['1', '1'], nullProto: false }, { tag: 'leaf' }, { tag: 'leaf' }], numLeaves: 2,
    }
    expect(() => unflatten(twice, [1, 2])).toThrow('tree.unflatten: record at <root> lists keys [1, 1] in an order JavaScript cannot keep')
  })

  it('a refused key, with the reason in full', () => {
    expect(() => leaves(JSON.parse('{"a": {"__proto__": 1}}'))).toThrow(
      "tree.leaves: key '__proto__' at 'a.__proto__' is refused " +
      '(__proto__, constructor and prototype may not be tree keys: they would reach Object.prototype)')
  })
})

describe('values are described by kind in messages', () => {
  const under = (t: unknown, path: string): string => {
    try { get(t, path) } catch (e) { return (e as Error).message }
    return 'no error'
  }

  it('leaves: strings quoted, other primitives printed, objects by their constructor', () => {
    expect(under({ s: 'abc' }, 's.x')).toBe(`tree.get: no 'x' under 's': that is leaf string "abc", not a container`)
    expect(under({ n: 3n }, 'n.x')).toBe("tree.get: no 'x' under 'n': that is leaf bigint 3, not a container")
    expect(under({ n: NaN }, 'n.x')).toBe("tree.get: no 'x' under 'n': that is leaf number NaN, not a container")
    expect(under({ f: (x: number) => x }, 'f.x')).toBe("tree.get: no 'x' under 'f': that is leaf Function, not a container")
    // An object whose prototype chain has no constructor at all.
    const bare = Object.create(Object.create(null) as object) as object
    expect(under({ o: bare }, 'o.x')).toBe("tree.get: no 'x' under 'o': that is leaf object, not a container")
  })

  it('containers: a record by its keys, a node by its label', () => {
    const t = { a: 1, b: 2, c: 3 }
    expect(() => at(t, (x) => [x.a, x.b], { p: 1, q: 2 })).toThrow(
      'tree.at: where selected 2 subtrees, so replace must be an array of 2 values or a function; got record {p, q}')
    expect(() => at(t, (x) => [x.a, x.b], new Labelled('Lin', [], []))).toThrow('; got node Labelled')
    expect(() => at(t, () => ({ p: 1, q: 2 }), 0)).toThrow(
      'tree.at: where must return a subtree of its argument, or an array of them; got record {p, q}')
  })
})
