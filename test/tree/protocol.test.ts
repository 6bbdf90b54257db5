/**
 * The tree-node protocol at its edges (what carries a protocol, what a malformed one is, how a node
 * without a constructor is named) and TreeDef equality and printing on the cases that separate
 * position kinds: a leaf from an empty subtree, one node kind from another with the same child
 * names, a def from itself, and record keys that need quoting.
 */
import { describe, expect, it } from 'vitest'
import type { TreeNodeProtocol } from '../../src/tree/index.js'
import {
  Functor, URI, isTreeNode, leaves, protocolOf, showTreeDef, structure, treeNode, treedefEqual,
} from '../../src/tree/index.js'
import { Labelled } from '../../laws/arbitraries/tree.js'

const protocol: TreeNodeProtocol<{ readonly kid: unknown }> = {
  entries: (n) => [['kid', n.kid]],
  rebuild: (n, [kid]) => ({ ...n, kid }),
}

describe('what is a tree node', () => {
  it('the protocol symbol is shared through the global symbol registry', () => {
    expect(treeNode).toBe(Symbol.for('immutorch.treeNode'))
  })

  it('isTreeNode and protocolOf: objects and functions carrying a protocol object', () => {
    const node = { [treeNode]: protocol, kid: 1 }
    expect([isTreeNode(node), isTreeNode(new Labelled('P', [], []))]).toEqual([true, true])
    expect(protocolOf(node)).toBe(protocol)
    // A function may carry the protocol too; then it is a node, not a leaf.
    const fnNode = Object.assign(() => 0, { [treeNode]: protocol, kid: 7 })
    expect([isTreeNode(fnNode), protocolOf(fnNode) === protocol]).toEqual([true, true])
    expect(leaves({ f: fnNode })).toEqual([7])
  })

  it('everything else is not a node, and asking never throws', () => {
    const others = [null, undefined, 0, 'str', true, 3n, Symbol.for('s'), {}, [], () => 0, { [treeNode]: null }, { [treeNode]: 'x' }]
    expect(others.map(isTreeNode)).toEqual(others.map(() => false))
    expect(others.map(protocolOf)).toEqual(others.map(() => undefined))
  })

  it('a protocol lacking either function is an error', () => {
    expect(() => isTreeNode({ [treeNode]: { rebuild: (n: unknown) => n } })).toThrow(
      'tree: an object carries [treeNode] but its protocol lacks entries() or rebuild() functions')
    expect(() => isTreeNode({ [treeNode]: { entries: () => [] } })).toThrow('lacks entries() or rebuild()')
  })

  it('a function is a leaf whatever its prototype', () => {
    const orphan = Object.setPrototypeOf(function orphan() { return 0 }, null) as object
    expect(leaves({ f: orphan })).toEqual([orphan])
  })

  it('a node without a label or a constructor is printed as Node', () => {
    const bare = Object.assign(Object.create(null) as object, { [treeNode]: protocol, kid: 1 })
    expect(showTreeDef(structure([bare]))).toBe('[Node{kid: *}]')
  })
})

describe('TreeDef equality', () => {
  it('a def equals itself', () => {
    const def = structure({ a: [1, null], b: new Labelled('P', ['x'], [2]) })
    expect(treedefEqual(def, def)).toBe(true)
  })

  it('a leaf is neither undefined nor null', () => {
    expect(treedefEqual(structure([1]), structure([undefined]))).toBe(false)
    expect(treedefEqual(structure([undefined]), structure([1]))).toBe(false)
    expect(treedefEqual(structure([null]), structure([1]))).toBe(false)
  })

  it('two node kinds with the same child names differ', () => {
    const other: TreeNodeProtocol<{ readonly kid: unknown }> = { ...protocol }
    expect(treedefEqual(structure({ [treeNode]: protocol, kid: 1 }), structure({ [treeNode]: other, kid: 1 }))).toBe(false)
    expect(treedefEqual(structure({ [treeNode]: protocol, kid: 1 }), structure({ [treeNode]: protocol, kid: 2 }))).toBe(true)
  })

  it('carries its tag', () => {
    expect(structure({ a: 1 })._tag).toBe('TreeDef')
  })
})

describe('showTreeDef quotes keys that are neither identifiers nor array indices', () => {
  it.each([
    ['a', 'a'], ['_x$1', '_x$1'], ['0', '0'], ['10', '10'],
    ['1a', '"1a"'], ['a-b', '"a-b"'], ['-1', '"-1"'], ['01', '"01"'], ['x 1', '"x 1"'], ['', '""'],
  ])('%j prints as %s', (key, shown) => {
    expect(showTreeDef(structure({ [key]: 1 }))).toBe(`{${shown}: *}`)
  })
})

describe('the fp-ts instances', () => {
  it('are tagged with the Tree URI', () => {
    expect([URI, Functor.URI]).toEqual(['immutorch/Tree', 'immutorch/Tree'])
  })
})
