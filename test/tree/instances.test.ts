import { describe, expect, it } from 'vitest'
import * as A from 'fp-ts/lib/Array.js'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as IO from 'fp-ts/lib/IO.js'
import * as N from 'fp-ts/lib/number.js'
import * as O from 'fp-ts/lib/Option.js'
import * as T from 'fp-ts/lib/Task.js'
import type { Tree } from '../../src/tree/index.js'
import { Foldable, Functor, Traversable, getEq, leaves, reduce, reduceRight, size } from '../../src/tree/index.js'
import { Labelled } from '../../laws/arbitraries/tree.js'

class Id {
  constructor(readonly id: string) {}
}

const t: Tree<number> = { b: [1, 2], a: { '10': 3, '2': 4 }, n: null }

describe('fp-ts instances', () => {
  it('Functor maps leaves', () => {
    expect(Functor.map(t, (x) => x * 2)).toStrictEqual({ b: [2, 4], a: { '2': 8, '10': 6 }, n: null })
  })

  it('Foldable folds leaves in leaves order', () => {
    expect(Foldable.reduce(t, '', (acc, x) => acc + x)).toBe('1243')
    expect(Foldable.reduceRight(t, '', (x, acc) => acc + x)).toBe('3421')
    expect(Foldable.foldMap(N.MonoidSum)(t, (x) => x)).toBe(10)
    expect(reduce((acc: number[], x: number) => [...acc, x], t, [])).toEqual([1, 2, 4, 3])
    expect(reduceRight((x: number, acc: number[]) => [...acc, x], t, [])).toEqual([3, 4, 2, 1])
    expect(size(t)).toBe(4)
  })

  it('traverse with Either: all Right rebuilds the tree, the first Left in leaf order wins', () => {
    const half = (x: number): E.Either<string, number> => (x % 2 === 0 ? E.right(x / 2) : E.left(`odd ${x}`))
    expect(Traversable.traverse(E.Applicative)({ a: [2, 4], b: 6 }, half)).toEqual(E.right({ a: [1, 2], b: 3 }))
    expect(Traversable.traverse(E.Applicative)(t, half)).toEqual(E.left('odd 1'))
    expect(Traversable.traverse(E.Applicative)({ x: [2, 3], y: 5 }, half)).toEqual(E.left('odd 3'))
  })

  it('traverse with Task runs the effects in leaf order and rebuilds nodes', async () => {
    const log: number[] = []
    const tree = { m: new Labelled('P', ['10', '2'], [1, [2, 3]]) }
    const task = Traversable.traverse(T.ApplicativeSeq)(tree, (x: number) => async () => { log.push(x); return x + 100 })
    expect(log).toEqual([]) // nothing runs until the task does
    const out = (await task()) as { m: Labelled }
    expect(log).toEqual([1, 2, 3])
    expect(out.m).toBeInstanceOf(Labelled)
    expect(out.m.kids).toEqual([101, [102, 103]])
    const par = await Traversable.sequence(T.ApplicativePar)([T.of(1), { k: T.of(2) }])()
    expect(par).toEqual([1, { k: 2 }])
  })

  it('traverse runs the effect of a tied object once and keeps the tie', async () => {
    const shared = new Id('s')
    const tied: Tree<Id> = [shared, { again: shared }, new Id('x')]
    let runs = 0
    const out = (await Traversable.traverse(T.ApplicativeSeq)(tied, (x: Id) => async () => {
      runs++
      return new Id(x.id.toUpperCase())
    })()) as [Id, { again: Id }, Id]
    expect(runs).toBe(2)
    expect(out[1].again).toBe(out[0])
    expect(out.map((x) => (x instanceof Id ? x.id : x.again.id))).toEqual(['S', 'S', 'X'])
  })

  it('traverse with a non-deterministic applicative (Array) yields every combination', () => {
    const both = Traversable.traverse(A.Applicative)([1, { a: 2 }], (x: number) => [x, -x])
    expect(both).toEqual([[1, { a: 2 }], [1, { a: -2 }], [-1, { a: 2 }], [-1, { a: -2 }]])
  })

  it('sequence with IO (function leaves)', () => {
    expect(Traversable.sequence(IO.Applicative)({ a: IO.of(1), b: [() => 2] })()).toEqual({ a: 1, b: [2] })
  })

  it('traverse into Option; Option values themselves are plain records, so a tree of them is not a tree of leaves', () => {
    const pos = (x: number): O.Option<number> => (x > 0 ? O.some(x) : O.none)
    expect(Traversable.traverse(O.Applicative)({ a: 1, b: [2] }, pos)).toEqual(O.some({ a: 1, b: [2] }))
    expect(Traversable.traverse(O.Applicative)({ a: 1, b: [0] }, pos)).toEqual(O.none)
    expect(leaves({ a: O.some(1) })).toEqual(['Some', 1])
  })

  it('getEq compares structure and leaves', () => {
    const eq = getEq(N.Eq)
    expect(eq.equals({ a: [1, 2] }, { a: [1, 2] })).toBe(true)
    expect(eq.equals({ a: [1, 2] }, { a: [1, 3] })).toBe(false)
    expect(eq.equals({ a: [1, 2] }, { a: [1, [2]] })).toBe(false)
    expect(eq.equals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false)
  })

  it('works with pipe', () => {
    const out = pipe(t, (x) => Functor.map(x, (n) => n + 1), leaves)
    expect(out).toEqual([2, 3, 5, 4])
  })
})
