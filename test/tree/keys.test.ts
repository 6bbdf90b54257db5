import { describe, expect, it } from 'vitest'
import type { TreeDef } from '../../src/tree/index.js'
import { at, combine, get, isIntegerLike, leaves, map, paths, structure, treeNode, unflatten } from '../../src/tree/index.js'

const refused = ['__proto__', 'constructor', 'prototype'] as const

describe('refused keys', () => {
  it.each(refused)('flatten refuses a record key %s, naming its path', (k) => {
    const t = JSON.parse(`{"layers": [{"${k}": 1}]}`) as unknown
    expect(() => leaves(t)).toThrow(`tree.leaves: key '${k}' at 'layers.0.${k}' is refused`)
    expect(() => map((x: number) => x, t)).toThrow(`tree.map: key '${k}'`)
    expect(() => paths(t)).toThrow(`'layers.0.${k}'`)
  })

  it.each(refused)('flatten refuses a node child named %s', (k) => {
    const node = { [treeNode]: { entries: () => [[k, 1]], rebuild: (n: unknown) => n } }
    expect(() => structure({ m: node })).toThrow(`key '${k}' at 'm.${k}' is refused`)
  })

  it('unflatten refuses a forged def and leaves Object.prototype alone', () => {
    const forged: TreeDef = {
      _tag: 'TreeDef',
      entries: [{ tag: 'record', keys: ['ok', '__proto__'], nullProto: false }, { tag: 'leaf' }, { tag: 'leaf' }],
      numLeaves: 2,
    }
    expect(() => unflatten(forged, [1, { polluted: true }])).toThrow("tree.unflatten: key '__proto__' at '__proto__' is refused")
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each(refused)('get refuses %s in a path, string or list', (k) => {
    const t = { a: { b: 1 } }
    expect(() => get(t, `a.${k}`)).toThrow(`tree.get: key '${k}' at 'a.${k}' is refused`)
    expect(() => get(t, ['a', k])).toThrow(`key '${k}'`)
  })

  it.each(refused)('at refuses %s in a path and in a replacement subtree', (k) => {
    const t = { a: { b: 1 } }
    expect(() => at(t, `a.${k}`, 2)).toThrow(`tree.at: key '${k}' at 'a.${k}' is refused`)
    expect(() => at(t, 'a.b', JSON.parse(`{"${k}": 1}`))).toThrow(`tree.at: key '${k}'`)
    expect(({} as Record<string, unknown>).b).toBeUndefined()
  })

  it('combine refuses prototype keys in any of its trees', () => {
    expect(() => combine({ a: null }, JSON.parse('{"a": {"constructor": 1}}'))).toThrow("tree.combine: key 'constructor' at 'a.constructor' is refused")
  })

  it('accepts look-alikes', () => {
    const t = { Constructor: 1, proto: 2, __proto: 3, 'prototype ': 4 }
    expect(leaves(t)).toEqual([1, 2, 3, 4])
  })
})

describe('isIntegerLike', () => {
  it.each([
    ['0', true], ['7', true], ['9', true], ['10', true], ['99', true], ['4294967294', true],
    ['4294967295', false], ['07', false], ['-1', false], ['1.5', false], ['1e3', false], ['', false], [' 1', false],
  ] as const)('%j → %s, as the engine orders keys', (k, expected) => {
    expect(isIntegerLike(k)).toBe(expected)
    // Independent reference: does the engine move this key ahead of an earlier string key?
    const o: Record<string, number> = { z: 0 }
    o[k] = 1
    expect(Object.keys(o)[0] === k).toBe(expected)
  })
})
