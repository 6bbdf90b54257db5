import { describe, expect, it } from 'vitest'
import { at, combine, filter, flatten, get, leaves, map, mapWithPath, partition, paths, reduce, showTreeDef, unflatten } from '../../src/tree/index.js'

// Each case is an @example from the API docs, with the value the doc comment promises.
describe('documented examples', () => {
  it('flatten / unflatten', () => {
    const [ls, def] = flatten({ a: [1, 2], b: null })
    expect(ls).toEqual([1, 2])
    expect(showTreeDef(def)).toBe('{a: [*, *], b: null}')
    expect(unflatten(def, ls)).toEqual({ a: [1, 2], b: null })
  })
  it('leaves', () => expect(leaves({ b: 1, a: [2, null], '10': 3 })).toEqual([3, 1, 2]))
  it('paths', () => expect(paths({ layers: [{ weight: 1, bias: 2 }] })).toEqual(['layers.0.weight', 'layers.0.bias']))
  it('map', () => expect(map((x: number, y: number) => x + y, { a: 1, b: [2] }, { a: 10, b: [20] })).toEqual({ a: 11, b: [22] }))
  it('mapWithPath', () => expect(mapWithPath((p: string, x: number) => `${p}=${x}`, { a: 1, b: [2] })).toEqual({ a: 'a=1', b: ['b.0=2'] }))
  it('get', () => expect(get({ layers: [{ weight: 1 }] }, 'layers.0.weight')).toBe(1))
  it('at', () => expect(at({ a: { b: 1 }, c: [2] }, (t) => t.a.b, (x: number) => x + 1)).toEqual({ a: { b: 2 }, c: [2] }))
  it('filter', () => expect(filter({ a: 1, b: 'x' }, (x) => typeof x === 'number')).toEqual({ a: 1, b: null }))
  it('partition', () => expect(partition([1, 'x'], (x) => typeof x === 'number')).toEqual([[1, null], [null, 'x']]))
  it('combine', () => expect(combine({ a: 1, b: null }, { a: null, b: 2 })).toEqual({ a: 1, b: 2 }))
  it('reduce', () => expect(reduce((acc: number, x: number) => acc + x, { a: 1, b: [2, 3] }, 0)).toBe(6))
})
