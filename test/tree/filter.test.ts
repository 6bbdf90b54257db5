import { describe, expect, it } from 'vitest'
import { combine, filter, leaves, partition } from '../../src/tree/index.js'
import { Labelled } from '../../laws/arbitraries/tree.js'

class Frozen {
  constructor(readonly value: number) {}
}

const isNumber = (x: unknown): boolean => typeof x === 'number'

describe('filter / partition / combine', () => {
  it('filter sets the leaves failing the predicate to null and keeps the shape', () => {
    const t = { w: 1, name: 'fc', sub: [2, 'x', null], cfg: { act: 'relu' } }
    expect(filter(t, isNumber)).toStrictEqual({ w: 1, name: null, sub: [2, null, null], cfg: { act: null } })
  })

  it('passes each leaf path to the predicate', () => {
    const seen: string[] = []
    filter({ a: [1], b: { c: 2 } }, (_x, p) => { seen.push(p); return true })
    expect(seen).toEqual(['a.0', 'b.c'])
  })

  it('partition splits in two and combine puts them back', () => {
    const frozen = new Frozen(1)
    const t = { enc: new Labelled('P', ['10', '2'], [frozen, 3]), dec: [4, frozen], lr: 'x' }
    const [trainable, rest] = partition(t, isNumber)
    expect(trainable.enc.kids).toEqual([null, 3])
    expect(trainable.dec).toEqual([4, null])
    expect(rest.enc.kids).toEqual([frozen, null])
    expect(rest.lr).toBe('x')
    const back = combine(trainable, rest)
    expect(back.enc).toBeInstanceOf(Labelled)
    expect(back.enc.label).toBe('P')
    expect(leaves(back)).toEqual(leaves(t))
    expect(back.dec[1]).toBe(back.enc.kids[0])
  })

  it('combine takes the first non-null leaf, or null', () => {
    expect(combine({ a: 1, b: null, c: null }, { a: 2, b: 3, c: null }, { a: 4, b: 5, c: null })).toEqual({ a: 1, b: 3, c: null })
    expect(combine([null, 0, false], [7, 8, 9])).toEqual([7, 0, false])
    expect(combine({ a: undefined, b: 1 })).toEqual({ a: undefined, b: 1 })
  })

  it('combine requires one shape, naming where it differs', () => {
    expect(() => combine({ a: { b: 1 } }, { a: null }, { a: [1] })).toThrow(
      "tree.combine: tree 1 does not have the structure of tree 0 at 'a': expected a record with keys [b], got a leaf",
    )
  })

  it('asks the predicate once per tied object, so a tie never splits', () => {
    const shared = new Frozen(2)
    let calls = 0
    const [a, b] = partition({ x: shared, y: [shared] }, () => ++calls === 1)
    expect(calls).toBe(1)
    expect(a).toEqual({ x: shared, y: [shared] })
    expect(b).toEqual({ x: null, y: [null] })
  })
})
