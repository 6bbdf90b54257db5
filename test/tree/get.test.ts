import { describe, expect, it } from 'vitest'
import { pipe } from 'fp-ts/lib/function.js'
import { get, getAt, leaves, leavesWithPaths, paths } from '../../src/tree/index.js'
import { Labelled } from '../../laws/arbitraries/tree.js'

const weight = new Float32Array([1, 2])
const model = {
  layers: [{ weight, bias: 0.5 }, { weight: 3, bias: null }],
  head: new Labelled('P', ['10', '2'], [{ w: 'a' }, 'b']),
  'dotted.key': 9,
}

describe('paths', () => {
  it('joins keys with dots, PyTorch style, in leaf order', () => {
    expect(paths(model)).toEqual([
      'layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'head.10.w', 'head.2', 'dotted.key',
    ])
    expect(leavesWithPaths({ a: [7] })).toEqual([['a.0', 7]])
  })

  it('lists each path of a tied object', () => {
    const shared = new Float32Array(1)
    expect(paths({ a: shared, b: { c: shared } })).toEqual(['a', 'b.c'])
  })
})

describe('get', () => {
  it('follows a dotted path or a list of keys', () => {
    expect(get(model, 'layers.0.weight')).toBe(weight)
    expect(get(model, ['layers', 0, 'weight'])).toBe(weight)
    expect(get(model, 'layers.1')).toBe(model.layers[1])
    expect(get(model, 'head.10.w')).toBe('a')
    expect(get(model, '')).toBe(model)
    expect(get(model, [])).toBe(model)
    expect(get(model, ['dotted.key'])).toBe(9)
    expect(pipe(model, getAt('layers.0.bias'))).toBe(0.5)
  })

  it('agrees with leaves on every path', () => {
    const ls = leaves(model)
    paths(model).slice(0, 5).forEach((p, i) => expect(get(model, p)).toBe(ls[i]))
  })

  it('goes through node entries, not through object properties', () => {
    expect(() => get(model, 'head.label')).toThrow("tree.get: no 'label' under 'head': the node's children are [10, 2]")
    expect(() => get(model, 'head.kids')).toThrow("no 'kids' under 'head'")
  })

  it('names the missing segment and what was there', () => {
    expect(() => get(model, 'layers.0.wieght')).toThrow("tree.get: no 'wieght' under 'layers.0': the record has keys [weight, bias]")
    expect(() => get(model, 'layers.2')).toThrow("tree.get: no '2' under 'layers': index out of range for an array of length 2")
    expect(() => get(model, 'layers.first')).toThrow("no 'first' under 'layers': that is an array, and 'first' is not an index")
    expect(() => get(model, 'layers.01')).toThrow("'01' is not an index")
    expect(() => get(model, 'layers.0.weight.0')).toThrow("tree.get: no '0' under 'layers.0.weight': that is leaf Float32Array, not a container")
    expect(() => get(model, 'layers.1.bias.x')).toThrow("no 'x' under 'layers.1.bias': that is null, not a container")
    expect(() => get(model, 'nope')).toThrow("no 'nope' under <root>")
    expect(() => get(model, ['layers', -1])).toThrow('path keys must be strings or non-negative integers, got -1')
  })

  it('does not read inherited or non-enumerable properties', () => {
    const t = Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false })
    expect(() => get(t, 'hidden')).toThrow("no 'hidden' under <root>")
    expect(() => get({ a: 1 }, 'toString')).toThrow("no 'toString'")
  })
})

describe('get with array indices', () => {
  it('reads indices of two digits and refuses non-canonical ones', () => {
    const a = Array.from({ length: 12 }, (_, i) => i * 10)
    expect([get({ a }, 'a.11'), get({ a }, ['a', 10])]).toEqual([110, 100])
    expect(() => get({ a }, 'a.1x')).toThrow("tree.get: no '1x' under 'a': that is an array, and '1x' is not an index")
    expect(() => get({ a }, 'a.012')).toThrow("'012' is not an index")
  })
})
